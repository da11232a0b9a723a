package email

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"

	"loket/internal/contact"
	"loket/internal/ratelimit"
)

// Deliver stores one received message and returns only after it is committed.
type Deliver func(ctx context.Context, in contact.Inbound) error

// ServerConfig is how the SMTP listener behaves.
type ServerConfig struct {
	Domain          string   // announced in the greeting
	Recipients      []string // addresses mail is accepted for, such as info@voorbeeld.nl
	MaxMessageBytes int64    // larger messages are refused with 552
	Limits          Limits
	MaxSessions     int              // conversations at once; more are told 421 (try later); 16 when zero
	PerSource       *ratelimit.Keyed // messages per source address; nil: no limit
	// ConfirmPerSource bounds the confirmations one source address can cause; past it messages are stored
	// without one (a spoofed From must not make loket mail strangers). nil: no limit of its own.
	ConfirmPerSource *ratelimit.Keyed
}

// Server is loket's SMTP listener.
type Server struct {
	smtp    *smtp.Server
	cfg     ServerConfig
	deliver Deliver
	log     *slog.Logger
	allowed map[string]bool
	router  atomic.Pointer[Router] // when set, it decides the recipients instead of allowed
}

// Mailbox is where mail for one recipient goes: the inbox of one municipality.
type Mailbox struct {
	Key     string // the same for every address of one inbox: a message to two of them is stored once
	Deliver Deliver
}

// Router finds the inbox of a recipient address; false refuses the address (550).
type Router func(rcpt string) (Mailbox, bool)

// Route lets r decide the recipients from now on: a deployment routes each address to its municipality.
func (s *Server) Route(r Router) { s.router.Store(&r) }

// DefaultMaxSessions is how many SMTP conversations run at once when ServerConfig says nothing: each
// may hold a message of up to MaxMessageBytes in memory.
const DefaultMaxSessions = 16

// NewServer builds a listener that hands every accepted message to deliver.
func NewServer(cfg ServerConfig, deliver Deliver, log *slog.Logger) *Server {
	if cfg.MaxMessageBytes <= 0 {
		cfg.MaxMessageBytes = 30 << 20
	}
	if cfg.Limits.AllowedTypes == nil {
		cfg.Limits = DefaultLimits()
	}
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	s := &Server{cfg: cfg, deliver: deliver, log: log, allowed: map[string]bool{}}
	for _, r := range cfg.Recipients {
		s.allowed[strings.ToLower(strings.TrimSpace(r))] = true
	}
	srv := smtp.NewServer(s)
	srv.Domain = cfg.Domain
	srv.MaxMessageBytes = cfg.MaxMessageBytes
	// RFC 5322 asks for lines of at most 998 characters, but real mail (unwrapped HTML, long base64
	// lines) has longer ones: any line is accepted as long as the message fits the size limit.
	srv.MaxLineLength = int(cfg.MaxMessageBytes)
	srv.MaxRecipients = 20
	srv.ReadTimeout = 2 * time.Minute
	srv.WriteTimeout = 1 * time.Minute
	srv.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn)
	s.smtp = srv
	return s
}

