package cli

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"loket/internal/auth"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestAccountCommands: the command line blocks and unblocks accounts, changes roles, resets passwords
// and makes and revokes scoped tokens, each audited as "system"; blocking ends the token at once.
func TestAccountCommands(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		db := s.DSN()
		if code, _, errOut := runCmd(t, "aaaaaaaaaaaa\n", "user", "add", "kcc@voorbeeld.nl", "--role", "agent", "--db", db); code != 1 || !strings.Contains(errOut, "minstens 12 tekens") && !strings.Contains(errOut, "te makkelijk") {
			t.Fatalf("a weak password: %d %q", code, errOut)
		}
		if code, _, errOut := runCmd(t, "paard batterij nietje correct\n", "user", "add", "kcc@voorbeeld.nl", "--role", "agent", "--db", db); code != 0 {
			t.Fatalf("user add: %q", errOut)
		}
		code, out, errOut := runCmd(t, "", "token", "create", "kcc@voorbeeld.nl", "--scope", "read", "--days", "7", "--db", db)
		if code != 0 {
			t.Fatalf("token create: %q", errOut)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		token := lines[len(lines)-1]
		if st, err := s.TokenStaff(ctx, auth.HashSecret(token)); err != nil || !st.ReadOnly() {
			t.Fatalf("token: %+v %v", st, err)
		}
		if code, _, errOut := runCmd(t, "", "token", "create", "kcc@voorbeeld.nl", "--days", "400", "--db", db); code != 1 || !strings.Contains(errOut, "geldig") {
			t.Fatalf("a 400-day token: %d %q", code, errOut)
		}
		if code, _, errOut := runCmd(t, "", "user", "disable", "kcc@voorbeeld.nl", "--db", db); code != 0 {
			t.Fatalf("disable: %q", errOut)
		}
		if _, err := s.TokenStaff(ctx, auth.HashSecret(token)); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("token of a blocked account: %v", err)
		}
		runCmd(t, "", "user", "enable", "kcc@voorbeeld.nl", "--db", db)
		if code, _, errOut := runCmd(t, "", "user", "role", "kcc@voorbeeld.nl", "manager", "--db", db); code != 0 {
			t.Fatalf("role: %q", errOut)
		}
		code, out, _ = runCmd(t, "", "user", "reset-password", "kcc@voorbeeld.nl", "--db", db)
		password := strings.TrimSpace(out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:])
		u, _ := s.StaffUserByEmail(ctx, "kcc@voorbeeld.nl")
		if ok, _ := auth.CheckPassword(u.PasswordHash, password); code != 0 || !ok || u.Role != auth.RoleManager || u.Disabled {
			t.Fatalf("after reset: code %d, password works %v, %+v", code, ok, u)
		}
		runCmd(t, "", "token", "create", "kcc@voorbeeld.nl", "--db", db)
		list, _ := s.APITokens(ctx, u.ID)
		if len(list) != 1 {
			t.Fatalf("%d tokens", len(list))
		}
		if code, _, errOut := runCmd(t, "", "token", "revoke", "1", "--db", db); code != 1 || errOut == "" {
			t.Fatalf("revoking a token that is gone: %d %q", code, errOut)
		}
		if code, out, _ := runCmd(t, "", "token", "revoke", strconv.FormatInt(list[0].ID, 10), "--db", db); code != 0 || !strings.Contains(out, "revoked") {
			t.Fatalf("revoke: %d %q", code, out)
		}
		entries, _ := s.AuditEntries(ctx, store.AuditFilter{Actor: "system"})
		seen := map[string]bool{}
		for _, e := range entries {
			seen[e.Action+" "+e.ObjectType] = true
		}
		for _, want := range []string{"create user", "disable user", "enable user", "update user", "reset-password user", "create token", "revoke token"} {
			if !seen[want] {
				t.Errorf("no audit entry %q", want)
			}
		}
	})
}
