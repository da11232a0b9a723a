package app_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/channel/email/mailtest"
	"loket/internal/channel/whatsapp"
	"loket/internal/config"
	"loket/internal/municipality"
	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/store/storetest"
	"loket/internal/tenant"
)

// testHostKey is the host's key that seals the channel secrets (32 bytes, base64).
const testHostKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="

// waTo is a Meta-format webhook body with one text message to the business number phoneID.
func waTo(phoneID, wamid, from, text string) string {
	return fmt.Sprintf(`{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{
"messaging_product":"whatsapp","metadata":{"display_phone_number":"31201234567","phone_number_id":"%s"},
"contacts":[{"profile":{"name":"Inwoner"},"wa_id":"%s"}],
"messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}]},"field":"messages"}]}]}`,
		phoneID, from, from, wamid, time.Now().Unix(), text)
}

// tenantWithChannels is a tenant with its administrator and the relay its mail leaves through.
type tenantWithChannels struct {
	app   *app.App
	host  string
	token string
	relay *mailtest.Relay
}

// signIn signs in as email on host and returns the cookie jar of the session.
func (dp *deployment) signIn(t *testing.T, a *app.App, host, email string) http.CookieJar {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	form := url.Values{"email": {email}, "wachtwoord": {setPassword(t, a, email)}}.Encode()
	if code, _ := dp.on(t, host, "POST", "/beheer/inloggen", "", form, jar); code != http.StatusSeeOther {
		t.Fatalf("sign in on %s: %d", host, code)
	}
	return jar
}

