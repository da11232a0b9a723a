// Package linkcheck finds broken links in article bodies: links to other articles are checked against the
// store, links to other sites with a HEAD (or GET) request with a short timeout and limited concurrency.
// A background job runs the check at an interval; the console lists what is broken.
package linkcheck

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

var parser = goldmark.New().Parser()

// Extract returns the link targets in a Markdown text, in order of appearance and without duplicates:
// the destinations of [text](url) links and <url> autolinks. Anchors within the page, mailto: and tel:
// links are left out, since there is nothing to check.
func Extract(markdown string) []string {
	src := []byte(markdown)
	doc := parser.Parse(text.NewReader(src))
	var out []string
	seen := map[string]bool{}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest string
		switch l := n.(type) {
		case *ast.Link:
			dest = string(l.Destination)
		case *ast.AutoLink:
			if l.AutoLinkType == ast.AutoLinkURL {
				dest = string(l.URL(src))
			}
		default:
			return ast.WalkContinue, nil
		}
		dest = strings.TrimSpace(dest)
		if checkable(dest) && !seen[dest] {
			seen[dest] = true
			out = append(out, dest)
		}
		return ast.WalkContinue, nil
	})
	return out
}

func checkable(dest string) bool {
	lower := strings.ToLower(dest)
	switch {
	case dest == "", strings.HasPrefix(dest, "#"), strings.HasPrefix(lower, "mailto:"), strings.HasPrefix(lower, "tel:"):
		return false
	}
	return true
}
