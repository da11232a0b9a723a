// Package app wires loket's capabilities together: it opens the store, builds the search index, keeps it in
// step with article changes, and runs the web server until the context ends.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"loket/internal/appointment"
	"loket/internal/auth"
	"loket/internal/channel/chat"
	"loket/internal/channel/email"
	"loket/internal/config"
	"loket/internal/contact"
	"loket/internal/identity"
	"loket/internal/insight"
	"loket/internal/kb"
	"loket/internal/municipality"
	"loket/internal/payment"
	"loket/internal/request"
	"loket/internal/search"
	"loket/internal/store"
	"loket/internal/tenant"
	"loket/internal/web"
	"loket/internal/web/searchlog"
	"loket/internal/web/staffauth"
)

// App is a running loket instance.
type App struct {
	cfg       config.Config
	settings  capabilitySettings // the settings whose grammar a capability owns, parsed at open
	log       *slog.Logger
	Store     *store.Store
	Search    *search.Index
	searchLog *searchlog.Logger
	Insight   *insight.Recorder // events from every part of loket, for the insight dashboards
	Chat      *chat.Hub         // live chat connections of this instance
	Contact   *contact.Service  // the contact centre's rules, called by every surface
	Identity  *identity.Service // resident login; nil when no broker is configured
	Payments  *payment.Service  // fees paid online; nil when no provider is configured
	// Municipality is who this loket is for: every page and e-mail reads its settings.
	Municipality *municipality.Service
	// Appointments books, moves and reminds counter appointments (its workers run with the others).
	Appointments *appointment.Service
	Requests     *request.Service // the rules of online requests; tests move its clock with SetClock
	// Channels are the municipality's e-mail, WhatsApp, login and payment settings; a change rebuilds the
	// parts that use them (useChannels).
	Channels     *municipality.ChannelService
	handler      http.Handler             // stable: serves whatever web surfaces are current
	current      atomic.Pointer[surfaces] // rebuilt when the channels change
	tenantID     string                   // "" for the host's own App
	rawCfg       config.Config            // the configuration as given, before settings and channels fill it
	chanMu       sync.Mutex               // one channel change at a time
	closing      bool                     // Close has begun (under chanMu)
	channelMail  *email.Service           // IMAP fetcher and outbox sender of the current channels
	stopWhatsApp context.CancelFunc       // ends the WhatsApp sender of the current channels
	whatsAppDone chan struct{}
	tenantAdmin  *tenant.Service // the host's console of tenants; nil on a tenant's App

	clock           func() time.Time // the store's clock, given to every service and worker
	mail            *email.Service   // SMTP intake (its listener, when this App has one)
	contactSettings contact.Settings
	chanState       sync.Mutex            // guards Identity and Payments while the channels change
	serviceLevels   contact.ServiceLevels // targets and hours the service-level rollup counts with
	sharedListener  bool                  // the deployment follows this App's notifications
	early           *earlyListener        // listening since before the start-up build; taken by the listener
	stopWorkers     context.CancelFunc
	workers         sync.WaitGroup

	// KB is the knowledge-base service; its articles may inherit the host's national texts.
	KB *kb.Service
	// National keeps the national texts; only the host's App (or a single installation's) has one.
	National        *kb.National
	nationalTargets func() []*kb.Service // every knowledge base a national change reaches
}

// Option configures an App at Open.
type Option func(*options)

type options struct {
	clock      func() time.Time
	tenantPoll time.Duration // a deployment's safety-net look at the tenant registry (WithTenantPoll)
}

// WithClock runs the store, the services and the workers on clock instead of time.Now: tests move it
// instead of sleeping.
func WithClock(clock func() time.Time) Option { return func(o *options) { o.clock = clock } }

// Open connects to the database and builds everything a server needs, without listening yet.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger, opts ...Option) (*App, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	st, err := store.Open(ctx, cfg.DB, store.WithClock(o.clock))
	if err != nil {
		return nil, err
	}
	return OpenOn(ctx, cfg, st, log)
}

// OpenOn builds an App on an open store (a tenant's), which it then owns and closes; the App and its
// services run on the store's clock.
func OpenOn(ctx context.Context, cfg config.Config, st *store.Store, log *slog.Logger) (*App, error) {
	return openOn(ctx, cfg, st, log, false, "", nil)
}

