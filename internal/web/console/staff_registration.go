package console

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"loket/internal/contact"
	"loket/internal/search"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/respond"
	"loket/internal/web/staffauth"
)

// registrationForm holds what the agent typed, so a mistake never loses it.
type registrationForm struct {
	Channel, PartyID, Name, Email, Phone, TopicID, Subject, Note, Result, Team, Assignee, Due string
}

type registrationData struct {
	Form             registrationForm
	Errors           map[string]string
	Channels         []selectOption
	Results          []selectOption
	Teams, Assignees []selectOption
	Topics           []search.Hit // the knowledge-base search beside the form
	TopicQuery       string
	Done             string // the reference of the contact just registered
}

var registrationResultLabels = map[string]string{store.ResultAnswered: "Beantwoord",
	store.ResultForwarded: "Doorgezet naar een team", store.ResultCallback: "Terugbellen nodig"}

// showRegistration is the page on which an agent registers a phone call or counter visit while talking.
func (h *Handler) showRegistration(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	form := registrationForm{Channel: q.Get("kanaal"), Result: store.ResultAnswered, Due: h.defaultDue(), TopicID: q.Get("artikel")}
	if form.Channel == "" {
		form.Channel = contact.ChannelPhone
	}
	h.renderRegistration(w, r, http.StatusOK, form, nil)
}

func (h *Handler) renderRegistration(w http.ResponseWriter, r *http.Request, status int, form registrationForm, errs map[string]string) {
	data := registrationData{Form: form, Errors: errs, Done: r.URL.Query().Get("geregistreerd"), TopicQuery: r.URL.Query().Get("zoek"),
		Channels: selectOptions([]string{contact.ChannelPhone, contact.ChannelCounter}, contactChannelLabels, form.Channel),
		Results:  selectOptions(store.RegistrationResults, registrationResultLabels, form.Result)}
	if data.TopicQuery != "" {
		res, err := h.deps.Search.SearchWith(data.TopicQuery, search.Options{Limit: 8}) // topics show no snippets
		if err != nil && !errors.Is(err, search.ErrBadQuery) {
			h.serverError(w, r, err)
			return
		}
		data.Topics = res.Hits
	}
	if err := h.assignChoices(r, &data.Teams, &data.Assignees, form.Team, form.Assignee); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.render(w, r, status, "staff_registration", render.Page{Title: "Contact registreren", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Contact registreren", URL: ""}}})
}

// saveRegistration stores the contact; a callback becomes a task for the team with an e-mail to them.
func (h *Handler) saveRegistration(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 64<<10) {
		return
	}
	f := r.PostForm
	form := registrationForm{Channel: f.Get("kanaal"), PartyID: f.Get("persoon"), Name: strings.TrimSpace(f.Get("naam")),
		Email: strings.TrimSpace(f.Get("email")), Phone: strings.TrimSpace(f.Get("telefoon")), TopicID: strings.TrimSpace(f.Get("artikel")),
		Subject: strings.TrimSpace(f.Get("onderwerp")), Note: strings.TrimSpace(f.Get("notitie")), Result: f.Get("resultaat"),
		Team: f.Get("team"), Assignee: f.Get("medewerker"), Due: f.Get("uiterlijk")}
	reg, errs := form.registration(staffauth.Staff(r).Email)
	if len(errs) > 0 {
		h.renderRegistration(w, r, http.StatusUnprocessableEntity, form, errs)
		return
	}
	rc, err := h.deps.ContactService.Register(r.Context(), reg) // the service counts it for insight
	if err != nil {
		h.contactError(w, r, err)
		return
	}
	h.auth.Audit(r, "register", "conversation", strconv.FormatInt(rc.ConversationID, 10), reg.Channel+" "+reg.Result)
	http.Redirect(w, r, "/beheer/registreren?kanaal="+reg.Channel+"&geregistreerd="+url.QueryEscape(rc.Reference), http.StatusSeeOther)
}

// registration turns the form into a store registration, with a Dutch message per wrong field.
func (f registrationForm) registration(by string) (store.Registration, map[string]string) {
	reg := store.Registration{Channel: f.Channel, Name: f.Name, Email: f.Email, Phone: f.Phone, TopicID: f.TopicID,
		Subject: f.Subject, Note: f.Note, Result: f.Result, Team: f.Team, CreatedBy: by}
	reg.PartyID, _ = strconv.ParseInt(f.PartyID, 10, 64)
	reg.AssigneeID, _ = strconv.ParseInt(f.Assignee, 10, 64)
	errs := map[string]string{}
	if f.Result == store.ResultCallback {
		due, ok := parseDue(f.Due)
		if !ok {
			errs["terugbellen"] = "Kies wanneer er uiterlijk teruggebeld moet worden."
		}
		reg.Due = due
	} else {
		reg.AssigneeID = 0
	}
	for k, v := range reg.Validate() {
		if _, ok := errs[k]; !ok {
			errs[k] = v
		}
	}
	return reg, errs
}

// searchParties finds people by name, e-mail address or phone number for the registration form (JSON).
func (h *Handler) searchParties(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 200 {
		respond.JSON(w, http.StatusBadRequest, respond.Error{Error: "zoekvraag te lang"})
		return
	}
	list, err := h.deps.Store.SearchParties(r.Context(), q, 10)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if list == nil {
		list = []store.PartyMatch{}
	}
	if len(list) > 0 {
		h.auth.Audit(r, "search", "party", "", q)
	}
	respond.JSON(w, http.StatusOK, map[string]any{"people": list})
}
