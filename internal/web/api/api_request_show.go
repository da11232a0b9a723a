package api

import (
	"errors"
	"net/http"
	"time"

	"loket/internal/auth"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/web/respond"
)

// apiRequest is a request as staff systems read it: where it stands and how much time is left.
type apiRequest struct {
	Reference       string `json:"reference"`
	Product         string `json:"product"`
	Kind            string `json:"kind"`
	Team            string `json:"team"`
	Status          string `json:"status"`
	Assignee        string `json:"assignee,omitempty"`
	ReceivedAt      string `json:"received_at"`
	Deadline        string `json:"deadline"`
	WorkingDaysLeft int    `json:"working_days_left"`
	Overdue         bool   `json:"overdue"`
	Suspended       bool   `json:"suspended"`
	Extended        bool   `json:"extended"`
	Urgent          bool   `json:"urgent"`
	UrgentReason    string `json:"urgent_reason,omitempty"`
	RelatedDate     string `json:"related_date,omitempty"`
	Hearing         string `json:"hearing,omitempty"`
	Late            bool   `json:"late_objection,omitempty"`
	ObjectionUntil  string `json:"objection_period_end,omitempty"`
}

// showRequestAPI answers GET /api/v1/requests/{reference} for case handlers; it is audit-logged.
func (h *Handler) showRequestAPI(w http.ResponseWriter, r *http.Request) {
	ref := r.PathValue("reference")
	req, err := h.deps.Store.Request(r.Context(), ref)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !request.ValidReference(ref)) {
		respond.Fail(w, http.StatusNotFound, "request not found")
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "view", "request", req.Reference, "api")
	now := time.Now()
	respond.JSON(w, http.StatusOK, apiRequest{Reference: req.Reference, Product: req.Product, Kind: req.Kind, Team: req.Team,
		Status: string(req.Status), Assignee: req.Assignee, ReceivedAt: req.ReceivedAt.UTC().Format(time.RFC3339),
		Deadline: req.Deadline.Format(time.DateOnly), WorkingDaysLeft: req.WorkingDaysLeft(now), Overdue: req.Overdue(now),
		Suspended: req.Waiting(), Extended: req.ExtensionDays > 0, Urgent: req.Urgent, UrgentReason: req.UrgentReason,
		RelatedDate: dateOnly(req.RelatedDate), Hearing: dateOnly(req.Hearing), Late: req.Late, ObjectionUntil: dateOnly(req.ObjectionUntil)})
}

func dateOnly(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func hashToken(token string) string { return auth.HashSecret(token) }
