package console

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"loket/internal/insight"
	"loket/internal/web/render"
)

// staffingForm is the calculator as typed; percentages in the console, shares in the API.
type staffingForm struct {
	Channel, Calls, AHT, Target, Within, Shrinkage, Concurrency string
	Shift, HoursPerYear, HoursPerFTE                            string
}

type staffingData struct {
	Form   staffingForm
	Result *insight.StaffingResult
	WhatIf *insight.WhatIfResult
	Error  string
	Field  string
	// Counter is the counter as a channel: its desks per hour of the week from the appointments and walk-ins.
	Counter counterStaffingData
}

// staffingDefaults are typical figures of a middle-sized municipality: 70,000 calls or 15,000 chats a
// year over 2,210 staffed hours.
var staffingDefaults = map[string]staffingForm{
	"phone": {Channel: "phone", Calls: "32", AHT: "300", Target: "80", Within: "20", Shrinkage: "30", Concurrency: "1",
		Shift: "20", HoursPerYear: "2210", HoursPerFTE: "1872"},
	"chat": {Channel: "chat", Calls: "7", AHT: "600", Target: "80", Within: "60", Shrinkage: "30", Concurrency: "2",
		Shift: "20", HoursPerYear: "2210", HoursPerFTE: "1872"},
}

// readStaffingForm fills the form from the query, with the defaults of the chosen channel.
func readStaffingForm(q url.Values) staffingForm {
	f, ok := staffingDefaults[q.Get("kanaal")]
	if !ok {
		f = staffingDefaults["phone"]
	}
	for _, p := range []struct {
		name   string
		target *string
	}{{"oproepen", &f.Calls}, {"duur", &f.AHT}, {"doel", &f.Target}, {"binnen", &f.Within}, {"uitval", &f.Shrinkage},
		{"gelijktijdig", &f.Concurrency}, {"verschuiving", &f.Shift}, {"uren", &f.HoursPerYear}, {"fte_uren", &f.HoursPerFTE}} {
		if v, ok := q[p.name]; ok {
			*p.target = v[0]
		}
	}
	return f
}

// fieldError is a validation error tied to the form field it is about.
type fieldError struct{ field, msg string }

func (e fieldError) Error() string { return e.msg }

// whatIfInput turns the console form into calculator input; percentages become shares.
func (f staffingForm) whatIfInput() (insight.WhatIfInput, error) {
	var in insight.WhatIfInput
	nums := []struct {
		value, field, msg string
		target            *float64
		scale             float64
	}{
		{f.Calls, "oproepen", "Vul het aantal contacten per uur in, bijvoorbeeld 32.", &in.Base.ArrivalsPerHour, 1},
		{f.AHT, "duur", "Vul de gemiddelde afhandeltijd in seconden in, bijvoorbeeld 300.", &in.Base.AHTSeconds, 1},
		{f.Target, "doel", "Vul het doel in als percentage, bijvoorbeeld 80.", &in.Base.TargetShare, 0.01},
		{f.Within, "binnen", "Vul in binnen hoeveel seconden, bijvoorbeeld 20.", &in.Base.WithinSeconds, 1},
		{f.Shrinkage, "uitval", "Vul de uitval in als percentage, bijvoorbeeld 30.", &in.Base.Shrinkage, 0.01},
		{f.Concurrency, "gelijktijdig", "Vul in hoeveel gesprekken iemand tegelijk voert, bijvoorbeeld 1.", &in.Base.Concurrency, 1},
		{f.Shift, "verschuiving", "Vul het percentage in dat naar online gaat, bijvoorbeeld 20.", &in.ShiftedShare, 0.01},
		{f.HoursPerYear, "uren", "Vul het aantal bezette uren per jaar in, bijvoorbeeld 2210.", &in.StaffedHoursPerYear, 1},
		{f.HoursPerFTE, "fte_uren", "Vul het aantal uren per fte per jaar in, bijvoorbeeld 1872.", &in.HoursPerFTE, 1},
	}
	for _, n := range nums {
		v, err := parseDecimal(n.value)
		if err != nil || n.value == "" {
			return in, fieldError{n.field, n.msg}
		}
		*n.target = v * n.scale
	}
	return in, nil
}

// staffingMessage explains in Dutch which input the calculator refused.
func staffingMessage(err error) fieldError {
	var fe fieldError
	if errors.As(err, &fe) {
		return fe
	}
	msg := err.Error()
	for _, m := range []struct{ part, field, text string }{
		{"target share", "doel", "Het doel moet tussen 0 en 100 procent liggen."},
		{"shrinkage", "uitval", "De uitval moet tussen 0 en 90 procent liggen."},
		{"concurrency", "gelijktijdig", "Het aantal gelijktijdige gesprekken moet tussen 1 en 20 liggen."},
		{"handling time", "duur", "De afhandeltijd moet meer dan 0 en hoogstens een dag zijn."},
		{"arrivals", "oproepen", "Het aantal contacten per uur mag niet negatief zijn."},
		{"answer time", "binnen", "Het aantal seconden mag niet negatief zijn."},
		{"shifted share", "verschuiving", "Het percentage naar online moet tussen 0 en 100 liggen."},
		{"staffed hours", "uren", "Het aantal bezette uren per jaar moet tussen 0 en 8784 liggen."},
		{"hours per FTE", "fte_uren", "Het aantal uren per fte moet tussen 0 en 8784 liggen."},
	} {
		if strings.Contains(strings.ToLower(msg), strings.ToLower(m.part)) {
			return fieldError{m.field, m.text}
		}
	}
	return fieldError{"oproepen", "Met deze getallen is geen bezetting te berekenen. Kies kleinere aantallen."}
}

func (h *Handler) showStaffing(w http.ResponseWriter, r *http.Request) {
	period := h.counterPeriod(r)
	if f := exportFormat(r); f != "" {
		h.writeCounterStaffing(w, r, f, period)
		return
	}
	data := staffingData{Form: readStaffingForm(r.URL.Query())}
	status := http.StatusOK
	counter, err := h.counterStaffingView(r, r.URL.Query().Get("locatie"), period)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data.Counter = counter
	in, err := data.Form.whatIfInput()
	var res insight.WhatIfResult
	if err == nil {
		res, err = insight.WhatIf(in)
	}
	if err != nil {
		fe := staffingMessage(err)
		data.Error, data.Field, status = fe.msg, fe.field, http.StatusUnprocessableEntity
	} else {
		data.Result, data.WhatIf = &res.Before, &res
	}
	h.render(w, r, status, "staff_insight_staffing", render.Page{Title: "Bezetting berekenen", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Inzicht", URL: "/beheer/inzicht"}, {Label: "Bezetting", URL: ""}}})
}
