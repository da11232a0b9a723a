package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"loket/internal/config"
	"loket/internal/store"
	"loket/internal/tenant"
)

// Deployment is one loket process serving one municipality or many (tenants). The host's own App runs on
// the configured database and answers every host name while no tenant is registered, so a single
// municipality needs no set-up; once tenants exist, each host name reaches its tenant's own App (own
// database, search index, inbox, staff and workers) and an unknown host name gets a neutral 404 page.
type Deployment struct {
	cfg  config.Config
	log  *slog.Logger
	host *App // the host's own site and database, which also keeps the registry

	mu      sync.RWMutex
	tenants map[string]*App // by tenant id
	byHost  map[string]*App // by normalized host name
	routes  atomic.Pointer[channelRoutes]
	off     map[string]bool // host names of tenants a host administrator switched off

	syncMu  sync.Mutex // one look at the registry at a time
	stop    context.CancelFunc
	workers sync.WaitGroup
}

// tenantPollInterval is how often the registry is read again as a safety net. On PostgreSQL a tenant that
// is added or changed is announced at once (store.TenantsChannel), so the poll only catches what a lost
// connection missed; SQLite has no notifications, and a `loket tenant add` from another process is seen
// by the poll, which there is a read of a local file.
const (
	tenantPollPostgres = 30 * time.Second
	tenantPollSQLite   = 250 * time.Millisecond
)

// WithTenantPoll reads the tenant registry every interval instead of the default (a test shows that a
// new tenant arrives by its notification, not by the poll).
func WithTenantPoll(interval time.Duration) Option {
	return func(o *options) { o.tenantPoll = interval }
}

// OpenDeployment opens the host's App and every registered tenant's, and follows the registry.
func OpenDeployment(ctx context.Context, cfg config.Config, log *slog.Logger, opts ...Option) (*Deployment, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	host, err := Open(ctx, cfg, log, opts...)
	if err != nil {
		return nil, err
	}
	d := &Deployment{cfg: cfg, log: log, host: host, tenants: map[string]*App{}, byHost: map[string]*App{}}
	d.followChannels(host)
	d.reroute()
	host.mail.Route(d.routeMail) // the one SMTP listener takes every municipality's addresses
	if host.tenantAdmin != nil {
		host.tenantAdmin.Prefixes = d.prefixes
		host.tenantAdmin.Changed = d.registryChanged // this instance serves a change at once, any database
	}
	host.nationalTargets = d.knowledgeBases // national content: a national change reaches every tenant
	list, err := host.Store.Tenants(ctx)
	if err != nil {
		d.Close()
		return nil, err
	}
	postgres := host.Store.Dialect() == store.Postgres
	var early *earlyListener
	if postgres { // listening before the tenants are opened: no catch-up (a second build of every index) after
		early = listenEarly(ctx, cfg.DB, d.channelsOf(list), log)
	}
	if err := d.syncTenantList(ctx, list, true); err != nil {
		early.close(ctx)
		d.Close()
		return nil, err
	}
	wctx, cancel := context.WithCancel(context.Background())
	d.stop = cancel
	poll := o.tenantPoll
	if poll <= 0 {
		poll = tenantPollSQLite
		if postgres {
			poll = tenantPollPostgres
		}
	}
	d.goWorker(func() { d.followRegistry(wctx, poll) })
	if postgres {
		// The registry and the tenants present at start share one LISTEN connection; a tenant added later
		// follows its own until the next start.
		subs := []subscription{d.registrySubscription()}
		for _, a := range d.tenants {
			subs = append(subs, a.subscriptions()...)
		}
		d.goWorker(func() { follow(wctx, cfg.DB, subs, log, d.goWorker, early) })
	}
	return d, nil
}

// channelsOf are the notification channels of the registry and of the tenants in list that are switched
// on, as the shared listener follows them.
func (d *Deployment) channelsOf(list []tenant.Tenant) []string {
	channels := []string{d.host.Store.Channel(store.TenantsChannel)}
	for _, t := range list {
		if t.Disabled {
			continue
		}
		for _, ch := range followedChannels {
			channels = append(channels, store.TenantChannel(ch, t.ID))
		}
	}
	return channels
}

// registrySubscription follows the tenant registry: a tenant added, changed or switched on or off through
// any instance is announced, and this instance opens, remaps or closes it at once.
func (d *Deployment) registrySubscription() subscription {
	return subscription{
		channel: d.host.Store.Channel(store.TenantsChannel),
		resync:  func(ctx context.Context) error { return d.syncTenants(ctx, false) },
		notice:  func(ctx context.Context, _ string) { d.registryChanged(ctx) },
	}
}

// registryChanged serves the registry as it is now; an error is logged, and the poll tries again.
func (d *Deployment) registryChanged(ctx context.Context) {
	if err := d.syncTenants(context.WithoutCancel(ctx), false); err != nil && ctx.Err() == nil {
		d.log.Error("follow the tenant registry", "err", err)
	}
}

