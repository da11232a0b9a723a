package console

import "loket/internal/kb"

// articles is the knowledge-base service that every article handler calls: the rules of an article live
// there, the same for the console, the API and `loket kb import`.
func (h *Handler) articles() *kb.Service {
	if h.deps.KB != nil {
		return h.deps.KB
	}
	return kb.NewService(h.deps.Store, h.now)
}
