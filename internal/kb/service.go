package kb

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"loket/internal/calendar"
	"loket/internal/problem"
)

// ReviewMonths is how far ahead a confirmed review sets the next review date.
const ReviewMonths = 6

// ErrConflict is returned when an editor saves on top of a version that is no longer the newest.
var ErrConflict = errors.New("kb: another version was saved in between")

// ConflictError says which version is now the newest; it matches ErrConflict.
type ConflictError struct{ Current int }

func (e *ConflictError) Error() string {
	return "kb: another version was saved in between (now version " + strconv.Itoa(e.Current) + ")"
}

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// Unwrap makes the error a problem.Conflict with a message the editor can act on.
func (e *ConflictError) Unwrap() error {
	return &problem.Error{Kind: problem.Conflict, Message: "Iemand anders heeft dit artikel opgeslagen terwijl u het bewerkte (nu versie " +
		strconv.Itoa(e.Current) + "). Bekijk de versiegeschiedenis en sla daarna opnieuw op."}
}

// ImportResult counts what an import did.
type ImportResult struct {
	Created, Updated, Unchanged int
}

// Version is one saved state of an article: every change records one.
type Version struct {
	ArticleID string
	Version   int
	State     string
	Author    string
	CreatedAt time.Time
	Article   Article
}

// Store is the storage the knowledge base needs; internal/store implements it.
type Store interface {
	Article(ctx context.Context, id string) (Article, error)
	// ImportArticles upserts articles as they are (their State included), all or none.
	ImportArticles(ctx context.Context, articles []Article, author string) (ImportResult, error)
	// SaveDraftBeside records a concept of a published article as its newest version; the live row stays.
	SaveDraftBeside(ctx context.Context, a Article, author string) error
	// SetArticleState takes the live row offline (draft) or online (published) without a new version.
	SetArticleState(ctx context.Context, id, state string) error
	DeleteArticle(ctx context.Context, id string) error
	ArticleVersion(ctx context.Context, id string, version int) (Version, error)
	// CurrentVersion is the newest version number, a concept beside the live row included.
	CurrentVersion(ctx context.Context, id string) (int, error)
	// LiveVersion is the version number of the article's row (what residents see when it is published).
	LiveVersion(ctx context.Context, id string) (int, error)
	// PendingDraft is the concept saved beside the live row, when the newest version is one.
	PendingDraft(ctx context.Context, id string) (Version, bool, error)
	AuditArticle(ctx context.Context, actor, action, id, detail string) error

	// Inheritance returns how an article inherits a national article; ErrNotFound when it does not.
	Inheritance(ctx context.Context, id string) (Inheritance, error)
	// Inheritances lists the articles that inherit the national article of upl ("" for every product).
	Inheritances(ctx context.Context, upl string) ([]Inheritance, error)
	// SaveInheritance updates the national version and the overrides' bases of an inheriting article.
	SaveInheritance(ctx context.Context, in Inheritance) error
	// SaveInherited stores an inheriting article's live row, the concept beside it (when not nil) and its
	// inheritance in one transaction.
	SaveInherited(ctx context.Context, live Article, beside *Article, in Inheritance, author string) error
}

// Service holds the rules of the knowledge base. The console, the API, `loket kb import` and the demo
// all save articles through it, so every surface checks the same rules and records the same audit trail.
type Service struct {
	store    Store
	now      func() time.Time
	national NationalSource // the host's national articles; nil: none
}

// NewService returns the knowledge-base service; now is the clock (time.Now when nil).
func NewService(st Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, now: now}
}

// Edit is one save of an article from the editor or the API.
type Edit struct {
	Article Article
	// New creates the article: its id must not be in use yet.
	New bool
	// BaseVersion is the version the editor started from; a different newest version is a conflict.
	BaseVersion int
	// Replace skips the version check: the API's PUT replaces what is there.
	Replace bool
	// Publish makes the text live at once; otherwise it is saved as a concept and residents keep seeing
	// the published version, if there is one.
	Publish bool
}

// Outcome says what a save did to what residents see.
type Outcome string

// Outcomes of Save, Restore and Publish.
const (
	OutcomeUnchanged     Outcome = "unchanged"      // the text was the same as stored
	OutcomePublished     Outcome = "published"      // the text is live
	OutcomeConcept       Outcome = "concept"        // saved as a concept of an article that is offline
	OutcomeConceptBeside Outcome = "concept-beside" // saved as a concept beside the published version
)

