package kb

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// NationalSource is where a tenant reads the national articles: the host's store. It has no way to write
// them, so a tenant never changes the national text.
type NationalSource interface {
	// NationalArticle returns the national article of a UPL product; ErrNotFound when there is none.
	NationalArticle(ctx context.Context, upl string) (NationalArticle, error)
	// NationalArticleVersion returns the national article of a UPL product as it was at version.
	NationalArticleVersion(ctx context.Context, upl string, version int) (NationalArticle, error)
	// NationalVersions returns the current version of every national article, by UPL name.
	NationalVersions(ctx context.Context) (map[string]int, error)
	// NationalArticles lists every national article, by UPL name.
	NationalArticles(ctx context.Context) ([]NationalArticle, error)
}

// NationalEntry is one national article as a tenant's editors see it: the national text, and the id of
// the tenant's article that inherits it ("" when none does).
type NationalEntry struct {
	National    NationalArticle
	InheritedBy string
}

// NationalCatalogue lists the national articles with the tenant's article that inherits each, if any.
func (s *Service) NationalCatalogue(ctx context.Context) ([]NationalEntry, error) {
	if s.national == nil {
		return nil, nil
	}
	list, err := s.national.NationalArticles(ctx)
	if err != nil {
		return nil, err
	}
	ins, err := s.store.Inheritances(ctx, "")
	if err != nil {
		return nil, err
	}
	by := map[string]string{}
	for _, in := range ins {
		by[in.UPL] = in.ArticleID
	}
	out := make([]NationalEntry, len(list))
	for i, n := range list {
		out[i] = NationalEntry{National: n, InheritedBy: by[n.Article.UPL]}
	}
	return out, nil
}

// NationalAuthor is the author of the versions that a change of the national text writes into a tenant's
// articles.
const NationalAuthor = "landelijke tekst"

// ErrNotInherited is returned by the national operations on an article that inherits no national text.
// It is a ValidationError without a field, so every surface shows its message.
var ErrNotInherited error = fieldError("", "", "Dit artikel neemt geen landelijke tekst over.")

// WithNational makes the service read national articles from src (the host's store), so that its
// articles can inherit them; it returns the service.
func (s *Service) WithNational(src NationalSource) *Service {
	s.national = src
	return s
}

// Inherit creates a tenant article from the national article of a UPL product: every inherited field is
// the national text, and the tenant's own fields (id, owner team, review date, internal note, related
// articles) come from local. Its id defaults to the national article's. It is published when local's
// state is published or empty.
func (s *Service) Inherit(ctx context.Context, actor, upl string, local Article) (Saved, error) {
	nat, err := s.nationalArticle(ctx, upl)
	if err != nil {
		return Saved{}, err
	}
	local = Normalize(local)
	if local.ID == "" {
		local.ID = nat.Article.ID
	}
	if local.State == "" {
		local.State = StatePublished
	}
	if _, found, err := s.stored(ctx, local.ID); err != nil {
		return Saved{}, err
	} else if found {
		return Saved{}, fieldError(local.ID, "id", "Er is al een artikel met dit adres. Kies een ander id.")
	}
	in := Inheritance{ArticleID: local.ID, UPL: nat.Article.UPL, NationalVersion: nat.Version, Bases: map[string]string{}}
	a := ComposeNational(nat.Article, local, in)
	if err := Validate(a, nil); err != nil {
		return Saved{}, err
	}
	if err := s.store.SaveInherited(ctx, a, nil, in, actor); err != nil {
		return Saved{}, err
	}
	o := OutcomeConcept
	if a.Published() {
		o = OutcomePublished
	}
	return s.finish(ctx, actor, a.ID, "inherit", "national text of "+strconv.Quote(in.UPL)+" version "+strconv.Itoa(nat.Version), o, true)
}

func (s *Service) nationalArticle(ctx context.Context, upl string) (NationalArticle, error) {
	if s.national == nil {
		return NationalArticle{}, fieldError("", "", "Dit loket heeft geen landelijke teksten.")
	}
	nat, err := s.national.NationalArticle(ctx, upl)
	if errors.Is(err, ErrNotFound) {
		return nat, fieldError("", "upl", "Er is geen landelijke tekst voor dit product.")
	}
	return nat, err
}

