package console

import (
	"net/http"
	"strconv"
	"time"

	"loket/internal/contact"
	"loket/internal/web/render"
	"loket/internal/web/shared"
	"loket/internal/web/staffauth"
)

type inboxData struct {
	Rows             []conversationRow
	States, Channels []selectOption
	Teams            []selectOption
	Assignees        []selectOption
	Overdue          bool
	Total, Breached  int
	Outbox           map[string]int
}

func (h *Handler) showInbox(w http.ResponseWriter, r *http.Request) {
	f := shared.InboxFilter(r)
	list, err := h.deps.Store.Conversations(r.Context(), f)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data := inboxData{Overdue: r.URL.Query().Get("te-laat") == "1",
		States:   selectOptions(contact.States, stateLabels, f.State),
		Channels: selectOptions(contact.Channels, contactChannelLabels, f.Channel)}
	now := time.Now()
	for _, c := range list {
		row := h.conversationRow(c, now)
		if data.Overdue && (!row.Breached || c.State == contact.StateClosed) {
			continue
		}
		if row.Breached {
			data.Breached++
		}
		data.Rows = append(data.Rows, row)
	}
	data.Total = len(data.Rows)
	if err := h.assignChoices(r, &data.Teams, &data.Assignees, f.Team, r.URL.Query().Get("medewerker")); err != nil {
		h.serverError(w, r, err)
		return
	}
	if data.Outbox, err = h.deps.Store.OutboxCounts(r.Context()); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "list", "conversation", "", "inbox")
	h.render(w, r, http.StatusOK, "staff_inbox", render.Page{Title: "Inbox", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Inbox", URL: ""}}})
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