// Saved reports a save: what it did, and the article's newest version afterwards.
type Saved struct {
	ID      string // the article's id
	Outcome Outcome
	Created bool
	Version int
}

// Save checks every rule of the article and stores it: published, or as a concept. A concept of a
// published article is stored beside it, so residents keep the published text until an editor publishes.
func (s *Service) Save(ctx context.Context, actor string, e Edit) (Saved, error) {
	a := Normalize(e.Article)
	stored, found, err := s.stored(ctx, a.ID)
	if err != nil {
		return Saved{}, err
	}
	if e.New && found {
		return Saved{}, fieldError(a.ID, "id", "Er is al een artikel met dit adres. Kies een ander id.")
	}
	if found && !e.Replace {
		current, err := s.store.CurrentVersion(ctx, a.ID)
		if err != nil {
			return Saved{}, err
		}
		if current != e.BaseVersion {
			return Saved{}, &ConflictError{Current: current}
		}
	}
	a.State = StateDraft
	if e.Publish {
		a.State = StatePublished
	}
	var before *Article
	if found {
		before = &stored
	}
	if err := Validate(a, before); err != nil {
		return Saved{}, err
	}
	beside := found && !e.Publish && stored.Published()
	res, err := s.write(ctx, a, actor, beside)
	if err != nil {
		return Saved{}, err
	}
	action, detail := "update", "status "+stateName(a.State)
	if !found {
		action = "create"
	}
	if beside {
		detail = "concept beside the published version"
	}
	return s.finish(ctx, actor, a.ID, action, detail, res, !found)
}

// Check runs every rule against an article without saving it, with the stored article of the same id for
// the UPL rule; it returns the article as Save would store it.
func (s *Service) Check(ctx context.Context, a Article) (Article, error) {
	a = Normalize(a)
	stored, found, err := s.stored(ctx, a.ID)
	if err != nil {
		return a, err
	}
	var before *Article
	if found {
		before = &stored
	}
	return a, Validate(a, before)
}

// write stores a as the live row, or as a concept beside it; it reports the outcome.
func (s *Service) write(ctx context.Context, a Article, actor string, beside bool) (Outcome, error) {
	if beside {
		return OutcomeConceptBeside, s.store.SaveDraftBeside(ctx, a, actor)
	}
	res, err := s.store.ImportArticles(ctx, []Article{a}, actor)
	switch {
	case err != nil:
		return "", err
	case res.Unchanged == 1:
		return OutcomeUnchanged, nil
	case a.State == StatePublished:
		return OutcomePublished, nil
	}
	return OutcomeConcept, nil
}

// finish audits a change that happened and reports the newest version.
func (s *Service) finish(ctx context.Context, actor, id, action, detail string, o Outcome, created bool) (Saved, error) {
	if o != OutcomeUnchanged {
		if err := s.store.AuditArticle(ctx, actor, action, id, detail); err != nil {
			return Saved{}, err
		}
		if err := s.syncOverrides(ctx, id); err != nil {
			return Saved{}, err
		}
	}
	v, err := s.store.CurrentVersion(ctx, id)
	if err != nil {
		return Saved{}, err
	}
	return Saved{ID: id, Outcome: o, Created: created, Version: v}, nil
}

// stored returns the article as saved now, and whether there is one.
func (s *Service) stored(ctx context.Context, id string) (Article, bool, error) {
	a, err := s.store.Article(ctx, id)
	switch {
	case errors.Is(err, ErrNotFound):
		return Article{}, false, nil
	case err != nil:
		return Article{}, false, err
	}
	return a, true, nil
}

// Restore saves an earlier version again as the newest one, always as a concept: what residents see
// does not change until an editor publishes. Nothing in the history is lost.
func (s *Service) Restore(ctx context.Context, actor, id string, version int) (Saved, error) {
	stored, err := s.store.Article(ctx, id)
	if err != nil {
		return Saved{}, err
	}
	v, err := s.store.ArticleVersion(ctx, id, version)
	if err != nil {
		return Saved{}, err
	}
	a := Normalize(v.Article)
	a.ID, a.State = id, StateDraft
	if err := Validate(a, &stored); err != nil {
		return Saved{}, err
	}
	o, err := s.write(ctx, a, actor, stored.Published())
	if err != nil {
		return Saved{}, err
	}
	return s.finish(ctx, actor, id, "restore", "versie "+strconv.Itoa(version)+" als concept", o, false)
}

