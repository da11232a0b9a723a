package public

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"loket/internal/appointment"
	"loket/internal/contact"
	"loket/internal/identity"
	"loket/internal/problem"
	"loket/internal/request"
	"loket/internal/store"
)

// mijnLoketPage is the overview of a logged-in person's items.
type mijnLoketPage struct {
	Session      sessionBar
	Company      bool
	Requests     []myRequestView
	Questions    []myQuestionView
	Appointments []myAppointmentView
	Addresses    addressesView
}

type myAppointmentView struct {
	Reference string
	Start     time.Time
	State     string
	URL       string // the appointment's own page: change or cancel
	Upcoming  bool
}

type myQuestionView struct {
	ID                                 int64
	Reference, Subject, State, Channel string
	Asked                              time.Time
	Open                               bool
}

// channelNames are the Dutch names of the channels a question came in by.
var channelNames = map[string]string{contact.ChannelForm: "contactformulier", contact.ChannelEmail: "e-mail",
	contact.ChannelChat: "chat", contact.ChannelWhatsApp: "WhatsApp", contact.ChannelPhone: "telefoon", contact.ChannelCounter: "balie"}

// questionStates are the Dutch names of a question's state, as the person who asked reads them.
var questionStates = map[string]string{contact.StateNew: "Ontvangen", contact.StateOpen: "In behandeling",
	contact.StateWaiting: "Wacht op uw antwoord", contact.StateClosed: "Beantwoord"}

type myRequestView struct {
	Reference, Product, Kind, Status string
	Deadline                         time.Time
	Open                             bool
	URL                              string
	StartedBy                        string
}

// showMijnLoket lists the person's (or company's) requests with status and deadline; each opens its
// status page, where messages and uploads go.
func (h *Handler) showMijnLoket(w http.ResponseWriter, r *http.Request) {
	a, ok := h.resident(r)
	if !ok {
		http.Redirect(w, r, "/inloggen?terug="+url.QueryEscape("/mijn-loket"), http.StatusSeeOther)
		return
	}
	h.showMijnLoketWith(w, r, a, addressForm{}, http.StatusOK)
}

// showMijnLoketWith renders Mijn loket with what was typed in the address form and its message.
func (h *Handler) showMijnLoketWith(w http.ResponseWriter, r *http.Request, a identity.Active, form addressForm, status int) {
	mine, err := h.deps.IdentityLinks.Mine(r.Context(), a.Person)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	p := mijnLoketPage{Session: newSessionBar(a), Company: a.Person.Means == identity.EHerkenning}
	for _, m := range mine {
		p.Requests = append(p.Requests, myRequestView{Reference: m.Request.Reference, Product: m.Request.ProductTitle,
			Kind: m.Request.Kind, Status: request.StatusNames[m.Request.Status], Deadline: m.Request.Deadline,
			Open: m.Request.Status != request.StatusDecided, URL: request.StatusPath(m.StatusToken), StartedBy: m.StartedBy})
	}
	if p.Appointments, err = h.myAppointments(r, a.Person); err != nil {
		h.serverError(w, r, err)
		return
	}
	if p.Questions, err = h.myQuestions(r, a.Person); err != nil {
		h.serverError(w, r, err)
		return
	}
	if p.Addresses, err = h.myAddresses(r, a.Person, form); err != nil {
		h.serverError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	h.render(w, r, status, "mijn_loket", renderPage("Mijn loket", p))
}

// keepSessionAlive answers the page's "Ingelogd blijven": the session counts as active again.
func (h *Handler) keepSessionAlive(w http.ResponseWriter, r *http.Request) {
	a, ok := h.resident(r)
	w.Header().Set("Cache-Control", "no-store")
	if !ok {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"idle_seconds":` + strconv.Itoa(int(a.IdleLeft.Seconds())) + `}`))
}

// myQuestions are the person's questions on every channel (identity.Questions decides which), with their state.
func (h *Handler) myQuestions(r *http.Request, p identity.Person) ([]myQuestionView, error) {
	if h.deps.IdentityQuestions == nil {
		return nil, nil
	}
	ids, err := h.deps.IdentityQuestions.Mine(r.Context(), p)
	if err != nil {
		return nil, err
	}
	var list []myQuestionView
	for _, id := range ids {
		c, err := h.deps.Store.Conversation(r.Context(), id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		list = append(list, myQuestionView{ID: c.ID, Reference: c.Reference, Subject: c.Subject, State: questionStates[c.State],
			Channel: channelNames[c.Channel], Asked: c.CreatedAt, Open: c.State != contact.StateClosed})
	}
	return list, nil
}

// myAppointments are the counter appointments booked while logged in, with a way to change or cancel.
func (h *Handler) myAppointments(r *http.Request, p identity.Person) ([]myAppointmentView, error) {
	if h.deps.Appointments == nil {
		return nil, nil
	}
	mine, err := h.deps.IdentityLinks.MyAppointments(r.Context(), p)
	if err != nil {
		return nil, err
	}
	var list []myAppointmentView
	for _, m := range mine {
		a, err := h.deps.Appointments.ByToken(r.Context(), m.ChangeToken)
		if errors.Is(err, problem.ErrNotFound) || errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		list = append(list, myAppointmentView{Reference: a.Reference, Start: a.Start, State: appointment.StateNames[a.State],
			URL: "/afspraak/" + m.ChangeToken, Upcoming: a.Open(h.deps.Appointments.Now())})
	}
	return list, nil
}
