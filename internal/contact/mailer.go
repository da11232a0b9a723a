package contact

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
)

// OutMail is an e-mail loket sends; it is written to the outbox in the same transaction as its message.
type OutMail struct {
	MailID     string // Message-ID without angle brackets, fixed at enqueue so retries keep it
	To         string
	Subject    string
	Body       string
	InReplyTo  string
	References []string
	Automatic  bool // sent by loket itself (confirmation, satisfaction): marked Auto-Submitted
	// Attachments are files sent with the mail (an appointment's calendar file), from outbox_attachments.
	Attachments []Attachment
}

// Mailer writes the e-mails loket sends to residents.
type Mailer struct {
	Domain       string // right-hand side of Message-IDs: voorbeeld.nl
	BaseURL      string // for links in e-mails
	Municipality string // signature: Gemeente Voorbeeld
}

// NewMailID returns a fresh, unguessable Message-ID for an outbound e-mail.
func (m Mailer) NewMailID() string {
	b := make([]byte, 16)
	rand.Read(b)
	domain := m.Domain
	if domain == "" {
		domain = "loket.invalid"
	}
	return "loket." + hex.EncodeToString(b) + "@" + domain
}

// Subject is the subject of every e-mail about a conversation: its own subject with the reference, so a
// reply threads even when the mail program drops In-Reply-To.
func Subject(c Conversation) string {
	s := strings.TrimSpace(c.Subject)
	if s == "" {
		s = "Uw vraag"
	}
	if FindReference(s) == "" {
		s += " [" + c.Reference + "]"
	}
	if !strings.HasPrefix(strings.ToLower(s), "re:") {
		s = "Re: " + s
	}
	return s
}

// Confirmation is the automatic e-mail that tells a resident their question arrived.
func (m Mailer) Confirmation(c Conversation, question string) OutMail {
	body := fmt.Sprintf("Beste %s,\n\nWe hebben uw vraag ontvangen. Uw nummer is %s. "+
		"Noem dit nummer als u contact met ons opneemt.\n\n"+
		"We geven binnen 1 werkdag antwoord. Wilt u iets aanvullen? Beantwoord dan deze e-mail.\n\n"+
		"Met vriendelijke groet,\n%s\n\n---\nUw vraag:\n%s\n", greetingName(c.PartyName), c.Reference, m.signature(), quote(question))
	return OutMail{MailID: m.NewMailID(), To: c.PartyEmail, Subject: Subject(c), Body: body, Automatic: true}
}

// ConfirmationsPerDay is how many confirmations one address gets in 24 hours: a spoofed sender or an
// unverified form address cannot turn loket into a source of mail to a stranger (backscatter).
const ConfirmationsPerDay = 3

// ConfirmationFor decides the confirmation of a new conversation: none when the address already had
// ConfirmationsPerDay of them in the last 24 hours or the sender's limit was reached; to an address that
// has not written before (which may not be the one who wrote) only the first line of the question is
// quoted, so loket never sends a stranger's whole text to whoever's address was given.
func (m Mailer) ConfirmationFor(c Conversation, in Inbound, wroteBefore bool, sentToday int) (OutMail, bool) {
	if in.Automatic || in.Email == "" || in.SkipConfirmation || sentToday >= ConfirmationsPerDay {
		return OutMail{}, false
	}
	question := in.Text
	if !wroteBefore {
		question = firstLine(question)
	}
	mail := m.Confirmation(c, question)
	if in.MailID != "" {
		mail.InReplyTo, mail.References = in.MailID, []string{in.MailID}
	}
	return mail, true
}

// firstLine is the first non-empty line of a text, at most 100 characters.
func firstLine(text string) string {
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			if r := []rune(line); len(r) > 100 {
				return string(r[:100]) + " …"
			}
			return line
		}
	}
	return ""
}

// Reply is an agent's answer, threaded under the messages it answers.
func (m Mailer) Reply(c Conversation, text string, thread []string) OutMail {
	mail := OutMail{MailID: m.NewMailID(), To: c.PartyEmail, Subject: Subject(c),
		Body: strings.TrimSpace(text) + "\n\n" + "Uw nummer: " + c.Reference + "\n" + m.signature() + "\n"}
	if len(thread) > 0 {
		mail.InReplyTo = thread[len(thread)-1]
		mail.References = thread
	}
	return mail
}

// Satisfaction asks, after closing, how satisfied the resident is; each score is one click.
func (m Mailer) Satisfaction(c Conversation, token string) OutMail {
	var b strings.Builder
	fmt.Fprintf(&b, "Beste %s,\n\nUw vraag met nummer %s is afgehandeld. Hoe tevreden bent u over ons antwoord? "+
		"Klik op een cijfer. 1 is heel ontevreden, 5 is heel tevreden.\n\n", greetingName(c.PartyName), c.Reference)
	for score := 1; score <= 5; score++ {
		fmt.Fprintf(&b, "%d: %s/tevredenheid/%s?cijfer=%d\n", score, m.BaseURL, token, score)
	}
	fmt.Fprintf(&b, "\nMet vriendelijke groet,\n%s\n", m.signature())
	return OutMail{MailID: m.NewMailID(), To: c.PartyEmail, Subject: Subject(c), Body: b.String(), Automatic: true}
}

func (m Mailer) signature() string {
	if m.Municipality == "" {
		return "Gemeente Voorbeeld"
	}
	return m.Municipality
}

func greetingName(name string) string {
	if strings.TrimSpace(name) == "" {
		return "heer, mevrouw"
	}
	return name
}

func quote(text string) string {
	text = strings.TrimSpace(text)
	if r := []rune(text); len(r) > 2000 {
		text = string(r[:2000]) + " …"
	}
	return "> " + strings.ReplaceAll(text, "\n", "\n> ")
}
