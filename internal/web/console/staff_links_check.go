package console

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"loket/internal/kb"
	"loket/internal/linkcheck"
	"loket/internal/web/staffauth"
)

// linkChecker is the broken-link check the console runs on request, the same as the background job.
func (h *Handler) linkChecker() *linkcheck.Checker {
	return &linkcheck.Checker{Store: h.deps.Store, BaseURL: h.deps.BaseURL, Log: h.deps.Log}
}

// fullCheckTimeout bounds a check of every link started from the console.
const fullCheckTimeout = 30 * time.Minute

// checkAllLinks is "Nu alles controleren": it starts a check of every link and returns at once; the
// links page shows its progress, recorded in the store (so on every instance), until it is done.
func (h *Handler) checkAllLinks(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 16<<10) {
		return
	}
	by := staffauth.Staff(r).Email
	// The run outlives this request; it ends by itself, at the latest after fullCheckTimeout.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), fullCheckTimeout)
	go func() {
		defer cancel()
		if sum, err := h.linkChecker().CheckAll(ctx, by); err != nil && !errors.Is(err, linkcheck.ErrRunning) {
			h.deps.Log.Error("link check from the console", "err", err)
		} else if err == nil {
			h.deps.Log.Info("link check from the console done", "links", sum.Links, "broken", sum.Broken)
		}
	}()
	h.auth.Audit(r, "check_links", "article", "", "alle artikelen")
	http.Redirect(w, r, "/beheer/links?gedaan=controle-gestart", http.StatusSeeOther)
}

// checkArticleLinks is "Nu controleren" in the editor: the links of one article, checked while the
// editor waits (seconds), then the links page shows that article's result.
func (h *Handler) checkArticleLinks(w http.ResponseWriter, r *http.Request) {
	a, ok := h.articleFromPath(w, r)
	if !ok || !h.parseForm(w, r, 16<<10) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), time.Minute)
	defer cancel()
	sum, err := h.linkChecker().CheckArticle(ctx, a.ID)
	if errors.Is(err, kb.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/links?artikel="+a.ID+"&links="+strconv.Itoa(sum.Links)+"&kapot="+strconv.Itoa(sum.Broken),
		http.StatusSeeOther)
}