// Publish makes the newest version live: the concept beside the published text, or the article itself
// when it is offline. Publishing what is already live changes nothing.
func (s *Service) Publish(ctx context.Context, actor, id string) (Saved, error) {
	stored, err := s.store.Article(ctx, id)
	if err != nil {
		return Saved{}, err
	}
	draft, pending, err := s.store.PendingDraft(ctx, id)
	if err != nil {
		return Saved{}, err
	}
	if !pending {
		if stored.Published() {
			return s.finish(ctx, actor, id, "", "", OutcomeUnchanged, false)
		}
		return s.Republish(ctx, actor, id)
	}
	a := draft.Article
	a.ID, a.State = id, StatePublished
	if err := Validate(a, &stored); err != nil {
		return Saved{}, err
	}
	o, err := s.write(ctx, a, actor, false)
	if err != nil {
		return Saved{}, err
	}
	return s.finish(ctx, actor, id, "publish", "concept version "+strconv.Itoa(draft.Version), o, false)
}

// Depublish takes a published article offline: residents get "not found" and search no longer finds
// it. Its text and any concept beside it stay, so Republish puts the same text back.
func (s *Service) Depublish(ctx context.Context, actor, id string) (Saved, error) {
	return s.setState(ctx, actor, id, StateDraft, "depublish")
}

// Republish puts an article that was taken offline back online with the text it had: the version of its
// row, not a concept saved beside it.
func (s *Service) Republish(ctx context.Context, actor, id string) (Saved, error) {
	return s.setState(ctx, actor, id, StatePublished, "republish")
}

func (s *Service) setState(ctx context.Context, actor, id, state, action string) (Saved, error) {
	stored, err := s.store.Article(ctx, id)
	if err != nil {
		return Saved{}, err
	}
	if stored.Published() == (state == StatePublished) {
		return s.finish(ctx, actor, id, "", "", OutcomeUnchanged, false)
	}
	if state == StatePublished {
		stored.State = state
		if err := Validate(stored, &stored); err != nil {
			return Saved{}, err
		}
	}
	if err := s.store.SetArticleState(ctx, id, state); err != nil {
		return Saved{}, err
	}
	live, err := s.store.LiveVersion(ctx, id)
	if err != nil {
		return Saved{}, err
	}
	o := OutcomePublished
	if state == StateDraft {
		o = OutcomeConcept
	}
	return s.finish(ctx, actor, id, action, "versie "+strconv.Itoa(live), o, false)
}

// ConfirmReview records that the owner team checked the article and it is still right: the review date
// moves ReviewMonths ahead of today. A concept beside the published text gets the same date and stays
// the newest version, so the editor's work is not pushed aside.
func (s *Service) ConfirmReview(ctx context.Context, actor, id string) (Saved, error) {
	next := s.NextReviewDate()
	return s.amend(ctx, actor, id, "review", "gecontroleerd; volgende controle "+next, func(a *Article) { a.ReviewBy = next })
}

// MaxKeywords bounds the keywords of one article that AddKeyword adds to.
const MaxKeywords = 50

// AddKeyword adds a search word to an article, as "vaak gezocht, niet gevonden" does in one click: the
// published text and a concept beside it both get it, nothing else changes. A word the article already
// has changes nothing.
func (s *Service) AddKeyword(ctx context.Context, actor, id, keyword string) (Saved, error) {
	keyword = strings.TrimSpace(keyword)
	if msg := checkText(keyword, true, 100, msgKeywords); msg != "" {
		return Saved{}, fieldError(id, "keywords", msg)
	}
	stored, err := s.store.Article(ctx, id)
	if err != nil {
		return Saved{}, err
	}
	if slices.ContainsFunc(stored.Keywords, func(k string) bool { return strings.EqualFold(k, keyword) }) {
		return s.finish(ctx, actor, id, "", "", OutcomeUnchanged, false)
	}
	if len(stored.Keywords) >= MaxKeywords {
		return Saved{}, fieldError(id, "keywords", "Dit artikel heeft al 50 trefwoorden. Haal er eerst een paar weg.")
	}
	add := func(a *Article) {
		if !slices.ContainsFunc(a.Keywords, func(k string) bool { return strings.EqualFold(k, keyword) }) {
			a.Keywords = append(a.Keywords, keyword)
		}
	}
	return s.amend(ctx, actor, id, "keyword", "toegevoegd: "+strconv.Quote(keyword), add)
}

