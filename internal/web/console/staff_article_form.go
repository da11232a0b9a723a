package console

import (
	"errors"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"loket/internal/calendar"
	"loket/internal/kb"
	"loket/internal/web/render"
	"loket/internal/web/shared"
)

// articleForm is the article editor's input as typed, so a form with errors shows everything again.
type articleForm struct {
	New                                              bool
	ID, Type, Title, UPL, Theme, Summary, Body       string
	Keywords, Internal, Cost, LeadTime, DeadlineDays string
	Related, ReviewBy, Owner                         string
	Audience, Channels                               []string
	State                                            string // the stored state: draft or published
	Version                                          int    // the version the editor started from
	Errors                                           map[string]string
	Conflict                                         string // another editor saved in between
}

// articleEditData is what the editor page shows.
type articleEditData struct {
	Form        articleForm
	Preview     template.HTML // the body rendered as on the public site
	Language    languageReport
	Channels    []choice
	Audiences   []choice
	Themes      []string
	Teams       []string
	ErrorFields []string // field names with an error, in form order, for the summary at the top
	Labels      map[string]string
	Fields      map[string]formField // the plain text fields, for the shared field templates
	PublicPath  string
}

// formField is one text input with its label, hint and error.
type formField struct {
	Name, Label, Value, Hint, Error string
}

// fieldHints explain a field under its label.
var fieldHints = map[string]string{
	"summary":       "Eén of twee zinnen. Dit staat in de zoekresultaten en als direct antwoord.",
	"internal":      "Alleen medewerkers zien dit, nooit inwoners.",
	"keywords":      "Gescheiden door komma's.",
	"deadline_days": "Laat leeg als er geen termijn is.",
	"related":       "Id's gescheiden door komma's, bijvoorbeeld paspoort, id-kaart.",
}

// textFields lists the plain text fields with their values.
func (f *articleForm) textFields() map[string]formField {
	out := map[string]formField{}
	for name, value := range map[string]string{"title": f.Title, "summary": f.Summary, "internal": f.Internal,
		"keywords": f.Keywords, "cost": f.Cost, "lead_time": f.LeadTime, "deadline_days": f.DeadlineDays, "related": f.Related} {
		out[name] = formField{Name: name, Label: fieldLabels[name], Value: value, Hint: fieldHints[name], Error: f.Errors[name]}
	}
	return out
}

// formOrder is the order of the fields on the page, for the error summary.
var formOrder = []string{"id", "type", "title", "theme", "upl", "audience", "summary", "body", "internal", "keywords",
	"cost", "lead_time", "channels", "deadline_days", "related", "owner", "review_by"}

// fieldLabels are the Dutch labels of the editor's fields.
var fieldLabels = map[string]string{
	"id": "Adres (id)", "type": "Soort", "title": "Titel", "theme": "Thema", "upl": "UPL-naam", "audience": "Doelgroep",
	"summary": "Samenvatting", "body": "Tekst", "internal": "Interne notitie voor het KCC", "keywords": "Trefwoorden",
	"cost": "Kosten", "lead_time": "Doorlooptijd", "channels": "Kanalen", "deadline_days": "Beslistermijn",
	"related": "Gerelateerde artikelen", "owner": "Eigenaar (team)", "review_by": "Controleren vóór",
}

