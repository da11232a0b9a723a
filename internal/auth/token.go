package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// TokenPrefix marks loket API tokens, so secret scanners and people recognise them.
const TokenPrefix = "lkt_"

// NewSecret returns a random secret for a session or an API token (256 bits, URL-safe).
func NewSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// NewToken returns a new API token; only its hash is stored.
func NewToken() string { return TokenPrefix + NewSecret() }

// HashSecret is how sessions and tokens are stored: a database leak does not give working credentials.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// LooksLikeToken reports whether s has the shape of an API token.
func LooksLikeToken(s string) bool {
	return strings.HasPrefix(s, TokenPrefix) && len(s) == len(TokenPrefix)+43
}
