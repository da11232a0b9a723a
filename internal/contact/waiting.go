package contact

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"loket/internal/calendar"
)

// WaitingRules say when loket reminds a resident who has not answered, and when it closes the question:
// after this many working days of waiting (Monday to Friday without public holidays); 0 turns a step off.
type WaitingRules struct {
	RemindAfter int
	CloseAfter  int
	// WhatsAppTemplate is the approved WhatsApp template that tells a resident their question was closed
	// when their last message is older than the 24-hour window; its one body variable {{1}} is the
	// reference number. Empty: outside the window the resident is not told, and the thread says so.
	WhatsAppTemplate string
}

// WhatsAppWindow is WhatsApp's customer-service window: after a resident's last message, free text may be
// sent for this long; after it only an approved template message.
const WhatsAppWindow = 24 * time.Hour

// ClosingNotice is how a conversation closed after waiting tells the resident: by e-mail, or by WhatsApp
// (free text inside the window, the template outside it). Note goes into the thread for the agents when
// no message can go: no template is set, or the person has no WhatsApp number.
type ClosingNotice struct {
	Mail     OutMail
	WhatsApp *WhatsAppMessage
	Note     string
}

// WhatsAppMessage is a WhatsApp message loket sends by itself: free text, or an approved template with
// its body variables (Text is then what the thread shows).
type WhatsAppMessage struct {
	Text     string
	Template string
	Params   []string
}

// DefaultWaitingRules remind after 5 working days and close after 10.
var DefaultWaitingRules = WaitingRules{RemindAfter: 5, CloseAfter: 10}

// WorkingDaysBetween counts the working days after the day of from up to and including the day of to,
// in Dutch time: waiting since Friday, on the Monday after one working day has passed.
func WorkingDaysBetween(from, to time.Time) int {
	d := dateIn(from).AddDate(0, 0, 1)
	end := dateIn(to)
	n := 0
	for ; !d.After(end); d = d.AddDate(0, 0, 1) {
		if calendar.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

func dateIn(t time.Time) time.Time {
	t = t.In(calendar.Amsterdam)
	return time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, calendar.Amsterdam)
}

// WaitingConversation is a conversation waiting for the resident, with when they were reminded (zero: not).
type WaitingConversation struct {
	Conversation
	RemindedAt time.Time
}

// WaitingStep is what is due for a waiting conversation at a moment.
type WaitingStep int

// The steps of a waiting conversation.
const (
	WaitNothing WaitingStep = iota
	WaitRemind
	WaitClose
)

// Step says whether a conversation waiting since since, reminded or not, gets a reminder or is closed at now.
func (w WaitingRules) Step(since time.Time, reminded bool, now time.Time) WaitingStep {
	if since.IsZero() {
		return WaitNothing
	}
	days := WorkingDaysBetween(since, now)
	switch {
	case w.CloseAfter > 0 && days >= w.CloseAfter:
		return WaitClose
	case w.RemindAfter > 0 && days >= w.RemindAfter && !reminded:
		return WaitRemind
	}
	return WaitNothing
}

// ParseWaitingRules reads the setting "5/10": remind after 5 working days of waiting, close after 10;
// "0/0" turns both off, "" keeps DefaultWaitingRules.
func ParseWaitingRules(s string) (WaitingRules, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultWaitingRules, nil
	}
	remind, closeAfter, ok := strings.Cut(s, "/")
	r, err1 := strconv.Atoi(strings.TrimSpace(remind))
	c, err2 := strconv.Atoi(strings.TrimSpace(closeAfter))
	if !ok || err1 != nil || err2 != nil {
		return WaitingRules{}, fmt.Errorf("%q: write remind/close in working days, such as 5/10 (0 turns a step off)", s)
	}
	w := WaitingRules{RemindAfter: r, CloseAfter: c}
	return w, w.Validate()
}

// Validate checks the rules as a setting.
func (w WaitingRules) Validate() error {
	if w.RemindAfter < 0 || w.CloseAfter < 0 || w.RemindAfter > 60 || w.CloseAfter > 120 {
		return fmt.Errorf("waiting rules: use 0 to 60 working days for the reminder and 0 to 120 for closing")
	}
	if w.CloseAfter > 0 && w.RemindAfter >= w.CloseAfter {
		return fmt.Errorf("waiting rules: the reminder (%d working days) must come before closing (%d)", w.RemindAfter, w.CloseAfter)
	}
	return nil
}

// WaitingReminder is the e-mail that asks a resident who has not answered whether the question still stands.
func (m Mailer) WaitingReminder(c Conversation, closeAfter int) OutMail {
	body := fmt.Sprintf("Beste %s,\n\nWe wachten nog op uw antwoord op onze vraag over %s (nummer %s). "+
		"Beantwoord deze e-mail als u ons nog iets wilt laten weten.\n\n", greetingName(c.PartyName), subjectOr(c), c.Reference)
	if closeAfter > 0 {
		body += "Horen we niets van u? Dan sluiten we uw vraag over een paar werkdagen. U kunt daarna altijd een nieuwe vraag stellen.\n\n"
	}
	body += "Met vriendelijke groet,\n" + m.signature() + "\n"
	return OutMail{MailID: m.NewMailID(), To: c.PartyEmail, Subject: Subject(c), Body: body, Automatic: true}
}

// WaitingClosed tells a resident that their question was closed because no answer came.
func (m Mailer) WaitingClosed(c Conversation) OutMail {
	body := fmt.Sprintf("Beste %s,\n\nWe hebben lang niets van u gehoord over %s (nummer %s). Daarom hebben we uw vraag gesloten.\n\n"+
		"Heeft u nog een vraag? Beantwoord dan deze e-mail. Dan openen we uw vraag weer.\n\nMet vriendelijke groet,\n%s\n",
		greetingName(c.PartyName), subjectOr(c), c.Reference, m.signature())
	return OutMail{MailID: m.NewMailID(), To: c.PartyEmail, Subject: Subject(c), Body: body, Automatic: true}
}

// WaitingClosedWhatsApp is the WhatsApp message, inside the 24-hour window, that tells a resident their
// question was closed because no answer came. A new message starts a new question.
func (m Mailer) WaitingClosedWhatsApp(c Conversation) string {
	return fmt.Sprintf("We hebben lang niets van u gehoord over %s (nummer %s). Daarom hebben we uw vraag gesloten. "+
		"Heeft u nog een vraag? Stuur ons dan een nieuw bericht.\n\n%s", subjectOr(c), c.Reference, m.signature())
}

func subjectOr(c Conversation) string {
	if c.Subject == "" {
		return "uw vraag"
	}
	return "\"" + c.Subject + "\""
}
