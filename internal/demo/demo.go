// Package demo bundles the demo data of the fictional gemeente Voorbeeld.
package demo

import (
	_ "embed"
	"encoding/json"

	"loket/internal/kb"
)

// KnowledgeBase is the demo knowledge base in the import format (docs/kb-format.md).
//
//go:embed voorbeeld.json
var KnowledgeBase []byte

// Articles decodes the bundled demo knowledge base.
func Articles() ([]kb.Article, error) {
	var items []kb.Article
	err := json.Unmarshal(KnowledgeBase, &items)
	return items, err
}
