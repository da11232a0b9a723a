package app

import (
	"bytes"
	"crypto/subtle"
	"io"
	"net/http"

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

// routeMail finds the municipality an intake address belongs to: the deployment's one SMTP listener
// stores each message in the inbox of the municipality it was sent to, and refuses an address no one has.
func (d *Deployment) routeMail(rcpt string) (email.Mailbox, bool) {
	for _, a := range d.apps() {
		if box, ok := a.ownMailbox(rcpt); ok {
			return box, true
		}
	}
	return email.Mailbox{}, false
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
		for _, a := range d.apps() {
			own := []byte(a.Channels.Current().WhatsApp.VerifyToken)
			if len(own) > 0 && subtle.ConstantTimeCompare(token, own) == 1 {
				a.handler.ServeHTTP(w, r)
				return
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
	var targets []*App
	for _, a := range d.apps() {
		for _, id := range ids {
			if a.Channels.Current().WhatsApp.PhoneNumberID == id {
				targets = append(targets, a)
				break
			}
		}
	}
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
