package console

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/web/shared"
	"loket/internal/web/staffauth"
)

// Each action of the case handler is one small handler; changeRequest does the shared work: parse,
// apply the domain change in one transaction with its timeline entry and mail, audit, and redirect.

func (h *Handler) takeRequest(w http.ResponseWriter, r *http.Request) {
	h.changeRequest(w, r, "oppakken", func(req *request.Request, now time.Time) (request.Event, error) {
		return req.Take(staffauth.Staff(r).Email, now)
	})
}

func (h *Handler) askInformation(w http.ResponseWriter, r *http.Request) {
	h.changeRequest(w, r, "informatie", func(req *request.Request, now time.Time) (request.Event, error) {
		return req.AskInformation(staffauth.Staff(r).Email, r.PostForm.Get("tekst"), now)
	})
}

func (h *Handler) markInformationReceived(w http.ResponseWriter, r *http.Request) {
	h.changeRequest(w, r, "ontvangen", func(req *request.Request, now time.Time) (request.Event, error) {
		return req.InformationReceived(staffauth.Staff(r).Email, now)
	})
}

func (h *Handler) extendRequest(w http.ResponseWriter, r *http.Request) {
	h.changeRequest(w, r, "verlengen", func(req *request.Request, now time.Time) (request.Event, error) {
		days, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("dagen")))
		if err != nil {
			return request.Event{}, request.ErrInvalidExtension
		}
		return req.Extend(staffauth.Staff(r).Email, days, r.PostForm.Get("reden"), now)
	})
}

func (h *Handler) planHearing(w http.ResponseWriter, r *http.Request) {
	h.changeRequest(w, r, "hoorzitting", func(req *request.Request, now time.Time) (request.Event, error) {
		day, err := request.ParseDate(r.PostForm.Get("datum"))
		if err != nil {
			return request.Event{}, errBadDate
		}
		return req.PlanHearing(staffauth.Staff(r).Email, day, now)
	})
}

func (h *Handler) decideRequest(w http.ResponseWriter, r *http.Request) {
	h.changeRequest(w, r, "besluit", func(req *request.Request, now time.Time) (request.Event, error) {
		return req.Decide(staffauth.Staff(r).Email, r.PostForm.Get("uitkomst"), r.PostForm.Get("tekst"), now)
	})
}

func (h *Handler) writeToRequester(w http.ResponseWriter, r *http.Request) {
	h.changeRequest(w, r, "bericht", func(req *request.Request, now time.Time) (request.Event, error) {
		text := strings.TrimSpace(r.PostForm.Get("tekst"))
		if text == "" {
			return request.Event{}, request.ErrEmptyText
		}
		if utf8.RuneCountInString(text) > shared.MaxMessageRunes {
			return request.Event{}, errTooLong
		}
		return request.Event{At: now, Actor: staffauth.Staff(r).Email, Kind: request.EventMessage, Text: text, Public: true}, nil
	})
}

var (
	errBadDate = errors.New("web: bad date")
	errTooLong = errors.New("web: text too long")
)

var actionErrors = map[error]string{
	request.ErrDecided:          "Over deze aanvraag is al besloten. Dit kan niet meer.",
	request.ErrAlreadyExtended:  "De beslistermijn is al een keer verlengd. Dat mag maar één keer (Awb 4:14).",
	request.ErrAlreadyWaiting:   "U wacht al op informatie van de aanvrager.",
	request.ErrNotWaiting:       "Er is geen informatie gevraagd.",
	request.ErrInvalidExtension: "Vul een aantal dagen in: minstens 1 en hoogstens zo lang als de beslistermijn zelf.",
	request.ErrUnknownOutcome:   "Kies een besluit.",
	request.ErrEmptyText:        "Vul een tekst in.",
	errBadDate:                  "Vul een datum in als dag-maand-jaar, bijvoorbeeld 30-07-2026.",
	errTooLong:                  "De tekst is te lang. Gebruik maximaal 5000 tekens.",
}

func actionError(err error) string {
	for target, msg := range actionErrors {
		if errors.Is(err, target) {
			return msg
		}
	}
	return ""
}

// changeRequest applies one action; a domain error shows the page again with the message next to the
// action's form and the handler's input kept.
func (h *Handler) changeRequest(w http.ResponseWriter, r *http.Request, action string,
	fn func(req *request.Request, now time.Time) (request.Event, error)) {
	if !request.ValidReference(r.PathValue("ref")) {
		h.notFound(w, r)
		return
	}
	if !h.parseStep(w, r) {
		return
	}
	var upload shared.MessageForm
	file, err := shared.MessageFile(h.deps.DataDir, r, &upload)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	var req request.Request
	formErr := upload.FileError
	if formErr == "" {
		if file != nil {
			file.FromStaff = true
		}
		req, err = h.deps.Store.UpdateRequest(r.Context(), r.PathValue("ref"), func(cur *request.Request) (store.Change, error) {
			e, err := fn(cur, time.Now())
			if err != nil {
				return store.Change{}, err
			}
			c := store.Change{Events: []request.Event{e}, File: file}
			if file != nil {
				c.Events[0].Text = strings.TrimSpace(c.Events[0].Text + "\n\nBijlage: " + file.Name)
			}
			if e.Public {
				m := request.UpdateMail(*cur, c.Events[0])
				c.Mail = &m
			}
			return c, nil
		})
		formErr = actionError(err)
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		h.notFound(w, r)
	case formErr != "":
		cur, ok := h.staffRequest(w, r)
		if !ok {
			return
		}
		input := map[string]string{}
		for k := range r.PostForm {
			input[action+"."+k] = r.PostForm.Get(k)
		}
		h.renderCase(w, r, http.StatusUnprocessableEntity, cur, map[string]string{action: formErr}, input)
	case err != nil:
		h.serverError(w, r, err)
	default:
		h.auth.Audit(r, "update", "request", req.Reference, action)
		http.Redirect(w, r, "/beheer/aanvragen/"+req.Reference+"?gedaan="+action, http.StatusSeeOther)
	}
}

func (h *Handler) showRequestFile(w http.ResponseWriter, r *http.Request) {
	req, ok := h.staffRequest(w, r)
	if !ok {
		return
	}
	h.auth.Audit(r, "view", "request_file", req.Reference, r.PathValue("file"))
	h.serveRequestFile(w, r, req)
}