// LinkNational makes an existing article inherit the national article of its UPL product, as when a
// municipality that wrote its own texts joins the national base: nothing in the text changes, and every
// field that differs from the national text becomes the municipality's own (an override).
func (s *Service) LinkNational(ctx context.Context, actor, id string) (Saved, error) {
	a, err := s.store.Article(ctx, id)
	if err != nil {
		return Saved{}, err
	}
	if _, err := s.store.Inheritance(ctx, id); err == nil {
		return s.finish(ctx, actor, id, "", "", OutcomeUnchanged, false)
	} else if !errors.Is(err, ErrNotFound) {
		return Saved{}, err
	}
	nat, err := s.nationalArticle(ctx, a.UPL)
	if err != nil {
		return Saved{}, err
	}
	newest, err := s.newest(ctx, id)
	if err != nil {
		return Saved{}, err
	}
	in := Inheritance{ArticleID: id, UPL: nat.Article.UPL, NationalVersion: nat.Version, Bases: overridesOf(newest, nat.Article, nil)}
	if err := s.store.SaveInheritance(ctx, in); err != nil {
		return Saved{}, err
	}
	if err := s.store.AuditArticle(ctx, actor, "national-link", id, "national text of "+strconv.Quote(in.UPL)+
		" version "+strconv.Itoa(nat.Version)+", own text in "+strconv.Itoa(len(in.Bases))+" fields"); err != nil {
		return Saved{}, err
	}
	return s.finish(ctx, actor, id, "", "", OutcomeUnchanged, false)
}

// NationalStatus tells the editor how an article relates to its national text: whether it inherits one,
// which fields the tenant has its own text for, and where the national text changed under them.
func (s *Service) NationalStatus(ctx context.Context, id string) (NationalStatus, error) {
	in, err := s.store.Inheritance(ctx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && s.national == nil) {
		return NationalStatus{}, nil
	}
	if err != nil {
		return NationalStatus{}, err
	}
	nat, err := s.nationalArticle(ctx, in.UPL)
	if err != nil {
		return NationalStatus{}, err
	}
	newest, err := s.newest(ctx, id)
	if err != nil {
		return NationalStatus{}, err
	}
	st := NationalStatus{Inherited: true, UPL: in.UPL, Version: nat.Version, Changes: pendingChanges(newest, nat.Article, in)}
	for _, name := range in.Overrides() {
		f, _ := NationalFieldByName(name)
		st.Overrides = append(st.Overrides, f.Label)
	}
	return st, nil
}

// newest is the article's newest text: the concept beside the published text, or the article itself.
func (s *Service) newest(ctx context.Context, id string) (Article, error) {
	draft, pending, err := s.store.PendingDraft(ctx, id)
	if err != nil || pending {
		return draft.Article, err
	}
	return s.store.Article(ctx, id)
}

// TakeNational takes the national text over in every field where it changed under the tenant's own
// text (or in the fields named): the published text and a concept beside it both get it, as a new
// version, and those fields inherit the national text again.
func (s *Service) TakeNational(ctx context.Context, actor, id string, fields ...string) (Saved, error) {
	in, nat, err := s.inheritance(ctx, id)
	if err != nil {
		return Saved{}, err
	}
	newest, err := s.newest(ctx, id)
	if err != nil {
		return Saved{}, err
	}
	if len(fields) == 0 {
		for _, c := range pendingChanges(newest, nat.Article, in) {
			fields = append(fields, c.Field)
		}
	}
	var taken []string
	for _, f := range fields {
		if _, ok := in.Bases[f]; ok {
			delete(in.Bases, f)
			taken = append(taken, f)
		}
	}
	if len(taken) == 0 {
		return s.finish(ctx, actor, id, "", "", OutcomeUnchanged, false)
	}
	if err := s.recompose(ctx, id, nat, in, actor); err != nil {
		return Saved{}, err
	}
	return s.finish(ctx, actor, id, "national-take", "took the national text of "+strings.Join(taken, ", ")+
		" (national version "+strconv.Itoa(nat.Version)+")", OutcomePublished, false)
}

// KeepLocal keeps the tenant's own text where the national text changed under it: the change is marked
// as seen, so the editor is not told about it again until the national text changes once more.
func (s *Service) KeepLocal(ctx context.Context, actor, id string) (Saved, error) {
	in, nat, err := s.inheritance(ctx, id)
	if err != nil {
		return Saved{}, err
	}
	newest, err := s.newest(ctx, id)
	if err != nil {
		return Saved{}, err
	}
	changes := pendingChanges(newest, nat.Article, in)
	if len(changes) == 0 {
		return s.finish(ctx, actor, id, "", "", OutcomeUnchanged, false)
	}
	var kept []string
	for _, c := range changes {
		in.Bases[c.Field] = c.NewNational
		kept = append(kept, c.Field)
	}
	if err := s.store.SaveInheritance(ctx, in); err != nil {
		return Saved{}, err
	}
	if err := s.store.AuditArticle(ctx, actor, "national-keep", id, "kept the local text of "+strings.Join(kept, ", ")+
		" (national version "+strconv.Itoa(nat.Version)+")"); err != nil {
		return Saved{}, err
	}
	return s.finish(ctx, actor, id, "", "", OutcomeUnchanged, false)
}

