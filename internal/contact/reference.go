package contact

import (
	"fmt"
	"regexp"
	"strings"
)

// fallbackPrefix starts conversation references while the municipality has set no prefix of its own.
const fallbackPrefix = "GEM"

// referencePattern is a conversation reference with any municipality's prefix (2 to 6 capitals), so that
// references given out before a prefix changed are still found in subjects.
var referencePattern = regexp.MustCompile(`\b[A-Z]{2,6}-C-(\d{4})-(\d{6})\b`)

// FormatReference builds the reference of the n-th conversation of a year: VB-C-2026-000123 for prefix VB.
func FormatReference(prefix string, year int, n int64) string {
	if prefix == "" {
		prefix = fallbackPrefix
	}
	return fmt.Sprintf("%s-C-%04d-%06d", prefix, year, n)
}

// FindReference returns the first conversation reference in a text (an e-mail subject), or "".
func FindReference(text string) string {
	return referencePattern.FindString(strings.ToUpper(text))
}
