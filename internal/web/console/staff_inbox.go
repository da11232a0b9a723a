package console

import (
	"net/http"
	"net/url"
	"strconv"

	"loket/internal/contact"
	"loket/internal/problem"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

type inboxData struct {
	Rows                []conversationRow
	Query               string
	State, Sort         string
	States, Channels    []selectOption
	Sorts               []selectOption
	Teams               []selectOption
	Assignees           []selectOption
	BulkStates          []selectOption
	Tabs                []inboxTab
	Overdue             bool
	Counts              contact.Counts
	Next, First         string // URLs of the next and the first page; empty when there is none
	Error               string
	Outbox              map[string]int
	Done, Failed        int // after a bulk action
	BulkError           string
	Filtered, FirstPage bool
	Return              string // the inbox query a bulk action returns to
}

// inboxTab is a link to one view of the inbox with its counter.
type inboxTab struct {
	Label, URL string
	Count      int
	Current    bool
}

var sortLabels = map[string]string{contact.SortDue: "Eerst te laat", contact.SortOldest: "Oudste eerst", contact.SortNewest: "Nieuwste eerst"}

// showInbox is GET /beheer/inbox: one page of conversations (keyset paging, so every one is reachable),
// sorted by what breaches its service level first unless the agent chooses otherwise, with the counters.
func (h *Handler) showInbox(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	me := staffauth.Staff(r).ID
	q := contact.InboxQuery{Text: v.Get("q"), State: v.Get("status"), Channel: v.Get("kanaal"), Team: v.Get("team"), Sort: v.Get("sorteer")}
	if !v.Has("status") {
		q.State = contact.StateActive // the work to do
	}
	if q.State == "alle" {
		q.State = ""
	}
	switch who := v.Get("medewerker"); who {
	case "ik":
		q.AssigneeID = me
	case "niemand":
		q.AssigneeID = -1
	default:
		q.AssigneeID, _ = strconv.ParseInt(who, 10, 64)
	}
	data := inboxData{Query: v.Get("q"), Overdue: v.Get("te-laat") == "1", Done: atoi(v.Get("gedaan")), Failed: atoi(v.Get("mislukt")),
		BulkError: v.Get("fout"), FirstPage: v.Get("na") == ""}
	if data.Overdue {
		q.DueBefore = h.now()
	}
	var err error
	if q.After, err = contact.ParseCursor(v.Get("na")); err != nil {
		data.Error = "Deze pagina bestaat niet meer. U ziet weer de eerste pagina."
	}
	page, err := h.deps.ContactService.Inbox(r.Context(), q)
	if problem.KindOf(err) == problem.Invalid {
		for _, msg := range problem.FieldsOf(err) {
			data.Error = msg
		}
		q = contact.InboxQuery{State: contact.StateActive} // what was asked cannot be shown: the default view
		page, err = h.deps.ContactService.Inbox(r.Context(), q)
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if q.Sort == "" {
		q.Sort = contact.SortDue
	}
	data.State, data.Sort = q.State, q.Sort
	if data.Counts, err = h.deps.ContactService.Counts(r.Context(), me); err != nil {
		h.serverError(w, r, err)
		return
	}
	now := h.now()
	for _, c := range page.Conversations {
		data.Rows = append(data.Rows, h.conversationRow(c, now))
	}
	if !page.Next.IsZero() {
		next := cloneValues(v)
		next.Set("na", page.Next.String())
		data.Next = "/beheer/inbox?" + next.Encode()
	}
	if !data.FirstPage {
		first := cloneValues(v)
		first.Del("na")
		data.First = "/beheer/inbox?" + first.Encode()
	}
	data.Return = cloneValues(v).Encode()
	h.inboxChoices(&data, q, v)
	if err := h.assignChoices(r, &data.Teams, &data.Assignees, q.Team, v.Get("medewerker")); err != nil {
		h.serverError(w, r, err)
		return
	}
	for i := range data.Teams {
		if n := data.Counts.Team[data.Teams[i].Value]; n > 0 {
			data.Teams[i].Label += " (" + strconv.Itoa(n) + ")"
		}
	}
	if data.Outbox, err = h.deps.Store.OutboxCounts(r.Context()); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "list", "conversation", "", "inbox")
	h.render(w, r, http.StatusOK, "staff_inbox", render.Page{Title: "Inbox", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Inbox", URL: ""}}})
}

// inboxChoices fills the tabs (with counters) and the select boxes of the filter and bulk forms.
func (h *Handler) inboxChoices(data *inboxData, q contact.InboxQuery, v url.Values) {
	c := data.Counts
	tab := func(label, state, who string, n int) inboxTab {
		u := url.Values{"status": {state}}
		if who != "" {
			u.Set("medewerker", who)
		}
		current := q.State == state && v.Get("medewerker") == who && q.Channel == "" && q.Team == "" && q.Text == ""
		if state == contact.StateActive && !v.Has("status") && who == "" {
			current = q.Channel == "" && q.Team == "" && q.Text == "" && v.Get("medewerker") == ""
		}
		return inboxTab{Label: label, URL: "/beheer/inbox?" + u.Encode(), Count: n, Current: current}
	}
	data.Tabs = []inboxTab{
		tab("Alles wat open staat", contact.StateActive, "", c.Active()),
		tab("Nieuw", contact.StateNew, "", c.State[contact.StateNew]),
		tab("Open", contact.StateOpen, "", c.State[contact.StateOpen]),
		tab("Wacht op inwoner", contact.StateWaiting, "", c.State[contact.StateWaiting]),
		tab("Van mij", contact.StateActive, "ik", c.Mine),
		tab("Nog niemand", contact.StateActive, "niemand", c.Nobody),
	}
	state := q.State
	if state == "" {
		state = "alle"
	}
	data.States = append([]selectOption{{Value: contact.StateActive, Label: "Alles wat open staat", Selected: state == contact.StateActive}},
		selectOptions(contact.States, stateLabels, state)...)
	data.States = append(data.States, selectOption{Value: "alle", Label: "Alle, ook gesloten", Selected: state == "alle"})
	data.Channels = selectOptions(contact.Channels, contactChannelLabels, q.Channel)
	for i := range data.Channels {
		if n := c.Channel[data.Channels[i].Value]; n > 0 {
			data.Channels[i].Label += " (" + strconv.Itoa(n) + ")"
		}
	}
	data.Sorts = selectOptions(contact.Sorts, sortLabels, q.Sort)
	data.BulkStates = selectOptions(contact.States, stateLabels, "")
	data.Filtered = q.Text != "" || q.Channel != "" || q.Team != "" || q.AssigneeID != 0 || data.Overdue
}

// cloneValues copies a page's query without its one-time messages (gedaan, mislukt, fout, bijgewerkt), for
// links that keep the filter.
func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		if k != "gedaan" && k != "mislukt" && k != "fout" && k != "bijgewerkt" {
			out[k] = append([]string(nil), vs...)
		}
	}
	return out
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// assignChoices lists the teams and the agents a conversation can be given to.
func (h *Handler) assignChoices(r *http.Request, teams, people *[]selectOption, team, person string) error {
	names, err := h.deps.Store.StaffTeams(r.Context())
	if err != nil {
		return err
	}
	for _, t := range names {
		*teams = append(*teams, selectOption{Value: t, Label: t, Selected: t == team})
	}
	users, err := h.deps.Store.StaffUsers(r.Context())
	if err != nil {
		return err
	}
	for _, u := range users {
		if u.Disabled || !u.Can(staffauth.Agents...) {
			continue
		}
		id := strconv.FormatInt(u.ID, 10)
		label := u.Name
		if label == "" {
			label = u.Email
		}
		*people = append(*people, selectOption{Value: id, Label: label, Selected: id == person})
	}
	return nil
}
