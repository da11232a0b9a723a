package console

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"

	"loket/internal/insight"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

type channelsData struct {
	Period     insight.Period
	PeriodForm periodForm
	Freshness  string
	Rows       []insight.ChannelRow
	Total      insight.ChannelRow
	Shift      chart
	PerFTE     chart
	Settings   []channelSettingForm
	Error      string
	CanEdit    bool
}

type channelSettingForm struct {
	Channel, Name, FTE, Cost string
}

// channelView loads what the channel dashboard and its export show.
func (h *Handler) channelView(r *http.Request, p insight.Period) (channelsData, error) {
	data := channelsData{Period: p, PeriodForm: h.periodFormFor("/beheer/inzicht/kanalen", p), Freshness: h.freshness(r)}
	contacts, err := h.deps.Store.ChannelContacts(r.Context(), p.From, p.To)
	if err != nil {
		return data, err
	}
	settings, err := h.deps.Store.ChannelSettings(r.Context())
	if err != nil {
		return data, err
	}
	data.Rows = insight.ChannelTable(contacts, settings)
	data.Total.Name = "Totaal"
	for _, row := range data.Rows {
		data.Total.Contacts += row.Contacts
		data.Total.FTE += row.FTE
		data.Total.Cost += row.Cost
		data.Settings = append(data.Settings, channelSettingForm{Channel: row.Channel, Name: row.Name,
			FTE: render.Decimal(row.FTE, 1), Cost: render.Decimal(row.CostPerContact, 2)})
	}
	if data.Total.FTE > 0 {
		data.Total.ContactsPerFTE = math.Round(float64(data.Total.Contacts) / data.Total.FTE)
	}
	months, err := h.deps.Store.ChannelMonths(r.Context(), p.From, p.To)
	if err != nil {
		return data, err
	}
	data.Shift = monthChart(months, insight.Channels, render.ChannelLabel, true)
	markPartialMonths(&data.Shift, p)
	data.PerFTE = chart{Type: "bar", AxisName: "Contacten per fte"}
	for _, row := range data.Rows {
		if row.FTE > 0 {
			data.PerFTE.Labels = append(data.PerFTE.Labels, row.Name)
		}
	}
	series := chartSeries{Label: "Contacten per fte"}
	for _, row := range data.Rows {
		if row.FTE > 0 {
			series.Data = append(series.Data, row.ContactsPerFTE)
		}
	}
	data.PerFTE.Series = []chartSeries{series}
	return data, nil
}

// monthChart turns monthly counts into a chart with one series per name, as shares of each month when
// percent is set (channel shift).
func monthChart(months []store.MonthCount, names []string, label func(string) string, percent bool) chart {
	c := chart{Type: "line", Percent: percent}
	index := map[string]int{}
	totals := map[string]float64{}
	for _, m := range months {
		if _, ok := index[m.Month]; !ok {
			index[m.Month] = len(c.Labels)
			c.Labels = append(c.Labels, m.Month)
		}
		totals[m.Month] += float64(m.N)
	}
	for _, name := range names {
		s := chartSeries{Label: label(name), Data: make([]float64, len(c.Labels))}
		seen := false
		for _, m := range months {
			if m.Series != name {
				continue
			}
			seen = true
			v := float64(m.N)
			if percent && totals[m.Month] > 0 {
				v = math.Round(1000*v/totals[m.Month]) / 10
			}
			s.Data[index[m.Month]] = v
		}
		if seen {
			c.Series = append(c.Series, s)
		}
	}
	if percent {
		c.AxisName = "Aandeel van alle contacten (%)"
	}
	return c
}

func (h *Handler) showChannels(w http.ResponseWriter, r *http.Request) {
	p := h.readPeriod(r)
	data, err := h.channelView(r, p)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if f := exportFormat(r); f != "" {
		h.writeTable(w, r, f, channelTable(data))
		return
	}
	h.renderChannels(w, r, http.StatusOK, data)
}

func (h *Handler) renderChannels(w http.ResponseWriter, r *http.Request, status int, data channelsData) {
	data.CanEdit = staffauth.Staff(r).Can(staffauth.Managers...)
	h.render(w, r, status, "staff_insight_channels", render.Page{Title: "Kanalen", Data: data, Flash: flashFrom(r),
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Inzicht", URL: "/beheer/inzicht"}, {Label: "Kanalen", URL: ""}}})
}

func channelTable(d channelsData) insight.Table {
	t := insight.Table{Name: exportName("kanalen", d.Period), Sheet: "Kanalen", Title: "Kanalen van " + periodTitle(d.Period),
		Columns: []string{"kanaal", "contacten", "aandeel", "fte", "contacten per fte", "kosten per contact (euro)", "kosten (euro)"}}
	for _, r := range d.Rows {
		t.Rows = append(t.Rows, []any{r.Name, r.Contacts, insight.Share(r.Share), r.FTE, r.ContactsPerFTE,
			r.CostPerContact, math.Round(r.Cost*100) / 100})
	}
	return t
}

// saveChannelSettings stores FTE and cost per contact for every channel, or none when one is wrong.
func (h *Handler) saveChannelSettings(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 16<<10) {
		return
	}
	var settings []insight.ChannelSetting
	var forms []channelSettingForm
	var problem error
	for _, ch := range insight.Channels {
		f := channelSettingForm{Channel: ch, Name: render.ChannelLabel(ch), FTE: r.PostForm.Get("fte_" + ch), Cost: r.PostForm.Get("kosten_" + ch)}
		forms = append(forms, f)
		fte, err1 := parseDecimal(f.FTE)
		cost, err2 := parseDecimal(f.Cost)
		set := insight.ChannelSetting{Channel: ch, FTE: fte, CostCents: int64(math.Round(cost * 100))}
		if err := set.Validate(); problem == nil && (err1 != nil || err2 != nil || err != nil) {
			problem = errors.New(f.Name + ": vul getallen in, bijvoorbeeld 3 of 2,5.")
			if err != nil && err1 == nil && err2 == nil {
				problem = err
			}
		}
		settings = append(settings, set)
	}
	if problem != nil {
		data, err := h.channelView(r, h.readPeriod(r))
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		data.Settings, data.Error = forms, insight.ValidationMessage(problem)
		h.renderChannels(w, r, http.StatusUnprocessableEntity, data)
		return
	}
	if err := h.deps.Store.SaveChannelSettings(r.Context(), settings); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "update", "channel_settings", "", "")
	http.Redirect(w, r, "/beheer/inzicht/kanalen?klaar=instellingen", http.StatusSeeOther)
}

// parseDecimal reads a number typed the Dutch way (2,5) or with a dot; empty is zero.
func parseDecimal(s string) (float64, error) {
	s = strings.TrimSpace(strings.Replace(s, ",", ".", 1))
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, errors.New("not a number")
	}
	return v, nil
}
