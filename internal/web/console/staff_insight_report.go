package console

import (
	"net/http"
	"strings"
	"time"

	"loket/internal/calendar"
	"loket/internal/insight"
	"loket/internal/request"
	"loket/internal/web/render"
)

// monthReport is the one-page monthly report: the figures a manager takes to the management meeting.
type monthReport struct {
	Month, Title  string // YYYY-MM and "november 2026"
	Prev, Next    string // neighbouring months, "" when in the future
	Period        insight.Period
	Partial       bool // the month has not ended yet
	Freshness     string
	Channels      channelsData
	TopTasks      []reportTask
	Searches      int64
	ZeroShare     float64
	ClickShare    float64
	Service       []reportServiceLevel
	ServiceAt     time.Time // when the service levels were counted
	Decided       int
	DecidedInTime int
	InTimeShare   float64
}

// reportTask is a top task with how well it works online.
type reportTask struct {
	insight.TaskStats
	Votes int
}

// reportServiceLevel is one channel's share of conversations answered and resolved in time.
type reportServiceLevel struct {
	Channel            string
	Conversations      int
	FirstRate, Resolve float64 // -1 when nothing was decided yet
}

// showMonthReport is /beheer/inzicht/maandrapport?maand=JJJJ-MM (last month when missing): contacts per
// channel against FTE, the top tasks and how well each works online, search success, service levels met
// and requests decided in time, on one page that prints on A4.
func (h *Handler) showMonthReport(w http.ResponseWriter, r *http.Request) {
	now := h.now().In(calendar.Amsterdam)
	thisMonth := time.Date(now.Year(), now.Month(), 1, 12, 0, 0, 0, calendar.Amsterdam)
	month, err := time.ParseInLocation("2006-01", r.URL.Query().Get("maand"), calendar.Amsterdam)
	if err != nil || month.After(thisMonth) {
		month = thisMonth.AddDate(0, -1, 0)
	}
	first := time.Date(month.Year(), month.Month(), 1, 12, 0, 0, 0, calendar.Amsterdam)
	last := first.AddDate(0, 1, -1)
	rep := monthReport{Month: first.Format("2006-01"), Title: strings.TrimPrefix(render.Date(first), "1 "), Freshness: h.freshness(r),
		Period: insight.Period{From: first.Format(time.DateOnly), To: last.Format(time.DateOnly)},
		Prev:   first.AddDate(0, -1, 0).Format("2006-01"), Partial: !last.Before(now)}
	if first.Before(thisMonth) {
		rep.Next = first.AddDate(0, 1, 0).Format("2006-01")
	}
	if err := h.fillMonthReport(r, &rep); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "staff_insight_report", render.Page{Title: "Maandrapport " + rep.Title, Data: rep,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Inzicht", URL: "/beheer/inzicht"}, {Label: "Maandrapport", URL: ""}}})
}

func (h *Handler) fillMonthReport(r *http.Request, rep *monthReport) error {
	ctx, p := r.Context(), rep.Period
	var err error
	if rep.Channels, err = h.channelView(r, p); err != nil {
		return err
	}
	stats, err := h.deps.Store.TaskStats(ctx, p.From, p.To)
	if err != nil {
		return err
	}
	votes, _, err := h.deps.Store.VoteTotals(ctx)
	if err != nil {
		return err
	}
	byID := map[int64]insight.TaskStats{}
	for _, s := range stats {
		byID[s.TaskID] = s
	}
	for _, v := range insight.LeagueTable(votes) {
		if v.Top {
			rep.TopTasks = append(rep.TopTasks, reportTask{TaskStats: byID[v.TaskID], Votes: v.Votes})
		}
	}
	totals, err := h.deps.Store.SearchTotals(ctx, p.From, p.To)
	if err != nil {
		return err
	}
	if rep.Searches = totals[insight.TypeSearch]; rep.Searches > 0 {
		rep.ZeroShare = float64(totals[insight.TypeSearchZero]) / float64(rep.Searches)
		rep.ClickShare = min(1, float64(totals[insight.TypeSearchClick])/float64(rep.Searches))
	}
	// The service levels of the month come from the rollup a worker keeps for the current and the previous
	// month; an older month is counted once, when first asked for, and kept.
	shares, levelsAt, err := h.deps.Store.ServiceLevelMonth(ctx, rep.Month)
	if err == nil && levelsAt.IsZero() {
		if err = h.deps.Contact.Levels.RollupServiceLevelMonth(ctx, h.deps.Store, p.FromTime(), h.now()); err == nil {
			shares, levelsAt, err = h.deps.Store.ServiceLevelMonth(ctx, rep.Month)
		}
	}
	if err != nil {
		return err
	}
	rep.ServiceAt = levelsAt
	for _, s := range shares {
		rep.Service = append(rep.Service, reportServiceLevel{Channel: contactChannelLabels[s.Channel], Conversations: s.Conversations,
			FirstRate: s.FirstRate(), Resolve: s.FinalRate()})
	}
	rep.Decided, rep.DecidedInTime, err = h.deps.Store.RequestsDecided(ctx, p.FromTime(), p.ToTime(), string(request.StatusDecided))
	if rep.Decided > 0 {
		rep.InTimeShare = float64(rep.DecidedInTime) / float64(rep.Decided)
	}
	return err
}
