package public

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/web/render"
)

type satisfactionPage struct {
	Token     string
	Reference string
	Score     int
	Comment   string
	Saved     bool
	Error     string
	// SendAtOnce asks the page's script to send the score from the e-mail link right away.
	SendAtOnce bool
	Scores     []int
}

// showSatisfaction shows the question with the score the resident clicked in the e-mail already chosen.
// Opening the link saves nothing: mail scanners open links too. The page's script sends the chosen score at
// once (so it is one click for the resident); without JavaScript the resident presses "Opslaan".
func (h *Handler) showSatisfaction(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	sat, ok := h.satisfaction(w, r, token)
	if !ok {
		return
	}
	p := satisfactionPage{Token: token, Reference: sat.Reference, Score: sat.Score, Comment: sat.Comment, Scores: []int{1, 2, 3, 4, 5}}
	if v := r.URL.Query().Get("cijfer"); v != "" {
		score, err := strconv.Atoi(v)
		if err != nil || score < 1 || score > 5 {
			p.Error = "Kies een cijfer van 1 tot en met 5."
		} else if sat.AnsweredAt.IsZero() {
			p.Score, p.SendAtOnce = score, true
		}
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	h.render(w, r, http.StatusOK, "satisfaction", render.Page{Title: "Hoe tevreden bent u?", Data: p})
}

// saveSatisfaction stores the score with the optional comment.
func (h *Handler) saveSatisfaction(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	sat, ok := h.satisfaction(w, r, token)
	if !ok {
		return
	}
	if !h.parseForm(w, r, 16<<10) {
		return
	}
	p := satisfactionPage{Token: token, Reference: sat.Reference, Comment: strings.TrimSpace(r.PostForm.Get("toelichting")),
		Scores: []int{1, 2, 3, 4, 5}}
	score, err := strconv.Atoi(r.PostForm.Get("cijfer"))
	switch {
	case err != nil || score < 1 || score > 5:
		p.Error = "Kies een cijfer van 1 tot en met 5."
	case utf8.RuneCountInString(p.Comment) > 1000 || !utf8.ValidString(p.Comment):
		p.Error = "Uw toelichting is te lang. Gebruik maximaal 1000 tekens."
	case !h.limits.Allow(r):
		p.Error = "U hebt veel reacties achter elkaar gestuurd. Probeer het over een paar minuten opnieuw."
	}
	p.Score = score
	if p.Error != "" {
		h.render(w, r, http.StatusUnprocessableEntity, "satisfaction", render.Page{Title: "Hoe tevreden bent u?", Data: p})
		return
	}
	if err := h.deps.Store.AnswerSatisfaction(r.Context(), token, score, p.Comment); err != nil {
		h.serverError(w, r, err)
		return
	}
	p.Saved = true
	h.render(w, r, http.StatusOK, "satisfaction", render.Page{Title: "Bedankt", Data: p})
}

func (h *Handler) satisfaction(w http.ResponseWriter, r *http.Request, token string) (store.Satisfaction, bool) {
	if len(token) != 43 {
		h.notFound(w, r)
		return store.Satisfaction{}, false
	}
	sat, err := h.deps.Store.SatisfactionByToken(r.Context(), token)
	if errors.Is(err, contact.ErrNotFound) {
		h.notFound(w, r)
		return sat, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return sat, false
	}
	return sat, true
}
