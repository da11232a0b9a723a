package email_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/prometheus/client_golang/prometheus"

	"loket/internal/channel/email"
	"loket/internal/config"
	"loket/internal/contact"
	"loket/internal/insight"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// imapServer is a real IMAP server (go-imap's in-memory backend) on loopback, without TLS.
type imapServer struct {
	Addr   string
	idling *atomic.Int64 // sessions in IDLE now
}

// idleSession is a session of the in-memory server that counts itself while it is in IDLE, so a test
// knows the client waits for news instead of guessing how long that takes.
type idleSession struct {
	imapserver.SessionIMAP4rev2 // the in-memory server's session
	idling                      *atomic.Int64
}

func (s idleSession) Idle(w *imapserver.UpdateWriter, stop <-chan struct{}) error {
	s.idling.Add(1)
	defer s.idling.Add(-1)
	return s.SessionIMAP4rev2.Idle(w, stop)
}

const imapUser, imapPassword = "info@voorbeeld.nl", "geheim-wachtwoord"

// rev2 announces IMAP4rev2, which includes IDLE and MOVE; rev1 has neither, so loket polls and moves
// with COPY, STORE and EXPUNGE.
var (
	rev2 = imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}}
	rev1 = imap.CapSet{imap.CapIMAP4rev1: {}}
)

func startIMAP(t testing.TB, caps imap.CapSet) *imapServer {
	t.Helper()
	return startIMAPOn(t, caps, nil)
}

// startIMAPOn serves with implicit TLS when tlsConfig is set.
func startIMAPOn(t testing.TB, caps imap.CapSet, tlsConfig *tls.Config) *imapServer {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(imapUser, imapPassword)
	for _, name := range []string{"INBOX", "Verwerkt"} {
		if err := u.Create(name, nil); err != nil {
			t.Fatal(err)
		}
	}
	mem.AddUser(u)
	idling := new(atomic.Int64)
	srv := imapserver.New(&imapserver.Options{Caps: caps, InsecureAuth: true,
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return idleSession{SessionIMAP4rev2: mem.NewSession().(imapserver.SessionIMAP4rev2), idling: idling}, nil, nil
		}})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if tlsConfig != nil {
		ln = tls.NewListener(ln, tlsConfig)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return &imapServer{Addr: ln.Addr().String(), idling: idling}
}

