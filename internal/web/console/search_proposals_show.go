package console

import (
	"context"
	"net/http"

	"loket/internal/search"
	"loket/internal/store"
	"loket/internal/web/render"
)

type proposalsData struct {
	Variants, Rules []search.Proposal
}

// proposalFlashes confirm a decision on the proposals page.
var proposalFlashes = map[string]string{
	"overgenomen": "Het voorstel is overgenomen. De zoekfunctie gebruikt het nu.",
	"afgewezen":   "Het voorstel is afgewezen. loket stelt het niet opnieuw voor.",
}

// learner is the service behind the proposals page.
func (h *Handler) learner() *search.Learner {
	return &search.Learner{Store: h.deps.Store, Articles: h.articles(), Index: h.deps.Search, Now: h.now}
}

// showSearchProposals lists what loket learned from residents' searches: question variants from clicked
// searches and synonym rules from searches that residents reformulated, for an editor to accept or reject.
func (h *Handler) showSearchProposals(w http.ResponseWriter, r *http.Request) {
	list, err := h.learner().Proposals(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	var data proposalsData
	for _, p := range list {
		if p.Kind == search.ProposalVariant {
			data.Variants = append(data.Variants, p)
		} else {
			data.Rules = append(data.Rules, p)
		}
	}
	h.render(w, r, http.StatusOK, "staff_search_proposals", render.Page{Title: "Leren van inwoners",
		Flash: proposalFlashes[r.URL.Query().Get("gedaan")], Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Leren van inwoners", URL: ""}}})
}

// reloadLocalWords switches this instance's index to the stored list of own words; other instances follow
// through the synonym notification.
func (h *Handler) reloadLocalWords(ctx context.Context) error {
	body, err := h.deps.Store.LocalWords(ctx)
	if err != nil {
		return err
	}
	syn, err := loadSynonymsText(body)
	if err != nil {
		return err
	}
	articles, err := h.deps.Store.ListArticles(ctx, store.ArticleFilter{PublishedOnly: true})
	if err != nil {
		return err
	}
	return h.deps.Search.ReplaceSynonyms(syn, articles)
}
