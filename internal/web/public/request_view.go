package public

import (
	"errors"
	"net/http"
	"strconv"

	"loket/internal/auth"
	"loket/internal/kb"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/web/render"
)

// formPage is the data of one step (or the summary) of a public request form.
type formPage struct {
	Product   kb.Article
	Form      request.Form
	Action    string // where the step is posted
	Token     string // the draft's token; empty before the first save
	Step      int    // 0-based; len(Form.Steps) is the summary
	StepTitle string
	Steps     []stepLink
	Fields    []fieldView
	Errors    []errorLink
	Summary   []summaryStep
	Saved     bool // "bewaard voor later"
	Mail      mailForm
	KeptDays  int      // how many days after its last change the draft is kept
	Fee       *feeView // what the request costs, shown before sending
}

type stepLink struct {
	Number  int
	Title   string
	URL     string
	Current bool
	Done    bool
}

type errorLink struct{ ID, Message string }

type summaryStep struct {
	Title   string
	EditURL string
	Answers []request.Answer
}

type mailForm struct {
	Email, Error string
	Sent         bool
}

// fieldView is a field with what the requester typed and what is wrong with it.
type fieldView struct {
	request.Field
	ID               string
	Value            string
	Postcode, Number string
	Error            string
	File             *store.RequestFile
	Accept           string // file picker hint
	TypeNames        string
	Condition        string // the question this field depends on, for pages without JavaScript
}

// IsSummary reports whether the page is the check-before-sending step.
func (p formPage) IsSummary() bool { return p.Step >= len(p.Form.Steps) }

// LastStep reports whether the next button leads to the summary.
func (p formPage) LastStep() bool { return p.Step == len(p.Form.Steps)-1 }

// StepNumber is the 1-based number of the step shown.
func (p formPage) StepNumber() int { return p.Step + 1 }

// StepCount counts the steps including the summary.
func (p formPage) StepCount() int { return len(p.Form.Steps) + 1 }

// buildFormPage prepares a step of the form with the values and errors given.
func (h *Handler) buildFormPage(r *http.Request, a kb.Article, f request.Form, token string, step int,
	v request.Values, errs request.FieldErrors, furthest int) formPage {
	p := formPage{Product: a, Form: f, Token: token, Step: step, Action: "/producten/" + a.ID + "/aanvragen",
		KeptDays: int(h.deps.DraftRetention.Hours() / 24)}
	if p.KeptDays <= 0 {
		p.KeptDays = 30
	}
	if token != "" {
		p.Action = request.DraftPath(token) + "?stap=" + strconv.Itoa(step+1)
	}
	for i, s := range f.Steps {
		l := stepLink{Number: i + 1, Title: s.Title, Current: i == step, Done: i < furthest}
		if token != "" && i <= furthest {
			l.URL = request.DraftPath(token) + "?stap=" + strconv.Itoa(i+1)
		}
		p.Steps = append(p.Steps, l)
	}
	p.Steps = append(p.Steps, stepLink{Number: len(f.Steps) + 1, Title: "Controleren en versturen", Current: p.IsSummary()})
	if p.IsSummary() {
		p.StepTitle = "Controleren en versturen"
		p.Summary = summarise(f, v, token)
		p.Fee = feeOf(f, v)
		return p
	}
	p.StepTitle = f.Steps[step].Title
	files := h.draftFiles(r, token)
	for _, fl := range f.Steps[step].Fields {
		if !f.Active(fl, v) && (fl.ShowIf == nil || !sameStep(f.Steps[step], fl.ShowIf.Field)) {
			continue // depends on an earlier step's answer that rules it out
		}
		fv := fieldView{Field: fl, ID: "veld-" + fl.Name, Value: v[fl.Name], Error: errs[fl.Name],
			Accept: request.Extensions(fl.Accept), TypeNames: request.TypeNames(fl.Accept)}
		if fl.Type == request.TypeAddress {
			fv.Postcode, fv.Number = request.SplitAddress(v[fl.Name])
		}
		if fl.Type == request.TypeFile && v[fl.Name] != "" {
			if file, ok := files[v[fl.Name]]; ok {
				fv.File = &file
			}
		}
		if fl.ShowIf != nil {
			cond, _ := f.Field(fl.ShowIf.Field)
			fv.Condition = "Alleen invullen als u bij ‘" + cond.Label + "’ " + conditionAnswer(cond, fl.ShowIf.Value) + " hebt gekozen."
		}
		if fv.Error != "" {
			p.Errors = append(p.Errors, errorLink{ID: fv.ID, Message: fv.Error})
		}
		p.Fields = append(p.Fields, fv)
	}
	return p
}

