package console

import (
	"net/http"
	"time"

	"loket/internal/calendar"
	"loket/internal/request"
	"loket/internal/web/render"
)

// figuresData is the dashboard of requests per procedure: the last twelve months by month of receipt.
type figuresData struct {
	From, To time.Time
	Rows     []request.Figure
}

// showRequestFigures shows requests per procedure, product and team per month: decided in time,
// still open past the deadline, days the terms stood still and penalties accrued.
func (h *Handler) showRequestFigures(w http.ResponseWriter, r *http.Request) {
	now := h.deps.Requests.Today().In(calendar.Amsterdam)
	to := time.Date(now.Year(), now.Month()+1, 1, 0, 0, 0, 0, calendar.Amsterdam)
	data := figuresData{From: to.AddDate(-1, 0, 0), To: to.AddDate(0, 0, -1)}
	rows, err := h.deps.Requests.Figures(r.Context(), data.From, to)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data.Rows = rows
	h.render(w, r, http.StatusOK, "staff_request_figures", render.Page{Title: "Cijfers aanvragen", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Aanvragen", URL: "/beheer/aanvragen"}, {Label: "Cijfers", URL: ""}}})
}
