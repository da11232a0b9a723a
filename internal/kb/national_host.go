package kb

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// AnyVersion saves a national article over whichever version is stored (the import).
const AnyVersion = -1

// NationalStore is the storage of the host's national articles; internal/store implements it on the
// host's database, beside the tenant registry.
type NationalStore interface {
	NationalSource
	// SaveNationalArticle stores a national article as a new version when it changed; it reports the
	// article as stored and whether it changed. base is the version the change was made on, checked in
	// the saving transaction (a *ConflictError when another was saved in between, on any instance): 0 for
	// a new product, AnyVersion for an import that replaces whatever is there.
	SaveNationalArticle(ctx context.Context, a Article, author string, base int) (NationalArticle, bool, error)
	// NationalVersionsOf lists every version of a national article, newest first.
	NationalVersionsOf(ctx context.Context, upl string) ([]NationalVersion, error)
	AuditArticle(ctx context.Context, actor, action, id, detail string) error
}

// National holds the rules of the host's national articles. Only the host constructs one: tenants read
// the national texts through a NationalSource and cannot write them.
type National struct {
	store NationalStore
	edits sync.Mutex // one console save at a time, so a version check and its save are not split on this instance
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
func (n *National) Check(a Article) (Article, error) { return n.check(a, nil) }

// check is Check against the stored national article (nil for a new one): a UPL name that did not
// change is kept even when the national list no longer has it.
func (n *National) check(a Article, stored *Article) (Article, error) {
	a = Normalize(a)
	a.Type, a.State = TypeProduct, StatePublished
	a.Owner, a.ReviewBy, a.Internal, a.Related = "", "", "", nil
	probe := a
	probe.Owner, probe.ReviewBy = nationalOwner, nationalReview
	err := Validate(probe, stored)
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
// log with the fields that changed. Tenants take it in through Propagate (or SyncNational at their next
// start).
func (n *National) Save(ctx context.Context, actor string, a Article) (NationalArticle, bool, error) {
	a, err := n.Check(a)
	if err != nil {
		return NationalArticle{}, false, err
	}
	res, err := n.save(ctx, actor, a, AnyVersion)
	return res.Saved, len(res.Changed) > 0, err
}

// NationalEdit is what saving one national article from the host's console did: the article as stored,
// the labels of the fields that changed (none: nothing changed), whether it is new, and how many
// inheriting tenant articles followed (filled in by the caller that propagates).
type NationalEdit struct {
	Saved    NationalArticle
	Changed  []string
	Created  bool
	Followed int
}

// Edit checks and saves one national article from the host's console. baseVersion is the version the
// administrator started from (0: a new article, refused when the product already has one); another save
// in between is a *ConflictError. Every wrong field is reported at once.
func (n *National) Edit(ctx context.Context, actor string, a Article, baseVersion int) (NationalEdit, error) {
	n.edits.Lock()
	defer n.edits.Unlock()
	var stored *Article
	a = Normalize(a) // the product's name as the list spells it, so "Paspoort" finds "paspoort"
	old, err := n.store.NationalArticle(ctx, a.UPL)
	switch {
	case errors.Is(err, ErrNotFound):
		if baseVersion != 0 {
			return NationalEdit{}, ErrNotFound
		}
	case err != nil:
		return NationalEdit{}, err
	case baseVersion == 0:
		checked, cerr := n.Check(a)
		f := []FieldError{{"upl", "Er is al een landelijke tekst voor dit product. Kies het in de lijst om het te wijzigen."}}
		if ve, ok := cerr.(*ValidationError); ok {
			f = append(f, ve.Fields...)
		}
		return NationalEdit{}, newValidationError(checked.UPL, dedupe(f))
	case old.Version != baseVersion:
		return NationalEdit{}, &ConflictError{Current: old.Version}
	default:
		stored = &old.Article
	}
	a, err = n.check(a, stored)
	if err != nil {
		return NationalEdit{}, err
	}
	return n.save(ctx, actor, a, baseVersion)
}

// save stores a checked national article and audits what changed: national-create for a new product,
// national-save with the version and the changed fields otherwise.
func (n *National) save(ctx context.Context, actor string, a Article, base int) (NationalEdit, error) {
	old, err := n.store.NationalArticle(ctx, a.UPL)
	created := errors.Is(err, ErrNotFound)
	if err != nil && !created {
		return NationalEdit{}, err
	}
	saved, changed, err := n.store.SaveNationalArticle(ctx, a, actor, base)
	if err != nil || !changed {
		return NationalEdit{Saved: saved}, err
	}
	out := NationalEdit{Saved: saved, Created: created, Changed: changedFields(old.Article, a, created)}
	action, detail := "national-save", "versie "+strconv.Itoa(saved.Version)+"; gewijzigd: "+strings.Join(out.Changed, ", ")
	if created {
		action, detail = "national-create", "versie 1"
	}
	return out, n.store.AuditArticle(ctx, actor, action, "landelijk/"+saved.Article.UPL, detail)
}

// changedFields lists the labels of the inherited fields (and the id) that differ between old and now;
// every field with a text for a new article.
func changedFields(old, now Article, created bool) []string {
	var out []string
	if !created && old.ID != now.ID {
		out = append(out, "Adres (id)")
	}
	for _, f := range NationalFields {
		if created && f.Text(now) != "" || !created && f.Text(old) != f.Text(now) {
			out = append(out, f.Label)
		}
	}
	if len(out) == 0 {
		out = []string{"opmaak"} // stored as changed, yet equal in every field: only the form of the text
	}
	return out
}

// NationalUse is one national article with how many municipalities inherit it and how many of those
// have their own text for at least one of its fields. It holds counts only: nothing of a tenant's text.
type NationalUse struct {
	National   NationalArticle
	Inherited  int
	Overridden int
}

// Usage lists every national article with how many of the knowledge bases kbs (the host's own and each
// tenant's) inherit it and override it; a knowledge base counts once per product.
func (n *National) Usage(ctx context.Context, kbs []*Service) ([]NationalUse, error) {
	list, err := n.store.NationalArticles(ctx)
	if err != nil {
		return nil, err
	}
	var mu sync.Mutex
	inherited, overridden := map[string]int{}, map[string]int{}
	var errs []error
	sem := make(chan struct{}, propagateParallel)
	var wg sync.WaitGroup
	for _, s := range kbs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			ins, err := s.store.Inheritances(ctx, "")
			inh, own := map[string]bool{}, map[string]bool{}
			for _, in := range ins {
				inh[in.UPL] = true
				own[in.UPL] = own[in.UPL] || len(in.Bases) > 0
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
			}
			for upl := range inh {
				inherited[upl]++
				if own[upl] {
					overridden[upl]++
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := make([]NationalUse, len(list))
	for i, nat := range list {
		out[i] = NationalUse{National: nat, Inherited: inherited[nat.Article.UPL], Overridden: overridden[nat.Article.UPL]}
	}
	return out, nil
}

// Article returns the national article of a UPL product; ErrNotFound when there is none.
func (n *National) Article(ctx context.Context, upl string) (NationalArticle, error) {
	return n.store.NationalArticle(ctx, upl)
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

// propagateParallel is how many knowledge bases Propagate updates at once: each update waits mostly on
// its database, so a few at a time bring hundreds of tenants up to date several times sooner.
const propagateParallel = 8

// Propagate brings the articles of every tenant that inherit the national articles of upls up to date:
// fields a tenant does not override change at once, and its search index follows through the tenant's
// own article notifications. It goes on past a tenant that fails and returns every failure.
func Propagate(ctx context.Context, upls []string, tenants []*Service) (int, error) {
	var mu sync.Mutex
	total := 0
	var errs []error
	sem := make(chan struct{}, propagateParallel)
	var wg sync.WaitGroup
	for _, t := range tenants {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			for _, upl := range upls {
				n, err := t.ApplyNational(ctx, upl)
				mu.Lock()
				total += n
				if err != nil {
					errs = append(errs, err)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return total, errors.Join(errs...)
}
