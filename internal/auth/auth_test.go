package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestPasswordHashRoundTrip(t *testing.T) {
	hash, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Fatalf("hash format %q", hash)
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{{"correct horse battery", true}, {"correct horse batterY", false}, {"", false}} {
		ok, err := CheckPassword(hash, tc.pw)
		if err != nil || ok != tc.want {
			t.Errorf("CheckPassword(%q) = %v, %v", tc.pw, ok, err)
		}
	}
	if _, err := HashPassword("short"); !errors.Is(err, ErrWeakPassword) {
		t.Fatalf("short password: %v", err)
	}
	if _, err := CheckPassword("$md5$abc", "x"); err == nil {
		t.Fatal("a foreign hash format was accepted")
	}
}

func TestTokensAreRandomAndRecognisable(t *testing.T) {
	a, b := NewToken(), NewToken()
	if a == b || !LooksLikeToken(a) || LooksLikeToken("lkt_short") {
		t.Fatalf("tokens %q %q", a, b)
	}
	if HashSecret(a) == HashSecret(b) || len(HashSecret(a)) != 64 {
		t.Fatal("token hashes")
	}
	if p := GeneratePassword(); len(p) != 20 || p == GeneratePassword() {
		t.Fatalf("generated password %q", p)
	}
}

func TestParseRole(t *testing.T) {
	if r, err := ParseRole("editor"); err != nil || r != RoleEditor {
		t.Fatal(r, err)
	}
	if _, err := ParseRole("root"); err == nil {
		t.Fatal("unknown role accepted")
	}
}