// openOn builds the App; with sharedListener its PostgreSQL notifications are followed by the deployment
// over one connection for all tenants, instead of by a connection of its own. tenantID is "" for the
// host's own App; national is the host's store with the national texts, for a tenant; nil for the host
// itself, which keeps them in st.
func openOn(ctx context.Context, cfg config.Config, st *store.Store, log *slog.Logger, sharedListener bool, tenantID string, national *store.Store) (*App, error) {
	settings, err := parseCapabilitySettings(cfg)
	if err != nil {
		st.Close()
		return nil, err
	}
	auth.LimitChecks(cfg.Security.PasswordChecks)
	a := &App{cfg: cfg, settings: settings, log: log, Store: st, sharedListener: sharedListener, tenantID: tenantID, clock: st.Clock()}
	if err := st.DeriveTermFacts(ctx); err != nil { // requests stored before their term facts existed: once, after an upgrade
		st.Close()
		return nil, err
	}
	a.listenEarly(ctx) // before the settings and the search index are read: no catch-up needed after
	if err := a.openMunicipality(ctx); err != nil {
		a.early.close(ctx)
		st.Close()
		return nil, err
	}
	if err := a.openNational(ctx, national); err != nil {
		a.early.close(ctx)
		st.Close()
		return nil, err
	}
	if err := a.openSearch(ctx); err != nil {
		a.early.close(ctx)
		st.Close()
		return nil, err
	}
	a.searchLog = searchlog.New(st, log)
	a.Insight = insight.NewRecorderWithClock(st, log, a.clock)
	a.rawCfg = cfg
	cfg, err = a.openChannels(ctx, mailFromSettings(cfg, a.Municipality.Current()))
	if err != nil {
		a.Close()
		return nil, err
	}
	a.cfg = cfg
	contactSettings := contactSettings(cfg, settings, a.Municipality.Current().Name)
	contactSettings.Mailer.Who = func() contact.Who {
		set := a.Municipality.Current()
		return contact.Who{Name: set.Name, QuestionPrefix: set.QuestionPrefix}
	}
	a.serviceLevels = contactSettings.Levels
	if a.Chat, err = a.openChat(contactSettings); err != nil {
		a.Close()
		return nil, err
	}
	a.Appointments = a.openAppointments(contactSettings)
	a.Contact = a.openContact(contactSettings)
	a.Requests = &request.Service{Store: st, Insight: a.Insight, Now: a.clock, BaseURL: cfg.BaseURL, Municipality: func() request.Sender {
		set := a.Municipality.Current()
		return request.Sender{Name: set.Name, ReferencePrefix: set.RequestPrefix}
	}}
	a.contactSettings = contactSettings
	a.openTenantAdmin()
	srv, err := a.buildWeb(cfg)
	if err != nil {
		a.Close()
		return nil, err
	}
	a.current.Store(&surfaces{srv: srv, h: srv.Handler()})
	a.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { a.current.Load().h.ServeHTTP(w, r) })
	// The SMTP listener lives as long as the App and asks the channels which addresses it accepts; the IMAP
	// fetcher and the outbox sender follow the channels (useChannels).
	listener := cfg
	listener.IMAPAddr, listener.SMTPRelay = "", ""
	if a.mail, err = email.Start(listener, st, a.Contact.Intake, log); err != nil {
		a.Close()
		return nil, err
	}
	a.mail.Route(a.ownMailbox)
	a.startWorkers()
	if err := a.startChannels(cfg); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// buildWeb builds the web surfaces for cfg, with the login, staff sign-in and payment of its channels
// (ident's LoginSettings, made from cfg with the municipality's channels applied).
func (a *App) buildWeb(cfg config.Config) (*web.Server, error) {
	st := a.Store
	settings, err := parseCapabilitySettings(cfg) // the channels' claim, level and role tables
	if err != nil {
		return nil, err
	}
	login := loginSettingsFrom(cfg, settings)
	payments := newPayments(login.Payments, st)
	sso := newStaffSSO(login, st)
	ident, links, err := newIdentity(login, st)
	if err != nil {
		return nil, err
	}
	a.chanState.Lock()
	a.Identity, a.Payments = ident, payments
	a.chanState.Unlock()
	a.Appointments.UsePayments(payments) // appointments: payment at booking
	a.sendPaidRequests(links)
	questions := a.identityQuestions(a.contactSettings)
	return web.New(web.Deps{Store: st, Requests: a.Requests, Search: a.Search, SearchLog: a.searchLog, Insight: a.Insight, Log: a.log, BaseURL: cfg.BaseURL,
		DataDir: cfg.DataDir, Contact: a.contactSettings, Chat: a.Chat, WhatsApp: whatsAppSettings(cfg), Municipality: a.Municipality,
		Appointments: a.Appointments,
		MetricsToken: cfg.Security.MetricsToken, TrustedProxies: cfg.Security.TrustedProxies,
		TokenMaxAge: cfg.Security.TokenMaxAge, DraftRetention: cfg.Security.DraftRetention, ContactService: a.Contact,
		Identity: ident, IdentityLinks: links, IdentityQuestions: questions, Payments: payments, StaffSSO: sso, TOTP: newTOTP(login, st),
		Channels: a.Channels, CheckIMAP: checkIMAP, Tenants: a.tenantAdmin, HostAdminHost: a.cfg.HostAdminHost, KB: a.KB,
		National: a.nationalConsole(), Clock: a.clock})
}

