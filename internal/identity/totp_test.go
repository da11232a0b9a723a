package identity_test

import (
	"context"

	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/identity"
	"loket/internal/identity/identitytest"
	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// The codes are RFC 6238 Appendix B's SHA-1 test vectors (secret "12345678901234567890", base32 below),
// cut to their last six digits: T=1234567890 gives 89005924, T=2000000000 gives 69279037.
func TestTOTPCodesWorkOnceAndFromTheRFC(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		id, err := st.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: "bo@voorbeeld.nl", Name: "Bo", Role: auth.RoleHandler}, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		now := time.Unix(1234567890, 0)
		svc, err := identity.NewTOTP(st, identitytest.Key, "loket", func() time.Time { return now })
		if err != nil {
			t.Fatal(err)
		}
		sealer, _ := identity.NewSealer(identitytest.Key)
		if err := st.SaveTOTP(ctx, identity.TOTPRecord{UserID: id, Sealed: sealer.SealString([]byte("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")), CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		if on, _ := svc.Required(ctx, id); on {
			t.Fatal("an unconfirmed second factor is required")
		}
		if err := svc.Confirm(ctx, id, "005925"); problem.FieldsOf(err)["code"] == "" {
			t.Errorf("a wrong code confirmed: %v", err)
		}
		if err := svc.Confirm(ctx, id, "005924"); err != nil {
			t.Fatalf("confirm with the RFC code: %v", err)
		}
		if on, _ := svc.Required(ctx, id); !on {
			t.Fatal("a confirmed second factor is not required")
		}
		token, _ := svc.Challenge(ctx, id, "/beheer/aanvragen")
		if _, _, err := svc.Verify(ctx, token, "005924"); problem.FieldsOf(err)["code"] == "" {
			t.Errorf("the confirming code worked again: %v", err)
		}
		now = time.Unix(2000000000, 0)
		token, _ = svc.Challenge(ctx, id, "/beheer/aanvragen")
		user, back, err := svc.Verify(ctx, token, "279 037")
		if err != nil || user != id || back != "/beheer/aanvragen" {
			t.Fatalf("verify with the RFC code: %d %q %v", user, back, err)
		}
		if _, _, err := svc.Verify(ctx, token, "279037"); problem.KindOf(err) != problem.Forbidden {
			t.Errorf("a used challenge worked again: %v", err)
		}
		token, _ = svc.Challenge(ctx, id, "/beheer")
		for range 5 {
			svc.Verify(ctx, token, "000000")
		}
		if _, _, err := svc.Verify(ctx, token, "279037"); problem.KindOf(err) != problem.Forbidden {
			t.Errorf("a sixth try was allowed: %v", err)
		}
	})
}
