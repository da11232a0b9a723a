package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"loket/internal/kb"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/web/respond"
	"loket/internal/web/shared"
)

// apiRequestBody is the JSON body of POST /api/v1/requests.
type apiRequestBody struct {
	Product string            `json:"product"`
	Fields  map[string]string `json:"fields"`
}

// apiRequestCreated answers a committed request.
type apiRequestCreated struct {
	Reference string `json:"reference"`
	StatusURL string `json:"status_url"`
	Deadline  string `json:"deadline"`
	Urgent    bool   `json:"urgent"`
	Late      bool   `json:"late"`
}

// createRequest answers POST /api/v1/requests: 201 after the commit, or 422 with a message per field.
// File fields cannot be sent here; a required one makes the form unusable through the API.
func (h *Handler) createRequest(w http.ResponseWriter, r *http.Request) {
	if !h.limits.Allow(r) {
		respond.Fail(w, http.StatusTooManyRequests, "too many requests; try again in a few minutes")
		return
	}
	var body apiRequestBody
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 256<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		respond.Fail(w, http.StatusBadRequest, "body must be JSON {\"product\": id, \"fields\": {name: value}}: "+err.Error())
		return
	}
	a, err := h.deps.Store.Article(r.Context(), body.Product)
	if errors.Is(err, kb.ErrNotFound) || (err == nil && (!a.Published() || a.Type != kb.TypeProduct)) {
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: "unknown product", Fields: map[string]string{"product": "Dit product bestaat niet."}})
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	f, err := h.deps.Store.RequestForm(r.Context(), a.ID)
	if errors.Is(err, store.ErrNotFound) {
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: "this product has no online request form", Fields: map[string]string{"product": "Dit product kunt u niet online aanvragen."}})
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	now := time.Now()
	values := request.Values(body.Fields)
	clean, errs := f.Validate(values, now)
	for name := range body.Fields {
		if _, known := f.Field(name); !known {
			errs[name] = "Dit formulier heeft geen veld met deze naam."
		}
	}
	for _, fl := range f.Fields() {
		if fl.Type == request.TypeFile && values[fl.Name] != "" {
			errs[fl.Name] = "Bestanden kunt u niet via de API sturen. Gebruik het formulier op de website."
		}
	}
	if len(errs) > 0 {
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: "some fields are not valid", Fields: errs})
		return
	}
	token, err := shared.Submit(r.Context(), h.deps.Store, h.deps.BaseURL, a, f, clean, "", now)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	req, err := h.deps.Store.RequestByToken(r.Context(), hashToken(token))
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	respond.JSON(w, http.StatusCreated, apiRequestCreated{Reference: req.Reference, StatusURL: h.deps.BaseURL + shared.StatusURL(token),
		Deadline: req.Deadline.Format(time.DateOnly), Urgent: req.Urgent, Late: req.Late})
}
