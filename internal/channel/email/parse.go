package email

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"maps"
	"mime"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // decode ISO-8859-1, Windows-1252 and other charsets
	gomail "github.com/emersion/go-message/mail"
	"github.com/microcosm-cc/bluemonday"

	"loket/internal/contact"
	"loket/internal/filetype"
)

// ErrMalformed is returned for a message that is not valid MIME.
var ErrMalformed = errors.New("mail: malformed message")

// Limits bound what intake keeps of one e-mail.
type Limits struct {
	MaxAttachmentBytes int64           // per attachment
	MaxAttachments     int             // per message
	MaxTextBytes       int             // of the text body
	AllowedTypes       map[string]bool // attachment media types that are kept
}

// DefaultLimits keep up to 10 attachments of 10 MB each of the common document and photo types: the
// contact centre's one set of file limits (contact.AttachmentTypes), which agents' replies follow too.
func DefaultLimits() Limits {
	return Limits{MaxAttachmentBytes: contact.MaxAttachmentBytes, MaxAttachments: contact.MaxAttachments, MaxTextBytes: 200 << 10,
		AllowedTypes: maps.Clone(contact.AttachmentTypes)}
}

// maxParts bounds the number of MIME parts read, so a crafted message cannot keep the parser busy.
const maxParts = 100

var (
	htmlPolicy = bluemonday.UGCPolicy()
	textPolicy = bluemonday.StrictPolicy()
	blockTags  = regexp.MustCompile(`(?i)<br\s*/?>|</p>|</div>|</li>|</tr>|</h[1-6]>`)
	blankLines = regexp.MustCompile(`\n{3,}`)
)

