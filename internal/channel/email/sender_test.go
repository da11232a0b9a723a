package email_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"loket/internal/channel/email"
	"loket/internal/contact"
	"loket/internal/outbox"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// relay is a real go-smtp server on loopback that can misbehave the ways relays do.
type relay struct {
	addr       string
	dropAtQuit bool        // close the connection instead of answering RSET or QUIT
	onData     func()      // called while DATA is being received, before the 250
	user, pass string      // AUTH PLAIN credentials required when set
	tls        *tls.Config // offers STARTTLS when set
	mu         sync.Mutex
	got        []string // raw messages accepted
	authed     []string // users that authenticated
}

func startRelay(t *testing.T, r *relay) *relay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.addr = ln.Addr().String()
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &relaySession{r: r}, nil }))
	srv.Domain, srv.TLSConfig = "relay.test", r.tls
	srv.ErrorLog = slog.NewLogLogger(slog.New(slog.NewTextHandler(io.Discard, nil)).Handler(), slog.LevelError)
	var l net.Listener = ln
	if r.dropAtQuit {
		l = dropListener{ln}
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return r
}

func (r *relay) messages() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.got...)
}

type relaySession struct {
	r      *relay
	authed bool
}

func (s *relaySession) AuthMechanisms() []string {
	if s.r.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *relaySession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.r.user || pass != s.r.pass {
			return errors.New("invalid credentials")
		}
		s.authed = true
		s.r.mu.Lock()
		s.r.authed = append(s.r.authed, user)
		s.r.mu.Unlock()
		return nil
	}), nil
}

func (s *relaySession) Mail(string, *smtp.MailOptions) error {
	if s.r.user != "" && !s.authed {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	return nil
}
func (s *relaySession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *relaySession) Reset()                               {}
func (s *relaySession) Logout() error                        { return nil }

func (s *relaySession) Data(rd io.Reader) error {
	b, err := io.ReadAll(rd)
	if err != nil {
		return err
	}
	if s.r.onData != nil {
		s.r.onData()
	}
	s.r.mu.Lock()
	s.r.got = append(s.r.got, string(b))
	s.r.mu.Unlock()
	return nil
}

// dropListener hands out connections that are cut as soon as the client sends RSET or QUIT: the relay
// has answered 250 to the data and then goes away, as the review's relay did.
type dropListener struct{ net.Listener }

func (l dropListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	return dropConn{c}, err
}

type dropConn struct{ net.Conn }

func (c dropConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	line := bytes.ToUpper(p[:n])
	if bytes.HasPrefix(line, []byte("QUIT")) || bytes.HasPrefix(line, []byte("RSET")) {
		c.Conn.Close()
		return 0, io.EOF
	}
	return n, err
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func mailWorker(s *store.Store, sender *email.SMTPSender) *outbox.Worker[contact.OutMail] {
	return &outbox.Worker[contact.OutMail]{Name: "email", Queue: s.MailQueue(), Sender: sender, Log: quiet}
}

func queueMails(t *testing.T, s *store.Store, n int) {
	t.Helper()
	for i := range n {
		m := request.Mail{To: "inwoner@example.org", Subject: "Uw aanvraag", Body: "Wij hebben uw aanvraag ontvangen. " + string(rune('A'+i))}
		if err := s.QueueRequestMail(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDropAtQuitIsNotAFailure reproduces the duplicate: the relay answers 250 to the data, then cuts the
// connection at RSET/QUIT. The mail is recorded as sent after one copy, and is not sent again.
func TestDropAtQuitIsNotAFailure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		r := startRelay(t, &relay{dropAtQuit: true})
		queueMails(t, s, 1)
		w := mailWorker(s, &email.SMTPSender{Relay: r.addr, From: "Gemeente Voorbeeld <info@voorbeeld.nl>", TLS: email.RelayTLSOff})
		ctx := context.Background()
		if n, err := w.SendDue(ctx); n != 1 || err != nil {
			t.Fatalf("SendDue = %d, %v; want 1 sent", n, err)
		}
		counts := outboxStates(t, s)
		if counts[contact.DeliverySent] != 1 || counts[contact.DeliveryQueued] != 0 {
			t.Fatalf("outbox %v, want the mail sent", counts)
		}
		if due, _ := s.ClaimOutbox(ctx, 10, time.Minute); len(due) != 0 {
			t.Fatalf("%d mails due again", len(due))
		}
		if got := r.messages(); len(got) != 1 || !strings.Contains(got[0], "Subject: Uw aanvraag") {
			t.Fatalf("relay got %d copies", len(got))
		}
	})
}

// TestShutdownDuringDataRecordsTheSend reproduces the SIGTERM duplicate on a real store and relay:
// shutdown begins while the relay receives the first of three claimed mails. That mail is recorded as
// sent; the two others are due again at once instead of after the 5-minute lease.
func TestShutdownDuringDataRecordsTheSend(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		r := startRelay(t, &relay{onData: cancel})
		queueMails(t, s, 3)
		w := mailWorker(s, &email.SMTPSender{Relay: r.addr, From: "info@voorbeeld.nl", TLS: email.RelayTLSOff})
		if n, err := w.SendDue(ctx); n != 1 || err != nil {
			t.Fatalf("SendDue = %d, %v; want the mail under way sent", n, err)
		}
		counts := outboxStates(t, s)
		if counts[contact.DeliverySent] != 1 || counts[contact.DeliveryQueued] != 2 {
			t.Fatalf("outbox %v, want 1 sent and 2 queued", counts)
		}
		due, err := s.ClaimOutbox(context.Background(), 10, time.Minute)
		if err != nil || len(due) != 2 {
			t.Fatalf("%d mails due right after shutdown (%v), want the 2 unsent", len(due), err)
		}
		if len(r.messages()) != 1 {
			t.Fatalf("relay got %d mails", len(r.messages()))
		}
	})
}

