package request

import (
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
)

// MaxMessageUploadKB limits files sent with a message on the status page.
const MaxMessageUploadKB = 10 << 10

// MessageUploadTypes are the files a requester or handler may add to a message.
var MessageUploadTypes = []string{"application/pdf", "image/jpeg", "image/png"}

// CheckUpload decides from the first 512 bytes (sniffed, never the name or the browser's word) and the
// size whether a file is allowed; it returns the content type or a message for the requester.
func CheckUpload(accept []string, maxBytes int64, head []byte, size int64) (string, string) {
	if size == 0 {
		return "", "Het bestand is leeg. Kies een ander bestand."
	}
	if size > maxBytes {
		return "", fmt.Sprintf("Het bestand is te groot (%s). Het mag maximaal %s zijn.", humanSize(size), humanSize(maxBytes))
	}
	ct := http.DetectContentType(head)
	if !slices.Contains(accept, ct) {
		return "", "Dit soort bestand kunnen we niet aannemen. U kunt sturen: " + TypeNames(accept) + "."
	}
	return ct, ""
}

// TypeNames writes content types the way people know them: PDF, JPG, PNG.
func TypeNames(types []string) string {
	names := map[string]string{"application/pdf": "PDF", "image/jpeg": "JPG", "image/png": "PNG", "image/gif": "GIF",
		"image/webp": "WEBP", "text/plain; charset=utf-8": "tekst (TXT)"}
	var out []string
	for _, t := range types {
		out = append(out, names[t])
	}
	return strings.Join(out, ", ")
}

// Extensions are what a file picker may suggest for the allowed types (the server still sniffs).
func Extensions(types []string) string {
	ext := map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg,.jpeg", "image/png": ".png", "image/gif": ".gif",
		"image/webp": ".webp", "text/plain; charset=utf-8": ".txt"}
	var out []string
	for _, t := range types {
		out = append(out, ext[t])
	}
	return strings.Join(out, ",")
}

func humanSize(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d kB", (n+1023)>>10)
}

// CleanFileName keeps an uploaded file's name for display only: no directories, no control
// characters, at most 100 characters. It is never used as a path.
func CleanFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == '/' {
			return -1
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 100 {
		name = string(r[:100])
	}
	if name == "" || name == "." {
		name = "bestand"
	}
	return name
}
