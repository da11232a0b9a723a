package store_test

import (
	"context"
	"slices"
	"testing"

	"loket/internal/kb"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

func TestEditorArticlesAndReviewCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		mk := func(id, title, owner, review, state string) kb.Article {
			return kb.Article{ID: id, Type: kb.TypeVAC, Title: title, Theme: "Afval", Summary: "s", Body: "b",
				Owner: owner, ReviewBy: review, State: state}
		}
		_, err := s.ImportArticles(ctx, []kb.Article{
			mk("a", "Grofvuil_100%", "Team A", "2026-01-01", ""),
			mk("b", "Kliko kapot", "Team A", "2026-12-15", kb.StateDraft),
			mk("c", "Kerstboom", "Team A", "2027-06-01", ""),
			mk("d", "Paspoort", "Team B", "", ""),
		}, "test")
		if err != nil {
			t.Fatal(err)
		}
		ids := func(f store.EditorFilter) []string {
			list, err := s.EditorArticles(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, a := range list {
				out = append(out, a.ID)
			}
			return out
		}
		for _, c := range []struct {
			name string
			f    store.EditorFilter
			want []string
		}{
			{"all by title", store.EditorFilter{}, []string{"a", "c", "b", "d"}},
			{"text, case-insensitive", store.EditorFilter{Text: "KLIKO"}, []string{"b"}},
			{"like characters are literal", store.EditorFilter{Text: "_100%"}, []string{"a"}},
			{"draft", store.EditorFilter{State: kb.StateDraft}, []string{"b"}},
			{"team", store.EditorFilter{Owner: "Team B"}, []string{"d"}},
			{"due before, by date, missing date first", store.EditorFilter{ReviewBefore: "2027-01-01"}, []string{"d", "a", "b"}},
		} {
			if got := ids(c.f); !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
		counts, err := s.ReviewCounts(ctx, "2026-11-27", "2026-12-27")
		if err != nil {
			t.Fatal(err)
		}
		want := []store.TeamReview{{Team: "Team A", Overdue: 1, DueSoon: 1, Total: 3}, {Team: "Team B", Overdue: 1, Total: 1}}
		if !slices.Equal(counts, want) {
			t.Errorf("ReviewCounts = %+v, want %+v", counts, want)
		}
		if teams, err := s.Teams(ctx); err != nil || !slices.Equal(teams, []string{"Team A", "Team B"}) {
			t.Errorf("Teams = %v, %v", teams, err)
		}
	})
}

func TestSearchSynonymsRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.SearchSynonyms(ctx); err != store.ErrNotFound {
			t.Fatalf("empty store: %v, want ErrNotFound", err)
		}
		for _, body := range []string{"kliko, minicontainer", "kliko, minicontainer\nroze pasje => rijbewijs"} {
			if err := s.SaveSearchSynonyms(ctx, body, "eva@voorbeeld.nl"); err != nil {
				t.Fatal(err)
			}
			got, err := s.SearchSynonyms(ctx)
			if err != nil || got.Body != body || got.Author != "eva@voorbeeld.nl" || got.UpdatedAt.IsZero() {
				t.Fatalf("read back %+v, %v", got, err)
			}
		}
	})
}
