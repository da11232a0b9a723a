package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"loket/internal/insight"
	"loket/internal/store"
	"loket/internal/web/render"
)

// auditPage is how many lines the audit page shows at a time.
const auditPage = 100

type auditData struct {
	Filter           auditFilterForm
	Entries          []auditRow
	Actions, Objects []auditOption
	Error            string
	Older, Newest    string // the links to the next page of older lines and back to the newest; "" when none
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
		f.Limit = auditPage + 1 // one more tells whether older lines follow
		f.Before = auditCursor(r.URL.Query().Get("voor"))
		list, err := h.deps.Store.AuditEntries(r.Context(), f)
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		if len(list) > auditPage {
			list = list[:auditPage]
			data.Older = auditPageURL(r.URL.Query(), auditCursorText(list[len(list)-1]))
		}
		if f.Before != nil {
			data.Newest = auditPageURL(r.URL.Query(), "")
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
	h.auth.Audit(r, "export", "audit_log", "", "")
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="auditlog.csv"`)
	cs, err := insight.NewCSVStream(w, "tijdstip", "medewerker", "actie", "soort", "object", "toelichting")
	if err != nil {
		return // the client went away
	}
	err = h.deps.Store.EachAuditEntry(r.Context(), f, func(e store.AuditEntry) error {
		return cs.Row(e.At.UTC().Format(time.RFC3339), e.Actor, auditActionLabel(e.Action), auditObjectLabel(e.ObjectType), e.ObjectID, e.Detail)
	})
	if err == nil {
		err = cs.Close()
	}
	if err != nil {
		// The headers are sent: the file ends short, and the log says why.
		h.deps.Log.Error("audit export", "err", err)
	}
}

// auditCursor reads the "voor" parameter (the time in Unix nanoseconds and the id of the last line
// shown, "1764000000000000000.123"); anything else starts at the newest line.
func auditCursor(v string) *store.AuditEntry {
	at, id, ok := strings.Cut(v, ".")
	nanos, err1 := strconv.ParseInt(at, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if !ok || err1 != nil || err2 != nil || n <= 0 {
		return nil
	}
	return &store.AuditEntry{At: time.Unix(0, nanos).UTC(), ID: n}
}

func auditCursorText(e store.AuditEntry) string {
	return strconv.FormatInt(e.At.UnixNano(), 10) + "." + strconv.FormatInt(e.ID, 10)
}

// auditPageURL is the audit page with the same filter, continued before cursor ("" for the newest).
func auditPageURL(q url.Values, cursor string) string {
	return pageURL("/beheer/audit", q, "voor", cursor)
}
