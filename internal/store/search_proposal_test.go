package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"loket/internal/search/learning"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

func TestSearchLearningLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Now().Add(-time.Hour).Truncate(time.Second) // PostgreSQL keeps microseconds
		// Two residents search "kliekoo kapot" (no results) and then "container kapot" on the same page;
		// three open the container article from "container kapot", one from "paspoort".
		entries := []store.SearchLogEntry{
			{ID: "a1", Query: "kliekoo kapot", Results: 0, At: at},
			{ID: "a2", Query: "container kapot", Results: 4, At: at, Previous: "a1"},
			{ID: "b1", Query: "kliekoo kapot", Results: 0, At: at},
			{ID: "b2", Query: "container kapot", Results: 4, At: at, Previous: "b1"},
			{ID: "c1", Query: "container kapot", Results: 4, At: at},
			{ID: "d1", Query: "paspoort", Results: 3, At: at},
			{ID: "e1", Query: "paspoort", Results: 3, At: at, Previous: "d1"}, // linked, though nothing changed
		}
		if err := s.AddSearchLogs(ctx, entries); err != nil {
			t.Fatal(err)
		}
		for _, c := range [][2]string{{"a2", "afvalcontainer"}, {"b2", "afvalcontainer"}, {"c1", "afvalcontainer"}, {"d1", "paspoort"}} {
			if err := s.AddSearchClick(ctx, c[0], c[1]); err != nil {
				t.Fatal(err)
			}
		}
		since := at.Add(-time.Hour)
		clicked, err := s.ClickedSearches(ctx, since, 3)
		if err != nil {
			t.Fatal(err)
		}
		want := []learning.ClickedSearch{{Query: "container kapot", ArticleID: "afvalcontainer", Clicks: 3}}
		if !reflect.DeepEqual(clicked, want) {
			t.Errorf("clicked = %+v, want %+v", clicked, want)
		}
		follows, err := s.SearchFollowUps(ctx, since, 10)
		if err != nil {
			t.Fatal(err)
		}
		// The three linked pairs, newest first (the same moment: by id), with what was opened of each.
		wantFollows := []learning.FollowUp{
			{From: "kliekoo kapot", To: "container kapot", ToResults: 4, ToClicked: true},
			{From: "kliekoo kapot", To: "container kapot", ToResults: 4, ToClicked: true},
			{From: "paspoort", To: "paspoort", FromResults: 3, ToResults: 3, FromClicked: true},
		}
		for i := range follows {
			if !follows[i].FromAt.Equal(at) || !follows[i].ToAt.Equal(at) {
				t.Errorf("follow-up %d at %v, %v, want %v", i, follows[i].FromAt, follows[i].ToAt, at)
			}
			follows[i].FromAt, follows[i].ToAt = time.Time{}, time.Time{}
		}
		if !reflect.DeepEqual(follows, wantFollows) {
			t.Errorf("follow-ups = %+v, want %+v", follows, wantFollows)
		}
		if one, err := s.SearchFollowUps(ctx, since, 1); err != nil || len(one) != 1 {
			t.Errorf("limit 1: %v %+v", err, one)
		}
		if later, err := s.ClickedSearches(ctx, time.Now().Add(time.Hour), 1); err != nil || len(later) != 0 {
			t.Errorf("clicks after now: %v %+v", err, later)
		}

		key := learning.ProposalKey{Kind: "synonym", From: "kliekoo", To: "container"}
		for _, accepted := range []bool{false, true} { // deciding again replaces the decision
			if err := s.DecideProposal(ctx, learning.Decision{ProposalKey: key, Accepted: accepted, DecidedBy: "r@example.nl", DecidedAt: at}); err != nil {
				t.Fatal(err)
			}
			got, err := s.ProposalDecisions(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[key] != accepted {
				t.Errorf("decisions = %v, want %v: %v", got, key, accepted)
			}
		}
		if body, err := s.LocalWords(ctx); err != nil || body != "" {
			t.Errorf("local words before saving: %q %v", body, err)
		}
		if err := s.SaveLocalWords(ctx, "kliekoo => container\n", "r@example.nl"); err != nil {
			t.Fatal(err)
		}
		if body, err := s.LocalWords(ctx); err != nil || body != "kliekoo => container\n" {
			t.Errorf("local words = %q %v", body, err)
		}
	})
}
