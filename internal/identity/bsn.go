package identity

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// ValidBSN checks a burgerservicenummer: nine digits that pass the eleven test (9·d1 + 8·d2 + … + 2·d8
// − 1·d9 is a multiple of 11, and not 0).
func ValidBSN(s string) bool {
	if len(s) != 9 {
		return false
	}
	sum := 0
	for i, c := range s {
		if c < '0' || c > '9' {
			return false
		}
		w := 9 - i
		if i == 8 {
			w = -1
		}
		sum += w * int(c-'0')
	}
	return sum != 0 && sum%11 == 0
}

// MaskBSN shows only the last three digits: "******782".
func MaskBSN(s string) string {
	if len(s) < 4 {
		return strings.Repeat("*", len(s))
	}
	return strings.Repeat("*", len(s)-3) + s[len(s)-3:]
}

// Sealer encrypts personal data (BSN and the rest of a login) with AES-256-GCM and makes the keyed
// lookup hashes by which a person's items are found without storing the BSN in the clear.
type Sealer struct {
	aead   cipher.AEAD
	lookup []byte
}

// NewSealer takes a 32-byte key, base64 (standard or URL alphabet) or 64 hex digits.
func NewSealer(key string) (*Sealer, error) {
	raw, err := decodeKey(key)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(raw)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, raw)
	m.Write([]byte("loket identity lookup v1"))
	return &Sealer{aead: aead, lookup: m.Sum(nil)}, nil
}

// ValidKey reports why a key setting cannot be used, or nil.
func ValidKey(key string) error {
	_, err := decodeKey(key)
	return err
}

func decodeKey(key string) ([]byte, error) {
	key = strings.TrimSpace(key)
	for _, dec := range []func(string) ([]byte, error){base64.StdEncoding.DecodeString,
		base64.RawStdEncoding.DecodeString, base64.URLEncoding.DecodeString, base64.RawURLEncoding.DecodeString, hex.DecodeString} {
		if b, err := dec(key); err == nil && len(b) == 32 {
			return b, nil
		}
	}
	return nil, errors.New("the key must be 32 random bytes, written as base64 or 64 hex digits (e.g. openssl rand -base64 32)")
}

// Seal encrypts plain with a fresh nonce; the nonce is prefixed.
func (s *Sealer) Seal(plain []byte) []byte {
	nonce := make([]byte, s.aead.NonceSize())
	rand.Read(nonce)
	return s.aead.Seal(nonce, nonce, plain, nil)
}

// Open decrypts what Seal made.
func (s *Sealer) Open(sealed []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("identity: sealed value too short")
	}
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], nil)
	if err != nil {
		return nil, fmt.Errorf("identity: open sealed value: %w", err)
	}
	return plain, nil
}

// Lookup is the keyed hash of an identifier ("bsn:999993653", "kvk:90001234") that the store indexes.
func (s *Sealer) Lookup(kind, id string) string {
	m := hmac.New(sha256.New, s.lookup)
	m.Write([]byte(kind + ":" + id))
	return hex.EncodeToString(m.Sum(nil))
}

// SealString is Seal written as base64, for a text column.
func (s *Sealer) SealString(plain []byte) string {
	return base64.StdEncoding.EncodeToString(s.Seal(plain))
}

// OpenString opens what SealString made.
func (s *Sealer) OpenString(sealed string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil {
		return nil, fmt.Errorf("identity: sealed value is not base64: %w", err)
	}
	return s.Open(b)
}
