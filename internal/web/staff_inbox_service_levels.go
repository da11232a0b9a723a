package web

import (
	"fmt"
	"net/http"
	"time"

	"loket/internal/contact"
)

type serviceLevelRow struct {
	Channel, FirstRate, FinalRate, Satisfaction string
	contact.Share
}

type serviceLevelData struct {
	Days                   int
	Rows                   []serviceLevelRow
	Started, Clicked, Sent int
	Deflection             string
	Targets                []targetRow
	Hours                  string
}

type targetRow struct {
	Channel, First, Final string
}

// showServiceLevels shows managers the share of conversations per channel that met their targets over the
// last 90 days, satisfaction, and how often the contact form's suggestions kept a question from being sent.
func (h *staffHandler) showServiceLevels(w http.ResponseWriter, r *http.Request) {
	const days = 90
	ctx := r.Context()
	since := time.Now().AddDate(0, 0, -days)
	list, err := h.deps.Store.ConversationsSince(ctx, since)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	avg, answers, err := h.deps.Store.SatisfactionScores(ctx, since)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	events, err := h.deps.Store.ContactEventCounts(ctx, since)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	levels := h.deps.Contact.Levels
	data := serviceLevelData{Days: days, Started: events[contact.EventFormStarted], Clicked: events[contact.EventSuggestionClick],
		Sent: events[contact.EventFormSent], Deflection: "–", Hours: levels.Hours.String()}
	if data.Started > 0 {
		data.Deflection = percent(1 - float64(min(data.Sent, data.Started))/float64(data.Started))
	}
	for _, s := range levels.Shares(list, time.Now()) {
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
	h.render(w, r, http.StatusOK, "staff_service_levels", page{Title: "Serviceniveaus", Data: data,
		Breadcrumbs: []crumb{{"Beheer", "/beheer"}, {"Serviceniveaus", ""}}})
}

func percent(f float64) string {
	if f < 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", f*100)
}
