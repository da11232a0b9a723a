package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"loket/internal/problem"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/web/respond"
	"loket/internal/web/staffauth"
)

type apiRevealBody struct {
	Reason string `json:"reason"`
}

type apiRevealed struct {
	Reference string `json:"reference"`
	BSN       string `json:"bsn"`
}

// revealBSNAPI is POST /api/v1/requests/{reference}/bsn with {"reason"}: the reveal is audited first.
func (h *Handler) revealBSNAPI(w http.ResponseWriter, r *http.Request) {
	ref := r.PathValue("reference")
	if h.deps.IdentityLinks == nil || !request.ValidReference(ref) {
		h.NotFound(w, r)
		return
	}
	var body apiRevealBody
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		respond.Fail(w, http.StatusBadRequest, `body must be a JSON object {"reason": "..."}`)
		return
	}
	req, err := h.deps.Store.Request(r.Context(), ref)
	if errors.Is(err, store.ErrNotFound) {
		h.NotFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	bsn, err := h.deps.IdentityLinks.RevealBSN(r.Context(), staffauth.Staff(r).Email, req.ID, req.Reference, body.Reason)
	switch {
	case problem.KindOf(err) == problem.Invalid:
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: "some fields are not right",
			Fields: map[string]string{"reason": problem.FieldsOf(err)["reden"]}})
	case problem.KindOf(err) == problem.NotFound:
		h.NotFound(w, r)
	case err != nil:
		h.serverError(w, r, err)
	default:
		w.Header().Set("Cache-Control", "no-store")
		respond.JSON(w, http.StatusOK, apiRevealed{Reference: req.Reference, BSN: bsn})
	}
}