// withoutIdle puts a proxy in front of the server that removes IDLE from its capabilities, as some servers
// and proxies do; go-imap's server always announces it.
func (s *imapServer) withoutIdle(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("tcp", s.Addr)
			if err != nil {
				client.Close()
				continue
			}
			go func() { io.Copy(server, client); server.Close() }()
			go func() {
				defer client.Close()
				r := bufio.NewReader(server)
				for {
					line, err := r.ReadString('\n')
					if strings.Contains(line, "CAPABILITY") {
						line = strings.ReplaceAll(line, " IDLE", "")
					}
					if _, werr := io.WriteString(client, line); err != nil || werr != nil {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

// client is a second, independent IMAP session: the mail server delivering and a person looking.
func (s *imapServer) client(t testing.TB) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(s.Addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login(imapUser, imapPassword).Wait(); err != nil {
		t.Fatal(err)
	}
	return c
}

// deliver appends a message to a folder, as the mail server does when mail arrives.
func (s *imapServer) deliver(t testing.TB, folder, raw string) imap.UID {
	t.Helper()
	return s.deliverAt(t, folder, raw, time.Time{})
}

// deliverAt appends a message the server received at the given time (zero: now).
func (s *imapServer) deliverAt(t testing.TB, folder, raw string, at time.Time) imap.UID {
	t.Helper()
	c := s.client(t)
	defer func() { c.Logout().Wait() }()
	cmd := c.Append(folder, int64(len(raw)), &imap.AppendOptions{Time: at})
	if _, err := cmd.Write([]byte(raw)); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := cmd.Wait()
	if err != nil {
		t.Fatalf("append: %v", err)
	}
	return data.UID
}

// flags returns the flags of every message in a folder by UID.
func (s *imapServer) flags(t testing.TB, folder string) map[imap.UID][]imap.Flag {
	t.Helper()
	c := s.client(t)
	defer func() { c.Logout().Wait() }()
	sel, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		t.Fatal(err)
	}
	out := map[imap.UID][]imap.Flag{}
	if sel.NumMessages == 0 {
		return out
	}
	msgs, err := c.Fetch(imap.SeqSet{{Start: 1, Stop: 0}}, &imap.FetchOptions{UID: true, Flags: true}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		out[m.UID] = m.Flags
	}
	return out
}

// unsee removes \Seen from every message, as if loket died between its commit and marking the message.
func (s *imapServer) unsee(t testing.TB, folder string) {
	t.Helper()
	c := s.client(t)
	defer func() { c.Logout().Wait() }()
	if _, err := c.Select(folder, nil).Wait(); err != nil {
		t.Fatal(err)
	}
	err := c.Store(imap.SeqSet{{Start: 1, Stop: 0}}, &imap.StoreFlags{Op: imap.StoreFlagsDel, Silent: true,
		Flags: []imap.Flag{imap.FlagSeen}}, nil).Close()
	if err != nil {
		t.Fatal(err)
	}
}

func mailMessage(headers [][2]string, body string) string {
	var b strings.Builder
	for _, h := range headers {
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
	}
	b.WriteString("\r\n" + strings.ReplaceAll(body, "\n", "\r\n") + "\r\n")
	return b.String()
}

var (
	question = mailMessage([][2]string{{"From", "Fatima el Amrani <fatima@example.org>"}, {"To", "info@voorbeeld.nl"},
		{"Subject", "Grofvuil ophalen"}, {"Message-ID", "<vraag-1@example.org>"}, {"Date", "Mon, 2 Mar 2026 09:15:00 +0100"}},
		"Goedemorgen,\nwanneer wordt het grofvuil in de Lindelaan opgehaald?\nGroet, Fatima")
	outOfOffice = mailMessage([][2]string{{"From", "Jan de Vries <jan@example.org>"}, {"To", "info@voorbeeld.nl"},
		{"Subject", "Afwezig: uw bericht"}, {"Message-ID", "<afwezig-1@example.org>"}, {"Auto-Submitted", "auto-replied"}},
		"Ik ben tot 16 maart afwezig.")
	unreadable = "From: piet@example.org\r\nMessage-ID: <kapot-1@example.org>\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n" +
		"--x\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n--x--\r\n"
	withoutID = mailMessage([][2]string{{"From", "Kees <kees@example.org>"}, {"To", "info@voorbeeld.nl"},
		{"Subject", "Parkeervergunning"}}, "Hoe vraag ik een parkeervergunning aan?")
)

func contactSettings(t testing.TB) contact.Settings {
	t.Helper()
	return contact.Settings{Mailer: contact.Mailer{Domain: "voorbeeld.nl", BaseURL: "http://loket.test", Municipality: "Gemeente"},
		Levels: contact.DefaultServiceLevels()}
}

func storeIntake(st *store.Store, set contact.Settings) email.Intake {
	return func(ctx context.Context, in contact.Inbound) (contact.Receipt, error) { return st.Intake(ctx, in, set) }
}

func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

func fetcherFor(t testing.TB, srv *imapServer, intake email.Intake, log *slog.Logger) *email.Fetcher {
	return email.NewFetcher(email.IMAPConfig{Addr: srv.Addr, User: imapUser, Password: imapPassword, TLS: "off"}, intake, log)
}

func conversationOf(t testing.TB, st *store.Store, mailID string) int64 {
	t.Helper()
	var id int64
	if err := st.QueryRow(context.Background(), `SELECT conversation_id FROM contact_messages WHERE mail_id = ?`, mailID).Scan(&id); err != nil {
		t.Fatalf("message %s is not stored: %v", mailID, err)
	}
	return id
}

func countRows(t testing.TB, st *store.Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := st.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestIMAPFetch is a real IMAP conversation over loopback: a question, a reply to loket's confirmation, an
// out-of-office reply, a malformed message, one without Message-ID and a second copy of the question. Each
// lands where the SMTP intake would put it; only committed messages get \Seen; nothing is stored twice,
// also when every \Seen flag is lost.
func TestIMAPFetch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		srv := startIMAP(t, rev2)
		f := fetcherFor(t, srv, storeIntake(st, contactSettings(t)), testLogger(t))

		arrived := time.Now().Add(-2 * time.Hour).Truncate(time.Second) // the server had it before loket looked
		uidQuestion := srv.deliverAt(t, "INBOX", question, arrived)
		if r, err := f.FetchOnce(ctx); err != nil || r != (email.Round{Stored: 1}) {
			t.Fatalf("first round: %+v, %v", r, err)
		}
		conv := conversationOf(t, st, "vraag-1@example.org")
		msgs, err := st.Messages(ctx, conv)
		if err != nil || len(msgs) != 2 || msgs[1].Kind != contact.KindAuto || msgs[1].MailID == "" {
			t.Fatalf("the question should have a queued confirmation: %+v, %v", msgs, err)
		}
		if !msgs[0].CreatedAt.Equal(arrived) {
			t.Errorf("the question is stored as received at %s; the server received it at %s", msgs[0].CreatedAt, arrived)
		}
		confirmation := msgs[1].MailID

		reply := mailMessage([][2]string{{"From", "fatima@example.org"}, {"To", "info@voorbeeld.nl"}, {"Subject", "Re: uw bericht"},
			{"Message-ID", "<antwoord-1@example.org>"}, {"In-Reply-To", "<" + confirmation + ">"}}, "Dank u. Het gaat om twee kasten.")
		uids := map[string]imap.UID{"question": uidQuestion}
		uids["reply"] = srv.deliver(t, "INBOX", reply)
		uids["out-of-office"] = srv.deliver(t, "INBOX", outOfOffice)
		uids["unreadable"] = srv.deliver(t, "INBOX", unreadable)
		uids["without-id"] = srv.deliver(t, "INBOX", withoutID)
		uids["copy"] = srv.deliver(t, "INBOX", question)
		before := imapCounters(t)
		if r, err := f.FetchOnce(ctx); err != nil || r != (email.Round{Stored: 3, Duplicates: 1, Unreadable: 1}) {
			t.Fatalf("second round: %+v, %v", r, err)
		}
		after := imapCounters(t)
		for result, want := range map[string]float64{"stored": 3, "duplicate": 1, "unreadable": 1, "failed": 0} {
			if got := after[result] - before[result]; got != want {
				t.Errorf("loket_imap_messages_total{result=%q} went up by %v, want %v", result, got, want)
			}
		}

		if got := conversationOf(t, st, "antwoord-1@example.org"); got != conv {
			t.Errorf("the reply to loket's confirmation is in conversation %d, want %d", got, conv)
		}
		ooo := conversationOf(t, st, "afwezig-1@example.org")
		if msgs, _ := st.Messages(ctx, ooo); ooo == conv || len(msgs) != 1 || !msgs[0].Automatic {
			t.Errorf("the out-of-office reply should be an automatic message in its own conversation, unanswered: %+v", msgs)
		}
		if n := countRows(t, st, `SELECT COUNT(*) FROM contact_messages WHERE mail_id = ?`, "kapot-1@example.org"); n != 0 {
			t.Errorf("the malformed message was stored %d times", n)
		}
		if n := countRows(t, st, `SELECT COUNT(*) FROM contact_messages WHERE mail_id LIKE 'imap-%@loket.invalid' AND body LIKE '%parkeervergunning%'`); n != 1 {
			t.Errorf("the message without Message-ID: %d rows, want 1 with a derived id", n)
		}
		if n := countRows(t, st, `SELECT COUNT(*) FROM contact_messages WHERE mail_id = ?`, "vraag-1@example.org"); n != 1 {
			t.Errorf("the question was stored %d times", n)
		}

		flags := srv.flags(t, "INBOX")
		for name, uid := range uids {
			seen, flagged := slices.Contains(flags[uid], imap.FlagSeen), slices.Contains(flags[uid], imap.FlagFlagged)
			if !seen || flagged != (name == "unreadable") {
				t.Errorf("%s: flags %v; want \\Seen, and \\Flagged only on the unreadable one", name, flags[uid])
			}
		}

		total := countRows(t, st, `SELECT COUNT(*) FROM contact_messages`)
		if r, err := f.FetchOnce(ctx); err != nil || r != (email.Round{}) {
			t.Errorf("a round without new mail: %+v, %v", r, err)
		}
		srv.unsee(t, "INBOX") // loket died after its commits, before the \Seen flags reached the server
		if r, err := f.FetchOnce(ctx); err != nil || r != (email.Round{Duplicates: 5, Unreadable: 1}) {
			t.Errorf("after losing the \\Seen flags: %+v, %v", r, err)
		}
		if n := countRows(t, st, `SELECT COUNT(*) FROM contact_messages`); n != total {
			t.Errorf("fetching everything again changed the number of messages from %d to %d", total, n)
		}
	})
}

// TestIMAPFailureLeavesMessageUnseen: when the store fails (here: a closed database), the message is not
// marked, and the next round with a working store takes it.
func TestIMAPFailureLeavesMessageUnseen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		srv := startIMAP(t, rev2)
		set := contactSettings(t)
		broken := storetest.Open(t, st.Dialect())
		broken.Close()
		uid := srv.deliver(t, "INBOX", question)

		r, err := fetcherFor(t, srv, storeIntake(broken, set), testLogger(t)).FetchOnce(ctx)
		if err == nil || r != (email.Round{Failed: 1}) {
			t.Fatalf("with a closed database: %+v, %v; want one failure and an error", r, err)
		}
		if flags := srv.flags(t, "INBOX")[uid]; slices.Contains(flags, imap.FlagSeen) {
			t.Fatalf("a message that was not stored got \\Seen: %v", flags)
		}
		if r, err := fetcherFor(t, srv, storeIntake(st, set), testLogger(t)).FetchOnce(ctx); err != nil || r != (email.Round{Stored: 1}) {
			t.Fatalf("next round: %+v, %v", r, err)
		}
		conversationOf(t, st, "vraag-1@example.org")
		if flags := srv.flags(t, "INBOX")[uid]; !slices.Contains(flags, imap.FlagSeen) {
			t.Errorf("stored message flags %v, want \\Seen", flags)
		}
	})
}