// Parse reads one e-mail: sender, subject, thread headers, the text (from the HTML part when there is no
// plain text), the sanitized HTML and the attachments that pass the limits. Dropped attachments are
// described in Notes, so an agent knows something was not kept.
func Parse(r io.Reader, lim Limits) (contact.Inbound, error) {
	in := contact.Inbound{Channel: contact.ChannelEmail} // ReceivedAt zero: the intake stamps it by the store's clock
	mr, err := gomail.CreateReader(r)
	if err != nil && !message.IsUnknownCharset(err) {
		return in, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	h := mr.Header
	readHeader(&in, h)
	var text, htmlBody strings.Builder
	var notes []string
	for n := 0; ; n++ {
		if n >= maxParts {
			return in, fmt.Errorf("%w: more than %d parts", ErrMalformed, maxParts)
		}
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
			return in, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		note, err := readPart(&in, p, &text, &htmlBody, lim)
		if err != nil {
			return in, err
		}
		if note != "" {
			notes = append(notes, note)
		}
	}
	in.HTML = SanitizeHTML(htmlBody.String())
	in.Text = cleanText(text.String())
	if in.Text == "" && htmlBody.Len() > 0 {
		in.Text = htmlToText(htmlBody.String())
	}
	if len(in.Text) > lim.MaxTextBytes {
		in.Text = strings.ToValidUTF8(in.Text[:lim.MaxTextBytes], "") + " …"
		notes = append(notes, "De tekst was langer dan 200 kB en is ingekort.")
	}
	in.Notes = strings.Join(notes, "\n")
	return in, nil
}

func readHeader(in *contact.Inbound, h gomail.Header) {
	if from, err := h.AddressList("From"); err == nil && len(from) > 0 {
		in.Name, in.Email = cleanLine(from[0].Name), strings.ToLower(from[0].Address)
	}
	if s, err := h.Subject(); err == nil {
		in.Subject = cleanLine(s)
	} else {
		in.Subject = cleanLine(h.Get("Subject"))
	}
	if id, err := h.MessageID(); err == nil {
		in.MailID = cleanID(id)
	}
	if ids, err := h.MsgIDList("In-Reply-To"); err == nil && len(ids) > 0 {
		in.InReplyTo = cleanID(ids[0])
	}
	if ids, err := h.MsgIDList("References"); err == nil {
		for _, id := range ids {
			if id = cleanID(id); id != "" && len(in.References) < 50 {
				in.References = append(in.References, id)
			}
		}
	}
	in.Automatic = IsAutomatic(h.Header)
}

// readPart adds one MIME leaf part to the message: text, HTML or an attachment.
func readPart(in *contact.Inbound, p *gomail.Part, text, htmlBody *strings.Builder, lim Limits) (string, error) {
	switch h := p.Header.(type) {
	case *gomail.InlineHeader:
		ct, _, _ := h.ContentType()
		if ct != "text/plain" && ct != "text/html" && ct != "" {
			return readAttachment(in, p.Body, "", ct, lim)
		}
		b, err := io.ReadAll(io.LimitReader(p.Body, int64(lim.MaxTextBytes)*4))
		if err != nil {
			return "", fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		if ct == "text/html" {
			htmlBody.Write(b)
		} else {
			if text.Len() > 0 {
				text.WriteString("\n\n")
			}
			text.Write(b)
		}
	case *gomail.AttachmentHeader:
		name, _ := h.Filename()
		ct, _, _ := h.ContentType()
		return readAttachment(in, p.Body, name, ct, lim)
	}
	return "", nil
}

func readAttachment(in *contact.Inbound, body io.Reader, name, ct string, lim Limits) (string, error) {
	name = safeFilename(name, ct)
	data, err := io.ReadAll(io.LimitReader(body, lim.MaxAttachmentBytes+1))
	if err != nil {
		return "", fmt.Errorf("%w: attachment %s: %v", ErrMalformed, name, err)
	}
	ct = strings.ToLower(ct)
	switch {
	case ct == "message/delivery-status" || ct == "message/rfc822" || ct == "text/rfc822-headers":
		return "", nil // the parts of a bounce report; the text part says what happened
	case len(in.Attachments) >= lim.MaxAttachments:
		return fmt.Sprintf("Bijlage %q is niet bewaard: er waren meer dan %d bijlagen.", name, lim.MaxAttachments), nil
	case int64(len(data)) > lim.MaxAttachmentBytes:
		return fmt.Sprintf("Bijlage %q is niet bewaard: groter dan %d MB.", name, lim.MaxAttachmentBytes>>20), nil
	case !lim.AllowedTypes[ct]:
		return fmt.Sprintf("Bijlage %q is niet bewaard: het bestandstype %s is niet toegestaan.", name, ct), nil
	case !filetype.Matches(ct, data):
		return fmt.Sprintf("Bijlage %q is niet bewaard: de inhoud past niet bij het type %s.", name, ct), nil
	}
	// The stored name carries the extension of the checked type, so the agent's program opens it as that.
	name = filetype.WithExtension(name, ct)
	in.Attachments = append(in.Attachments, contact.Attachment{Filename: name, ContentType: ct, Size: int64(len(data)), Data: data})
	return "", nil
}

// safeFilename keeps the base name without path parts or control characters; a missing name gets one.
func safeFilename(name, ct string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(strings.ToValidUTF8(name, ""))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, name)
	name = strings.Trim(name, ". ")
	if r := []rune(name); len(r) > 150 {
		name = string(r[:150])
	}
	if name == "" || name == "_" {
		name = "bijlage"
		if exts, _ := mime.ExtensionsByType(ct); len(exts) > 0 {
			name += exts[0]
		}
	}
	return name
}

// cleanLine makes a header value safe for one line of text.
func cleanLine(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300])
	}
	return s
}

func cleanID(id string) string {
	id = strings.TrimSpace(strings.Trim(id, "<> "))
	if len(id) > 250 || !utf8.ValidString(id) || strings.ContainsAny(id, " \t\r\n<>") {
		return ""
	}
	return id
}

// cleanText keeps valid UTF-8 with normal line ends and without control characters other than tab and newline.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(blankLines.ReplaceAllString(s, "\n\n"))
}

// htmlToText turns an HTML mail into plain text for the inbox and for suggestions.
func htmlToText(s string) string {
	s = blockTags.ReplaceAllString(s, "\n")
	s = html.UnescapeString(textPolicy.Sanitize(s))
	var b bytes.Buffer
	for _, line := range strings.Split(s, "\n") {
		b.WriteString(strings.TrimSpace(line))
		b.WriteByte('\n')
	}
	return cleanText(b.String())
}
