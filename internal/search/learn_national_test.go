package search_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"loket/internal/kb"
	"loket/internal/search"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// clickedLog is a tenant's store whose search log holds the given clicked searches.
type clickedLog struct {
	*store.Store
	clicked []search.ClickedSearch
}

func (c clickedLog) ClickedSearches(context.Context, time.Time, int) ([]search.ClickedSearch, error) {
	return c.clicked, nil
}

// TestLearnedVariantOfANationalArticleSurvivesANationalChange: a tenant's passport page inherits the
// national text, questions included. An editor accepts a question residents searched with; it becomes the
// tenant's own questions (the article's audit trail says so), and when the national text changes later
// the tenant gets the new national body and keeps the learned question. SQLite and PostgreSQL.
func TestLearnedVariantOfANationalArticleSurvivesANationalChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, host *store.Store) {
		ctx := context.Background()
		now := func() time.Time { return time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC) }
		tenant := storetest.Open(t, host.Dialect())
		national := kb.NewNational(host)
		pas := kb.Article{ID: "paspoort", Type: kb.TypeProduct, UPL: "paspoort", Title: "Paspoort aanvragen", Theme: "Burgerzaken",
			Audience: []string{"inwoner"}, Summary: "Vraag uw paspoort aan bij de balie.", Body: "Neem een pasfoto mee.",
			Channels: []string{"balie"}, Questions: []string{"Hoe vraag ik een paspoort aan?"}}
		if _, _, err := national.Save(ctx, "landelijk", pas); err != nil {
			t.Fatal(err)
		}
		svc := kb.NewService(tenant, now).WithNational(host)
		if _, err := svc.Inherit(ctx, "redacteur", "paspoort", kb.Article{Owner: "Team Burgerzaken", ReviewBy: "2027-06-01"}); err != nil {
			t.Fatal(err)
		}
		ix, err := search.New(nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.Rebuild(nil); err != nil { // search does not find the page for the question yet
			t.Fatal(err)
		}
		const asked = "paspoort kwijt op vakantie"
		l := &search.Learner{Store: clickedLog{tenant, []search.ClickedSearch{{Query: asked, ArticleID: "paspoort", Clicks: 5}}},
			Articles: svc, Index: ix, Now: now}
		variant := search.ProposalKey{Kind: search.ProposalVariant, ArticleID: "paspoort", From: asked}
		if err := l.Decide(ctx, variant, true, "redacteur@gemeente.example"); err != nil {
			t.Fatal(err)
		}
		want := []string{"Hoe vraag ik een paspoort aan?", asked}
		if got := liveQuestions(t, tenant); !slices.Equal(got, want) {
			t.Fatalf("questions after accepting: %q, want %q", got, want)
		}
		status, err := svc.NationalStatus(ctx, "paspoort")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(status.Overrides, []string{"Zo vragen inwoners het"}) {
			t.Errorf("overrides after accepting = %q, want the questions only", status.Overrides)
		}
		entries, err := tenant.AuditEntries(ctx, store.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(entries, func(e store.AuditEntry) bool {
			return e.Action == "question" && e.ObjectID == "paspoort" && e.Actor == "redacteur@gemeente.example"
		}) {
			t.Errorf("no audit entry for the accepted question: %+v", entries)
		}

		pas.Body = "Neem een pasfoto mee. U betaalt met de pinpas."
		if _, _, err := national.Save(ctx, "landelijk", pas); err != nil {
			t.Fatal(err)
		}
		if n, err := svc.ApplyNational(ctx, "paspoort"); err != nil || n != 1 {
			t.Fatalf("apply the national change: %d %v", n, err)
		}
		live, err := tenant.Article(ctx, "paspoort")
		if err != nil {
			t.Fatal(err)
		}
		if live.Body != pas.Body || !slices.Equal(live.Questions, want) {
			t.Errorf("after the national change: body %q, questions %q; want the new body and %q", live.Body, live.Questions, want)
		}
	})
}

func liveQuestions(t *testing.T, st *store.Store) []string {
	t.Helper()
	a, err := st.Article(context.Background(), "paspoort")
	if err != nil {
		t.Fatal(err)
	}
	return a.Questions
}
