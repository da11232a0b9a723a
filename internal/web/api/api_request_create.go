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
		respond.Fail(w, http.StatusTooManyRequests, "U hebt veel aanvragen achter elkaar gestuurd. Probeer het over een paar minuten opnieuw.")
		return
	}
	var body apiRequestBody
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 256<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		respond.Fail(w, http.StatusBadRequest, "Stuur JSON in de vorm {\"product\": id, \"fields\": {naam: waarde}}.")
		return
	}
	a, err := h.deps.Store.Article(r.Context(), body.Product)
	if errors.Is(err, kb.ErrNotFound) || (err == nil && (!a.Published() || a.Type != kb.TypeProduct)) {
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: "Dit product bestaat niet.", Fields: map[string]string{"product": "Dit product bestaat niet."}})
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	f, err := h.deps.Store.RequestForm(r.Context(), a.ID)
	if errors.Is(err, store.ErrNotFound) {
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: "Dit product kunt u niet online aanvragen.", Fields: map[string]string{"product": "Dit product kunt u niet online aanvragen."}})
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	values := request.Values(body.Fields)
	errs := request.FieldErrors{}
	for name := range body.Fields {
		if _, known := f.Field(name); !known {
			errs[name] = "Dit formulier heeft geen veld met deze naam."
		}
	}
	for _, fl := range f.Fields() {
		switch {
		case fl.Type == request.TypeFile && fl.Required:
			errs[fl.Name] = "Voor dit product moet u een bestand meesturen. Dat kan niet via de API. Gebruik het formulier op de website."
		case fl.Type == request.TypeFile && values[fl.Name] != "":
			errs[fl.Name] = "Bestanden kunt u niet via de API sturen. Gebruik het formulier op de website."
		}
	}
	token, c, errs, err := h.deps.Requests.SubmitForArticle(r.Context(), a, f, values, request.Sending{Refused: errs})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if len(errs) > 0 {
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: "Niet alles is goed ingevuld.", Fields: errs})
		return
	}
	respond.JSON(w, http.StatusCreated, apiRequestCreated{Reference: c.Reference, StatusURL: h.deps.BaseURL + request.StatusPath(token),
		Deadline: c.Term.Due.Format(time.DateOnly), Urgent: c.Term.Urgent, Late: c.Late})
}
