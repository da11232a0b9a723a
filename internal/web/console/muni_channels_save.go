package console

import (
	"context"
	"net/http"
	"strings"
	"time"

	"loket/internal/municipality"
	"loket/internal/problem"
	"loket/internal/web/staffauth"
)

// saveMuniChannels checks every channel setting at once and saves; refused input comes back with every
// message and everything typed except the secrets. With actie=test-imap it only tries to log in to the
// mailbox as filled in, and saves nothing.
func (h *Handler) saveMuniChannels(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 64<<10) {
		return
	}
	next, clear := muniChannelsFromForm(r)
	data := muniChannelsData{Recipients: r.PostForm.Get("email-recipients"), Templates: r.PostForm.Get("whatsapp-templates")}
	cur := h.deps.Channels.Current()
	if r.PostForm.Get("actie") == "test-imap" {
		h.testMailbox(w, r, next, cur, data)
		return
	}
	err := h.deps.Channels.Save(r.Context(), staffauth.Staff(r).Email, next, clear)
	if problem.KindOf(err) == problem.Invalid {
		data.Errors = map[string]string{}
		for k, msg := range problem.FieldsOf(err) {
			data.Errors[strings.ReplaceAll(k, ".", "-")] = msg
		}
		data.C, data.Set = next.WithoutSecrets(), cur.SecretsSet()
		h.renderMuniChannels(w, r, http.StatusUnprocessableEntity, "", data)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/kanalen?gedaan=kanalen", http.StatusSeeOther)
}

// testMailbox logs in to the mailbox as the form describes it (the saved password when none was typed).
func (h *Handler) testMailbox(w http.ResponseWriter, r *http.Request, next, cur municipality.Channels, data muniChannelsData) {
	data.C, data.Set = next.WithoutSecrets(), cur.SecretsSet()
	mailbox := next.Email
	if mailbox.IMAPPassword == "" {
		mailbox.IMAPPassword = cur.Email.IMAPPassword
	}
	check := municipality.Channels{Email: mailbox}
	if err := check.Validate(); err != nil || mailbox.IMAPAddr == "" {
		data.Test = "Vul eerst de server, de gebruikersnaam en het wachtwoord van de mailbox goed in."
		h.renderMuniChannels(w, r, http.StatusUnprocessableEntity, "", data)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 15*time.Second)
	defer cancel()
	if err := h.deps.CheckIMAP(ctx, mailbox); err != nil {
		h.deps.Log.Info("mailbox test failed", "imap", mailbox.IMAPAddr, "err", err)
		data.Test = "Inloggen op de mailbox lukte niet. Controleer de server, de beveiliging, de gebruikersnaam, het wachtwoord en de mappen. Er is niets opgeslagen."
		h.renderMuniChannels(w, r, http.StatusOK, "", data)
		return
	}
	data.Test, data.TestOK = "Inloggen op de mailbox lukte, en de map is gevonden. Vergeet niet op te slaan.", true
	h.renderMuniChannels(w, r, http.StatusOK, "", data)
}

// muniChannelsFromForm reads the page's fields, and which secrets the administrator asked to remove.
func muniChannelsFromForm(r *http.Request) (municipality.Channels, []string) {
	v := func(name string) string { return strings.TrimSpace(r.PostForm.Get(name)) }
	lines := func(name string) []string {
		var out []string
		for _, l := range strings.FieldsFunc(r.PostForm.Get(name), func(c rune) bool { return c == '\n' || c == ',' || c == '\r' }) {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
		return out
	}
	var c municipality.Channels
	c.Email = municipality.EmailChannel{Recipients: lines("email-recipients"),
		IMAPAddr: v("email-imap_addr"), IMAPUser: v("email-imap_user"), IMAPPassword: r.PostForm.Get("email-imap_password"),
		IMAPMailbox: v("email-imap_mailbox"), IMAPTLS: v("email-imap_tls"), IMAPMoveTo: v("email-imap_move_to"),
		RelayAddr: v("email-relay_addr"), RelayUser: v("email-relay_user"), RelayPassword: r.PostForm.Get("email-relay_password"),
		RelayTLS: v("email-relay_tls")}
	c.WhatsApp = municipality.WhatsAppChannel{PhoneNumberID: v("whatsapp-phone_number_id"), AccessToken: v("whatsapp-access_token"),
		AppSecret: v("whatsapp-app_secret"), VerifyToken: v("whatsapp-verify_token"), Templates: lines("whatsapp-templates")}
	c.Login = municipality.LoginChannel{Issuer: v("login-issuer"), ClientID: v("login-client_id"), ClientSecret: v("login-client_secret"),
		Scopes: v("login-scopes"), Claims: v("login-claims"), Levels: v("login-levels")}
	c.StaffSSO = municipality.StaffSSOChannel{Issuer: v("staff_sso-issuer"), ClientID: v("staff_sso-client_id"),
		ClientSecret: v("staff_sso-client_secret"), Scopes: v("staff_sso-scopes"), GroupsClaim: v("staff_sso-groups_claim"),
		Roles: v("staff_sso-roles"), CreateAccounts: v("staff_sso-create_accounts") == "ja"}
	c.Payment.MollieAPIKey = v("payment-mollie_api_key")
	var clear []string
	for _, name := range r.PostForm["wissen"] {
		clear = append(clear, name)
	}
	return c, clear
}
