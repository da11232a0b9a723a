package api

import (
	"errors"
	"net/http"
	"time"

	"loket/internal/auth"
	"loket/internal/request"
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
	Procedure       string `json:"procedure"`
	TermStart       string `json:"term_start"`        // day zero of the decision term
	OriginalEnd     string `json:"original_deadline"` // without suspensions and extensions
	SuspendedDays   int    `json:"suspended_days"`
	ExtendedDays    int    `json:"extended_days"`
	RepairUntil     string `json:"information_due,omitempty"` // hersteltermijn of an open request for information
	RepairLapsed    bool   `json:"information_due_passed,omitempty"`
	Granted         bool   `json:"granted_by_law,omitempty"` // lex silencio positivo (Awb 4:20b)
	PenaltyEuros    int    `json:"penalty_euros,omitempty"`  // dwangsom accrued (Awb 4:17)
	PenaltyFrom     string `json:"penalty_from,omitempty"`
}

// showRequestAPI answers GET /api/v1/requests/{reference} for case handlers; it is audit-logged.
func (h *Handler) showRequestAPI(w http.ResponseWriter, r *http.Request) {
	ref := r.PathValue("reference")
	if !request.ValidReference(ref) {
		respond.Fail(w, http.StatusNotFound, "Deze aanvraag bestaat niet.")
		return
	}
	c, err := h.deps.Requests.Case(r.Context(), ref)
	if errors.Is(err, request.ErrNotFound) {
		respond.Fail(w, http.StatusNotFound, "Deze aanvraag bestaat niet.")
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "view", "request", c.Reference, "via de API")
	d := c.Term
	respond.JSON(w, http.StatusOK, apiRequest{Reference: c.Reference, Product: c.Product, Kind: c.Kind, Team: c.Team,
		Status: string(c.Status), Assignee: c.Assignee, ReceivedAt: c.ReceivedAt.UTC().Format(time.RFC3339),
		Deadline: d.Due.Format(time.DateOnly), WorkingDaysLeft: d.DaysLeft, Overdue: d.Overdue && !d.Decided,
		Suspended: d.Suspended, Extended: d.ExtendedDays > 0, Urgent: d.Urgent, UrgentReason: d.UrgentReason,
		RelatedDate: dateOnly(c.RelatedDate), Hearing: dateOnly(c.Hearing), Late: c.Late, ObjectionUntil: dateOnly(c.ObjectionUntil),
		Procedure: d.Procedure.ID, TermStart: dateOnly(d.Start), OriginalEnd: dateOnly(d.Original), SuspendedDays: d.SuspendedDays,
		ExtendedDays: d.ExtendedDays, RepairUntil: dateOnly(d.RepairUntil), RepairLapsed: d.RepairLapsed, Granted: d.Granted,
		PenaltyEuros: d.Penalty.Euros, PenaltyFrom: dateOnly(d.Penalty.From)})
}

func dateOnly(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func hashToken(token string) string { return auth.HashSecret(token) }