// Serve accepts SMTP connections on ln until Close, at most MaxSessions at once.
func (s *Server) Serve(ln net.Listener) error {
	err := s.smtp.Serve(&sessionLimit{Listener: ln, slots: make(chan struct{}, s.cfg.MaxSessions), domain: s.cfg.Domain})
	if errors.Is(err, smtp.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting connections and waits for running sessions until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error { return s.smtp.Shutdown(ctx) }

// NewSession starts one SMTP conversation.
func (s *Server) NewSession(c *smtp.Conn) (smtp.Session, error) {
	source := c.Conn().RemoteAddr().String()
	if host, _, err := net.SplitHostPort(source); err == nil {
		source = host
	}
	return &session{srv: s, source: source}, nil
}

type session struct {
	srv      *Server
	source   string // the client's IP address
	from     string
	hasFrom  bool
	accepted int
	targets  []Mailbox // the inboxes of the accepted recipients, each once
}

var (
	errUnknownRecipient = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1},
		Message: "No mailbox here by that name; write to one of the municipality's addresses"}
	errTemporary = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0},
		Message: "Message not stored because of a temporary problem; please try again later"}
	errTooManyFromSource = &smtp.SMTPError{Code: 450, EnhancedCode: smtp.EnhancedCode{4, 7, 1},
		Message: "Too many messages from your address; please try again later"}
)

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.srv.cfg.PerSource != nil && !s.srv.cfg.PerSource.Allow(s.source) {
		return errTooManyFromSource
	}
	s.from, s.hasFrom = from, true
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if r := s.srv.router.Load(); r != nil {
		box, ok := (*r)(strings.ToLower(to))
		if !ok {
			return errUnknownRecipient
		}
		if !slices.ContainsFunc(s.targets, func(m Mailbox) bool { return m.Key == box.Key }) {
			s.targets = append(s.targets, box)
		}
		s.accepted++
		return nil
	}
	if !s.srv.allowed[strings.ToLower(to)] {
		return errUnknownRecipient
	}
	s.targets = append(s.targets[:0], Mailbox{Deliver: s.srv.deliver})
	s.accepted++
	return nil
}

// Data parses the message as it arrives (it is never held in memory whole) and stores it; 250 goes back
// only after the store committed it.
func (s *session) Data(r io.Reader) error {
	src := &readErr{r: r}
	in, err := Parse(src, s.srv.cfg.Limits)
	io.Copy(io.Discard, src) // read to the end: what the parser left may still be too large, or cut off
	if src.err != nil {
		return src.err // go-smtp's own 552 when the message is too large, or the connection's error
	}
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0},
			Message: "Message could not be read: " + strings.TrimPrefix(err.Error(), "mail: ")}
	}
	if s.from == "" {
		in.Automatic = true // an empty return path: a bounce or other automatic message
	}
	if in.Email == "" {
		in.Email = strings.ToLower(s.from)
	}
	if s.srv.cfg.ConfirmPerSource != nil && !s.srv.cfg.ConfirmPerSource.Allow(s.source) {
		in.SkipConfirmation = true
	}
	if in.Email == "" {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0},
			Message: "Message has no sender address in From or the return path"}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Each inbox gets its own copy; when one fails the sender retries, and the inboxes that stored it
	// already know it by its Message-ID.
	for _, box := range s.targets {
		if err := box.Deliver(ctx, in); err != nil {
			s.srv.log.Error("store incoming e-mail", "inbox", box.Key, "err", err)
			return errTemporary
		}
	}
	return nil
}

func (s *session) Reset()        { s.from, s.hasFrom, s.accepted, s.targets = "", false, 0, nil }
func (s *session) Logout() error { return nil }

// readErr remembers the error of the reader under the parser, so a message that is too large is answered
// with go-smtp's 552 and not as a malformed message.
type readErr struct {
	r   io.Reader
	err error
}

func (r *readErr) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		r.err = err
	}
	return n, err
}

// sessionLimit is a listener that holds at most cap(slots) connections at once; one more is told
// 421 (RFC 5321: service not available, try later) and closed, before it can send anything.
type sessionLimit struct {
	net.Listener
	slots  chan struct{}
	domain string
}

// Accept waits for a connection and admits it only when a slot is free.
func (l *sessionLimit) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		select {
		case l.slots <- struct{}{}:
			return &slotConn{Conn: c, release: func() { <-l.slots }}, nil
		default:
			c.SetWriteDeadline(time.Now().Add(5 * time.Second)) // a socket deadline is real time, not the injected clock
			io.WriteString(c, "421 4.3.2 "+l.domain+" Too many connections; please try again later\r\n")
			c.Close()
		}
	}
}

// slotConn gives its slot back once, when it is closed.
type slotConn struct {
	net.Conn
	once    sync.Once
	release func()
}

// Close closes the connection and frees its slot.
func (c *slotConn) Close() error {
	c.once.Do(c.release)
	return c.Conn.Close()
}
