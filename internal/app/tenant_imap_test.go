package app_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/municipality"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// startMailbox serves a real IMAP server (go-imap's, in memory) on loopback with one account whose INBOX
// holds one message with subject, and returns its address.
func startMailbox(t *testing.T, user, password, subject string) string {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(user, password)
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(u)
	srv := imapserver.New(&imapserver.Options{Caps: imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}}, InsecureAuth: true,
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		}})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	c, err := imapclient.DialInsecure(ln.Addr().String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(user, password).Wait(); err != nil {
		t.Fatal(err)
	}
	raw := "From: inwoner@bewoner.example\r\nTo: " + user + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject + "@bewoner.example>\r\n" +
		"Date: Fri, 04 Dec 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVraag via de mailbox.\r\n"
	cmd := c.Append("INBOX", int64(len(raw)), nil)
	if _, err := cmd.Write([]byte(raw)); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	return ln.Addr().String()
}

// TestTenantMailboxesArePolledForTheirMunicipality: each municipality's administrator sets its own IMAP
// mailbox; each App polls its own and stores what it finds in its own inbox, never the other's. The
// console's mailbox test logs in with the right password and fails with a wrong one. SQLite and PostgreSQL.
func TestTenantMailboxesArePolledForTheirMunicipality(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ *store.Store) {
		dialect := store.SQLite
		if strings.HasSuffix(t.Name(), "postgres") {
			dialect = store.Postgres
		}
		dp := startDeployment(t, dialect, func(c *config.Config) { c.IdentityKey = testHostKey })
		ctx := context.Background()
		a := dp.addTenant(t, "gemeente-a", "Gemeente A", "gemeente-a.example")
		b := dp.addTenant(t, "gemeente-b", "Gemeente B", "gemeente-b.example")
		boxA := startMailbox(t, "info@gemeente-a.example", "wachtwoord-a", "imap-vraag-a")
		boxB := startMailbox(t, "info@gemeente-b.example", "wachtwoord-b", "imap-vraag-b")
		save := func(svc *municipality.ChannelService, addr, user, pw string) {
			t.Helper()
			if err := svc.Save(ctx, "test", municipality.Channels{Email: municipality.EmailChannel{IMAPAddr: addr, IMAPUser: user,
				IMAPPassword: pw, IMAPTLS: "off"}}, nil); err != nil {
				t.Fatal(err)
			}
		}
		save(a.Channels, boxA, "info@gemeente-a.example", "wachtwoord-a")
		save(b.Channels, boxB, "info@gemeente-b.example", "wachtwoord-b")
		subjects := func(st *store.Store) string {
			list, err := st.Conversations(ctx, store.ConversationFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var s []string
			for _, c := range list {
				s = append(s, c.Subject)
			}
			return strings.Join(s, ",")
		}
		waitForWithin(t, 20*time.Second, func() bool {
			return strings.Contains(subjects(a.Store), "imap-vraag-a") && strings.Contains(subjects(b.Store), "imap-vraag-b")
		})
		if sa, sb := subjects(a.Store), subjects(b.Store); sa != "imap-vraag-a" || sb != "imap-vraag-b" {
			t.Errorf("inboxes: A %q, B %q; want each its own mailbox's message only", sa, sb)
		}

		// The console's test of a mailbox: the right login works, a wrong password does not.
		jar := dp.signIn(t, a, "gemeente-a.example", addAdmin(t, a))
		form := "actie=test-imap&email-imap_addr=" + boxA + "&email-imap_user=info%40gemeente-a.example&email-imap_tls=off&email-imap_password="
		if _, page := dp.on(t, "gemeente-a.example", "POST", "/beheer/kanalen", "", form, jar); !strings.Contains(page, "Inloggen op de mailbox lukte, en de map is gevonden") {
			t.Errorf("mailbox test with the saved password: %s", errorsOf(page))
		}
		if _, page := dp.on(t, "gemeente-a.example", "POST", "/beheer/kanalen", "", form+"fout", jar); !strings.Contains(page, "Inloggen op de mailbox lukte niet") {
			t.Errorf("mailbox test with a wrong password: %s", errorsOf(page))
		}
	})
}

// addAdmin adds an administrator to a and returns the address.
func addAdmin(t *testing.T, a *app.App) string {
	t.Helper()
	addStaff(t, a, "beheer@"+a.Municipality.Current().MailDomain+".test", auth.RoleAdmin)
	return "beheer@" + a.Municipality.Current().MailDomain + ".test"
}
