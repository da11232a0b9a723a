package municipality

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

// sealer encrypts channel secrets with AES-256-GCM, as identity seals a BSN: a fresh nonce per value,
// prefixed. Its key is derived from the host's key for this purpose only, and every value is bound to its
// tenant and field (the additional data), so a sealed secret copied to another tenant or field does not open.
type sealer struct {
	aead   cipher.AEAD
	tenant string
}

// sealedPrefix marks a sealed value in the stored JSON.
const sealedPrefix = "sealed:v1:"

// errNoKey is saving a secret on a deployment without a host key.
var errNoKey = errors.New("municipality: no host key to seal channel secrets with")

func newSealer(key, tenant string) (*sealer, error) {
	raw, err := decodeKey(key)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, raw)
	m.Write([]byte("loket channel secrets v1"))
	block, err := aes.NewCipher(m.Sum(nil))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &sealer{aead: aead, tenant: tenant}, nil
}

func decodeKey(key string) ([]byte, error) {
	key = strings.TrimSpace(key)
	for _, dec := range []func(string) ([]byte, error){base64.StdEncoding.DecodeString, base64.RawStdEncoding.DecodeString,
		base64.URLEncoding.DecodeString, base64.RawURLEncoding.DecodeString, hex.DecodeString} {
		if b, err := dec(key); err == nil && len(b) == 32 {
			return b, nil
		}
	}
	return nil, errors.New("municipality: the host key must be 32 bytes, base64 or hex")
}

func (s *sealer) seal(field, plain string) string {
	nonce := make([]byte, s.aead.NonceSize())
	rand.Read(nonce)
	out := s.aead.Seal(nonce, nonce, []byte(plain), []byte(s.tenant+"\x00"+field))
	return sealedPrefix + base64.StdEncoding.EncodeToString(out)
}

func (s *sealer) open(field, sealed string) (string, error) {
	b64, ok := strings.CutPrefix(sealed, sealedPrefix)
	if !ok {
		return "", fmt.Errorf("channel secret %s is not sealed", field)
	}
	b, err := base64.StdEncoding.DecodeString(b64)
	n := s.aead.NonceSize()
	if err != nil || len(b) < n {
		return "", fmt.Errorf("channel secret %s: not a sealed value", field)
	}
	plain, err := s.aead.Open(nil, b[:n], b[n:], []byte(s.tenant+"\x00"+field))
	if err != nil {
		return "", fmt.Errorf("channel secret %s does not open with the host key: %w", field, err)
	}
	return string(plain), nil
}
