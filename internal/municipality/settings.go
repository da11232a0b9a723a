// Package municipality holds who the municipality is, as its administrator sets it: name, logo, theme
// colours, contact details and opening hours, the answer-time promise, reference prefixes, the sender of
// outbound mail, the home page's top tasks and the footer links. Every page and e-mail that names the
// municipality or states a promise reads it from here; no other code names a municipality.
package municipality

import (
	"fmt"
	"strings"
)

// Settings describe one municipality.
type Settings struct {
	Name      string  `json:"name"`       // "Gemeente Anders"
	ShortName string  `json:"short_name"` // "Anders": the place name, used in running text
	Logo      Logo    `json:"logo"`
	Colours   Colours `json:"colours"`
	Contact   Contact `json:"contact"`
	// AnswerDays is the promise for a written question: an answer within this many working days.
	AnswerDays int `json:"answer_days"`
	// QuestionPrefix starts conversation references (VB-C-2026-000123), RequestPrefix request
	// references (VB-2026-000123): 2 to 6 capital letters.
	QuestionPrefix string `json:"question_prefix"`
	RequestPrefix  string `json:"request_prefix"`
	// MailFromName and MailDomain make the sender of outbound mail: "Gemeente Anders <noreply@anders.nl>".
	MailFromName string `json:"mail_from_name"`
	MailDomain   string `json:"mail_domain"`
	MailFromUser string `json:"mail_from_user"` // the part before @; default "noreply"
	// TopTasks are the ids of the published articles the home page shows first, in order.
	TopTasks []string `json:"top_tasks"`
	Footer   Footer   `json:"footer"`
}

// Colours are the brand colours of the NL Design System theme, as #rrggbb.
type Colours struct {
	Primary     string `json:"primary"`      // buttons, the header bar
	PrimaryText string `json:"primary_text"` // text on Primary
	Link        string `json:"link"`         // links on the white page
}

// Contact is how residents reach the municipality outside loket.
type Contact struct {
	Phone        string `json:"phone"`         // "14 0999"
	PhoneHours   string `json:"phone_hours"`   // "ma-vr 08:30-17:00", as calendar.ParseHours reads it
	Address      string `json:"address"`       // "Stadhuis, Marktplein 1, 1234 AB Voorbeeld"
	CounterHours string `json:"counter_hours"` // opening hours of the counter
	ChatHours    string `json:"chat_hours"`    // shown to residents; the chat's own hours are a server setting
	WhatsApp     string `json:"whatsapp"`      // "06 12345678", empty when not offered
	Email        string `json:"email"`         // the general e-mail address
}

// Footer holds the links every municipality must show.
type Footer struct {
	Privacy       string `json:"privacy"`       // privacy statement
	Accessibility string `json:"accessibility"` // toegankelijkheidsverklaring
	Cookies       string `json:"cookies"`
}

// Defaults are the settings of a municipality that has not set anything yet: neutral, never another
// municipality's details. The console asks the administrator to fill them in.
func Defaults() Settings {
	return Settings{
		Name:           "Gemeente",
		Colours:        Colours{Primary: "#154273", PrimaryText: "#ffffff", Link: "#154273"},
		AnswerDays:     5,
		QuestionPrefix: "GEM",
		RequestPrefix:  "GEM",
		MailFromName:   "Gemeente",
		MailDomain:     "localhost",
		MailFromUser:   "noreply",
	}
}

// Place is the name to use in running text: the short name, or the full name.
func (s Settings) Place() string {
	if s.ShortName != "" {
		return s.ShortName
	}
	return s.Name
}

// AnswerPromise is the promise in words, for every page and e-mail that states it: "binnen 5 werkdagen".
func (s Settings) AnswerPromise() string {
	if s.AnswerDays == 1 {
		return "binnen 1 werkdag"
	}
	return fmt.Sprintf("binnen %d werkdagen", s.AnswerDays)
}

// MailFrom is the sender of outbound mail, as an RFC 5322 address.
func (s Settings) MailFrom() string {
	user := s.MailFromUser
	if user == "" {
		user = "noreply"
	}
	name := strings.NewReplacer(`"`, "", `\`, "").Replace(s.MailFromName)
	return fmt.Sprintf("%q <%s@%s>", name, user, s.MailDomain)
}

// PhoneLink is the tel: link of the phone number (digits and a leading +).
func (s Settings) PhoneLink() string {
	var b strings.Builder
	for i, r := range s.Contact.Phone {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return "tel:" + b.String()
}

// QuestionReferenceStart is the fixed start of every conversation reference: "VB-C-".
func (s Settings) QuestionReferenceStart() string { return s.QuestionPrefix + "-C-" }
