package console

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"

	"loket/internal/kb"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

type formsData struct {
	Forms    []store.FormInfo
	Products []kb.Article // products without a form yet
}

// showForms lists the request forms and the products that could get one.
func (h *Handler) showForms(w http.ResponseWriter, r *http.Request) {
	forms, err := h.deps.Store.RequestForms(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	products, err := h.deps.Store.ListArticles(r.Context(), store.ArticleFilter{Type: kb.TypeProduct})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	has := map[string]bool{}
	for _, f := range forms {
		has[f.Product] = true
	}
	data := formsData{Forms: forms}
	for _, p := range products {
		if !has[p.ID] {
			data.Products = append(data.Products, p)
		}
	}
	h.render(w, r, http.StatusOK, "staff_forms", render.Page{Title: "Formulieren", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Formulieren", URL: ""}}})
}

type formEditData struct {
	Product  kb.Article
	JSON     string
	Problems []request.Problem
	Types    []string
	Saved    bool
}

// showFormEditor shows a product's form as JSON to edit; a product without a form gets a starting point.
func (h *Handler) showFormEditor(w http.ResponseWriter, r *http.Request) {
	a, ok := h.formProduct(w, r)
	if !ok {
		return
	}
	f, err := h.deps.Store.RequestForm(r.Context(), a.ID)
	if errors.Is(err, store.ErrNotFound) {
		f = request.Form{Product: a.ID, Kind: request.KindApplication, Title: a.Title + " aanvragen", Steps: []request.Step{{
			Title: "Uw gegevens", Fields: []request.Field{
				{Name: "naam", Label: "Uw naam", Type: request.TypeText, Required: true, Purpose: request.PurposeName},
				{Name: "email", Label: "Uw e-mailadres", Type: request.TypeEmail, Required: true, Purpose: request.PurposeEmail}}}}}
	} else if err != nil {
		h.serverError(w, r, err)
		return
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(f)
	h.renderFormEditor(w, r, http.StatusOK, formEditData{Product: a, JSON: buf.String(), Saved: r.URL.Query().Get("bewaard") == "1"})
}

// saveForm checks the JSON and stores it; every problem is listed with where it is.
func (h *Handler) saveForm(w http.ResponseWriter, r *http.Request) {
	a, ok := h.formProduct(w, r)
	if !ok {
		return
	}
	if !h.parseForm(w, r, 512<<10) {
		return
	}
	text := r.PostForm.Get("definitie")
	f, err := request.ParseForm([]byte(text))
	if err == nil && f.Product != a.ID {
		err = &request.DefinitionError{Problems: []request.Problem{{Where: "product", Message: "Het product moet \"" + a.ID + "\" zijn: het formulier hoort bij deze productpagina."}}}
	}
	if err == nil {
		var ps []request.Problem
		if ps, err = h.deps.Requests.CheckFormProcedure(r.Context(), f); err == nil && len(ps) > 0 {
			err = &request.DefinitionError{Problems: ps}
		}
	}
	var def *request.DefinitionError
	if errors.As(err, &def) {
		h.renderFormEditor(w, r, http.StatusUnprocessableEntity, formEditData{Product: a, JSON: text, Problems: def.Problems})
		return
	}
	if err == nil {
		err = h.deps.Store.SaveRequestForm(r.Context(), f, staffauth.Staff(r).Email)
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "update", "request_form", a.ID, "")
	http.Redirect(w, r, "/beheer/formulieren/"+a.ID+"?bewaard=1", http.StatusSeeOther)
}

func (h *Handler) formProduct(w http.ResponseWriter, r *http.Request) (kb.Article, bool) {
	a, err := h.deps.Store.Article(r.Context(), r.PathValue("product"))
	if errors.Is(err, kb.ErrNotFound) || (err == nil && a.Type != kb.TypeProduct) {
		h.notFound(w, r)
		return a, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return a, false
	}
	return a, true
}

func (h *Handler) renderFormEditor(w http.ResponseWriter, r *http.Request, status int, data formEditData) {
	data.Types = request.FieldTypes
	title := "Formulier " + data.Product.Title
	if len(data.Problems) > 0 {
		title = "Fout: " + title
	}
	flash := ""
	if data.Saved {
		flash = "Het formulier is bewaard. Inwoners zien het nu op de productpagina."
	}
	h.render(w, r, status, "staff_form", render.Page{Title: title, Data: data, Flash: flash,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Formulieren", URL: "/beheer/formulieren"}, {Label: data.Product.Title, URL: ""}}})
}
