package municipality

import (
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"loket/internal/calendar"
	"loket/internal/problem"
)

var (
	prefixRe = regexp.MustCompile(`^[A-Z]{2,6}$`)
	domainRe = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	phoneRe  = regexp.MustCompile(`^\+?[0-9][0-9 ()-]{2,20}$`)
	userRe   = regexp.MustCompile(`^[a-z0-9._-]{1,64}$`)
)

// Validate checks every field and returns all problems at once (a problem.Invalid error), or nil.
func (s Settings) Validate() error {
	var f problem.Fields
	text := func(field, v string, max int, required bool, what string) {
		switch {
		case required && strings.TrimSpace(v) == "":
			f.Add(field, "Vul "+what+" in.")
		case utf8.RuneCountInString(v) > max:
			f.Add(field, "Maak "+what+" korter: het mag hoogstens "+strconv.Itoa(max)+" tekens zijn.")
		case strings.ContainsAny(v, "\x00\r\n<>"):
			f.Add(field, "Gebruik in "+what+" geen regeleinden of de tekens < en >.")
		}
	}
	text("name", s.Name, 80, true, "de naam van de gemeente")
	text("short_name", s.ShortName, 60, false, "de plaatsnaam")
	text("mail_from_name", s.MailFromName, 80, true, "de naam van de afzender")
	text("contact.address", s.Contact.Address, 200, false, "het adres")
	if !prefixRe.MatchString(s.QuestionPrefix) {
		f.Add("question_prefix", "Gebruik 2 tot 6 hoofdletters, zonder cijfers of tekens, bijvoorbeeld VB.")
	}
	if !prefixRe.MatchString(s.RequestPrefix) {
		f.Add("request_prefix", "Gebruik 2 tot 6 hoofdletters, zonder cijfers of tekens, bijvoorbeeld VB.")
	}
	if s.AnswerDays < 1 || s.AnswerDays > 30 {
		f.Add("answer_days", "Vul een aantal werkdagen in van 1 tot en met 30.")
	}
	if !domainRe.MatchString(s.MailDomain) || len(s.MailDomain) > 253 {
		f.Add("mail_domain", "Vul een domeinnaam in met kleine letters, bijvoorbeeld gemeente.nl.")
	}
	if s.MailFromUser != "" && !userRe.MatchString(s.MailFromUser) {
		f.Add("mail_from_user", "Gebruik kleine letters, cijfers, punten of streepjes, bijvoorbeeld noreply.")
	}
	checkColours(s.Colours, &f)
	if !s.Logo.Empty() {
		if ct, reason := checkLogo(s.Logo.Data); reason != "" {
			f.Add("logo", reason)
		} else if ct != s.Logo.ContentType {
			f.Add("logo", "Het bestand is een ander soort bestand dan de naam zegt. Kies een logo als SVG of PNG.")
		}
	}
	if p := s.Contact.Phone; p != "" && !phoneRe.MatchString(p) {
		f.Add("contact.phone", "Vul een telefoonnummer in met cijfers en spaties, bijvoorbeeld 14 0999 of 020 123 45 67.")
	}
	if p := s.Contact.WhatsApp; p != "" && !phoneRe.MatchString(p) {
		f.Add("contact.whatsapp", "Vul een telefoonnummer in met cijfers en spaties, bijvoorbeeld 06 12345678.")
	}
	if e := s.Contact.Email; e != "" {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			f.Add("contact.email", "Vul een e-mailadres in zoals info@gemeente.nl.")
		}
	}
	for field, h := range map[string]string{"contact.phone_hours": s.Contact.PhoneHours,
		"contact.counter_hours": s.Contact.CounterHours, "contact.chat_hours": s.Contact.ChatHours} {
		if h == "" {
			continue
		}
		if _, err := calendar.ParseHours(h); err != nil {
			f.Add(field, "Vul openingstijden in zoals ‘ma-vr 08:30-17:00; do 18:00-20:00’.")
		}
	}
	for field, u := range map[string]string{"footer.privacy": s.Footer.Privacy,
		"footer.accessibility": s.Footer.Accessibility, "footer.cookies": s.Footer.Cookies} {
		if u != "" && !validLink(u) {
			f.Add(field, "Vul een adres in dat begint met https:// of met /, bijvoorbeeld https://www.gemeente.nl/privacy.")
		}
	}
	if len(s.TopTasks) > 12 {
		f.Add("top_tasks", "Kies hoogstens 12 toptaken.")
	}
	seen := map[string]bool{}
	for _, id := range s.TopTasks {
		if seen[id] {
			f.Add("top_tasks", "Elke toptaak mag maar één keer in de lijst staan.")
		}
		seen[id] = true
	}
	return f.Err()
}

func validLink(u string) bool {
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		return !strings.ContainsAny(u, " \"<>\\")
	}
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "https" || p.Scheme == "http") && p.Host != ""
}
