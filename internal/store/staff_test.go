package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

func TestStaffSessionsTokensAndLockout(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		id, err := s.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: "Eva@Voorbeeld.nl", Name: "Eva", Role: auth.RoleEditor}, PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: "eva@voorbeeld.nl", Role: auth.RoleAgent}, PasswordHash: "h"}); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("duplicate e-mail: %v", err)
		}
		u, err := s.StaffUserByEmail(ctx, " EVA@voorbeeld.nl")
		if err != nil || u.ID != id || u.Role != auth.RoleEditor || !u.LockedUntil.IsZero() {
			t.Fatalf("by e-mail: %+v %v", u, err)
		}
		for range 3 {
			if err := s.RecordLoginFailure(ctx, id, 3, time.Minute); err != nil {
				t.Fatal(err)
			}
		}
		if u, _ = s.StaffUser(ctx, id); u.LockedUntil.Before(time.Now()) {
			t.Fatalf("not locked after 3 failures: %+v", u)
		}
		if err := s.AddSession(ctx, "sess", id, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.AddSession(ctx, "old", id, time.Now().Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		if st, err := s.SessionStaff(ctx, "sess"); err != nil || st.Email != "eva@voorbeeld.nl" {
			t.Fatalf("session: %+v %v", st, err)
		}
		if _, err := s.SessionStaff(ctx, "old"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("expired session: %v", err)
		}
		if _, err := s.AddAPIToken(ctx, id, "koppeling", "tokhash"); err != nil {
			t.Fatal(err)
		}
		if st, err := s.TokenStaff(ctx, "tokhash"); err != nil || st.Role != auth.RoleEditor {
			t.Fatalf("token: %+v %v", st, err)
		}
		u.Disabled = true
		if err := s.UpdateStaffUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenStaff(ctx, "tokhash"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("token of a disabled account still works: %v", err)
		}
		if _, err := s.SessionStaff(ctx, "sess"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("session of a disabled account still works: %v", err)
		}
	})
}

func TestAuditLogFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for _, e := range []store.AuditEntry{
			{Actor: "a@x.nl", Action: "view", ObjectType: "conversation", ObjectID: "1"},
			{Actor: "b@x.nl", Action: "update", ObjectType: "article", ObjectID: "paspoort"},
			{Actor: "a@x.nl", Action: "update", ObjectType: "article", ObjectID: "rijbewijs"},
		} {
			if err := s.Audit(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		list, err := s.AuditEntries(ctx, store.AuditFilter{Actor: "a@x.nl"})
		if err != nil || len(list) != 2 || list[0].ObjectID != "rijbewijs" {
			t.Fatalf("by actor, newest first: %+v %v", list, err)
		}
		list, err = s.AuditEntries(ctx, store.AuditFilter{ObjectType: "article", Action: "update", From: time.Now().Add(-time.Hour)})
		if err != nil || len(list) != 2 {
			t.Fatalf("by type and action: %+v %v", list, err)
		}
	})
}