// TestIMAPTooLarge: a message over the size limit is not downloaded, and is flagged for a person.
func TestIMAPTooLarge(t *testing.T) {
	srv := startIMAP(t, rev2)
	st := storetest.Open(t, store.SQLite)
	uid := srv.deliver(t, "INBOX", mailMessage([][2]string{{"From", "a@example.org"}, {"Subject", "Foto's"}}, strings.Repeat("x", 4000)))
	f := email.NewFetcher(email.IMAPConfig{Addr: srv.Addr, User: imapUser, Password: imapPassword, TLS: "off", MaxMessageBytes: 1000},
		storeIntake(st, contactSettings(t)), testLogger(t))
	if r, err := f.FetchOnce(context.Background()); err != nil || r != (email.Round{Unreadable: 1}) {
		t.Fatalf("%+v, %v", r, err)
	}
	if flags := srv.flags(t, "INBOX")[uid]; !slices.Contains(flags, imap.FlagFlagged) || !slices.Contains(flags, imap.FlagSeen) {
		t.Errorf("flags %v, want \\Seen and \\Flagged", flags)
	}
	if n := countRows(t, st, `SELECT COUNT(*) FROM contact_messages`); n != 0 {
		t.Errorf("%d messages stored", n)
	}
}

// TestIMAPServiceIdleAndMove starts the e-mail service from the settings, as loket serve does: a message
// that waited in the mailbox is taken at once, a new one as soon as the server reports it (IDLE; the
// one-hour interval never passes), and both are moved to the --imap-move-to folder after the commit.
func TestIMAPServiceIdleAndMove(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		srv := startIMAP(t, rev2)
		srv.deliver(t, "INBOX", question)
		cfg := config.Config{IMAPAddr: srv.Addr, IMAPUser: imapUser, IMAPPassword: imapPassword, IMAPTLS: "off",
			IMAPInterval: time.Hour, IMAPMoveTo: "Verwerkt"}
		if err := config.Load(&cfg, func(string) string { return "" }); err != nil {
			t.Fatal(err)
		}
		log := testLogger(t)
		ev := &recorded{}
		contacts := contact.NewService(contact.Options{Store: st, Events: ev, Settings: contactSettings(t)})
		svc, err := email.Start(cfg, st, contacts.Intake, log)
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the waiting message", func() bool {
			return countRows(t, st, `SELECT COUNT(*) FROM contact_messages WHERE mail_id = ?`, "vraag-1@example.org") == 1
		})
		waitFor(t, "the fetcher in IDLE", func() bool { return srv.idling.Load() > 0 })
		srv.deliver(t, "INBOX", outOfOffice)
		waitFor(t, "the new message", func() bool {
			return countRows(t, st, `SELECT COUNT(*) FROM contact_messages WHERE mail_id = ?`, "afwezig-1@example.org") == 1
		})
		waitFor(t, "both messages moved", func() bool {
			return len(srv.flags(t, "INBOX")) == 0 && len(srv.flags(t, "Verwerkt")) == 2
		})
		for uid, flags := range srv.flags(t, "Verwerkt") {
			if !slices.Contains(flags, imap.FlagSeen) {
				t.Errorf("moved message %d: flags %v, want \\Seen", uid, flags)
			}
		}
		// Through the contact service: the question is one e-mail contact, the out-of-office reply none.
		if n := ev.contacts(insight.ChannelEmail); n != 1 {
			t.Errorf("%d e-mail contacts recorded, want 1", n)
		}
		start := time.Now()
		if err := svc.Close(); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("Close took %s with the fetcher in IDLE", d)
		}
	})
}