func (s *Service) inheritance(ctx context.Context, id string) (Inheritance, NationalArticle, error) {
	in, err := s.store.Inheritance(ctx, id)
	if errors.Is(err, ErrNotFound) {
		if _, err := s.store.Article(ctx, id); err != nil {
			return in, NationalArticle{}, err
		}
		return in, NationalArticle{}, ErrNotInherited
	}
	if err != nil {
		return in, NationalArticle{}, err
	}
	nat, err := s.nationalArticle(ctx, in.UPL)
	return in, nat, err
}

// recompose writes the article's published text and its concept beside it with every field the tenant
// does not override taken from nat, together with in, in one transaction.
func (s *Service) recompose(ctx context.Context, id string, nat NationalArticle, in Inheritance, author string) error {
	live, err := s.store.Article(ctx, id)
	if err != nil {
		return err
	}
	draft, pending, err := s.store.PendingDraft(ctx, id)
	if err != nil {
		return err
	}
	in.NationalVersion = nat.Version
	composed := ComposeNational(nat.Article, live, in)
	var beside *Article
	if pending {
		d := ComposeNational(nat.Article, draft.Article, in)
		d.ID = id
		beside = &d
	}
	return s.store.SaveInherited(ctx, composed, beside, in, author)
}

// ApplyNational brings every article of this tenant that inherits the national article of upl up to its
// current version: fields the tenant does not override get the new national text at once (a new
// version by NationalAuthor, audited); overridden fields keep the local text, and the editor sees the
// change. It reports how many articles it brought up to date.
func (s *Service) ApplyNational(ctx context.Context, upl string) (int, error) {
	if s.national == nil {
		return 0, nil
	}
	list, err := s.store.Inheritances(ctx, upl)
	if err != nil || len(list) == 0 {
		return 0, err
	}
	nat, err := s.national.NationalArticle(ctx, upl)
	if errors.Is(err, ErrNotFound) {
		return 0, nil // the national article is gone: the tenant keeps the text it has
	}
	if err != nil {
		return 0, err
	}
	n := 0
	for _, in := range list {
		if in.NationalVersion >= nat.Version {
			continue
		}
		if err := s.recompose(ctx, in.ArticleID, nat, in, NationalAuthor); err != nil {
			return n, fmt.Errorf("article %s: %w", in.ArticleID, err)
		}
		if err := s.store.AuditArticle(ctx, NationalAuthor, "national-update", in.ArticleID,
			"national version "+strconv.Itoa(nat.Version)); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// SyncNational applies every national change this tenant has not taken in yet (at start-up, or after a
// change was announced while it was not listening); it reports how many articles it updated.
func (s *Service) SyncNational(ctx context.Context) (int, error) {
	if s.national == nil {
		return 0, nil
	}
	list, err := s.store.Inheritances(ctx, "")
	if err != nil || len(list) == 0 {
		return 0, err
	}
	versions, err := s.national.NationalVersions(ctx)
	if err != nil {
		return 0, err
	}
	var behind []string
	for _, in := range list {
		if v, ok := versions[in.UPL]; ok && v > in.NationalVersion && !slices.Contains(behind, in.UPL) {
			behind = append(behind, in.UPL)
		}
	}
	total := 0
	for _, upl := range behind {
		n, err := s.ApplyNational(ctx, upl)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// syncOverrides records, after an editor changed an inherited article, which fields now have the
// tenant's own text: every field of the newest text that differs from the national text.
func (s *Service) syncOverrides(ctx context.Context, id string) error {
	if s.national == nil {
		return nil
	}
	in, err := s.store.Inheritance(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	// Compare with the national text the article was composed with: a national change not applied yet
	// is not the editor's override.
	nat, err := s.national.NationalArticleVersion(ctx, in.UPL, in.NationalVersion)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	newest, err := s.newest(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil // deleted: the inheritance went with it
	}
	if err != nil {
		return err
	}
	bases := overridesOf(newest, nat.Article, in.Bases)
	if maps.Equal(bases, in.Bases) {
		return nil
	}
	in.Bases = bases
	return s.store.SaveInheritance(ctx, in)
}