func (d *Deployment) goWorker(fn func()) {
	d.workers.Add(1)
	go func() {
		defer d.workers.Done()
		fn()
	}()
}

// Host is the host's own App (the single municipality of an installation without tenants).
func (d *Deployment) Host() *App { return d.host }

// Tenant is the App of tenant id, or nil.
func (d *Deployment) Tenant(id string) *App {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.tenants[id]
}

func (d *Deployment) followRegistry(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := d.syncTenants(ctx, false); err != nil && ctx.Err() == nil {
				d.log.Error("follow the tenant registry", "err", err)
			}
		}
	}
}

// syncTenants reads the registry and serves it: see syncTenantList.
func (d *Deployment) syncTenants(ctx context.Context, atStart bool) error {
	d.syncMu.Lock() // the poll, a notification and this instance's own change may come at once
	defer d.syncMu.Unlock()
	list, err := d.host.Store.Tenants(ctx)
	if err != nil {
		return err
	}
	return d.syncTenantList(ctx, list, atStart)
}

// syncTenantList opens the Apps of tenants in list not open yet, closes those switched off, and maps their
// host names. Apps are opened in parallel, as many at once as there are cores (opening one is mostly
// building its search index), so that a host with hundreds of tenants starts quickly. At start the new
// Apps leave their notifications to the deployment's shared listener.
func (d *Deployment) syncTenantList(ctx context.Context, list []tenant.Tenant, atStart bool) error {
	var missing []tenant.Tenant
	var closing []*App
	d.mu.Lock()
	for _, t := range list {
		switch a := d.tenants[t.ID]; {
		case t.Disabled && a != nil: // switched off: its workers stop too
			closing = append(closing, a)
			delete(d.tenants, t.ID)
		case !t.Disabled && a == nil:
			missing = append(missing, t)
		}
	}
	d.mu.Unlock()
	// Switched off: closed once its host names lead to the neutral page, not before. The channel routes
	// follow whoever came or went (after the lock is released: reroute reads the tenants).
	defer func() {
		if len(closing) > 0 || len(missing) > 0 {
			d.reroute()
		}
		for _, a := range closing {
			if err := a.Close(); err != nil {
				d.log.Error("close a tenant that was switched off", "err", err)
			}
		}
	}()
	opened := make([]*App, len(missing))
	errs := make([]error, len(missing))
	sem := make(chan struct{}, openersAtOnce())
	var wg sync.WaitGroup
	for i, t := range missing {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			opened[i], errs[i] = d.openTenant(ctx, t, atStart)
		})
	}
	wg.Wait()
	d.mu.Lock()
	defer d.mu.Unlock()
	for i, a := range opened {
		if a != nil {
			d.followChannels(a)
			d.tenants[missing[i].ID] = a
		}
	}
	byHost, off := map[string]*App{}, map[string]bool{}
	for _, t := range list {
		for _, h := range t.Hosts {
			if t.Disabled {
				off[h] = true
			} else if a := d.tenants[t.ID]; a != nil {
				byHost[h] = a
			}
		}
	}
	d.byHost, d.off = byHost, off
	return errors.Join(errs...)
}

// openersAtOnce is how many tenants are opened at once: one per core the process may use.
func openersAtOnce() int { return max(1, runtime.GOMAXPROCS(0)) }

func (d *Deployment) openTenant(ctx context.Context, t tenant.Tenant, sharedListener bool) (*App, error) {
	st, err := store.OpenTenant(ctx, d.cfg.DB, t.ID, store.WithClock(d.host.clock)) // one clock for all tenants
	if err != nil {
		return nil, err
	}
	a, err := openOn(ctx, tenantConfig(d.cfg, t), st, d.log.With("tenant", t.ID), sharedListener, t.ID, d.host.Store)
	if err != nil {
		return nil, fmt.Errorf("tenant %s: %w", t.ID, err)
	}
	return a, nil
}

// tenantConfig is the host's configuration for one tenant: its own base URL (scheme and port of the host's),
// its own folder for uploads, and no channels of the host's (SMTP, IMAP and WhatsApp settings are per
// municipality and are not shared).
func tenantConfig(cfg config.Config, t tenant.Tenant) config.Config {
	c := cfg
	c.DataDir = filepath.Join(cfg.DataDir, "tenants", t.ID)
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || u.Scheme == "" {
		u = &url.URL{Scheme: "http"}
	}
	host := t.Hosts[0]
	if port := u.Port(); port != "" {
		host = net.JoinHostPort(host, port)
	}
	c.BaseURL = u.Scheme + "://" + host
	c.SMTPAddr, c.IMAPAddr, c.WhatsAppAppSecret, c.WhatsAppToken = "", "", "", ""
	// Its sender and intake addresses are its own (its settings and channels), never the host's.
	c.MailFrom, c.SMTPDomain, c.SMTPRecipients = "", "", nil
	// Login brokers, staff SSO and the payment account are per municipality too: a tenant must not log in
	// through the host's broker client or take fees into the host's Mollie account.
	c.IdentityIssuer, c.StaffSSOIssuer, c.MollieAPIKey, c.StaffLocalPasswords = "", "", "", true
	c.SettingsFile = ""
	return c
}