// TestStartTLSAndAuth sends through a relay that offers STARTTLS and requires AUTH PLAIN, as a
// municipality's mail provider does; the same sender refuses to talk in plain text to a relay that
// offers no STARTTLS when TLS is required.
func TestStartTLSAndAuth(t *testing.T) {
	cert, pool := selfSigned(t)
	serverTLS := &tls.Config{Certificates: []tls.Certificate{cert}}
	clientTLS := &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		r := startRelay(t, &relay{tls: serverTLS, user: "loket", pass: "relay-geheim"})
		queueMails(t, s, 1)
		w := mailWorker(s, &email.SMTPSender{Relay: r.addr, From: "info@voorbeeld.nl", TLS: email.RelayTLSStartTLS,
			TLSConfig: clientTLS, User: "loket", Password: "relay-geheim"})
		if n, err := w.SendDue(context.Background()); n != 1 || err != nil {
			t.Fatalf("SendDue = %d, %v", n, err)
		}
		if len(r.messages()) != 1 || len(r.authed) != 1 || r.authed[0] != "loket" {
			t.Fatalf("relay got %d mails, authenticated %v", len(r.messages()), r.authed)
		}

		plain := startRelay(t, &relay{})
		queueMails(t, s, 1)
		sender := &email.SMTPSender{Relay: plain.addr, From: "info@voorbeeld.nl", TLS: email.RelayTLSStartTLS, TLSConfig: clientTLS}
		_, err := sender.Send(context.Background(), contact.OutMail{To: "inwoner@example.org", Subject: "x", Body: "y"})
		if err == nil || errors.Is(err, outbox.ErrPermanent) || len(plain.messages()) != 0 {
			t.Fatalf("plain relay with STARTTLS required: err %v, %d mails; want a temporary error and none sent", err, len(plain.messages()))
		}
		wrong := &email.SMTPSender{Relay: r.addr, From: "info@voorbeeld.nl", TLS: email.RelayTLSStartTLS, TLSConfig: clientTLS,
			User: "loket", Password: "fout"}
		if _, err := wrong.Send(context.Background(), contact.OutMail{To: "inwoner@example.org", Subject: "x", Body: "y"}); err == nil {
			t.Fatal("a wrong relay password was accepted")
		}
	})
}

// TestSentMailHeaders: the mail the relay receives carries loket's own Message-ID once, the thread
// headers of the conversation and, for an automatic mail, Auto-Submitted (RFC 3834).
func TestSentMailHeaders(t *testing.T) {
	r := startRelay(t, &relay{})
	sender := &email.SMTPSender{Relay: r.addr, From: "Gemeente Voorbeeld <info@voorbeeld.nl>", TLS: email.RelayTLSOff}
	m := contact.OutMail{To: "inwoner@example.org", Subject: "Re: Afval", Body: "Beste inwoner,\n\nDe container wordt vrijdag geleegd.",
		MailID: "loket.1@voorbeeld.nl", InReplyTo: "vraag.7@example.org", References: []string{"vraag.6@example.org", "vraag.7@example.org"},
		Automatic: true}
	if _, err := sender.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	raw := r.messages()[0]
	for _, want := range []string{"Message-ID: <loket.1@voorbeeld.nl>\r\n", "In-Reply-To: <vraag.7@example.org>\r\n",
		"References: <vraag.6@example.org> <vraag.7@example.org>\r\n", "Auto-Submitted: auto-replied\r\n",
		"From: \"Gemeente Voorbeeld\" <info@voorbeeld.nl>\r\n", "Subject: Re: Afval\r\n", "De container wordt vrijdag geleegd."} {
		if !strings.Contains(raw, want) {
			t.Errorf("sent mail lacks %q:\n%s", want, raw)
		}
	}
	if n := strings.Count(raw, "Message-ID:"); n != 1 {
		t.Errorf("%d Message-ID headers", n)
	}
}

// outboxStates counts the outbox rows per state, sent ones included (the store's OutboxCounts counts only
// what still needs attention).
func outboxStates(t *testing.T, s *store.Store) map[string]int {
	t.Helper()
	rows, err := s.Query(context.Background(), `SELECT state, COUNT(*) FROM outbox GROUP BY state`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			t.Fatal(err)
		}
		counts[state] = n
	}
	return counts
}
