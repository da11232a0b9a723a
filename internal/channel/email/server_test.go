package email_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"loket/internal/channel/email"
	"loket/internal/channel/email/mailtest"
	"loket/internal/contact"
	"loket/internal/ratelimit"
)

// intakeServer runs loket's SMTP listener on loopback and collects what it delivers.
type intakeServer struct {
	addr string
	mu   sync.Mutex
	got  []contact.Inbound
}

func startIntake(t *testing.T, cfg email.ServerConfig) *intakeServer {
	t.Helper()
	is := &intakeServer{}
	cfg.Domain, cfg.Recipients = "voorbeeld.nl", []string{"info@voorbeeld.nl"}
	srv := email.NewServer(cfg, func(_ context.Context, in contact.Inbound) error {
		is.mu.Lock()
		is.got = append(is.got, in)
		is.mu.Unlock()
		return nil
	}, quiet)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	is.addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	return is
}

func mailFrom(from, body string) []byte {
	return []byte("From: " + from + "\r\nTo: info@voorbeeld.nl\r\nSubject: Vraag\r\n\r\n" + body + "\r\n")
}

// TestLongLinesAreAccepted reproduces finding 18: a line of 5,000 characters (an unwrapped HTML or text
// mail) was refused permanently with 554. It is accepted and stored whole.
func TestLongLinesAreAccepted(t *testing.T) {
	is := startIntake(t, email.ServerConfig{})
	line := strings.Repeat("Mijn container is al drie weken niet geleegd. ", 110) // 47 × 110 = 5,170 characters
	if err := mailtest.Send(is.addr, "a@example.org", []string{"info@voorbeeld.nl"}, mailFrom("a@example.org", line)); err != nil {
		t.Fatalf("a 5,170-character line was refused: %v", err)
	}
	if len(is.got) != 1 || is.got[0].Text != strings.TrimSpace(line) {
		t.Fatalf("stored %d messages; text intact: %v", len(is.got), len(is.got) == 1 && is.got[0].Text == strings.TrimSpace(line))
	}
}

// TestSessionCap reproduces the memory exhaustion of finding 4: with room for 2 sessions, a third
// connection is told 421 at once (and holds nothing), and is admitted again once a session ends.
func TestSessionCap(t *testing.T) {
	is := startIntake(t, email.ServerConfig{MaxSessions: 2})
	greet := func() (net.Conn, string) {
		c, err := net.Dial("tcp", is.addr)
		if err != nil {
			t.Fatal(err)
		}
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		line, _ := bufio.NewReader(c).ReadString('\n')
		return c, line
	}
	a, la := greet()
	b, lb := greet()
	if !strings.HasPrefix(la, "220") || !strings.HasPrefix(lb, "220") {
		t.Fatalf("first two sessions: %q, %q", la, lb)
	}
	c, lc := greet()
	c.Close()
	if !strings.HasPrefix(lc, "421 4.3.2") {
		t.Fatalf("third session got %q, want 421", lc)
	}
	a.Close()
	defer b.Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		d, ld := greet()
		d.Close()
		if strings.HasPrefix(ld, "220") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no session admitted after one ended: %q", ld)
		}
	}
}

// TestPerSourceLimit: one source address may hand in 3 messages; the fourth is told 450 (try later)
// at MAIL FROM, before it sends any data, and nothing of it is stored.
func TestPerSourceLimit(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	is := startIntake(t, email.ServerConfig{PerSource: ratelimit.New(3, time.Hour, 3).WithClock(func() time.Time { return now })})
	for i := range 4 {
		from := fmt.Sprintf("p%d@example.org", i) // every message claims another sender: the limit is on the source
		err := mailtest.Send(is.addr, from, []string{"info@voorbeeld.nl"}, mailFrom(from, "Vraag"))
		var se *smtp.SMTPError
		switch {
		case i < 3 && err != nil:
			t.Fatalf("message %d refused: %v", i+1, err)
		case i == 3 && (!asSMTP(err, &se) || se.Code != 450):
			t.Fatalf("message 4: %v, want 450", err)
		}
	}
	if len(is.got) != 3 {
		t.Fatalf("stored %d, want 3", len(is.got))
	}
}

func asSMTP(err error, se **smtp.SMTPError) bool {
	e, ok := err.(*smtp.SMTPError)
	*se = e
	return ok
}
