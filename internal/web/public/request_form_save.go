package public

import (
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"loket/internal/auth"
	"loket/internal/kb"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/upload"
)

// startRequest saves the first step of a new request as a draft; the draft's link is the way back.
func (h *Handler) startRequest(w http.ResponseWriter, r *http.Request) {
	a, f, ok := h.productWithForm(w, r, r.PathValue("id"))
	if !ok {
		return
	}
	if !h.parseStep(w, r) {
		return
	}
	if r.PostFormValue("website") != "" { // honeypot: people do not see it, robots fill it in
		http.Redirect(w, r, kb.Path(a), http.StatusSeeOther)
		return
	}
	if !h.limits.Allow(r) {
		h.tooMany(w, r)
		return
	}
	token := request.NewToken()
	d := h.deps.Requests.Start(r.Context(), a.ID, auth.HashSecret(token))
	for k, v := range h.prefill(r, f) {
		d.Values[k] = v
	}
	h.saveStep(w, r, a, f, token, d, 0)
}

// saveDraftStep saves a step of an existing draft.
func (h *Handler) saveDraftStep(w http.ResponseWriter, r *http.Request) {
	d, a, f, ok := h.loadDraft(w, r)
	if !ok {
		return
	}
	if !h.parseStep(w, r) {
		return
	}
	if r.MultipartForm != nil && len(r.MultipartForm.File) > 0 && !h.limits.Allow(r) { // every upload counts, not only the first step
		h.tooMany(w, r)
		return
	}
	step, err := strconv.Atoi(r.PostFormValue("stap"))
	if err != nil || step < 1 || step > len(f.Steps) || step-1 > d.Step {
		h.badRequest(w, r, "Deze stap van het formulier bestaat niet. Ga terug naar de vorige pagina.")
		return
	}
	h.saveStep(w, r, a, f, r.PathValue("token"), d, step-1)
}

// saveStep stores what the resident typed in a step (always, so nothing is lost), then checks it: with
// errors the step is shown again with a message per field, otherwise the next step follows.
func (h *Handler) saveStep(w http.ResponseWriter, r *http.Request, a kb.Article, f request.Form, token string, d store.Draft, step int) {
	fileErrs, typed := request.FieldErrors{}, request.Values{}
	for _, fl := range f.Steps[step].Fields {
		switch fl.Type {
		case request.TypeFile:
			if msg := h.receiveFile(r, fl, d); msg != "" {
				fileErrs[fl.Name] = msg
			}
		case request.TypeAddress:
			typed[fl.Name] = strings.TrimSpace(r.PostFormValue(fl.Name+"-postcode") + " " + r.PostFormValue(fl.Name+"-huisnummer"))
		case request.TypeCheckbox:
			typed[fl.Name] = map[bool]string{true: "ja"}[r.PostFormValue(fl.Name) == "ja"]
		default:
			typed[fl.Name] = r.PostFormValue(fl.Name)
		}
	}
	saveOnly := r.PostFormValue("actie") == "opslaan"
	errs, err := h.deps.Requests.SaveStep(r.Context(), f, &d, step, typed, fileErrs, saveOnly)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	switch {
	case saveOnly:
		http.Redirect(w, r, request.DraftPath(token)+"?stap="+strconv.Itoa(step+1)+"&bewaard=1#bewaard", http.StatusSeeOther)
	case len(errs) > 0:
		h.renderForm(w, r, http.StatusUnprocessableEntity, h.buildFormPage(r, a, f, token, step, d.Values, errs, d.Step))
	default:
		http.Redirect(w, r, request.DraftPath(token)+"?stap="+strconv.Itoa(step+2), http.StatusSeeOther)
	}
}

// receiveFile stores an uploaded file for a file field under a random name and records it with the draft.
// Without a new file the earlier upload stays.
func (h *Handler) receiveFile(r *http.Request, fl request.Field, d store.Draft) string {
	var fh *multipart.FileHeader
	if r.MultipartForm != nil && len(r.MultipartForm.File[fl.Name]) > 0 {
		fh = r.MultipartForm.File[fl.Name][0]
	}
	if fh == nil || (fh.Filename == "" && fh.Size == 0) {
		return ""
	}
	file, msg, err := upload.SaveFile(h.deps.DataDir, fh, fl.Accept, fl.MaxBytes())
	if err != nil {
		h.deps.Log.Error("store upload", "err", err)
		return "Het bestand kon niet worden opgeslagen. Probeer het opnieuw."
	}
	if msg != "" {
		return msg
	}
	file.DraftHash, file.Field = d.TokenHash, fl.Name
	if err := h.deps.Store.AddRequestFile(r.Context(), file); err != nil {
		h.deps.Log.Error("record upload", "err", err)
		return "Het bestand kon niet worden opgeslagen. Probeer het opnieuw."
	}
	d.Values[fl.Name] = file.ID
	return ""
}

func (h *Handler) tooMany(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusTooManyRequests, "error", render.Page{Title: "Even wachten", Data: render.ErrorPage{
		Heading: "U hebt veel formulieren achter elkaar gestuurd",
		Message: "Wacht een paar minuten en probeer het dan opnieuw. Wat u hebt ingevuld, is niet verstuurd."}})
}

// parseStep reads a posted step with its files; on false the 400 with a safe message has been written.
func (h *Handler) parseStep(w http.ResponseWriter, r *http.Request) bool {
	if msg := upload.ParseForm(w, r); msg != "" {
		h.badRequest(w, r, msg)
		return false
	}
	return true
}
