package shared

import "loket/internal/kb"

// MaxArticleBody bounds one posted article (console form or import format); the body text alone may be
// 100,000 bytes.
const MaxArticleBody = 1 << 20

// ArticleState is the editorial state of an article: published or draft.
func ArticleState(a kb.Article) string {
	if a.Published() {
		return kb.StatePublished
	}
	return kb.StateDraft
}
