package email

import (
	"strings"

	"golang.org/x/net/html"
)

// SanitizeHTML makes the HTML of a mail safe to show inside the console: bluemonday's UGC policy (no
// scripts, styles, forms or event handlers), and then no id or name attributes, so a mail cannot clobber
// the console's own elements (a <p id="tekst"> once broke "Gebruik dit antwoord"). Intake stores HTML
// sanitised this way, and the console sanitises again when it shows stored HTML, so mail stored before a
// change of policy gets the current one.
func SanitizeHTML(s string) string {
	return dropIDs(htmlPolicy.Sanitize(s))
}

// dropIDs removes id and name attributes from every tag and leaves everything else as it was.
func dropIDs(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			kept := t.Attr[:0]
			for _, a := range t.Attr {
				if a.Namespace == "" && a.Key != "id" && a.Key != "name" {
					kept = append(kept, a)
				}
			}
			t.Attr = kept
			b.WriteString(t.String())
		default:
			b.Write(z.Raw())
		}
	}
}