// TestIMAPPollWithoutIdle: a server without IDLE and MOVE is polled every interval, and messages are moved
// with COPY, STORE and EXPUNGE.
func TestIMAPPollWithoutIdle(t *testing.T) {
	srv := startIMAP(t, rev1)
	st := storetest.Open(t, store.SQLite)
	var logs syncBuffer
	f := email.NewFetcher(email.IMAPConfig{Addr: srv.withoutIdle(t), User: imapUser, Password: imapPassword, TLS: "off",
		Interval: 100 * time.Millisecond, MoveTo: "Verwerkt"}, storeIntake(st, contactSettings(t)), slog.New(slog.NewTextHandler(&logs, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.Run(ctx); close(done) }()
	time.Sleep(300 * time.Millisecond)
	srv.deliver(t, "INBOX", question)
	waitFor(t, "the polled message", func() bool {
		return countRows(t, st, `SELECT COUNT(*) FROM contact_messages WHERE mail_id = ?`, "vraag-1@example.org") == 1
	})
	waitFor(t, "the message moved", func() bool { return len(srv.flags(t, "INBOX")) == 0 && len(srv.flags(t, "Verwerkt")) == 1 })
	if !strings.Contains(logs.String(), "idle=false") {
		t.Errorf("the fetcher did not notice the server has no IDLE:\n%s", logs.String())
	}
	cancel()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("Run did not stop")
	}
}

// TestIMAPImplicitTLS: with --imap-tls on the fetcher talks TLS and checks the server's certificate.
func TestIMAPImplicitTLS(t *testing.T) {
	cert, pool := selfSigned(t)
	srv := startIMAPOn(t, rev2, &tls.Config{Certificates: []tls.Certificate{cert}})
	st := storetest.Open(t, store.SQLite)
	set := contactSettings(t)
	cfg := email.IMAPConfig{Addr: srv.Addr, User: imapUser, Password: imapPassword, TLS: "on", TLSConfig: &tls.Config{RootCAs: pool}}
	raw := []byte(question)
	c, err := imapclient.DialTLS(srv.Addr, &imapclient.Options{TLSConfig: &tls.Config{RootCAs: pool}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(imapUser, imapPassword).Wait(); err != nil {
		t.Fatal(err)
	}
	app := c.Append("INBOX", int64(len(raw)), nil)
	app.Write(raw)
	app.Close()
	if _, err := app.Wait(); err != nil {
		t.Fatal(err)
	}
	c.Close()

	if r, err := email.NewFetcher(cfg, storeIntake(st, set), testLogger(t)).FetchOnce(context.Background()); err != nil || r != (email.Round{Stored: 1}) {
		t.Fatalf("over TLS: %+v, %v", r, err)
	}
	cfg.TLSConfig = nil // the system roots do not trust the test certificate
	if _, err := email.NewFetcher(cfg, storeIntake(st, set), testLogger(t)).FetchOnce(context.Background()); err == nil ||
		!strings.Contains(err.Error(), "certificate") {
		t.Errorf("an untrusted certificate was accepted: %v", err)
	}
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "imap.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// imapCounters reads loket_imap_messages_total by result from the Prometheus registry /metrics serves.
func imapCounters(t testing.TB) map[string]float64 {
	t.Helper()
	families, err := prometheus.DefaultGatherer.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, f := range families {
		if f.GetName() != "loket_imap_messages_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "result" {
					out[l.GetValue()] = m.GetCounter().GetValue()
				}
			}
		}
	}
	return out
}

// TestIMAPBackoff: a refused login is logged clearly and retried after 5 s, 10 s, … up to 5 minutes;
// Run stops at once when loket shuts down.
func TestIMAPBackoff(t *testing.T) {
	for n, want := range map[int]time.Duration{1: 5 * time.Second, 2: 10 * time.Second, 3: 20 * time.Second,
		7: 5 * time.Minute, 100: 5 * time.Minute} {
		if got := email.IMAPBackoff(n); got != want {
			t.Errorf("IMAPBackoff(%d) = %s, want %s", n, got, want)
		}
	}
	srv := startIMAP(t, rev2)
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	f := email.NewFetcher(email.IMAPConfig{Addr: srv.Addr, User: imapUser, Password: "fout", TLS: "off"}, nil, log)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.Run(ctx); close(done) }()
	waitFor(t, "the log line", func() bool { return strings.Contains(logs.String(), "retry_in=5s") })
	line := logs.String()
	if !strings.Contains(line, "IMAP fetch failed") || !strings.Contains(line, "log in as "+imapUser) {
		t.Errorf("log line does not say what failed: %s", line)
	}
	if strings.Contains(line, "fout") {
		t.Errorf("the password is in the log: %s", line)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("Run did not stop during its back-off")
	}
}

