package console

import "time"

// now is the time by the surface's clock (the store's in the app, so tests move it); without one, the wall clock.
func (h *Handler) now() time.Time {
	if h.deps.Clock == nil {
		return time.Now()
	}
	return h.deps.Clock()
}
