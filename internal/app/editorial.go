package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"loket/internal/kb"
	"loket/internal/linkcheck"
	"loket/internal/search"
	"loket/internal/store"
)

// loadSynonyms returns the synonym list the search index starts with: the one editors saved in the
// console, else the configured file, else nil for the bundled list.
func (a *App) loadSynonyms(ctx context.Context) (*search.Synonyms, error) {
	list, err := a.Store.SearchSynonyms(ctx)
	switch {
	case err == nil:
		syn, err := search.LoadSynonyms(strings.NewReader(list.Body))
		if err != nil {
			return nil, fmt.Errorf("synonyms saved in the console: %w", err)
		}
		return syn, nil
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	case a.cfg.SynonymsFile == "":
		return nil, nil
	}
	f, err := os.Open(a.cfg.SynonymsFile)
	if err != nil {
		return nil, fmt.Errorf("synonyms: %w", err)
	}
	defer f.Close()
	syn, err := search.LoadSynonyms(f)
	if err != nil {
		return nil, fmt.Errorf("synonyms %s: %w", a.cfg.SynonymsFile, err)
	}
	return syn, nil
}

// synonymsSaved switches this instance's search index to the synonym list an editor saved, possibly
// through another instance: the list is read from the database, never from the notification.
func (a *App) synonymsSaved(ctx context.Context, _ string) {
	if err := a.reloadSearch(ctx); err != nil {
		a.log.Error("reload synonyms", "err", err)
	}
}

// checkLinks runs the broken-link check at the configured interval until ctx ends.
func (a *App) checkLinks(ctx context.Context) {
	interval := a.cfg.LinkCheckInterval
	if interval <= 0 {
		return // 0 means off
	}
	c := &linkcheck.Checker{Store: a.Store, BaseURL: a.cfg.BaseURL, Log: a.log}
	c.Run(ctx, interval)
}

// remindReviews writes owner teams about articles due for review, at start and then daily, until ctx
// ends; a team gets at most one reminder a week (recorded in the database, so across instances).
func (a *App) remindReviews(ctx context.Context) {
	for {
		res, err := kb.SendReviewReminders(ctx, a.Store, a.clock(), a.cfg.BaseURL)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			a.log.Error("review reminders", "err", err)
		case res.Mails > 0 || len(res.NoAddress) > 0:
			a.log.Info("review reminders queued", "teams", res.Teams, "mails", res.Mails, "teams_without_address", res.NoAddress)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(24 * time.Hour):
		}
	}
}