// mailFromSettings fills the mail settings left empty from the municipality's settings: the sender, the
// domain of Message-IDs and the SMTP greeting, and the address the SMTP intake accepts. They are read at
// start; a flag or environment variable wins.
func mailFromSettings(cfg config.Config, set municipality.Settings) config.Config {
	if cfg.MailFrom == "" {
		cfg.MailFrom = set.MailFrom()
	}
	if cfg.SMTPDomain == "" {
		cfg.SMTPDomain = set.MailDomain
	}
	if len(cfg.SMTPRecipients) == 0 && set.Contact.Email != "" {
		cfg.SMTPRecipients = []string{set.Contact.Email}
	}
	return cfg
}

// openMunicipality loads the municipality's settings; at first start a settings file may provide them.
func (a *App) openMunicipality(ctx context.Context) error {
	svc, err := municipality.NewService(ctx, a.Store, a.publishedArticle)
	if err != nil {
		return err
	}
	a.Municipality = svc
	if a.cfg.SettingsFile == "" {
		return nil
	}
	seeded, err := svc.SeedFromFile(ctx, a.cfg.SettingsFile)
	if err != nil {
		return err
	}
	if seeded {
		a.log.Info("municipality settings saved from the settings file", "file", a.cfg.SettingsFile)
	}
	return nil
}

// publishedArticle reports whether id names a published article, for the municipality's top tasks.
func (a *App) publishedArticle(ctx context.Context, id string) bool {
	art, err := a.Store.Article(ctx, id)
	return err == nil && art.Published()
}

func (a *App) openSearch(ctx context.Context) error {
	syn, err := a.loadSynonyms(ctx) // the editors' list, else the file, else the bundled one
	if err != nil {
		return err
	}
	ix, err := search.New(syn)
	if err != nil {
		return err
	}
	a.Search = ix
	// Register for changes before the first build so no change between the two is missed.
	a.Store.OnArticleChanged(a.reindex)
	start := time.Now()
	articles, err := a.Store.ListArticles(ctx, store.ArticleFilter{PublishedOnly: true})
	if err != nil {
		return err
	}
	if err := ix.Rebuild(shareTexts(articles)); err != nil {
		return fmt.Errorf("build search index: %w", err)
	}
	a.log.Info("search index built", "articles", len(articles), "ms", time.Since(start).Milliseconds())
	return nil
}

// reindex brings one article's entry in the search index in line with the store.
func (a *App) reindex(id string) {
	if id == "" { // any article may have changed: reloadSearch has rebuilt the index
		return
	}
	art, err := a.Store.Article(context.Background(), id)
	switch {
	case errors.Is(err, kb.ErrNotFound):
		err = a.Search.Delete(id)
	case err == nil:
		err = a.Search.Upsert(art.Shared())
	}
	if err != nil {
		a.log.Error("update search index", "article", id, "err", err)
	}
}

