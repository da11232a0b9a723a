package contact

import (
	"fmt"
	"regexp"
	"strings"
)

// ReferencePrefix starts every conversation reference of this municipality: VB-C-2026-000123.
const ReferencePrefix = "VB-C-"

var referencePattern = regexp.MustCompile(`\bVB-C-(\d{4})-(\d{6})\b`)

// FormatReference builds the reference of the n-th conversation of a year.
func FormatReference(year int, n int64) string {
	return fmt.Sprintf("%s%04d-%06d", ReferencePrefix, year, n)
}

// FindReference returns the first conversation reference in a text (an e-mail subject), or "".
func FindReference(text string) string {
	return referencePattern.FindString(strings.ToUpper(text))
}
