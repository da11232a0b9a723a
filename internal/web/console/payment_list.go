package console

import (
	"net/http"
	"time"

	"loket/internal/insight"
	"loket/internal/payment"
	"loket/internal/web/render"
)

// paymentsPage is revenue per product over a period, with the finance export.
type paymentsPage struct {
	Enabled  bool
	Period   insight.Period
	Products []payment.ProductRevenue
	Total    int64
	Refunded int64
	Today    string
}

// showPayments shows what each product brought in over the period (?van, ?tot).
func (h *Handler) showPayments(w http.ResponseWriter, r *http.Request) {
	p := paymentsPage{Enabled: h.deps.Payments.Enabled(), Period: h.readPeriod(r), Today: h.now().Format(time.DateOnly)}
	if p.Enabled {
		from, _ := time.Parse(time.DateOnly, p.Period.From)
		to, _ := time.Parse(time.DateOnly, p.Period.To)
		list, err := h.deps.Payments.Revenue(r.Context(), from, to.AddDate(0, 0, 1))
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		p.Products = list
		for _, pr := range list {
			p.Total += pr.Cents
			p.Refunded += pr.RefundedCents
		}
	}
	h.render(w, r, http.StatusOK, "staff_payments", render.Page{Title: "Betalingen", Data: p,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Betalingen", URL: ""}}})
}

// exportPaymentsOfDay is the daily CSV of payments for the finance department (?dag=JJJJ-MM-DD).
func (h *Handler) exportPaymentsOfDay(w http.ResponseWriter, r *http.Request) {
	day, err := time.Parse(time.DateOnly, r.URL.Query().Get("dag"))
	if err != nil || !h.deps.Payments.Enabled() {
		h.badRequest(w, r, "Kies een dag als JJJJ-MM-DD, bijvoorbeeld 2026-12-04.")
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="betalingen-`+day.Format(time.DateOnly)+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	h.auth.Audit(r, "export", "payments", day.Format(time.DateOnly), "")
	if err := h.deps.Payments.DailyCSV(r.Context(), day, w); err != nil {
		h.deps.Log.Error("payments CSV", "err", err)
	}
}
