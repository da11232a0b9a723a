package console

import (
	"net/http"
	"strconv"
	"strings"

	"loket/internal/auth"
	"loket/internal/payment"
	"loket/internal/problem"
	"loket/internal/request"
)

// refundRequest pays (part of) a decided request's fee back, when the product's fee rules allow it for
// the decision's outcome; the payment service records and audits it.
func (h *Handler) refundRequest(w http.ResponseWriter, r *http.Request) {
	c, ok := h.staffCase(w, r)
	if !ok || !h.parseForm(w, r, 4<<10) {
		return
	}
	input := map[string]string{"bedrag": r.PostForm.Get("bedrag"), "reden_terug": r.PostForm.Get("reden")}
	f, err := h.deps.Store.RequestForm(r.Context(), c.Product)
	if err != nil || f.Fee == nil || !h.deps.Payments.Enabled() || c.Status != request.StatusDecided {
		h.renderCase(w, r, http.StatusUnprocessableEntity, h.caseData(r, c, map[string]string{"bedrag": "Terugbetalen kan pas na het besluit, en alleen bij een product met kosten."}, input))
		return
	}
	cents, ok := parseEuro(input["bedrag"])
	if !ok {
		h.renderCase(w, r, http.StatusUnprocessableEntity, h.caseData(r, c, map[string]string{"bedrag": "Vul een bedrag in euro in, bijvoorbeeld 27,50."}, input))
		return
	}
	st, _ := auth.StaffFrom(r.Context())
	err = h.deps.Payments.Refund(r.Context(), refundOf(st.Email, c.Request, *f.Fee, cents, input["reden_terug"]))
	if problem.KindOf(err) == problem.Invalid {
		errs := problem.FieldsOf(err)
		if msg, ok := errs["reden"]; ok {
			errs["reden_terug"] = msg
		}
		h.renderCase(w, r, http.StatusUnprocessableEntity, h.caseData(r, c, errs, input))
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/aanvragen/"+c.Reference+"?gedaan=terugbetaald", http.StatusSeeOther)
}

// parseEuro reads "27,50", "27.50" or "27" as cents.
func parseEuro(s string) (int64, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "€"))
	s = strings.ReplaceAll(s, ",", ".")
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 || whole == "" || len(whole) > 7 {
		return 0, false
	}
	frac += strings.Repeat("0", 2-len(frac))
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || w < 0 || f < 0 {
		return 0, false
	}
	return w*100 + f, true
}

func refundOf(actor string, req request.Request, fee payment.Fee, cents int64, reason string) payment.RefundRequest {
	return payment.RefundRequest{Actor: actor, Reference: req.Reference, Outcome: req.Outcome, Reason: reason, Fee: fee, Cents: cents}
}