// TestTenantChannelsRouteToTheirMunicipality gives two municipalities on one deployment their own intake
// addresses, relay and WhatsApp number, A's set by its administrator at Beheer → Kanalen, and checks on
// SQLite and PostgreSQL: the one SMTP listener stores each message in the inbox of the address it was sent
// to and refuses unknown addresses; each confirmation leaves through its own municipality's relay with its
// own sender; a WhatsApp webhook reaches the municipality of its phone number id only with that
// municipality's signature; an address or number of one cannot be claimed by the other; the page never
// shows a secret back and the database keeps them sealed.
func TestTenantChannelsRouteToTheirMunicipality(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ *store.Store) {
		dialect := store.SQLite
		if strings.HasSuffix(t.Name(), "postgres") {
			dialect = store.Postgres
		}
		dp := startDeployment(t, dialect, func(c *config.Config) {
			c.SMTPAddr, c.IdentityKey = "127.0.0.1:0", testHostKey
		})
		ctx := context.Background()
		tenants := map[string]*tenantWithChannels{}
		for _, x := range []string{"a", "b"} {
			host := "gemeente-" + x + ".example"
			a := dp.addTenant(t, "gemeente-"+x, "Gemeente "+strings.ToUpper(x), host)
			set := a.Municipality.Current()
			set.Name, set.MailFromName, set.MailDomain = "Gemeente "+strings.ToUpper(x), "Gemeente "+strings.ToUpper(x), host
			if err := a.Municipality.Save(ctx, "test", set); err != nil {
				t.Fatal(err)
			}
			addStaff(t, a, "beheer@"+host, auth.RoleAdmin) // signs in; a new password ends its tokens
			_, token := addStaff(t, a, "api@"+host, auth.RoleAdmin)
			tenants[x] = &tenantWithChannels{app: a, host: host, token: token, relay: mailtest.StartRelay(t)}
		}
		A, B := tenants["a"], tenants["b"]

		// A's administrator sets A's channels in the console.
		jar := dp.signIn(t, A.app, A.host, "beheer@"+A.host)
		form := url.Values{"email-recipients": {"Info@Gemeente-A.example\nvragen@gemeente-a.example"},
			"email-relay_addr": {A.relay.Addr}, "email-relay_tls": {"off"},
			"whatsapp-phone_number_id": {"1111111"}, "whatsapp-access_token": {"token-van-a"},
			"whatsapp-app_secret": {"geheim-van-a"}, "whatsapp-verify_token": {"controle-a"}}
		if code, body := dp.on(t, A.host, "POST", "/beheer/kanalen", "", form.Encode(), jar); code != http.StatusSeeOther {
			t.Fatalf("A saves its channels: %d %s", code, body)
		}
		code, page := dp.on(t, A.host, "GET", "/beheer/kanalen", "", "", jar)
		if code != http.StatusOK || !strings.Contains(page, "Ingesteld.") || !strings.Contains(page, "info@gemeente-a.example") {
			t.Fatalf("A's channel page: %d", code)
		}
		for _, secret := range []string{"token-van-a", "geheim-van-a", "controle-a"} {
			if strings.Contains(page, secret) {
				t.Errorf("the channel page shows the secret %q", secret)
			}
		}
		body, err := A.app.Store.MunicipalityChannels(ctx)
		if err != nil || strings.Contains(string(body), "geheim-van-a") || !strings.Contains(string(body), "sealed:v1:") {
			t.Errorf("A's secrets are not sealed in its database: %v %s", err, body)
		}
		// B's are set through the same service; A's address and number are refused, nothing changed.
		err = B.app.Channels.Save(ctx, "beheer@"+B.host, municipality.Channels{
			Email:    municipality.EmailChannel{Recipients: []string{"info@gemeente-a.example"}, RelayAddr: B.relay.Addr, RelayTLS: "off"},
			WhatsApp: municipality.WhatsAppChannel{PhoneNumberID: "1111111", AccessToken: "token-van-b", AppSecret: "geheim-van-b"}}, nil)
		fields := problem.FieldsOf(err)
		if !strings.Contains(fields["email.recipients"], "Gemeente A") || !strings.Contains(fields["whatsapp.phone_number_id"], "Gemeente A") || B.app.Channels.Saved() {
			t.Fatalf("B claims A's address and number: %v", err)
		}
		if err := B.app.Channels.Save(ctx, "beheer@"+B.host, municipality.Channels{
			Email:    municipality.EmailChannel{Recipients: []string{"info@gemeente-b.example"}, RelayAddr: B.relay.Addr, RelayTLS: "off"},
			WhatsApp: municipality.WhatsAppChannel{PhoneNumberID: "2222222", AccessToken: "token-van-b", AppSecret: "geheim-van-b"}}, nil); err != nil {
			t.Fatal(err)
		}

		// Mail through the deployment's one SMTP listener.
		smtpAddr := dp.D.Host().SMTPAddr()
		send := func(to, from, subject string) error {
			raw := "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject + "@bewoner.example>\r\n" +
				"Content-Type: text/plain; charset=utf-8\r\n\r\nGraag een antwoord over " + subject + ".\r\n"
			return mailtest.Send(smtpAddr, from, []string{to}, []byte(raw))
		}
		if err := send("info@gemeente-a.example", "anna@bewoner.example", "afval-a"); err != nil {
			t.Fatalf("mail to A: %v", err)
		}
		if err := send("info@gemeente-b.example", "bert@bewoner.example", "afval-b"); err != nil {
			t.Fatalf("mail to B: %v", err)
		}
		if err := send("info@gemeente-c.example", "carla@bewoner.example", "afval-c"); err == nil || !strings.Contains(err.Error(), "550") {
			t.Errorf("mail to an address no municipality has: %v, want 550", err)
		}
		inbox := func(x *tenantWithChannels) string {
			_, body := dp.on(t, x.host, "GET", "/api/v1/conversations", x.token, "", nil)
			return body
		}
		if a, b := inbox(A), inbox(B); !strings.Contains(a, "afval-a") || strings.Contains(a, "afval-b") || !strings.Contains(b, "afval-b") || strings.Contains(b, "afval-a") {
			t.Errorf("inboxes after mail: A %q, B %q", a, b)
		}
		// Each confirmation leaves through its municipality's own relay, from its own sender.
		mA := A.relay.WaitFor(t, 20*time.Second, func(m mailtest.Message) bool { return strings.Contains(strings.Join(m.To, ","), "anna@") })
		mB := B.relay.WaitFor(t, 20*time.Second, func(m mailtest.Message) bool { return strings.Contains(strings.Join(m.To, ","), "bert@") })
		if !strings.Contains(string(mA.Raw), "gemeente-a.example") || strings.Contains(string(mA.Raw), "gemeente-b.example") {
			t.Errorf("A's confirmation is not from A: %s", mA.Raw)
		}
		if !strings.Contains(string(mB.Raw), "gemeente-b.example") || strings.Contains(string(mB.Raw), "Gemeente A") {
			t.Errorf("B's confirmation is not from B: %s", mB.Raw)
		}
		for _, m := range A.relay.Messages() {
			if strings.Contains(strings.Join(m.To, ","), "bert@") {
				t.Error("B's mail left through A's relay")
			}
		}

		// WhatsApp: Meta calls one URL; the phone number id decides, the signature must be that municipality's.
		hook := func(body, secret string) int {
			req, _ := http.NewRequest(http.MethodPost, dp.URL+"/webhooks/whatsapp", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Hub-Signature-256", whatsapp.Sign(secret, []byte(body)))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		if code := hook(waTo("1111111", "wamid.A1", "31611111111", "paspoort-via-whatsapp-a"), "geheim-van-b"); code != http.StatusUnauthorized {
			t.Errorf("A's number signed with B's secret: %d, want 401", code)
		}
		if code := hook(waTo("1111111", "wamid.A2", "31611111111", "paspoort-via-whatsapp-a"), "geheim-van-a"); code != http.StatusOK {
			t.Errorf("A's number signed with A's secret: %d", code)
		}
		if code := hook(waTo("2222222", "wamid.B1", "31622222222", "rijbewijs-via-whatsapp-b"), "geheim-van-b"); code != http.StatusOK {
			t.Errorf("B's number signed with B's secret: %d", code)
		}
		if a, b := inbox(A), inbox(B); !strings.Contains(a, "paspoort-via-whatsapp-a") || strings.Contains(a, "rijbewijs") || !strings.Contains(b, "rijbewijs-via-whatsapp-b") || strings.Contains(b, "paspoort") {
			t.Errorf("inboxes after WhatsApp: A %q, B %q", a, b)
		}
		// The subscription check is answered by the municipality whose verify token it carries.
		code, challenge := dp.on(t, "127.0.0.1", "GET", "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=controle-a&hub.challenge=4242", "", "", nil)
		if code != http.StatusOK || challenge != "4242" {
			t.Errorf("subscription check with A's token: %d %q", code, challenge)
		}
		if code, _ := dp.on(t, "127.0.0.1", "GET", "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=fout&hub.challenge=4242", "", "", nil); code == http.StatusOK {
			t.Error("subscription check with a wrong token answered")
		}
	})
}

