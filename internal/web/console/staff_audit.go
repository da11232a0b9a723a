package console

import (
	"encoding/csv"
	"net/http"
	"time"

	"loket/internal/store"
	"loket/internal/web/render"
)

type auditData struct {
	Filter           auditFilterForm
	Entries          []auditRow
	Actions, Objects []auditOption
	Error            string
}

// auditRow is one audit entry as staff read it: the codes in Dutch.
type auditRow struct {
	store.AuditEntry
	ActionLabel, ObjectLabel string
}

type auditFilterForm struct {
	Actor, Action, ObjectType, ObjectID, From, To string
}

// auditFilter reads the filter form; dates are YYYY-MM-DD and To includes the whole day.
func auditFilter(r *http.Request) (auditFilterForm, store.AuditFilter, string) {
	q := r.URL.Query()
	form := auditFilterForm{Actor: q.Get("actor"), Action: q.Get("actie"), ObjectType: q.Get("soort"),
		ObjectID: q.Get("object"), From: q.Get("van"), To: q.Get("tot")}
	f := store.AuditFilter{Actor: form.Actor, Action: form.Action, ObjectType: form.ObjectType, ObjectID: form.ObjectID}
	for _, d := range []struct {
		value  string
		target *time.Time
		add    int
	}{{form.From, &f.From, 0}, {form.To, &f.To, 1}} {
		if d.value == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.value)
		if err != nil {
			return form, f, "Vul datums in als JJJJ-MM-DD, bijvoorbeeld 2026-11-27."
		}
		*d.target = t.AddDate(0, 0, d.add)
	}
	return form, f, ""
}

func (h *Handler) showAudit(w http.ResponseWriter, r *http.Request) {
	form, f, msg := auditFilter(r)
	data := auditData{Filter: form, Error: msg,
		Actions: auditOptions(auditActionLabels), Objects: auditOptions(auditObjectLabels)}
	if msg == "" {
		f.Limit = 500
		list, err := h.deps.Store.AuditEntries(r.Context(), f)
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		for _, e := range list {
			data.Entries = append(data.Entries, auditRow{e, auditActionLabel(e.Action), auditObjectLabel(e.ObjectType)})
		}
	}
	h.render(w, r, http.StatusOK, "staff_audit", render.Page{Title: "Auditlog", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Auditlog", URL: ""}}})
}

func (h *Handler) exportAudit(w http.ResponseWriter, r *http.Request) {
	_, f, msg := auditFilter(r)
	if msg != "" {
		h.badRequest(w, r, msg)
		return
	}
	list, err := h.deps.Store.AuditEntries(r.Context(), f)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "export", "audit_log", "", "")
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="auditlog.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"tijdstip", "medewerker", "actie", "soort", "object", "toelichting"})
	for _, e := range list {
		cw.Write([]string{e.At.UTC().Format(time.RFC3339), e.Actor, auditActionLabel(e.Action), auditObjectLabel(e.ObjectType), e.ObjectID, csvSafe(e.Detail)})
	}
	cw.Flush()
}

// csvSafe stops a spreadsheet from running a cell that starts with a formula character.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		return "'" + s
	}
	return s
}
