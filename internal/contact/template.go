package contact

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Template is a reply template of a team: a name and a text with placeholders.
type Template struct {
	ID        int64
	Team      string
	Name      string
	Body      string
	UpdatedBy string
	UpdatedAt time.Time
}

// Placeholders a template may use, as an agent writes them.
const (
	PlaceholderName         = "{naam}"       // the resident's name
	PlaceholderReference    = "{nummer}"     // the conversation's reference
	PlaceholderAgent        = "{medewerker}" // the agent's name
	PlaceholderMunicipality = "{gemeente}"   // the municipality's name
)

// Placeholders lists every placeholder, for the editor's help text.
var Placeholders = []string{PlaceholderName, PlaceholderReference, PlaceholderAgent, PlaceholderMunicipality}

var placeholderPattern = regexp.MustCompile(`\{[^{}\s]{1,30}\}`)

// Limits of a template.
const (
	MaxTemplateNameRunes = 100
	MaxTemplateBodyRunes = 10000
)

// Validate checks a template; unknown placeholders are refused, so a typo never reaches a resident.
func (t Template) Validate() FieldErrors {
	errs := FieldErrors{}
	switch {
	case strings.TrimSpace(t.Team) == "":
		errs["team"] = "Kies het team van dit sjabloon."
	case utf8.RuneCountInString(t.Team) > 100:
		errs["team"] = "Kies een bestaand team."
	}
	switch {
	case strings.TrimSpace(t.Name) == "":
		errs["name"] = "Geef het sjabloon een naam."
	case utf8.RuneCountInString(t.Name) > MaxTemplateNameRunes:
		errs["name"] = "Gebruik voor de naam maximaal 100 tekens."
	}
	switch {
	case strings.TrimSpace(t.Body) == "":
		errs["body"] = "Schrijf de tekst van het sjabloon."
	case !utf8.ValidString(t.Body) || utf8.RuneCountInString(t.Body) > MaxTemplateBodyRunes:
		errs["body"] = "Gebruik voor de tekst maximaal 10.000 tekens."
	default:
		for _, p := range placeholderPattern.FindAllString(t.Body, -1) {
			if !slices.Contains(Placeholders, p) {
				errs["body"] = "De tekst gebruikt " + p + ". Gebruik alleen " + strings.Join(Placeholders, ", ") + "."
				break
			}
		}
	}
	return errs
}

// Fill replaces the placeholders of text for one conversation and agent.
func (m Mailer) Fill(text string, c Conversation, agent string) string {
	return strings.NewReplacer(
		PlaceholderName, greetingName(c.PartyName),
		PlaceholderReference, c.Reference,
		PlaceholderAgent, strings.TrimSpace(agent),
		PlaceholderMunicipality, m.signature(),
	).Replace(text)
}

// Compose wraps an answer in a greeting and a signature with the agent's name, the way every reply
// starts and ends; a text that already greets or signs is left as it is.
func (m Mailer) Compose(body string, c Conversation, agent string) string {
	body = strings.TrimSpace(m.Fill(body, c, agent))
	lower := strings.ToLower(body)
	if !strings.HasPrefix(lower, "beste ") && !strings.HasPrefix(lower, "geachte ") && !strings.HasPrefix(lower, "hallo") {
		body = "Beste " + greetingName(c.PartyName) + ",\n\n" + body
	}
	if !strings.Contains(lower, "met vriendelijke groet") {
		sign := "Met vriendelijke groet,\n"
		if a := strings.TrimSpace(agent); a != "" {
			sign += a + "\n"
		}
		body += "\n\n" + sign + m.signature()
	}
	return body
}