// AddQuestion adds a way residents ask for an article ("Zo vragen inwoners het"), as an editor accepting
// what loket learned from searches does: the published text and a concept beside it both get it, nothing
// else changes. It goes through the same audit and national bookkeeping as an edit, so on an article that
// inherits a national text the questions become the municipality's own and a national change keeps them.
// A question the article already has changes nothing.
func (s *Service) AddQuestion(ctx context.Context, actor, id, question string) (Saved, error) {
	question = strings.TrimSpace(question)
	stored, err := s.store.Article(ctx, id)
	if err != nil {
		return Saved{}, err
	}
	has := func(a *Article) bool {
		return slices.ContainsFunc(a.Questions, func(q string) bool { return strings.EqualFold(strings.TrimSpace(q), question) })
	}
	if has(&stored) {
		return s.finish(ctx, actor, id, "", "", OutcomeUnchanged, false)
	}
	if questionsProblem(append(slices.Clone(stored.Questions), question)) {
		return Saved{}, fieldError(id, "questions", msgQuestions)
	}
	add := func(a *Article) {
		if !has(a) && len(a.Questions) < MaxQuestions {
			a.Questions = append(a.Questions, question)
		}
	}
	return s.amend(ctx, actor, id, "question", "toegevoegd: "+strconv.Quote(question), add)
}

// amend changes the live article and, when there is one, the concept beside it in the same way, so a
// change that is not an edit (a review date, a keyword) never pushes an editor's concept aside.
func (s *Service) amend(ctx context.Context, actor, id, action, detail string, change func(*Article)) (Saved, error) {
	stored, err := s.store.Article(ctx, id)
	if err != nil {
		return Saved{}, err
	}
	draft, pending, err := s.store.PendingDraft(ctx, id)
	if err != nil {
		return Saved{}, err
	}
	change(&stored)
	if _, err := s.store.ImportArticles(ctx, []Article{stored}, actor); err != nil {
		return Saved{}, err
	}
	if pending {
		change(&draft.Article)
		if err := s.store.SaveDraftBeside(ctx, draft.Article, actor); err != nil {
			return Saved{}, err
		}
	}
	return s.finish(ctx, actor, id, action, detail, OutcomePublished, false)
}

// NextReviewDate is the review date a check sets: ReviewMonths after today in the Netherlands, on the
// last day of that month when it is shorter (31 August gives the end of February).
func (s *Service) NextReviewDate() string {
	t := s.now().In(calendar.Amsterdam)
	first := time.Date(t.Year(), t.Month()+ReviewMonths, 1, 12, 0, 0, 0, calendar.Amsterdam)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(t.Day(), last), 12, 0, 0, 0, calendar.Amsterdam).Format(time.DateOnly)
}

// Import checks every article of an import against every rule (a UPL name that the stored article
// already has is kept) and stores them all in one transaction, or none when any is wrong; the error then
// lists every wrong item. Articles without a state are published.
func (s *Service) Import(ctx context.Context, actor string, articles []Article) (ImportResult, error) {
	var problems importProblems
	checked := make([]Article, len(articles))
	for i, a := range articles {
		a = Normalize(a)
		stored, found, err := s.stored(ctx, a.ID)
		if err != nil {
			return ImportResult{}, err
		}
		var before *Article
		if found {
			before = &stored
		}
		if err := Validate(a, before); err != nil {
			err.(*ValidationError).Item = itemLabel(fmt.Sprintf("item %d", i+1), a.ID)
			problems.add(err)
		}
		checked[i] = a
	}
	if err := problems.err(); err != nil {
		return ImportResult{}, err
	}
	res, err := s.store.ImportArticles(ctx, checked, actor)
	if err != nil {
		return res, err
	}
	for _, a := range checked {
		if err := s.syncOverrides(ctx, a.ID); err != nil {
			return res, err
		}
	}
	if res.Created+res.Updated > 0 {
		detail := fmt.Sprintf("%d created, %d updated, %d unchanged", res.Created, res.Updated, res.Unchanged)
		if err := s.store.AuditArticle(ctx, actor, "import", "", detail); err != nil {
			return res, err
		}
	}
	return res, nil
}

// Delete removes an article; its version history stays for the audit trail.
func (s *Service) Delete(ctx context.Context, actor, id string) error {
	if err := s.store.DeleteArticle(ctx, id); err != nil {
		return err
	}
	return s.store.AuditArticle(ctx, actor, "delete", id, "")
}
