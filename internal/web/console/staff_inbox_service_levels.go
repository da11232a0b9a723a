package console

import (
	"fmt"
	"net/http"
	"time"

	"loket/internal/contact"
	"loket/internal/insight"
	"loket/internal/web/render"
)

type serviceLevelRow struct {
	Channel, FirstRate, FinalRate, Satisfaction string
	contact.Share
}

type serviceLevelData struct {
	Days                     int
	Rows                     []serviceLevelRow
	Started, Deflected, Sent int64
	Deflection               string
	RolledAt                 time.Time
	LevelsAt                 time.Time // when the figures per channel were counted
	Targets                  []targetRow
	Hours                    string
}

type targetRow struct {
	Channel, First, Final string
}

// showServiceLevels shows managers the share of conversations per channel that met their targets over the
// last 90 days, satisfaction, and how often the contact form's suggestions kept a question from being sent.
// The figures per channel come from the rollup a worker keeps (labelled with their age); before its first
// run the page counts them itself.
func (h *Handler) showServiceLevels(w http.ResponseWriter, r *http.Request) {
	const days = contact.ServiceLevelDays
	ctx := r.Context()
	since := h.now().AddDate(0, 0, -days)
	levels := h.deps.Contact.Levels
	shares, levelsAt, err := h.deps.Store.ServiceLevelRollup(ctx)
	if err == nil && levelsAt.IsZero() {
		if err = levels.RollupServiceLevels(ctx, h.deps.Store, h.now()); err == nil {
			shares, levelsAt, err = h.deps.Store.ServiceLevelRollup(ctx)
		}
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	avg, answers, err := h.deps.Store.SatisfactionScores(ctx, since)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data := serviceLevelData{Days: days, Deflection: "–", Hours: levels.Hours.String(), LevelsAt: levelsAt}
	if err := h.formFigures(r, since, &data); err != nil {
		h.serverError(w, r, err)
		return
	}
	for _, s := range shares {
		row := serviceLevelRow{Channel: contactChannelLabels[s.Channel], Share: s, FirstRate: percent(s.FirstRate()),
			FinalRate: percent(s.FinalRate()), Satisfaction: "–"}
		if n := answers[s.Channel]; n > 0 {
			row.Satisfaction = fmt.Sprintf("%.1f (%d)", avg[s.Channel], n)
		}
		data.Rows = append(data.Rows, row)
	}
	for _, ch := range contact.Channels {
		t := levels.Targets[ch]
		data.Targets = append(data.Targets, targetRow{contactChannelLabels[ch], businessDuration(t.FirstResponse), businessDuration(t.Resolution)})
	}
	h.render(w, r, http.StatusOK, "staff_service_levels", render.Page{Title: "Serviceniveaus", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Serviceniveaus", URL: ""}}})
}

// formFigures reads the contact-form events from the insight rollup: started, sent and deflected (a
// suggested answer opened and the form left unsent), with the age of the rollup.
func (h *Handler) formFigures(r *http.Request, since time.Time, data *serviceLevelData) error {
	events, err := h.deps.Store.EventTotals(r.Context(), insight.ChannelForm, insight.Day(since), insight.Day(h.now()),
		insight.TypeFormStarted, insight.TypeFormSent, insight.TypeFormDeflected)
	if err != nil {
		return err
	}
	data.Started, data.Sent, data.Deflected = events[insight.TypeFormStarted], events[insight.TypeFormSent], events[insight.TypeFormDeflected]
	if data.Started > 0 {
		data.Deflection = percent(float64(min(data.Deflected, data.Started)) / float64(data.Started))
	}
	data.RolledAt, err = h.deps.Store.RolledAt(r.Context())
	return err
}

func percent(f float64) string {
	if f < 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", f*100)
}
