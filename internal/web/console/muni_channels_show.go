package console

import (
	"net/http"
	"strings"

	"loket/internal/municipality"
	"loket/internal/web/render"
)

// muniChannelsData is the page Beheer → Kanalen: the channel settings without their secrets.
type muniChannelsData struct {
	C          municipality.Channels // secrets blanked
	Set        map[string]bool       // secrets that have a value: shown as "ingesteld"
	Recipients string                // one address per line, as typed
	Templates  string
	Errors     map[string]string // form field -> message
	CanSeal    bool              // the deployment has a key to keep secrets with
	Test       string            // outcome of the mailbox test
	TestOK     bool
	WebhookURL string // where Meta and Mollie call this municipality
	MollieURL  string
}

const muniChannelsSaved = "De kanalen zijn opgeslagen en doen het meteen: nieuwe e-mail, WhatsApp-berichten, inloggen en betalen gebruiken ze nu."

// showMuniChannels is the administrator's page for the municipality's channels.
func (h *Handler) showMuniChannels(w http.ResponseWriter, r *http.Request) {
	c := h.deps.Channels.Current()
	flash := ""
	if r.URL.Query().Get("gedaan") == "kanalen" {
		flash = muniChannelsSaved
	}
	h.renderMuniChannels(w, r, http.StatusOK, flash, muniChannelsData{C: c.WithoutSecrets(), Set: c.SecretsSet(),
		Recipients: strings.Join(c.Email.Recipients, "\n"), Templates: strings.Join(c.WhatsApp.Templates, "\n")})
}

func (h *Handler) renderMuniChannels(w http.ResponseWriter, r *http.Request, status int, flash string, data muniChannelsData) {
	data.CanSeal = h.deps.Channels.CanSealSecrets()
	data.WebhookURL = h.deps.BaseURL + "/webhooks/whatsapp"
	data.MollieURL = h.deps.BaseURL + "/webhooks/mollie"
	h.render(w, r, status, "staff_channels", render.Page{Title: "Kanalen", Flash: flash, Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Kanalen", URL: ""}}})
}
