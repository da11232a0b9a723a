package api

import "loket/internal/kb"

// articles is the knowledge-base service the article endpoints call: the same rules as the console and
// `loket kb import`.
func (h *Handler) articles() *kb.Service {
	if h.deps.KB != nil {
		return h.deps.KB
	}
	return kb.NewService(h.deps.Store, h.now)
}
