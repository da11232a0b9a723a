package public

import (
	"net/http"

	"loket/internal/identity"
	"loket/internal/problem"
)

// addressesView is the part of Mijn loket where the person links e-mail addresses, so the questions
// sent from them show too.
type addressesView struct {
	On      bool
	List    []addressView
	Form    addressForm
	Message string // what just happened
}

type addressView struct {
	ID        int64
	Address   string
	Confirmed bool
	CodeError string // the wrong code's message, on the address it was for
}

// addressForm is what was typed in the address form, with its message.
type addressForm struct {
	Email, Error string
	CodeFor      int64 // the address whose code was wrong
	CodeError    string
}

// myAddresses lists the person's addresses for the page, with what was typed and its messages.
func (h *Handler) myAddresses(r *http.Request, p identity.Person, form addressForm) (addressesView, error) {
	v := addressesView{On: h.deps.IdentityQuestions != nil, Form: form}
	if !v.On {
		return v, nil
	}
	switch r.URL.Query().Get("adres") {
	case "verstuurd":
		v.Message = "We hebben een e-mail met een code gestuurd. Vul de code hieronder in."
	case "bevestigd":
		v.Message = "Het e-mailadres is gekoppeld. Uw vragen van dit adres staan nu bij Uw vragen."
	case "verwijderd":
		v.Message = "Het e-mailadres is verwijderd uit Mijn loket."
	}
	list, err := h.deps.IdentityQuestions.Addresses(r.Context(), p)
	if err != nil {
		return v, err
	}
	for _, a := range list {
		av := addressView{ID: a.ID, Address: a.Address, Confirmed: a.Confirmed()}
		if a.ID == form.CodeFor {
			av.CodeError = form.CodeError
		}
		v.List = append(v.List, av)
	}
	return v, nil
}

// addressAction runs an address action of the logged-in person and goes back to Mijn loket; a refusal
// shows the page again with the message beside the field.
func (h *Handler) addressAction(w http.ResponseWriter, r *http.Request, done string, act func(identity.Person) (addressForm, error)) {
	a, ok := h.resident(r)
	if !ok || h.deps.IdentityQuestions == nil {
		http.Redirect(w, r, "/inloggen?terug=%2Fmijn-loket", http.StatusSeeOther)
		return
	}
	if !h.parseForm(w, r, 4<<10) {
		return
	}
	form, err := act(a.Person)
	switch {
	case err == nil:
		http.Redirect(w, r, "/mijn-loket?adres="+done+"#adressen", http.StatusSeeOther)
	case problem.KindOf(err) == problem.Invalid || problem.KindOf(err) == problem.NotFound:
		h.showMijnLoketWith(w, r, a, form, http.StatusUnprocessableEntity)
	default:
		h.serverError(w, r, err)
	}
}
