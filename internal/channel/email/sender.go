package email

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"loket/internal/contact"
	"loket/internal/outbox"
)

// TLS modes of the outbound relay connection.
const (
	RelayTLSStartTLS      = "starttls"      // STARTTLS required (port 587 or 25)
	RelayTLSOpportunistic = "opportunistic" // STARTTLS when the relay offers it
	RelayTLSImplicit      = "tls"           // TLS from the first byte (port 465)
	RelayTLSOff           = "off"           // plain text, for a relay on the same host
)

// SMTPSender delivers outbox e-mail through a relay with go-mail: STARTTLS or implicit TLS, AUTH when a
// user is set, and a timeout on the dial and on every command. It is the e-mail channel's outbox.Sender.
type SMTPSender struct {
	Relay     string // host:port
	From      string // "Gemeente Voorbeeld <info@voorbeeld.nl>"
	HeloName  string
	TLS       string // one of the RelayTLS modes; RelayTLSStartTLS when empty
	TLSConfig *tls.Config
	User      string // AUTH user; empty: no AUTH
	Password  string
	Timeout   time.Duration // dial and per-command timeout; 30 s when zero
	Clock     func() time.Time
}

// Send delivers one mail. The mail counts as sent once the relay answered 250 to its data: a connection
// that drops after that (at RSET or QUIT) does not make it fail, so it is never sent twice for that.
func (s *SMTPSender) Send(ctx context.Context, m contact.OutMail) (string, error) {
	msg, err := s.message(m)
	if err != nil {
		return "", outbox.Permanent(err)
	}
	c, err := s.client()
	if err != nil {
		return "", outbox.Permanent(err)
	}
	conn, err := c.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return "", classify(err)
	}
	sendErr := c.SendWithSMTPClient(conn, msg)
	c.CloseWithSMTPClient(conn) // QUIT; its answer does not change what the relay accepted
	if msg.IsDelivered() {
		return "", nil
	}
	if sendErr == nil {
		sendErr = errors.New("relay did not accept the message")
	}
	return "", classify(sendErr)
}

// classify marks a 5xx answer of the relay as permanent; everything else is retried.
func classify(err error) error {
	var se *gomail.SendError
	if errors.As(err, &se) && se.ErrorCode() >= 500 {
		return outbox.Permanent(err)
	}
	return err
}

func (s *SMTPSender) client() (*gomail.Client, error) {
	host, portText, err := net.SplitHostPort(s.Relay)
	if err != nil {
		return nil, fmt.Errorf("relay %q: %w", s.Relay, err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		return nil, fmt.Errorf("relay port %q: %w", portText, err)
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	opts := []gomail.Option{gomail.WithPort(port), gomail.WithTimeout(timeout), gomail.WithoutNoop()}
	if s.HeloName != "" {
		opts = append(opts, gomail.WithHELO(s.HeloName))
	}
	if s.TLSConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(s.TLSConfig))
	}
	switch s.TLS {
	case RelayTLSOff:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case RelayTLSOpportunistic:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case RelayTLSImplicit:
		opts = append(opts, gomail.WithSSL())
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.User != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(s.User),
			gomail.WithPassword(s.Password))
	}
	return gomail.NewClient(host, opts...)
}

// message writes an outbound mail: UTF-8, quoted-printable, with its Message-ID and thread headers.
// Automatic mails say so (Auto-Submitted), so that other systems do not answer them.
func (s *SMTPSender) message(m contact.OutMail) (*gomail.Msg, error) {
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return nil, fmt.Errorf("mail-from %q: %w", s.From, err)
	}
	msg := gomail.NewMsg(gomail.WithEncoding(gomail.EncodingQP), gomail.WithCharset(gomail.CharsetUTF8),
		gomail.WithNoDefaultUserAgent())
	if err := msg.FromFormat(from.Name, from.Address); err != nil {
		return nil, err
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("recipient %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	now := time.Now
	if s.Clock != nil {
		now = s.Clock
	}
	msg.SetDateWithValue(now())
	if id := msgID(m.MailID); id != "" {
		msg.SetMessageIDWithValue(strings.Trim(id, "<>"))
	}
	if id := msgID(m.InReplyTo); id != "" {
		msg.SetGenHeaderPreformatted(gomail.HeaderInReplyTo, id)
	}
	var refs []string
	for _, r := range m.References {
		if id := msgID(r); id != "" {
			refs = append(refs, id)
		}
	}
	if len(refs) > 0 {
		msg.SetGenHeaderPreformatted(gomail.HeaderReferences, strings.Join(refs, " "))
	}
	if m.Automatic {
		msg.SetGenHeader("Auto-Submitted", "auto-replied")
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	for _, a := range m.Attachments { // an appointment's or a hearing's calendar file
		if err := msg.AttachReader(a.Filename, bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(a.ContentType))); err != nil {
			return nil, fmt.Errorf("attachment %q: %w", a.Filename, err)
		}
	}
	return msg, nil
}

// msgID writes a message id in angle brackets, or "" when it holds characters a header cannot carry.
func msgID(id string) string {
	id = strings.Trim(strings.TrimSpace(id), "<>")
	if id == "" || strings.ContainsAny(id, "<>\r\n \t") {
		return ""
	}
	return "<" + id + ">"
}
