package api

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"

	"loket/internal/insight"
	"loket/internal/web/respond"
)

type apiStaffing struct {
	Agents          int     `json:"agents"`
	ScheduledAgents int     `json:"scheduled_agents"`
	ServiceLevel    float64 `json:"service_level"`
	ASASeconds      float64 `json:"asa_seconds"`
	Occupancy       float64 `json:"occupancy"`
}

// staffing answers the Erlang C calculator: target and shrinkage are shares (0.8, 0.3), not percentages.
func (h *Handler) staffing(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	in := insight.StaffingInput{TargetShare: 0.8, WithinSeconds: 20, Concurrency: 1}
	params := []struct {
		name     string
		target   *float64
		required bool
	}{
		{"calls_per_hour", &in.ArrivalsPerHour, true}, {"aht_seconds", &in.AHTSeconds, true},
		{"target", &in.TargetShare, false}, {"within_seconds", &in.WithinSeconds, false},
		{"shrinkage", &in.Shrinkage, false}, {"concurrency", &in.Concurrency, false},
	}
	for _, p := range params {
		v := q.Get(p.name)
		if v == "" {
			if p.required {
				respond.Fail(w, http.StatusBadRequest, p.name+" is required")
				return
			}
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			respond.Fail(w, http.StatusBadRequest, p.name+" must be a number")
			return
		}
		*p.target = f
	}
	res, err := insight.Staffing(in)
	if errors.Is(err, insight.ErrInvalidStaffing) {
		respond.Fail(w, http.StatusBadRequest, apiStaffingMessage(err))
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	respond.JSON(w, http.StatusOK, apiStaffing{Agents: res.Agents, ScheduledAgents: res.ScheduledAgents,
		ServiceLevel: round(res.ServiceLevel, 4), ASASeconds: round(res.ASASeconds, 1), Occupancy: round(res.Occupancy, 4)})
}

// apiStaffingMessage names the API parameter behind a calculator error.
func apiStaffingMessage(err error) string {
	msg := err.Error()
	for _, m := range []struct{ part, text string }{
		{"target share", "target must be a share between 0 and 1, exclusive (0.8 is 80%)"},
		{"shrinkage", "shrinkage must be a share between 0 and 0.9"},
		{"concurrency", "concurrency must be between 1 and 20"},
		{"handling time", "aht_seconds must be positive and at most 86400"},
		{"arrivals", "calls_per_hour must not be negative"},
		{"answer time", "within_seconds must not be negative"},
	} {
		if strings.Contains(strings.ToLower(msg), strings.ToLower(m.part)) {
			return m.text
		}
	}
	return "calls_per_hour × aht_seconds is too large to staff"
}

func round(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}
