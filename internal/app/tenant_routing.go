package app

import (
	"bytes"
	"crypto/subtle"
	"io"
	"net/http"
	"slices"
	"strings"

	"loket/internal/channel/email"
	"loket/internal/channel/whatsapp"
	"loket/internal/municipality"
)

// apps is every App of the deployment: the host's first, then the tenants'.
func (d *Deployment) apps() []*App {
	d.mu.RLock()
	defer d.mu.RUnlock()
	list := make([]*App, 0, len(d.tenants)+1)
	list = append(list, d.host)
	for _, a := range d.tenants {
		list = append(list, a)
	}
	return list
}

// channelRoutes are the deployment's channel addresses, by what incoming mail and webhooks are routed by.
// They are rebuilt when a municipality's channels change or the tenants do, so routing a message is a map
// lookup however many municipalities share the deployment.
type channelRoutes struct {
	recipients map[string]*App // intake address -> municipality
	phones     map[string]*App // WhatsApp phone number id -> municipality
	verify     []verifyRoute   // WhatsApp verify tokens
}

type verifyRoute struct {
	token []byte
	app   *App
}

// reroute rebuilds the channel routes from every municipality's channels in force.
func (d *Deployment) reroute() {
	r := &channelRoutes{recipients: map[string]*App{}, phones: map[string]*App{}}
	for _, a := range d.apps() {
		c := a.Channels.Current()
		for _, rcpt := range c.Email.Recipients {
			if _, taken := r.recipients[rcpt]; !taken { // claimed once (Taken); the host's own comes first
				r.recipients[rcpt] = a
			}
		}
		if id := c.WhatsApp.PhoneNumberID; id != "" {
			if _, taken := r.phones[id]; !taken {
				r.phones[id] = a
			}
		}
		if tok := c.WhatsApp.VerifyToken; tok != "" {
			r.verify = append(r.verify, verifyRoute{token: []byte(tok), app: a})
		}
	}
	d.routes.Store(r)
}

// followChannels keeps the routes in step with a's channels.
func (d *Deployment) followChannels(a *App) {
	a.Channels.SetTaken(d.takenBesides(a))
	a.Channels.OnChange(func(municipality.Channels) { d.reroute() })
}

// routeMail finds the municipality an intake address belongs to: the deployment's one SMTP listener
// stores each message in the inbox of the municipality it was sent to, and refuses an address no one has.
func (d *Deployment) routeMail(rcpt string) (email.Mailbox, bool) {
	r := d.routes.Load()
	if r == nil {
		return email.Mailbox{}, false
	}
	a := r.recipients[strings.ToLower(rcpt)]
	if a == nil {
		return email.Mailbox{}, false
	}
	return email.Mailbox{Key: a.tenantID, Deliver: a.mail.Deliver}, true
}

// takenBesides is the check that an intake address or WhatsApp number is not used by a municipality of
// the deployment other than self; it answers with that municipality's name.
func (d *Deployment) takenBesides(self *App) municipality.Taken {
	return func(kind, value string) string {
		for _, a := range d.apps() {
			if a == self {
				continue
			}
			c := a.Channels.Current()
			if kind == municipality.ClaimRecipient && c.HasRecipient(value) ||
				kind == municipality.ClaimWhatsApp && c.WhatsApp.PhoneNumberID == value {
				return a.Municipality.Current().Name
			}
		}
		return ""
	}
}

// routeWhatsApp hands a WhatsApp webhook call to the municipality whose business number it is for:
// Meta calls one URL for every number. The subscription check goes to the municipality whose verify
// token it carries. The municipality reached checks the signature with its own app secret and stores only
// its own number's messages, so routing decides nothing a forged call could use.
func (d *Deployment) routeWhatsApp(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet {
		token := []byte(r.URL.Query().Get("hub.verify_token"))
		if routes := d.routes.Load(); routes != nil {
			for _, v := range routes.verify {
				if subtle.ConstantTimeCompare(token, v.token) == 1 {
					v.app.handler.ServeHTTP(w, r)
					return
				}
			}
		}
		d.host.handler.ServeHTTP(w, r)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, whatsapp.MaxPayloadBytes))
	if err != nil {
		http.Error(w, "payload too large", http.StatusRequestEntityTooLarge)
		return
	}
	ids, _ := whatsapp.PhoneNumberIDs(body) // a body that does not parse is refused by whoever gets it
	targets := d.whatsAppTargets(ids)
	if len(targets) == 0 {
		targets = []*App{d.host}
	}
	if len(targets) == 1 {
		r.Body = io.NopCloser(bytes.NewReader(body))
		targets[0].handler.ServeHTTP(w, r)
		return
	}
	// One payload for numbers of several municipalities (one Meta app): each stores its own part; Meta
	// retries the whole call unless every one of them committed.
	worst := http.StatusOK
	for _, a := range targets {
		st := &statusOnly{header: http.Header{}, code: http.StatusOK}
		rr := r.Clone(r.Context())
		rr.Body = io.NopCloser(bytes.NewReader(body))
		a.handler.ServeHTTP(st, rr)
		worst = max(worst, st.code)
	}
	w.WriteHeader(worst)
}

// statusOnly keeps the status of an answer and drops its body: one municipality's part of a webhook call.
type statusOnly struct {
	header http.Header
	code   int
	wrote  bool
}

func (s *statusOnly) Header() http.Header { return s.header }

func (s *statusOnly) Write(b []byte) (int, error) {
	s.wrote = true
	return len(b), nil
}

func (s *statusOnly) WriteHeader(code int) {
	if !s.wrote {
		s.code, s.wrote = code, true
	}
}

// whatsAppTargets are the municipalities whose business numbers are among ids, each once.
func (d *Deployment) whatsAppTargets(ids []string) []*App {
	r := d.routes.Load()
	if r == nil {
		return nil
	}
	var targets []*App
	for _, id := range ids {
		if a := r.phones[id]; a != nil && !slices.Contains(targets, a) {
			targets = append(targets, a)
		}
	}
	return targets
}
