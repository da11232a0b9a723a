package console

import (
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"loket/internal/calendar"
	"loket/internal/kb"
	"loket/internal/web/render"
)

// articleForm is the article editor's input as typed, so a form with errors shows everything again.
type articleForm struct {
	New                                              bool
	ID, Type, Title, UPL, Theme, Summary, Body       string
	Keywords, Internal, Cost, LeadTime, DeadlineDays string
	Related, ReviewBy, Owner                         string
	// Questions holds the question variants, one per line; English* the English version (issue 18).
	Questions, EnglishTitle, EnglishSummary, EnglishBody string
	Audience, Channels                                   []string
	State                                                string // the stored state: draft or published
	Version                                              int    // the version the editor started from
	Errors                                               map[string]string
	Conflict                                             string // another editor saved in between
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
	Status      editorStatus
	National    nationalView // national content: the inherited national text and its changes
}

// editorStatus says which version residents see and which one is a concept, for the top of the editor.
type editorStatus struct {
	Live    int // the version on the website, 0 when the article is offline
	Row     int // the version of the article's own text (what "Weer online zetten" puts back)
	Concept int // the concept saved beside the published version, 0 when there is none
	Offline bool
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
	"questions":     "Zo vragen inwoners het: één vraag per regel, in hun eigen woorden. Zoeken vindt het artikel ook op deze vragen.",
	"english_title": "Laat leeg als er geen Engelse tekst is. Wie in het Engels zoekt, ziet dan de Engelse tekst.",
}

// textFields lists the plain text fields with their values.
func (f *articleForm) textFields() map[string]formField {
	out := map[string]formField{}
	for name, value := range map[string]string{"title": f.Title, "summary": f.Summary, "internal": f.Internal,
		"keywords": f.Keywords, "cost": f.Cost, "lead_time": f.LeadTime, "deadline_days": f.DeadlineDays, "related": f.Related,
		"questions": f.Questions, "english_title": f.EnglishTitle, "english_summary": f.EnglishSummary, "english_body": f.EnglishBody} {
		out[name] = formField{Name: name, Label: fieldLabels[name], Value: value, Hint: fieldHints[name], Error: f.Errors[name]}
	}
	return out
}

// fieldLabels are the Dutch labels of the editor's fields.
var fieldLabels = map[string]string{
	"id": "Adres (id)", "type": "Soort", "title": "Titel", "theme": "Thema", "upl": "UPL-naam", "audience": "Doelgroep",
	"summary": "Samenvatting", "body": "Tekst", "internal": "Interne notitie voor het KCC", "keywords": "Trefwoorden",
	"cost": "Kosten", "lead_time": "Doorlooptijd", "channels": "Kanalen", "deadline_days": "Beslistermijn",
	"related": "Gerelateerde artikelen", "owner": "Eigenaar (team)", "review_by": "Controleren vóór",
	"questions": "Zo vragen inwoners het", "english_title": "Engelse titel", "english_summary": "Engelse samenvatting",
	"english_body": "Engelse tekst (Markdown)",
}

// formFromArticle fills the editor with a stored article.
func formFromArticle(a kb.Article, version int) articleForm {
	deadline := ""
	if a.DeadlineDays > 0 {
		deadline = strconv.Itoa(a.DeadlineDays)
	}
	f := articleForm{ID: a.ID, Type: a.Type, Title: a.Title, UPL: a.UPL, Theme: a.Theme, Summary: a.Summary,
		Body: a.Body, Keywords: strings.Join(a.Keywords, ", "), Internal: a.Internal, Cost: a.Cost, LeadTime: a.LeadTime,
		DeadlineDays: deadline, Related: strings.Join(a.Related, ", "), ReviewBy: a.ReviewBy, Owner: a.Owner,
		Audience: a.Audience, Channels: a.Channels, State: a.EditorialState(), Version: version,
		Questions: strings.Join(a.Questions, "\n")}
	if e := a.English; e != nil {
		f.EnglishTitle, f.EnglishSummary, f.EnglishBody = e.Title, e.Summary, e.Body
	}
	return f
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
		Audience: f["audience"], Channels: f["channels"], Version: version,
		Questions: normalizeNewlines(f.Get("questions")), EnglishTitle: strings.TrimSpace(f.Get("english_title")),
		EnglishSummary: strings.TrimSpace(f.Get("english_summary")), EnglishBody: normalizeNewlines(f.Get("english_body"))}
}

// normalizeNewlines turns the CRLF that browsers send into LF, so versions compare line by line.
func normalizeNewlines(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// article turns the form into an article. The only thing it checks is what cannot be stored at all (a
// deadline that is not a number); every rule of an article is checked by the kb service.
func (f *articleForm) article() (kb.Article, map[string]string) {
	errs := map[string]string{}
	a := kb.Article{ID: f.ID, Type: f.Type, Title: f.Title, UPL: f.UPL, Theme: f.Theme, Summary: f.Summary, Body: f.Body,
		Keywords: splitList(f.Keywords), Internal: f.Internal, Cost: f.Cost, LeadTime: f.LeadTime,
		Related: splitList(f.Related), ReviewBy: f.ReviewBy, Owner: f.Owner, Audience: f.Audience, Channels: f.Channels,
		Questions: splitLines(f.Questions)}
	if f.EnglishTitle != "" || f.EnglishSummary != "" || strings.TrimSpace(f.EnglishBody) != "" {
		a.English = &kb.EnglishText{Title: f.EnglishTitle, Summary: f.EnglishSummary, Body: f.EnglishBody}
	}
	if f.DeadlineDays != "" {
		n, err := strconv.Atoi(f.DeadlineDays)
		if err != nil {
			errs["deadline_days"] = "Vul een aantal dagen in van 0 tot en met 3650."
		}
		a.DeadlineDays = n
	}
	return a, errs
}

// formName is the editor's name of a field kb.Validate names ("english.title" is english_title).
func formName(field string) string { return strings.ReplaceAll(field, ".", "_") }

// splitLines reads one item per line, dropping empty lines.
func splitLines(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
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
	for _, f := range kb.FieldOrder {
		if errs[f] != "" {
			out = append(out, f)
		}
	}
	return out
}

// today is the current date in the Netherlands, as YYYY-MM-DD.
func (h *Handler) today() time.Time {
	n := h.now().In(calendar.Amsterdam)
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
	var status editorStatus
	var national nationalView
	if !f.New {
		if status, err = h.editorStatus(r, f.ID); err != nil {
			return articleEditData{}, err
		}
		if national, err = h.nationalFor(r, f.ID); err != nil {
			return articleEditData{}, err
		}
	}
	return articleEditData{Form: f, Preview: preview, Language: languageWith(f.Body, h.plainWords(r)),
		Channels:  choices(kb.KnownChannels, f.Channels, func(v string) string { return editorChannelNames[v] }),
		Audiences: choices(kb.KnownAudiences, f.Audience, func(v string) string { return audienceNames[v] }),
		Themes:    themes, Teams: teams, ErrorFields: errorFields(f.Errors), Labels: fieldLabels, Fields: f.textFields(),
		PublicPath: kb.PathFor(f.Type, f.ID), Status: status, National: national}, nil
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