// TestIMAPSettings: the settings are checked at start-up with a message that says what to fix.
func TestIMAPSettings(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string // part of the error; "" means valid
	}{
		{map[string]string{}, ""},
		{map[string]string{"LOKET_IMAP_ADDR": "imap.voorbeeld.nl:993", "LOKET_IMAP_USER": "info", "LOKET_IMAP_PASSWORD": "x"}, ""},
		{map[string]string{"LOKET_IMAP_ADDR": "imap.voorbeeld.nl"}, "not host:port"},
		{map[string]string{"LOKET_IMAP_ADDR": "imap.voorbeeld.nl:993"}, "--imap-user and --imap-password"},
		{map[string]string{"LOKET_IMAP_TLS": "ja"}, "--imap-tls"},
		{map[string]string{"LOKET_IMAP_INTERVAL": "10ms"}, "--imap-interval"},
		{map[string]string{"LOKET_IMAP_MAILBOX": " "}, "--imap-mailbox"},
	} {
		var cfg config.Config
		err := config.Load(&cfg, func(k string) string { return tc.env[k] })
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%v: err %v, want %q", tc.env, err, tc.want)
		}
	}
}

// TestParseFetchedSender: without SMTP envelope the Return-Path stands in for a missing From address; a
// message with neither is refused, and the server's receive time is kept.
func TestParseFetchedSender(t *testing.T) {
	received := time.Date(2026, 3, 2, 8, 15, 0, 0, time.UTC)
	in, err := email.ParseFetched([]byte("Return-Path: <Anna@Example.org>\r\nSubject: x\r\n\r\nhallo\r\n"), received, email.DefaultLimits())
	if err != nil || in.Email != "anna@example.org" || !in.ReceivedAt.Equal(received) || !strings.HasPrefix(in.MailID, "imap-") {
		t.Errorf("Return-Path sender: %+v, %v", in, err)
	}
	if _, err := email.ParseFetched([]byte("Subject: x\r\n\r\nhallo\r\n"), received, email.DefaultLimits()); err == nil {
		t.Error("a message without any sender was accepted")
	}
	in, err = email.ParseFetched([]byte("Return-Path: <>\r\nFrom: MAILER-DAEMON@example.org\r\n\r\nbounce\r\n"), time.Time{}, email.DefaultLimits())
	if err != nil || !in.Automatic || !in.ReceivedAt.IsZero() { // no receive time: the intake stamps its clock's
		t.Errorf("bounce: %+v, %v", in, err)
	}
}

// BenchmarkIMAPFetch measures a round over loopback into SQLite: fetch, parse, commit, \Seen.
func BenchmarkIMAPFetch(b *testing.B) {
	srv := startIMAP(b, rev2)
	st := storetest.Open(b, store.SQLite)
	f := fetcherFor(b, srv, storeIntake(st, contactSettings(b)), slog.New(slog.DiscardHandler))
	for i := range b.N {
		srv.deliver(b, "INBOX", strings.Replace(question, "vraag-1@", fmt.Sprintf("vraag-%d@", i), 1))
	}
	b.ResetTimer()
	r, err := f.FetchOnce(context.Background())
	if err != nil || r.Stored != b.N {
		b.Fatalf("%+v, %v", r, err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

func waitFor(t testing.TB, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