// TestChannelChangeReachesTheOtherInstance: two instances of one deployment on PostgreSQL, each with its
// own SMTP listener. A's administrator adds an intake address on instance one; instance two accepts mail
// for it within seconds and stores it in A's inbox, while B's channels on instance two stay as they were.
func TestChannelChangeReachesTheOtherInstance(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	ctx := context.Background()
	host, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"gemeente-a", "gemeente-b"} {
		if err := host.AddTenant(ctx, tenant.Tenant{ID: id, Name: id, Hosts: []string{id + ".example"}}); err != nil {
			t.Fatal(err)
		}
	}
	host.Close()
	open := func() *app.Deployment {
		cfg := config.Config{DB: dsn, Addr: "127.0.0.1:0", SMTPAddr: "127.0.0.1:0", IdentityKey: testHostKey, DataDir: t.TempDir(), LogLevel: "warn"}
		if err := config.Load(&cfg, func(string) string { return "" }); err != nil {
			t.Fatal(err)
		}
		d, err := app.OpenDeployment(ctx, cfg, slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
	one, two := open(), open()
	if err := one.Tenant("gemeente-b").Channels.Save(ctx, "test", municipality.Channels{
		Email: municipality.EmailChannel{Recipients: []string{"info@gemeente-b.example"}}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := one.Tenant("gemeente-a").Channels.Save(ctx, "test", municipality.Channels{
		Email: municipality.EmailChannel{Recipients: []string{"info@gemeente-a.example"}}}, nil); err != nil {
		t.Fatal(err)
	}
	raw := "From: anna@bewoner.example\r\nTo: info@gemeente-a.example\r\nSubject: andere-instantie\r\nMessage-ID: <x1@bewoner.example>\r\n\r\nHallo.\r\n"
	waitForWithin(t, 20*time.Second, func() bool {
		return mailtest.Send(two.Host().SMTPAddr(), "anna@bewoner.example", []string{"info@gemeente-a.example"}, []byte(raw)) == nil
	})
	list, err := two.Tenant("gemeente-a").Store.Conversations(ctx, store.ConversationFilter{})
	if err != nil || len(list) != 1 || list[0].Subject != "andere-instantie" {
		t.Errorf("A's inbox after mail through instance two: %v %v", list, err)
	}
	if list, _ := two.Tenant("gemeente-b").Store.Conversations(ctx, store.ConversationFilter{}); len(list) != 0 {
		t.Errorf("B's inbox got A's mail: %v", list)
	}
	if got := two.Tenant("gemeente-b").Channels.Current().Email.Recipients; len(got) != 1 || got[0] != "info@gemeente-b.example" {
		t.Errorf("B's channels on instance two: %v", got)
	}
}
