package municipality

import (
	"context"
	"strings"
	"testing"

	"loket/internal/problem"
)

// memChannels keeps channel settings in memory, with the audit details it was given.
type memChannels struct {
	body   []byte
	audits []string
}

func (m *memChannels) MunicipalityChannels(context.Context) ([]byte, error) {
	if m.body == nil {
		return nil, problem.ErrNotFound
	}
	return m.body, nil
}

func (m *memChannels) SaveMunicipalityChannels(_ context.Context, body []byte, _, detail string) error {
	m.body = append([]byte(nil), body...)
	m.audits = append(m.audits, detail)
	return nil
}

const key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="

// TestChannelSecretsAreSealedKeptAndBound saves a mailbox and a WhatsApp number with secrets and checks:
// the stored body holds no secret in the clear, a second save with empty secret fields keeps them, the
// audit names the secret that changed but not its value, and the same body does not open as another
// tenant's (a sealed secret copied between tenants is useless).
func TestChannelSecretsAreSealedKeptAndBound(t *testing.T) {
	ctx := context.Background()
	st := &memChannels{}
	svc, err := NewChannelService(ctx, ChannelOptions{Store: st, Key: key, Tenant: "gemeente-a"})
	if err != nil {
		t.Fatal(err)
	}
	c := Channels{Email: EmailChannel{Recipients: []string{"Info@Gemeente-A.nl"}, IMAPAddr: "imap.gemeente-a.nl:993",
		IMAPUser: "loket", IMAPPassword: "wachtwoord-1"},
		WhatsApp: WhatsAppChannel{PhoneNumberID: "1065403522", AccessToken: "EAAG-token", AppSecret: "app-geheim"}}
	if err := svc.Save(ctx, "beheer@a", c, nil); err != nil {
		t.Fatal(err)
	}
	for _, plain := range []string{"wachtwoord-1", "EAAG-token", "app-geheim"} {
		if strings.Contains(string(st.body), plain) {
			t.Errorf("stored body holds %q in the clear", plain)
		}
	}
	if got := svc.Current().Email.Recipients; len(got) != 1 || got[0] != "info@gemeente-a.nl" {
		t.Errorf("recipients %v, want the address in lower case", got)
	}
	// The console sends the form without secrets: they are kept; a new password replaces the old one.
	c2 := svc.Current().WithoutSecrets()
	c2.Email.IMAPPassword = "wachtwoord-2"
	if err := svc.Save(ctx, "beheer@a", c2, []string{SecretWhatsAppToken}); err == nil {
		t.Error("removing the access token of a WhatsApp number was accepted")
	}
	if err := svc.Save(ctx, "beheer@a", c2, nil); err != nil {
		t.Fatal(err)
	}
	cur := svc.Current()
	if cur.Email.IMAPPassword != "wachtwoord-2" || cur.WhatsApp.AppSecret != "app-geheim" || cur.WhatsApp.AccessToken != "EAAG-token" {
		t.Errorf("after a save without secrets: %+v", cur)
	}
	last := st.audits[len(st.audits)-1]
	if last != "gewijzigd: email.imap_password (geheim)" {
		t.Errorf("audit %q, want only the changed secret named", last)
	}
	// Reloaded from the store it opens; as another tenant's it does not.
	again, err := NewChannelService(ctx, ChannelOptions{Store: st, Key: key, Tenant: "gemeente-a"})
	if err != nil || again.Current().WhatsApp.AppSecret != "app-geheim" {
		t.Fatalf("reload: %v", err)
	}
	if _, err := NewChannelService(ctx, ChannelOptions{Store: st, Key: key, Tenant: "gemeente-b"}); err == nil {
		t.Error("tenant B opened tenant A's sealed secrets")
	}
}

// TestChannelValidationNamesEveryProblem sends a form with seven mistakes and expects all seven fields.
func TestChannelValidationNamesEveryProblem(t *testing.T) {
	c := Channels{
		Email:    EmailChannel{Recipients: []string{"geen adres", "info@a.nl", "INFO@a.nl"}, IMAPAddr: "imap.a.nl", IMAPTLS: "off"},
		WhatsApp: WhatsAppChannel{PhoneNumberID: "12ab"},
		Login:    LoginChannel{Issuer: "http://login.example"},
		Payment:  PaymentChannel{MollieAPIKey: "sk_123"},
	}
	fields := problem.FieldsOf(c.Validate())
	for _, f := range []string{"email.recipients", "email.imap_addr", "email.imap_user", "email.imap_password",
		"whatsapp.phone_number_id", "whatsapp.access_token", "login.issuer", "login.client_id", "payment.mollie_api_key"} {
		if fields[f] == "" {
			t.Errorf("no message for %s (got %v)", f, fields)
		}
	}
	dup := Channels{Email: EmailChannel{Recipients: []string{"info@a.nl", "INFO@a.nl"}}}
	if msg := problem.FieldsOf(dup.Validate())["email.recipients"]; !strings.Contains(msg, "twee keer") {
		t.Errorf("the same address in two cases is not named as a duplicate: %q", msg)
	}
}

// TestNoSecretWithoutAHostKey: a deployment without a key stores addresses but refuses a secret.
func TestNoSecretWithoutAHostKey(t *testing.T) {
	ctx := context.Background()
	svc, err := NewChannelService(ctx, ChannelOptions{Store: &memChannels{}})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Save(ctx, "x", Channels{Email: EmailChannel{Recipients: []string{"info@a.nl"}}}, nil); err != nil {
		t.Errorf("addresses without a key: %v", err)
	}
	err = svc.Save(ctx, "x", Channels{Payment: PaymentChannel{MollieAPIKey: "test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM"}}, nil)
	if problem.FieldsOf(err)[SecretMollie] == "" {
		t.Errorf("a secret without a key: %v", err)
	}
}
