// Package mailtest runs a real SMTP server on loopback that stands in for the relay in tests and keeps
// every message loket sends.
package mailtest

import (
	"bytes"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one captured e-mail.
type Message struct {
	From string
	To   []string
	Raw  []byte
}

// Relay is a capturing SMTP server.
type Relay struct {
	Addr string
	mu   sync.Mutex
	msgs []Message
	// Refuse makes the next n deliveries fail with a temporary error, to test retries.
	refuse int
	notify chan struct{}
}

// StartRelay listens on a free loopback port until the test ends.
func StartRelay(t testing.TB) *Relay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &Relay{Addr: ln.Addr().String(), notify: make(chan struct{}, 1)}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{r: r}, nil }))
	srv.Domain = "relay.test"
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return r
}

// RefuseNext makes the next n messages fail with 451, as a relay that is briefly unavailable does.
func (r *Relay) RefuseNext(n int) {
	r.mu.Lock()
	r.refuse = n
	r.mu.Unlock()
}

// Messages returns what was captured so far.
func (r *Relay) Messages() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Message(nil), r.msgs...)
}

// WaitFor waits until match accepts a captured message and returns it; it fails the test after timeout.
func (r *Relay) WaitFor(t testing.TB, timeout time.Duration, match func(Message) bool) Message {
	t.Helper()
	deadline := time.After(timeout)
	for {
		for _, m := range r.Messages() {
			if match(m) {
				return m
			}
		}
		select {
		case <-r.notify:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatalf("no matching e-mail within %s; captured %d", timeout, len(r.Messages()))
		}
	}
}

type session struct {
	r    *Relay
	from string
	to   []string
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error { s.from = from; return nil }
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error   { s.to = append(s.to, to); return nil }
func (s *session) Reset()                                      { s.from, s.to = "", nil }
func (s *session) Logout() error                               { return nil }

func (s *session) Data(rd io.Reader) error {
	var b bytes.Buffer
	if _, err := io.Copy(&b, rd); err != nil {
		return err
	}
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	if s.r.refuse > 0 {
		s.r.refuse--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 4, 1}, Message: "try again later"}
	}
	s.r.msgs = append(s.r.msgs, Message{From: s.from, To: s.to, Raw: b.Bytes()})
	select {
	case s.r.notify <- struct{}{}:
	default:
	}
	return nil
}

// Send delivers a raw message to an SMTP server, as a mail program would, and returns the server's error.
func Send(addr, from string, to []string, raw []byte) error {
	c, err := smtp.Dial(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.SendMail(from, to, bytes.NewReader(raw)); err != nil {
		return err
	}
	return c.Quit()
}
