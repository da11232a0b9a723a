package store_test

import (
	"context"
	"errors"
	"testing"

	"loket/internal/municipality"
	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

func TestMunicipalitySettingsAreSavedAndAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, err := municipality.NewService(ctx, s, func(_ context.Context, id string) bool { return id == "paspoort" })
		if err != nil {
			t.Fatal(err)
		}
		if got := svc.Current().Name; got != municipality.Defaults().Name {
			t.Fatalf("before any save: name %q, want the neutral default", got)
		}
		next := svc.Current()
		next.Name, next.ShortName, next.MailFromName, next.MailDomain = "Gemeente Anders", "Anders", "Gemeente Anders", "anders.nl"
		next.QuestionPrefix, next.RequestPrefix = "AN", "AN"
		next.TopTasks = []string{"paspoort", "geheim-concept"}
		err = svc.Save(ctx, "beheerder@anders.nl", next)
		if problem.FieldsOf(err)["top_tasks"] == "" {
			t.Fatalf("an unpublished top task must be refused: %v", err)
		}
		if _, err := s.MunicipalitySettings(ctx); !errors.Is(err, problem.ErrNotFound) {
			t.Fatalf("a refused save stores nothing: %v", err)
		}
		next.TopTasks = []string{"paspoort"}
		if err := svc.Save(ctx, "beheerder@anders.nl", next); err != nil {
			t.Fatal(err)
		}
		// A second instance reads what the first saved.
		other, err := municipality.NewService(ctx, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := other.Current(); got.Name != "Gemeente Anders" || got.TopTasks[0] != "paspoort" {
			t.Errorf("reloaded: %+v", got)
		}
		entries, err := s.AuditEntries(ctx, store.AuditFilter{ObjectType: "municipality"})
		if err != nil || len(entries) != 1 || entries[0].Actor != "beheerder@anders.nl" {
			t.Fatalf("audit: %+v %v", entries, err)
		}
		if d := entries[0].Detail; d == "" || d == "geen wijzigingen" {
			t.Errorf("audit detail %q should name what changed", d)
		}
	})
}
