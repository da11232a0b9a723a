package console

import (
	"context"
	"net/http"
	"strings"

	"loket/internal/kb"
)

// nationalView is the article editor's national part: whether the article inherits a national text,
// which fields have the municipality's own text, and where the national text changed under them.
type nationalView struct {
	Inherited bool
	UPL       string
	Version   int
	Overrides []string
	Changes   []nationalChangeView
}

// nationalChangeView is one field whose national text changed: what changed nationally, line by line
// (old national text → new national text), and the municipality's own text beside it.
type nationalChangeView struct {
	Label string
	Diff  []diffLine
	Local []string
}

// nationalFor reads the national status of an article for the editor.
func (h *Handler) nationalFor(r *http.Request, id string) (nationalView, error) {
	st, err := h.articles().NationalStatus(r.Context(), id)
	if err != nil || !st.Inherited {
		return nationalView{}, err
	}
	v := nationalView{Inherited: true, UPL: st.UPL, Version: st.Version, Overrides: st.Overrides}
	for _, c := range st.Changes {
		v.Changes = append(v.Changes, nationalChangeView{Label: c.Label,
			Diff:  lineDiff(strings.Split(c.OldNational, "\n"), strings.Split(c.NewNational, "\n")),
			Local: strings.Split(c.Local, "\n")})
	}
	return v, nil
}

// takeNationalText is "Landelijke tekst overnemen": every field where the national text changed under
// the municipality's own text gets the national text, as a new version (audited).
func (h *Handler) takeNationalText(w http.ResponseWriter, r *http.Request) {
	h.articleAction(w, r, "landelijk-overgenomen", func(ctx context.Context, actor, id string) (kb.Saved, error) {
		return h.articles().TakeNational(ctx, actor, id)
	})
}

// keepLocalText is "Eigen tekst houden": the change is marked as seen and the text stays as it is.
func (h *Handler) keepLocalText(w http.ResponseWriter, r *http.Request) {
	h.articleAction(w, r, "eigen-tekst", h.articles().KeepLocal)
}
