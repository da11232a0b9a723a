package kb

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Path is the public page of an article: /producten/{id} for products, /vragen/{id} for questions.
func Path(a Article) string { return PathFor(a.Type, a.ID) }

// PathFor is Path for an article known by type and id.
func PathFor(typ, id string) string {
	if typ == TypeVAC {
		return "/vragen/" + id
	}
	return "/producten/" + id
}

// ThemeSlug turns a theme name into its URL part: "Wonen en bouwen" becomes "wonen-en-bouwen".
func ThemeSlug(theme string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(theme)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
