package email

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/emersion/go-smtp"

	"loket/internal/contact"
)

// Deliver stores one received message and returns only after it is committed.
type Deliver func(ctx context.Context, in contact.Inbound) error

// ServerConfig is how the SMTP listener behaves.
type ServerConfig struct {
	Domain          string   // announced in the greeting
	Recipients      []string // addresses mail is accepted for, such as info@voorbeeld.nl
	MaxMessageBytes int64    // larger messages are refused with 552
	Limits          Limits
}

// Server is loket's SMTP listener.
type Server struct {
	smtp    *smtp.Server
	cfg     ServerConfig
	deliver Deliver
	log     *slog.Logger
	allowed map[string]bool
}

// NewServer builds a listener that hands every accepted message to deliver.
func NewServer(cfg ServerConfig, deliver Deliver, log *slog.Logger) *Server {
	if cfg.MaxMessageBytes <= 0 {
		cfg.MaxMessageBytes = 30 << 20
	}
	if cfg.Limits.AllowedTypes == nil {
		cfg.Limits = DefaultLimits()
	}
	s := &Server{cfg: cfg, deliver: deliver, log: log, allowed: map[string]bool{}}
	for _, r := range cfg.Recipients {
		s.allowed[strings.ToLower(strings.TrimSpace(r))] = true
	}
	srv := smtp.NewServer(s)
	srv.Domain = cfg.Domain
	srv.MaxMessageBytes = cfg.MaxMessageBytes
	srv.MaxRecipients = 20
	srv.ReadTimeout = 2 * time.Minute
	srv.WriteTimeout = 1 * time.Minute
	srv.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn)
	s.smtp = srv
	return s
}

// Serve accepts SMTP connections on ln until Close.
func (s *Server) Serve(ln net.Listener) error {
	err := s.smtp.Serve(ln)
	if errors.Is(err, smtp.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting connections and waits for running sessions until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error { return s.smtp.Shutdown(ctx) }

// NewSession starts one SMTP conversation.
func (s *Server) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{srv: s}, nil
}

type session struct {
	srv      *Server
	from     string
	hasFrom  bool
	accepted int
}

var (
	errUnknownRecipient = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1},
		Message: "No mailbox here by that name; write to one of the municipality's addresses"}
	errTemporary = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0},
		Message: "Message not stored because of a temporary problem; please try again later"}
)

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.from, s.hasFrom = from, true
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if !s.srv.allowed[strings.ToLower(to)] {
		return errUnknownRecipient
	}
	s.accepted++
	return nil
}

// Data reads, parses and stores the message; 250 goes back only after the store committed it.
func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err // go-smtp's own 552 when the message is too large
	}
	in, err := Parse(bytes.NewReader(raw), s.srv.cfg.Limits)
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
	if in.Email == "" {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0},
			Message: "Message has no sender address in From or the return path"}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.srv.deliver(ctx, in); err != nil {
		s.srv.log.Error("store incoming e-mail", "err", err)
		return errTemporary
	}
	return nil
}

func (s *session) Reset()        { s.from, s.hasFrom, s.accepted = "", false, 0 }
func (s *session) Logout() error { return nil }
