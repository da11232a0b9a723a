package console

import (
	"errors"
	"net/http"
	"strconv"

	"loket/internal/kb"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

type versionsData struct {
	Article  kb.Article
	Current  int // the newest version
	Live     int // the version on the website, 0 when offline
	Concept  int // the newest version when it is a concept residents do not see yet
	Versions []store.ArticleVersion
}

// showArticleVersions lists every saved version of an article, newest first.
func (h *Handler) showArticleVersions(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	list, err := h.deps.Store.ArticleVersions(r.Context(), id)
	if errors.Is(err, kb.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	current, err := h.deps.Store.CurrentVersion(r.Context(), id)
	if err != nil && !errors.Is(err, kb.ErrNotFound) {
		h.serverError(w, r, err)
		return
	}
	a := list[0].Article
	status, err := h.editorStatus(r, id)
	if errors.Is(err, kb.ErrNotFound) { // deleted: the history stays
		status, err = editorStatus{}, nil
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if status.Concept == status.Live {
		status.Concept = 0
	}
	h.render(w, r, http.StatusOK, "staff_article_versions", render.Page{Title: "Versies: " + a.Title, Flash: flashFor(r),
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Artikelen", URL: "/beheer/artikelen"}, {Label: a.Title, URL: "/beheer/artikelen/" + id}, {Label: "Versies", URL: ""}},
		Data:        versionsData{Article: a, Current: current, Live: status.Live, Concept: status.Concept, Versions: list}})
}

type versionDiffData struct {
	Version  store.ArticleVersion
	Previous *store.ArticleVersion
	Current  int
	Hunks    []diffHunk
	Same     bool
}

// showArticleVersion shows one version with what changed against the version before it.
func (h *Handler) showArticleVersion(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	v, n, ok := h.versionFromPath(w, r)
	if !ok {
		return
	}
	data := versionDiffData{Version: v}
	var before []string
	if prev, err := h.deps.Store.ArticleVersion(r.Context(), id, n-1); err == nil {
		data.Previous = &prev
		before = articleLines(prev.Article)
	} else if !errors.Is(err, kb.ErrNotFound) {
		h.serverError(w, r, err)
		return
	}
	current, err := h.deps.Store.CurrentVersion(r.Context(), id)
	if err != nil && !errors.Is(err, kb.ErrNotFound) {
		h.serverError(w, r, err)
		return
	}
	data.Current = current
	data.Hunks = hunks(lineDiff(before, articleLines(v.Article)), 2)
	data.Same = len(data.Hunks) == 0
	a := v.Article
	h.render(w, r, http.StatusOK, "staff_article_version", render.Page{Title: "Versie " + strconv.Itoa(n) + ": " + a.Title,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Artikelen", URL: "/beheer/artikelen"}, {Label: a.Title, URL: "/beheer/artikelen/" + id},
			{Label: "Versies", URL: "/beheer/artikelen/" + id + "/versies"}, {Label: "Versie " + strconv.Itoa(n), URL: ""}},
		Data: data})
}

// restoreArticleVersion puts an earlier version back as a concept through the kb service: residents keep
// seeing the published version until an editor publishes. Nothing in the history is lost.
func (h *Handler) restoreArticleVersion(w http.ResponseWriter, r *http.Request) {
	v, n, ok := h.versionFromPath(w, r)
	if !ok || !h.parseForm(w, r, 16<<10) {
		return
	}
	if _, err := h.articles().Restore(r.Context(), staffauth.Staff(r).Email, v.ArticleID, n); err != nil {
		if a, aerr := h.deps.Store.Article(r.Context(), v.ArticleID); aerr == nil {
			h.articleActionFailed(w, r, a, err)
			return
		}
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/artikelen/"+v.ArticleID+"/versies?gedaan=hersteld", http.StatusSeeOther)
}

// versionFromPath loads the version named by {id} and {version}; on false the 404 or 500 has been written.
func (h *Handler) versionFromPath(w http.ResponseWriter, r *http.Request) (store.ArticleVersion, int, bool) {
	n, err := strconv.Atoi(r.PathValue("version"))
	if err != nil {
		h.notFound(w, r)
		return store.ArticleVersion{}, 0, false
	}
	v, err := h.deps.Store.ArticleVersion(r.Context(), r.PathValue("id"), n)
	if errors.Is(err, kb.ErrNotFound) {
		h.notFound(w, r)
		return v, n, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return v, n, false
	}
	return v, n, true
}
