package api

import (
	"net/http"
	"strings"

	"loket/internal/kb"
	"loket/internal/search"
	"loket/internal/web/respond"
)

type apiSearchResult struct {
	ID      string  `json:"id"`
	Type    string  `json:"type"`
	Title   string  `json:"title"`
	Summary string  `json:"summary"`
	URL     string  `json:"url"`
	Score   float64 `json:"score"`
}

type apiAnswer struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Text  string `json:"text"`
	URL   string `json:"url"`
}

type apiSearchResponse struct {
	Query   string            `json:"query"`
	Results []apiSearchResult `json:"results"`
	Answer  *apiAnswer        `json:"answer"`
}

func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	q, limit, err := search.QueryParams(r.URL.Query(), 10, 50)
	if err != nil {
		respond.Fail(w, http.StatusBadRequest, err.Error())
		return
	}
	q = strings.TrimSpace(q)
	resp := apiSearchResponse{Query: q, Results: []apiSearchResult{}}
	if q == "" {
		respond.JSON(w, http.StatusOK, resp)
		return
	}
	res, err := h.deps.Search.SearchWith(q, search.Options{Limit: limit}) // the API shows no snippets
	if h.searchFailed(w, r, err) {
		return
	}
	h.deps.SearchLog.Record(q, len(res.Hits), res.Answer != nil)
	for _, hit := range res.Hits {
		resp.Results = append(resp.Results, apiSearchResult{ID: hit.ID, Type: hit.Type, Title: hit.Title,
			Summary: hit.Summary, URL: h.deps.BaseURL + kb.PathFor(hit.Type, hit.ID), Score: hit.Score})
	}
	if a := res.Answer; a != nil {
		resp.Answer = &apiAnswer{ID: a.ID, Title: a.Title, Text: a.Summary, URL: h.deps.BaseURL + kb.PathFor(a.Type, a.ID)}
	}
	respond.JSON(w, http.StatusOK, resp)
}

type apiSuggestion struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

func (h *Handler) suggest(w http.ResponseWriter, r *http.Request) {
	q, limit, err := search.QueryParams(r.URL.Query(), 6, 20)
	if err != nil {
		respond.Fail(w, http.StatusBadRequest, err.Error())
		return
	}
	out := []apiSuggestion{}
	if strings.TrimSpace(q) != "" {
		list, err := h.deps.Search.Suggest(q, limit)
		if h.searchFailed(w, r, err) {
			return
		}
		for _, s := range list {
			out = append(out, apiSuggestion{ID: s.ID, Title: s.Text, URL: "/zoeken/klik?a=" + s.ID})
		}
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	respond.JSON(w, http.StatusOK, map[string]any{"query": q, "suggestions": out})
}