// ServeHTTP sends each request to the App of its host name.
func (d *Deployment) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d.mu.RLock()
	host := normalizedHost(r.Host)
	multi := len(d.tenants) > 0 || len(d.off) > 0
	a, off := d.byHost[host], d.off[host]
	d.mu.RUnlock()
	admin := d.cfg.HostAdminHost != "" && host == normalizedHost(d.cfg.HostAdminHost)
	switch {
	case isHostConsole(r.URL.Path) && !admin: // the host's console of tenants only on its own host name
		unknownHost(w)
	case admin:
		d.host.handler.ServeHTTP(w, r)
	case off:
		switchedOff(w)
	case multi && r.URL.Path == "/webhooks/whatsapp":
		d.routeWhatsApp(w, r) // by the business number in the payload, whatever the host name
	case a != nil:
		a.handler.ServeHTTP(w, r)
	case !multi || d.isHostSite(r.Host) || isOperations(r.URL.Path):
		d.host.handler.ServeHTTP(w, r)
	default:
		unknownHost(w)
	}
}

func normalizedHost(h string) string {
	n, _ := tenant.NormalizeHost(h)
	return n
}

// isHostSite reports whether h is the host's own site (the host name of its base URL).
func (d *Deployment) isHostSite(h string) bool {
	u, err := url.Parse(d.cfg.BaseURL)
	return err == nil && normalizedHost(u.Host) == normalizedHost(h)
}

// isOperations is /healthz, /readyz and /metrics, which answer on any host name.
func isOperations(path string) bool {
	return path == "/healthz" || path == "/readyz" || path == "/metrics"
}

// isHostConsole is the host's console of tenants.
func isHostConsole(path string) bool {
	return path == "/beheer/gemeenten" || strings.HasPrefix(path, "/beheer/gemeenten/")
}

// switchedOff is the page of a tenant a host administrator switched off: neutral, like unknownHost.
func switchedOff(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Retry-After", "3600")
	w.WriteHeader(http.StatusServiceUnavailable)
	w.Write([]byte(`<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
		`<title>Website niet beschikbaar</title></head><body><main><h1>Deze website is nu niet beschikbaar</h1>` +
		`<p>De website van deze gemeente staat op dit moment uit. Probeer het later opnieuw, of neem telefonisch contact op met uw gemeente.</p>` +
		`</main></body></html>`))
}

// prefixes are the reference prefixes in use by the municipalities of the deployment, with their names.
func (d *Deployment) prefixes(context.Context) (map[string]string, error) {
	used := map[string]string{}
	for _, a := range d.apps() {
		set := a.Municipality.Current()
		used[set.QuestionPrefix], used[set.RequestPrefix] = set.Name, set.Name
	}
	return used, nil
}

// unknownHost is the page for a host name no municipality here answers: neutral, so that it never shows
// another municipality's site.
func unknownHost(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNotFound)
	w.Write([]byte(`<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
		`<title>Website niet gevonden</title></head><body><main><h1>Deze website bestaat hier niet</h1>` +
		`<p>Op dit adres staat geen website van een gemeente. Controleer het adres, of zoek de website van uw gemeente via een zoekmachine.</p>` +
		`</main></body></html>`))
}

// Serve listens on the configured address until ctx ends.
func (d *Deployment) Serve(ctx context.Context) error {
	ln, err := net.Listen("tcp", d.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", d.cfg.Addr, err)
	}
	return d.ServeListener(ctx, ln)
}

// ServeListener serves every tenant on an open listener until ctx ends.
func (d *Deployment) ServeListener(ctx context.Context, ln net.Listener) error {
	d.mu.RLock()
	n := len(d.tenants)
	d.mu.RUnlock()
	d.log.Info("loket is listening", "addr", ln.Addr().String(), "url", d.cfg.BaseURL, "db", d.host.Store.Dialect(), "tenants", n)
	return serveHTTP(ctx, ln, d, d.log, d.cfg.Security.MetricsAddr)
}

// Close stops following the registry and closes every App.
func (d *Deployment) Close() error {
	if d.stop != nil {
		d.stop()
	}
	d.workers.Wait()
	d.mu.Lock()
	defer d.mu.Unlock()
	var errs []error
	for _, a := range d.tenants {
		errs = append(errs, a.Close())
	}
	errs = append(errs, d.host.Close())
	return errors.Join(errs...)
}