// fieldMessages say in plain Dutch what a field needs when kb.Validate rejects it.
var fieldMessages = map[string]string{
	"id":            "Gebruik 1 tot 100 kleine letters, cijfers of streepjes, bijvoorbeeld paspoort-aanvragen.",
	"type":          "Kies of dit een product of een vraag is.",
	"state":         "Kies opslaan als concept of publiceren.",
	"title":         "Vul een titel in van hoogstens 200 tekens.",
	"theme":         "Vul een thema in van hoogstens 100 tekens.",
	"summary":       "Vul een korte samenvatting in van hoogstens 1000 tekens.",
	"body":          "Vul de tekst in, hoogstens 100.000 tekens.",
	"upl":           "De UPL-naam mag hoogstens 200 tekens zijn.",
	"internal":      "De interne notitie mag hoogstens 20.000 tekens zijn.",
	"cost":          "De kosten mogen hoogstens 500 tekens zijn.",
	"lead_time":     "De doorlooptijd mag hoogstens 200 tekens zijn.",
	"owner":         "De naam van het team mag hoogstens 100 tekens zijn.",
	"deadline_days": "Vul een aantal dagen in van 0 tot en met 3650.",
	"review_by":     "Vul een datum in als JJJJ-MM-DD, bijvoorbeeld 2027-05-31.",
	"channels":      "Kies alleen kanalen uit de lijst.",
	"audience":      "Kies alleen doelgroepen uit de lijst.",
	"related":       "Vul id's van artikelen in, gescheiden door komma's, bijvoorbeeld paspoort, id-kaart.",
	"keywords":      "Elk trefwoord moet tekst hebben en mag hoogstens 100 tekens zijn.",
}

// formFromArticle fills the editor with a stored article.
func formFromArticle(a kb.Article, version int) articleForm {
	deadline := ""
	if a.DeadlineDays > 0 {
		deadline = strconv.Itoa(a.DeadlineDays)
	}
	return articleForm{ID: a.ID, Type: a.Type, Title: a.Title, UPL: a.UPL, Theme: a.Theme, Summary: a.Summary,
		Body: a.Body, Keywords: strings.Join(a.Keywords, ", "), Internal: a.Internal, Cost: a.Cost, LeadTime: a.LeadTime,
		DeadlineDays: deadline, Related: strings.Join(a.Related, ", "), ReviewBy: a.ReviewBy, Owner: a.Owner,
		Audience: a.Audience, Channels: a.Channels, State: shared.ArticleState(a), Version: version}
}

// parseArticleForm reads the editor's form as typed.
func parseArticleForm(r *http.Request) articleForm {
	f := r.PostForm
	version, _ := strconv.Atoi(f.Get("versie"))
	return articleForm{ID: strings.TrimSpace(f.Get("id")), Type: f.Get("type"), Title: strings.TrimSpace(f.Get("title")),
		UPL: strings.TrimSpace(f.Get("upl")), Theme: strings.TrimSpace(f.Get("theme")), Summary: strings.TrimSpace(f.Get("summary")),
		Body: normalizeNewlines(f.Get("body")), Keywords: f.Get("keywords"), Internal: normalizeNewlines(f.Get("internal")),
		Cost: strings.TrimSpace(f.Get("cost")), LeadTime: strings.TrimSpace(f.Get("lead_time")),
		DeadlineDays: strings.TrimSpace(f.Get("deadline_days")), Related: f.Get("related"),
		ReviewBy: strings.TrimSpace(f.Get("review_by")), Owner: strings.TrimSpace(f.Get("owner")),
		Audience: f["audience"], Channels: f["channels"], Version: version}
}

