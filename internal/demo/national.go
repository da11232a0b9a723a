package demo

import (
	"context"
	"fmt"

	"loket/internal/kb"
)

// NationalArticles are the host's national base texts of the demo: the demo knowledge base's first
// product article of each UPL product, without the municipality's own fields (team, review date,
// internal note, related articles).
func NationalArticles() ([]kb.Article, error) {
	all, err := Articles()
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []kb.Article
	for _, a := range all {
		if a.Type != kb.TypeProduct || a.UPL == "" || seen[a.UPL] {
			continue
		}
		seen[a.UPL] = true
		a.Owner, a.ReviewBy, a.Internal, a.Related, a.State = "", "", "", nil, ""
		out = append(out, a)
	}
	return out, nil
}

// nationalPassportSummary is the national summary of the passport before the demo's last national change:
// gemeente Voorbeeld has its own summary, so its editors see "De landelijke tekst is gewijzigd".
const (
	nationalPassportSummaryOld = "U vraagt een paspoort persoonlijk aan bij de balie van uw gemeente, op afspraak."
	nationalPassportSummaryNew = "U vraagt een paspoort persoonlijk aan bij de balie van uw gemeente, op afspraak. Na 5 werkdagen kunt u het ophalen."
)

// NationalStore is what LoadNational needs: the host's national texts and the demo's own knowledge base.
type NationalStore interface {
	kb.NationalStore
	kb.Store
}

// LoadNational stores the demo's national base texts on the host and links every article of gemeente
// Voorbeeld that has the same id to its national text, through the same services the console uses. The
// passport's national summary then changes once, under gemeente Voorbeeld's own summary, so the editor
// shows the change with its diff. It reports how many articles inherit a national text.
func LoadNational(ctx context.Context, st NationalStore) (int, error) {
	list, err := NationalArticles()
	if err != nil {
		return 0, err
	}
	for i := range list {
		if list[i].UPL == "paspoort" {
			list[i].Summary = nationalPassportSummaryOld
		}
	}
	national := kb.NewNational(st)
	if _, err := national.Import(ctx, "demo", list); err != nil {
		return 0, fmt.Errorf("national texts: %w", err)
	}
	svc := kb.NewService(st, nil).WithNational(st)
	n := 0
	for _, a := range list {
		if _, err := svc.LinkNational(ctx, "demo", a.ID); err != nil {
			return n, fmt.Errorf("link %s: %w", a.ID, err)
		}
		n++
	}
	for _, a := range list {
		if a.UPL == "paspoort" {
			a.Summary = nationalPassportSummaryNew
			upls, err := national.Import(ctx, "demo", []kb.Article{a})
			if err != nil {
				return n, err
			}
			if _, err := kb.Propagate(ctx, upls, []*kb.Service{svc}); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}
