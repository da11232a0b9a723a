package email

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"time"

	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-smtp"

	"loket/internal/contact"
	"loket/internal/store"
)

// Sender delivers the outbox through an SMTP relay, with retries and exponential back-off.
type Sender struct {
	Store       *store.Store
	Relay       string // host:port of the SMTP relay
	From        string // "Gemeente Voorbeeld <info@voorbeeld.nl>"
	HeloName    string
	Log         *slog.Logger
	Poll        time.Duration // how often the outbox is read; 2 s when zero
	MaxAttempts int           // after this many failures a mail is given up; 12 when zero
}

// Backoff is the wait after the n-th failed attempt: 30 s doubling each time, at most 6 hours.
func Backoff(n int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < n && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

// Run sends due mail until ctx ends.
func (s *Sender) Run(ctx context.Context) {
	poll := s.Poll
	if poll <= 0 {
		poll = 2 * time.Second
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if _, err := s.SendDue(ctx); err != nil && ctx.Err() == nil {
			s.Log.Error("outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// SendDue sends every mail that is due now and returns how many went out.
func (s *Sender) SendDue(ctx context.Context) (int, error) {
	due, err := s.Store.ClaimOutbox(ctx, 50, 5*time.Minute)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, m := range due {
		err := s.send(ctx, m)
		if err == nil {
			sent++
			err = s.Store.MarkOutboxSent(ctx, m.ID)
		} else {
			s.Log.Warn("send e-mail", "outbox", m.ID, "attempt", m.Attempts+1, "err", err)
			err = s.Store.MarkOutboxFailed(ctx, m.ID, err.Error(), s.retryAt(m, err))
		}
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// retryAt is when a failed mail is tried again; zero gives it up: a permanent refusal or too many attempts.
func (s *Sender) retryAt(m store.QueuedMail, err error) time.Time {
	var se *smtp.SMTPError
	return RetryAt(m.Attempts, s.MaxAttempts, errors.As(err, &se) && se.Code >= 500)
}

// RetryAt is when a message that failed after attempts earlier attempts is tried again, after Backoff; zero
// gives it up: the refusal was permanent or maxAttempts (12 when zero) is reached. Every outbox sender
// (e-mail, WhatsApp) retries this way.
func RetryAt(attempts, maxAttempts int, permanent bool) time.Time {
	if maxAttempts <= 0 {
		maxAttempts = 12
	}
	if permanent || attempts+1 >= maxAttempts {
		return time.Time{}
	}
	return time.Now().Add(Backoff(attempts + 1))
}

func (s *Sender) send(ctx context.Context, m store.QueuedMail) error {
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return fmt.Errorf("mail-from %q: %w", s.From, err)
	}
	msg, err := s.compose(ctx, from, m)
	if err != nil {
		return err
	}
	c, err := smtp.Dial(s.Relay)
	if err != nil {
		return err
	}
	defer c.Close()
	if s.HeloName != "" {
		if err := c.Hello(s.HeloName); err != nil {
			return err
		}
	}
	if err := c.SendMail(from.Address, []string{m.To}, bytes.NewReader(msg)); err != nil {
		return err
	}
	return c.Quit()
}

// Compose writes an outbound mail as RFC 5322 text: UTF-8, quoted-printable, with its Message-ID and thread
// headers. Automatic mails say so (Auto-Submitted), so that other systems do not answer them.
func Compose(from *mail.Address, m contact.OutMail, date time.Time) ([]byte, error) {
	var h gomail.Header
	h.SetDate(date)
	h.SetAddressList("From", []*gomail.Address{{Name: from.Name, Address: from.Address}})
	h.SetAddressList("To", []*gomail.Address{{Address: m.To}})
	h.SetSubject(m.Subject)
	h.SetMessageID(m.MailID)
	if m.InReplyTo != "" {
		h.SetMsgIDList("In-Reply-To", []string{m.InReplyTo})
	}
	if len(m.References) > 0 {
		h.SetMsgIDList("References", m.References)
	}
	if m.Automatic {
		h.Set("Auto-Submitted", "auto-replied")
	}
	h.Set("MIME-Version", "1.0")
	h.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	h.Set("Content-Transfer-Encoding", "quoted-printable")
	var buf bytes.Buffer
	w, err := gomail.CreateSingleInlineWriter(&buf, h)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write([]byte(m.Body)); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
