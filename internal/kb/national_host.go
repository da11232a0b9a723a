package kb

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// NationalStore is the storage of the host's national articles; internal/store implements it on the
// host's database, beside the tenant registry.
type NationalStore interface {
	NationalSource
	// SaveNationalArticle stores a national article as a new version when it changed; it reports the
	// article as stored and whether it changed.
	SaveNationalArticle(ctx context.Context, a Article, author string) (NationalArticle, bool, error)
	// NationalVersionsOf lists every version of a national article, newest first.
	NationalVersionsOf(ctx context.Context, upl string) ([]NationalVersion, error)
	AuditArticle(ctx context.Context, actor, action, id, detail string) error
}

// National holds the rules of the host's national articles. Only the host constructs one: tenants read
// the national texts through a NationalSource and cannot write them.
type National struct {
	store NationalStore
}

// NewNational returns the national-content service on the host's store.
func NewNational(st NationalStore) *National { return &National{store: st} }

// nationalOwner and nationalReview stand in for the tenant's own fields when a national article is
// checked with the article rules: each tenant sets them when it inherits.
const (
	nationalOwner  = "landelijk"
	nationalReview = "2999-12-31"
)

// Check runs the article rules on a national article: a product with a name from the UPL list, a title,
// a summary and a text. Tenant fields (owner team, review date, internal note, related) are not kept.
func (n *National) Check(a Article) (Article, error) {
	a = Normalize(a)
	a.Type, a.State = TypeProduct, StatePublished
	a.Owner, a.ReviewBy, a.Internal, a.Related = "", "", "", nil
	probe := a
	probe.Owner, probe.ReviewBy = nationalOwner, nationalReview
	err := Validate(probe, nil)
	var f []FieldError
	if ve, ok := err.(*ValidationError); ok {
		f = ve.Fields
	} else if err != nil {
		return a, err
	}
	if strings.TrimSpace(a.UPL) == "" {
		f = append(f, FieldError{"upl", "Kies de naam van het product uit de Uniforme Productnamenlijst."})
	}
	for _, req := range []struct{ field, v string }{{"summary", a.Summary}, {"body", a.Body}} {
		if strings.TrimSpace(req.v) == "" {
			f = append(f, FieldError{req.field, "Vul de landelijke tekst in."})
		}
	}
	if len(f) > 0 {
		return a, newValidationError(a.UPL, dedupe(f))
	}
	return a, nil
}

func dedupe(f []FieldError) []FieldError {
	seen := map[string]bool{}
	var out []FieldError
	for _, e := range f {
		if !seen[e.Field] {
			seen[e.Field] = true
			out = append(out, e)
		}
	}
	return out
}

// Save checks a national article and stores it as a new version when it changed, audited in the host's
// log. Tenants take it in through Propagate (or SyncNational at their next start).
func (n *National) Save(ctx context.Context, actor string, a Article) (NationalArticle, bool, error) {
	a, err := n.Check(a)
	if err != nil {
		return NationalArticle{}, false, err
	}
	saved, changed, err := n.store.SaveNationalArticle(ctx, a, actor)
	if err != nil || !changed {
		return saved, changed, err
	}
	return saved, true, n.store.AuditArticle(ctx, actor, "national-save", "landelijk/"+saved.Article.UPL,
		"version "+strconv.Itoa(saved.Version))
}

// Import checks every national article of an import and stores those that changed; it stops at the
// first wrong one, before storing anything, and lists every wrong item. It returns the UPL names that
// changed, for Propagate. One UPL product has one national article: a second one is refused.
func (n *National) Import(ctx context.Context, actor string, articles []Article) ([]string, error) {
	var problems importProblems
	checked := make([]Article, 0, len(articles))
	seen := map[string]bool{}
	for i, a := range articles {
		a, err := n.Check(a)
		label := itemLabel(fmt.Sprintf("item %d", i+1), a.ID)
		switch {
		case err != nil:
			err.(*ValidationError).Item = label
			problems.add(err)
		case seen[strings.ToLower(a.UPL)]:
			problems.add(newValidationError(label, []FieldError{{"upl", "Er is al een landelijke tekst voor dit product in dit bestand."}}))
		}
		seen[strings.ToLower(a.UPL)] = true
		checked = append(checked, a)
	}
	if err := problems.err(); err != nil {
		return nil, err
	}
	var changed []string
	for _, a := range checked {
		saved, ok, err := n.Save(ctx, actor, a)
		if err != nil {
			return changed, err
		}
		if ok {
			changed = append(changed, saved.Article.UPL)
		}
	}
	return changed, nil
}

// Propagate brings the articles of every tenant that inherit the national articles of upls up to date:
// fields a tenant does not override change at once, and its search index follows through the tenant's
// own article notifications. It goes on past a tenant that fails and returns every failure.
func Propagate(ctx context.Context, upls []string, tenants []*Service) (int, error) {
	total := 0
	var errs []error
	for _, t := range tenants {
		for _, upl := range upls {
			n, err := t.ApplyNational(ctx, upl)
			total += n
			if err != nil {
				errs = append(errs, err)
			}
		}
	}
	return total, errors.Join(errs...)
}
