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
	Current  int
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
	h.render(w, r, http.StatusOK, "staff_article_versions", render.Page{Title: "Versies: " + a.Title, Flash: flashFor(r),
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Artikelen", URL: "/beheer/artikelen"}, {Label: a.Title, URL: "/beheer/artikelen/" + id}, {Label: "Versies", URL: ""}},
		Data:        versionsData{Article: a, Current: current, Versions: list}})
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

// restoreArticleVersion saves an earlier version again as the newest one; nothing in the history is lost.
func (h *Handler) restoreArticleVersion(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	v, n, ok := h.versionFromPath(w, r)
	if !ok {
		return
	}
	a := v.Article
	a.State = v.State
	if err := h.deps.Store.SaveArticle(r.Context(), a, staffauth.Staff(r).Email); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "restore", "article", id, "version "+strconv.Itoa(n)+"; state "+v.State)
	http.Redirect(w, r, "/beheer/artikelen/"+id+"/versies?gedaan=hersteld", http.StatusSeeOther)
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
