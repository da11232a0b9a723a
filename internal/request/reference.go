package request

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"regexp"

	"loket/internal/auth"
)

// ReferencePrefix starts every reference number: VB for gemeente Voorbeeld.
const ReferencePrefix = "VB"

var referenceRe = regexp.MustCompile(`^VB-(\d{4})-(\d{6,})$`)

// FormatReference writes the reference number of the n-th request of a year: VB-2026-000123.
func FormatReference(year int, n int64) string {
	return fmt.Sprintf("%s-%04d-%06d", ReferencePrefix, year, n)
}

// ValidReference reports whether s has the shape of a reference number.
func ValidReference(s string) bool { return referenceRe.MatchString(s) }

// NewToken returns a 256-bit random token for a link a resident gets (status page, draft); only its
// hash is stored. It is the same kind of secret as a staff session.
func NewToken() string { return auth.NewSecret() }

// ValidToken reports whether s has the shape of a token from NewToken.
func ValidToken(s string) bool {
	if len(s) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil
}

// NewFileID returns a 128-bit random id, used as the file name of an upload on disk.
func NewFileID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// ValidFileID reports whether s has the shape of a file id.
func ValidFileID(s string) bool { return validFileID(s) }

// Mail is an e-mail to a requester.
type Mail struct {
	To, Subject, Body string
	// Attachment is a file to send with the mail (a calendar invitation); the outbox keeps the body
	// only, so a channel that cannot carry it sends the body, which always says what it holds.
	Attachment *Attachment `json:",omitempty"`
}

// Attachment is one file attached to a mail.
type Attachment struct {
	Name, ContentType string
	Data              []byte
}
