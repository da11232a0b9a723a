package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestAccountLifeCycle reproduces finding 7 on both databases: nothing disabled an account, changed a
// role, reset a password or revoked another user's token, and a reset left tokens working. Now each is
// a service operation, audited, and disabling or resetting ends every session and token at once.
func TestAccountLifeCycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		acc := auth.NewAccounts(s.Accounts(), nil, 90*24*time.Hour)
		adminID, err := acc.Create(ctx, "system", auth.Account{Staff: auth.Staff{Email: "Beheer@voorbeeld.nl", Role: auth.RoleAdmin}}, "paard batterij nietje correct")
		if err != nil {
			t.Fatal(err)
		}
		admin := auth.Staff{ID: adminID, Email: "beheer@voorbeeld.nl", Role: auth.RoleAdmin}
		agentID, err := acc.Create(ctx, admin.Email, auth.Account{Staff: auth.Staff{Email: "kcc@voorbeeld.nl", Role: auth.RoleAgent}}, "zonnebloem kade zeventien")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := acc.Create(ctx, admin.Email, auth.Account{Staff: auth.Staff{Email: "x@voorbeeld.nl", Role: auth.RoleAgent}}, "Welkom2026!!!"); problem.FieldsOf(err)["wachtwoord"] == "" {
			t.Fatalf("a common password was accepted for a new account: %v", err)
		}
		agent := auth.Staff{ID: agentID, Email: "kcc@voorbeeld.nl", Role: auth.RoleAgent}
		session := auth.HashSecret(auth.NewSecret())
		if err := s.AddSession(ctx, session, agentID, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		token, _, err := acc.CreateToken(ctx, admin.Email, agentID, "koppeling", auth.ScopeRead, 30*24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if st, err := s.TokenStaff(ctx, auth.HashSecret(token)); err != nil || st.ID != agentID || !st.ReadOnly() {
			t.Fatalf("read token: %+v, %v", st, err)
		}
		if _, _, err := acc.CreateToken(ctx, admin.Email, agentID, "te lang", auth.ScopeWrite, 91*24*time.Hour); problem.FieldsOf(err)["geldig"] == "" {
			t.Fatalf("a token past the 90-day maximum: %v", err)
		}

		// Disabling ends the session and the token at once; enabling does not bring them back.
		if err := acc.SetDisabled(ctx, admin, agentID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionStaff(ctx, session); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("session of a disabled account: %v", err)
		}
		if err := acc.SetDisabled(ctx, admin, agentID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenStaff(ctx, auth.HashSecret(token)); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("token after disable and enable: %v", err)
		}

		// A reset revokes the tokens made since, and gives a password that works.
		token2, _, err := acc.CreateToken(ctx, agent.Email, agentID, "nieuw", auth.ScopeWrite, 24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		password, err := acc.ResetPassword(ctx, admin.Email, agentID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenStaff(ctx, auth.HashSecret(token2)); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("token after a password reset: %v", err)
		}
		u, _ := s.StaffUser(ctx, agentID)
		if ok, err := auth.CheckPassword(u.PasswordHash, password); !ok || err != nil {
			t.Fatalf("the reset password does not work: %v", err)
		}

		// The agent changes their own password: the current one is asked, other sessions end, this one stays.
		here, other := auth.HashSecret(auth.NewSecret()), auth.HashSecret(auth.NewSecret())
		s.AddSession(ctx, here, agentID, time.Now().Add(time.Hour))
		s.AddSession(ctx, other, agentID, time.Now().Add(time.Hour))
		if err := acc.ChangeOwnPassword(ctx, agent, "fout", "lange nieuwe zin van mij", here); problem.FieldsOf(err)["huidig"] == "" {
			t.Fatalf("a wrong current password: %v", err)
		}
		if err := acc.ChangeOwnPassword(ctx, agent, password, "lange nieuwe zin van mij", here); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionStaff(ctx, here); err != nil {
			t.Fatalf("the session used to change the password ended: %v", err)
		}
		if _, err := s.SessionStaff(ctx, other); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("another session survived the change: %v", err)
		}

		// Roles: nobody changes their own; the last active administrator keeps theirs.
		if err := acc.SetRole(ctx, admin, adminID, auth.RoleAgent); err == nil {
			t.Fatal("an administrator changed their own role")
		}
		if err := acc.SetDisabled(ctx, admin, adminID, true); err == nil {
			t.Fatal("an administrator blocked their own account")
		}
		if err := acc.SetRole(ctx, admin, agentID, auth.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		second := auth.Staff{ID: agentID, Email: agent.Email, Role: auth.RoleAdmin}
		if err := acc.SetRole(ctx, second, adminID, auth.RoleEditor); err != nil {
			t.Fatal(err)
		}
		if err := acc.SetRole(ctx, admin, agentID, auth.RoleAgent); problem.KindOf(err) != problem.Conflict {
			t.Fatalf("the last administrator lost the role: %v", err)
		}

		// Revoking: the owner or an administrator; anyone else finds nothing.
		adminToken, tok, err := acc.CreateToken(ctx, second.Email, agentID, "beheer", auth.ScopeWrite, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		editor := auth.Staff{ID: adminID, Email: admin.Email, Role: auth.RoleEditor}
		if err := acc.RevokeToken(ctx, editor, tok.ID); problem.KindOf(err) != problem.NotFound {
			t.Fatalf("an editor revoked another user's token: %v", err)
		}
		if err := acc.RevokeToken(ctx, second, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenStaff(ctx, auth.HashSecret(adminToken)); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("revoked token works: %v", err)
		}

		entries, err := s.AuditEntries(ctx, store.AuditFilter{ObjectType: "user"})
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]int{}
		for _, e := range entries {
			actions[e.Action]++
		}
		for _, want := range []string{"create", "disable", "enable", "reset-password", "change-password", "update"} {
			if actions[want] == 0 {
				t.Errorf("no audit entry %q (have %v)", want, actions)
			}
		}
	})
}

// TestExpiredTokensAndSessions: a token past its end no longer works, and the session worker's query
// deletes exactly the sessions that have ended.
func TestExpiredTokensAndSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		id, err := s.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: "a@voorbeeld.nl", Role: auth.RoleAgent}, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		secret := auth.NewToken()
		if _, err := s.AddScopedToken(ctx, auth.Token{UserID: id, Name: "oud", Scope: auth.ScopeWrite, ExpiresAt: time.Now().Add(-time.Minute)}, auth.HashSecret(secret)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenStaff(ctx, auth.HashSecret(secret)); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("an expired token works: %v", err)
		}
		now := time.Now()
		s.AddSession(ctx, "ended", id, now.Add(-time.Minute))
		s.AddSession(ctx, "live", id, now.Add(time.Hour))
		n, err := s.DeleteExpiredSessions(ctx, now)
		if err != nil || n != 1 {
			t.Fatalf("deleted %d (%v), want 1", n, err)
		}
		if _, err := s.SessionStaff(ctx, "live"); err != nil {
			t.Fatalf("a live session was deleted: %v", err)
		}
	})
}