func conditionAnswer(cond request.Field, value string) string {
	if cond.Type == request.TypeCheckbox {
		return "een vinkje"
	}
	return "‘" + cond.OptionLabel(value) + "’"
}

func sameStep(s request.Step, name string) bool {
	for _, fl := range s.Fields {
		if fl.Name == name {
			return true
		}
	}
	return false
}

func summarise(f request.Form, v request.Values, token string) []summaryStep {
	var out []summaryStep
	for i, s := range f.Steps {
		st := summaryStep{Title: s.Title, EditURL: request.DraftPath(token) + "?stap=" + strconv.Itoa(i+1)}
		for _, fl := range s.Fields {
			if !f.Active(fl, v) {
				continue
			}
			shown := request.Shown(fl, v[fl.Name])
			if fl.Type == request.TypeFile && v[fl.Name] != "" {
				shown = "Bestand toegevoegd"
			}
			if v[fl.Name] == "" && fl.Type != request.TypeCheckbox {
				shown = "Niet ingevuld"
			}
			st.Answers = append(st.Answers, request.Answer{Name: fl.Name, Label: fl.Label, Type: fl.Type, Value: v[fl.Name], Shown: shown})
		}
		out = append(out, st)
	}
	return out
}

func (h *Handler) draftFiles(r *http.Request, token string) map[string]store.RequestFile {
	files := map[string]store.RequestFile{}
	if token == "" {
		return files
	}
	list, err := h.deps.Store.DraftFiles(r.Context(), auth.HashSecret(token))
	if err != nil {
		h.deps.Log.Error("draft files", "err", err)
	}
	for _, f := range list {
		files[f.ID] = f
	}
	return files
}

// productWithForm loads a published product and its request form; it answers 404 itself when either is missing.
func (h *Handler) productWithForm(w http.ResponseWriter, r *http.Request, id string) (kb.Article, request.Form, bool) {
	a, err := h.deps.Store.Article(r.Context(), id)
	if errors.Is(err, kb.ErrNotFound) || (err == nil && (!a.Published() || a.Type != kb.TypeProduct)) {
		h.notFound(w, r)
		return a, request.Form{}, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return a, request.Form{}, false
	}
	f, err := h.deps.Store.RequestForm(r.Context(), a.ID)
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return a, f, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return a, f, false
	}
	return a, f, h.loginAllows(w, r, a, f)
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, p formPage) {
	title := p.Form.Title + ": " + p.StepTitle
	if len(p.Errors) > 0 {
		title = "Fout: " + title
	}
	h.render(w, r, status, "request_form", render.Page{Title: title, Data: p, Breadcrumbs: []render.Crumb{
		{Label: "Home", URL: "/"}, {Label: p.Product.Title, URL: kb.Path(p.Product)}, {Label: "Online aanvragen", URL: ""}}})
}

// requestURL is where the online request form of a product starts, or "" when it has none.
func (h *Handler) requestURL(r *http.Request, a kb.Article) string {
	if a.Type != kb.TypeProduct {
		return ""
	}
	links, err := h.catalog.get(r.Context())
	if err != nil {
		h.deps.Log.Error("catalog links", "product", a.ID, "err", err)
		return ""
	}
	if !links.Forms[a.ID] {
		return ""
	}
	return "/producten/" + a.ID + "/aanvragen"
}
