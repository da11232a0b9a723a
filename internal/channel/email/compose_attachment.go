package email

import (
	"bytes"
	"context"
	"errors"
	"net/mail"
	"time"

	gomail "github.com/emersion/go-message/mail"

	"loket/internal/contact"
	"loket/internal/request"
	"loket/internal/store"
)

// compose writes a queued mail; a request mail that carries an attachment (a hearing's calendar
// file, kept beside its outbox row) goes out as multipart/mixed with it.
func (s *Sender) compose(ctx context.Context, from *mail.Address, m store.QueuedMail) ([]byte, error) {
	a, err := s.Store.RequestMailAttachment(ctx, m.MailID)
	if errors.Is(err, store.ErrNotFound) {
		return Compose(from, m.OutMail, time.Now())
	}
	if err != nil {
		return nil, err
	}
	return ComposeWithAttachment(from, m.OutMail, a, time.Now())
}

// ComposeWithAttachment writes m as RFC 5322 text with its body as the inline part and a as an
// attachment, with the same headers as Compose.
func ComposeWithAttachment(from *mail.Address, m contact.OutMail, a request.Attachment, date time.Time) ([]byte, error) {
	var h gomail.Header
	h.SetDate(date)
	h.SetAddressList("From", []*gomail.Address{{Name: from.Name, Address: from.Address}})
	h.SetAddressList("To", []*gomail.Address{{Address: m.To}})
	h.SetSubject(m.Subject)
	h.SetMessageID(m.MailID)
	if m.Automatic {
		h.Set("Auto-Submitted", "auto-replied")
	}
	var buf bytes.Buffer
	mw, err := gomail.CreateWriter(&buf, h)
	if err != nil {
		return nil, err
	}
	iw, err := mw.CreateInline()
	if err != nil {
		return nil, err
	}
	var th gomail.InlineHeader
	th.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	th.Set("Content-Transfer-Encoding", "quoted-printable")
	pw, err := iw.CreatePart(th)
	if err != nil {
		return nil, err
	}
	if _, err := pw.Write([]byte(m.Body)); err != nil {
		return nil, err
	}
	if err := errors.Join(pw.Close(), iw.Close()); err != nil {
		return nil, err
	}
	var ah gomail.AttachmentHeader
	ah.Set("Content-Type", a.ContentType)
	ah.SetFilename(a.Name)
	ah.Set("Content-Transfer-Encoding", "base64")
	aw, err := mw.CreateAttachment(ah)
	if err != nil {
		return nil, err
	}
	if _, err := aw.Write(a.Data); err != nil {
		return nil, err
	}
	if err := errors.Join(aw.Close(), mw.Close()); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
