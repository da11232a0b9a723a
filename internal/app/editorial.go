package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

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
	interval, err := time.ParseDuration(a.cfg.LinkCheckInterval)
	if err != nil || interval <= 0 {
		return // validated by config; 0 means off
	}
	c := &linkcheck.Checker{Store: a.Store, BaseURL: a.cfg.BaseURL, Log: a.log}
	c.Run(ctx, interval)
}