// normalizeNewlines turns the CRLF that browsers send into LF, so versions compare line by line.
func normalizeNewlines(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// article turns the form into an article with the given state and reports what is wrong, per field.
// oldUPL is the stored UPL name: an unchanged name is kept even when the list no longer has it.
func (f *articleForm) article(state, oldUPL string) (kb.Article, map[string]string) {
	errs := map[string]string{}
	a := kb.Article{ID: f.ID, Type: f.Type, Title: f.Title, UPL: f.UPL, Theme: f.Theme, Summary: f.Summary, Body: f.Body,
		Keywords: splitList(f.Keywords), Internal: f.Internal, Cost: f.Cost, LeadTime: f.LeadTime,
		Related: splitList(f.Related), ReviewBy: f.ReviewBy, Owner: f.Owner, State: state,
		Audience: f.Audience, Channels: f.Channels}
	if f.DeadlineDays != "" {
		n, err := strconv.Atoi(f.DeadlineDays)
		if err != nil {
			errs["deadline_days"] = fieldMessages["deadline_days"]
		}
		a.DeadlineDays = n
	}
	if f.UPL != "" && !strings.EqualFold(f.UPL, oldUPL) {
		if name, ok := kb.UPLName(f.UPL); ok {
			a.UPL, f.UPL = name, name
		} else {
			errs["upl"] = "Deze naam staat niet in de Uniforme Productnamenlijst. Kies een naam uit de lijst."
		}
	}
	if f.Owner == "" {
		errs["owner"] = "Vul het team in dat dit artikel actueel houdt."
	}
	if f.ReviewBy == "" {
		errs["review_by"] = "Vul de datum in waarop het team het artikel weer moet controleren."
	}
	// kb.Validate stops at the first problem; run it until every field it rejects has a message.
	for range formOrder {
		var ve *kb.ValidationError
		if err := a.Validate(); !errors.As(err, &ve) || errs[ve.Field] != "" {
			break
		}
		errs[ve.Field] = fieldMessages[ve.Field]
		if errs[ve.Field] == "" {
			errs[ve.Field] = ve.Message
		}
		clearField(&a, ve.Field)
	}
	return a, errs
}

// clearField replaces a rejected field with a valid value so that validation can look at the next one.
func clearField(a *kb.Article, field string) {
	switch field {
	case "id":
		a.ID = "x"
	case "type":
		a.Type = kb.TypeVAC
	case "title":
		a.Title = "x"
	case "theme":
		a.Theme = "x"
	case "summary":
		a.Summary = "x"
	case "body":
		a.Body = "x"
	case "upl":
		a.UPL = ""
	case "internal":
		a.Internal = ""
	case "cost":
		a.Cost = ""
	case "lead_time":
		a.LeadTime = ""
	case "owner":
		a.Owner = ""
	case "deadline_days":
		a.DeadlineDays = 0
	case "review_by":
		a.ReviewBy = ""
	case "channels":
		a.Channels = nil
	case "audience":
		a.Audience = nil
	case "related":
		a.Related = nil
	case "keywords":
		a.Keywords = nil
	case "state":
		a.State = ""
	}
}

// splitList reads a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// errorFields lists the fields with an error in the order of the form.
func errorFields(errs map[string]string) []string {
	var out []string
	for _, f := range formOrder {
		if errs[f] != "" {
			out = append(out, f)
		}
	}
	return out
}

// today is the current date in the Netherlands, as YYYY-MM-DD.
func today() time.Time {
	n := time.Now().In(calendar.Amsterdam)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, calendar.Amsterdam)
}

// editorData fills the lists and the previews the editor page shows around a form.
func (h *Handler) editorData(r *http.Request, f articleForm) (articleEditData, error) {
	themes, err := h.deps.Store.ArticleThemes(r.Context())
	if err != nil {
		return articleEditData{}, err
	}
	teams, err := h.deps.Store.Teams(r.Context())
	if err != nil {
		return articleEditData{}, err
	}
	preview, err := render.Markdown(f.Body)
	if err != nil {
		return articleEditData{}, err
	}
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	return articleEditData{Form: f, Preview: preview, Language: languageOf(f.Body),
		Channels:  choices(kb.KnownChannels, f.Channels, func(v string) string { return editorChannelNames[v] }),
		Audiences: choices(kb.KnownAudiences, f.Audience, func(v string) string { return audienceNames[v] }),
		Themes:    themes, Teams: teams, ErrorFields: errorFields(f.Errors), Labels: fieldLabels, Fields: f.textFields(),
		PublicPath: kb.PathFor(f.Type, f.ID)}, nil
}

// choice is one checkbox of a multi-value field.
type choice struct {
	Value, Label string
	Checked      bool
}

func choices(values, checked []string, label func(string) string) []choice {
	out := make([]choice, 0, len(values))
	for _, v := range values {
		out = append(out, choice{Value: v, Label: label(v), Checked: slices.Contains(checked, v)})
	}
	return out
}

var editorChannelNames = map[string]string{"online": "Online", "balie": "Balie", "telefoon": "Telefoon", "post": "Post", "email": "E-mail"}

var audienceNames = map[string]string{"inwoner": "Inwoners", "ondernemer": "Ondernemers"}
