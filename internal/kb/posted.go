package kb

// MaxPostedArticleBytes bounds one posted article (console form or import format); the body text alone may
// be 100,000 bytes.
const MaxPostedArticleBytes = 1 << 20

// EditorialState is the article's state for editors: StatePublished or StateDraft (an empty state is an
// article from before states, which is published).
func (a *Article) EditorialState() string {
	if a.Published() {
		return StatePublished
	}
	return StateDraft
}