// startWorkers starts the background work of this instance; Close stops it and waits.
func (a *App) startWorkers() {
	ctx, cancel := context.WithCancel(context.Background())
	a.stopWorkers = cancel
	if a.Store.Dialect() == store.Postgres {
		if !a.sharedListener {
			a.goWorker(func() { a.followOtherInstances(ctx) })
		}
	}
	a.goWorker(func() { a.Chat.Run(ctx) }) // who is still there; chats of people who left are swept
	a.goWorker(func() { a.checkLinks(ctx) })
	a.goWorker(func() { a.sweepIdentity(ctx) })
	a.goWorker(func() { a.sweepPayments(ctx) })
	a.goWorker(func() {
		auth.PruneSessions(ctx, a.cfg.Security.SessionInterval, a.clock, a.Store.DeleteExpiredSessions, a.log)
	})
	a.goWorker(func() { a.remindReviews(ctx) })
	a.goWorker(func() { // drafts and their uploads are kept --draft-retention after their last change
		request.ExpireDrafts(ctx, time.Hour, a.cfg.Security.DraftRetention, a.clock, a.Store, request.Files{Dir: a.cfg.DataDir}, a.log)
	})
	a.goWorker(func() { a.remindWaiting(ctx) }) // contact: reminders and closing after waiting for the resident
	a.startAppointmentWorkers(ctx)
	a.goWorker(func() { // requests: what time alone makes necessary (hersteltermijn over, penalty, lex silencio)
		insight.Every(ctx, time.Hour, a.log, "request sweep", func(ctx context.Context) error {
			_, err := a.Requests.Sweep(ctx)
			return err
		})
	})
	a.goWorker(func() {
		insight.Every(ctx, time.Minute, a.log, "insight rollup", func(ctx context.Context) error {
			_, err := a.Store.RollupInsight(ctx)
			return err
		})
	})
	// Service levels: the page reads this rollup instead of every conversation of 90 days.
	a.goWorker(func() {
		insight.Every(ctx, 5*time.Minute, a.log, "service-level rollup", func(ctx context.Context) error {
			if err := a.serviceLevels.RollupServiceLevels(ctx, a.Store, a.clock()); err != nil {
				return err
			}
			// The monthly report reads its month's figures from this rollup too.
			return a.serviceLevels.RollupRecentServiceLevelMonths(ctx, a.Store, a.clock())
		})
	})
}

// goWorker runs fn in the background until the workers' context ends.
func (a *App) goWorker(fn func()) {
	a.workers.Add(1)
	go func() {
		defer a.workers.Done()
		fn()
	}()
}

// Handler is the HTTP surface, for tests that serve it with httptest.
func (a *App) Handler() http.Handler { return a.handler }

// StaffRoutes lists the staff routes with their roles, for the role-matrix test.
func (a *App) StaffRoutes() []staffauth.RouteAccess { return a.current.Load().srv.StaffRoutes() }

// surfaces are the web server in force with its handler, built once.
type surfaces struct {
	srv *web.Server
	h   http.Handler
}

// SMTPAddr is the address of the SMTP intake, or "" when it is off.
func (a *App) SMTPAddr() string {
	if a.mail == nil {
		return ""
	}
	return a.mail.Addr()
}

// Flush writes the insight events and the searches recorded so far and returns when they are stored, so
// that a test (or a manager's refresh) sees them without waiting for the next batch.
func (a *App) Flush(ctx context.Context) error {
	return errors.Join(a.Insight.Flush(ctx), a.searchLog.Flush(ctx))
}

// Close releases the database and flushes the search log.
func (a *App) Close() error {
	if a.Chat != nil {
		a.Chat.Close() // open chat connections end before the store does
	}
	if a.mail != nil {
		a.mail.Close()
	}
	a.chanMu.Lock()
	a.closing = true // a channel change arriving now starts nothing
	a.stopChannels()
	a.chanMu.Unlock()
	if a.stopWorkers != nil {
		a.stopWorkers()
		a.workers.Wait()
	}
	a.early.close(context.Background()) // still there when start-up failed before the listener took it
	a.early = nil
	if a.searchLog != nil {
		a.searchLog.Close()
	}
	a.Insight.Close()
	return a.Store.Close()
}

// Serve listens on the configured address until ctx ends, then shuts down gracefully.
func (a *App) Serve(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.cfg.Addr, err)
	}
	return a.ServeListener(ctx, ln)
}

// ServeListener serves on an open listener until ctx ends.
func (a *App) ServeListener(ctx context.Context, ln net.Listener) error {
	a.log.Info("loket is listening", "addr", ln.Addr().String(), "url", a.cfg.BaseURL, "db", a.Store.Dialect())
	return serveHTTP(ctx, ln, a.handler, a.log, a.cfg.Security.MetricsAddr)
}

// serveHTTP serves handler on ln until ctx ends, then shuts down gracefully.
func serveHTTP(ctx context.Context, ln net.Listener, handler http.Handler, log *slog.Logger, metricsAddr string) error {
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(ln) }()
	if metricsAddr != "" { // /metrics on its own address, for the monitoring network
		addr := metricsAddr
		metrics := &http.Server{Addr: addr, Handler: web.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second}
		go func() {
			if err := metrics.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- fmt.Errorf("metrics on %s: %w", addr, err)
			}
		}()
		defer metrics.Close()
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}
