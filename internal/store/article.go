package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"loket/internal/kb"
)

// ArticleChannel is the PostgreSQL notification channel on which article changes are announced.
const ArticleChannel = "loket_articles"

// ImportResult counts what an import did.
type ImportResult = kb.ImportResult

// ArticleFilter selects articles for ListArticles; empty fields match everything.
type ArticleFilter struct {
	Theme         string
	Type          string
	PublishedOnly bool
}

// ImportArticles upserts articles by id in one transaction: all of them are stored, or none.
func (s *Store) ImportArticles(ctx context.Context, articles []kb.Article, author string) (ImportResult, error) {
	var res ImportResult
	var changed []string
	err := s.InTx(ctx, func(tx *Tx) error {
		res, changed = ImportResult{}, changed[:0]
		for _, a := range articles {
			outcome, err := s.upsertArticle(ctx, tx, a, author)
			if err != nil {
				return fmt.Errorf("article %s: %w", a.ID, err)
			}
			switch outcome {
			case upsertCreated:
				res.Created++
			case upsertUpdated:
				res.Updated++
			default:
				res.Unchanged++
				continue
			}
			changed = append(changed, a.ID)
		}
		return nil
	})
	if err == nil {
		s.announce(changed...)
	}
	return res, err
}

// SaveArticle creates or updates one article and records a new version when it changed.
func (s *Store) SaveArticle(ctx context.Context, a kb.Article, author string) error {
	_, err := s.ImportArticles(ctx, []kb.Article{a}, author)
	return err
}

type upsertOutcome int

const (
	upsertUnchanged upsertOutcome = iota
	upsertCreated
	upsertUpdated
)

func (s *Store) upsertArticle(ctx context.Context, tx *Tx, a kb.Article, author string) (upsertOutcome, error) {
	if a.State == "" {
		a.State = kb.StatePublished
	}
	a.UpdatedAt = s.now()
	data, err := articleJSON(a)
	if err != nil {
		return 0, err
	}
	var oldData string
	var liveVersion int
	err = tx.QueryRow(ctx, `SELECT data, version FROM articles WHERE id = ?`, a.ID).Scan(&oldData, &liveVersion)
	outcome := upsertUpdated
	switch {
	case errors.Is(err, sql.ErrNoRows):
		outcome = upsertCreated
	case err != nil:
		return 0, err
	}
	// A draft saved beside the published article has the newest version; counting from it keeps the
	// history in order, and saving the live content again still records a version when such a draft exists.
	version, err := newestVersion(ctx, tx, a.ID)
	if err != nil {
		return 0, err
	}
	if outcome == upsertUpdated && version == liveVersion && sameContent(oldData, a) {
		return upsertUnchanged, nil
	}
	version++
	if outcome == upsertCreated {
		_, err = tx.Exec(ctx, `INSERT INTO articles (id, type, theme, title, state, owner, review_by, version, data, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.Type, a.Theme, a.Title, a.State, a.Owner, a.ReviewBy, version, data, a.UpdatedAt)
	} else {
		_, err = tx.Exec(ctx, `UPDATE articles SET type = ?, theme = ?, title = ?, state = ?, owner = ?, review_by = ?,
			version = ?, data = ?, updated_at = ? WHERE id = ?`,
			a.Type, a.Theme, a.Title, a.State, a.Owner, a.ReviewBy, version, data, a.UpdatedAt, a.ID)
	}
	if err != nil {
		return 0, err
	}
	_, err = tx.Exec(ctx, `INSERT INTO article_versions (article_id, version, state, data, author, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, a.ID, version, a.State, data, author, a.UpdatedAt)
	if err != nil {
		return 0, err
	}
	return outcome, s.notifyInTx(ctx, tx, a.ID)
}

// sameContent compares a stored article with a new one, ignoring the update time.
func sameContent(oldData string, a kb.Article) bool {
	var old kb.Article
	if err := json.Unmarshal([]byte(oldData), &old); err != nil {
		return false
	}
	old.UpdatedAt = a.UpdatedAt
	x, err1 := articleJSON(old)
	y, err2 := articleJSON(a)
	return err1 == nil && err2 == nil && x == y
}

func articleJSON(a kb.Article) (string, error) {
	b, err := json.Marshal(a.Normalized())
	return string(b), err
}

// Article returns one article, draft or published.
func (s *Store) Article(ctx context.Context, id string) (kb.Article, error) {
	var data string
	err := s.QueryRow(ctx, `SELECT data FROM articles WHERE id = ?`, id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return kb.Article{}, kb.ErrNotFound
	}
	if err != nil {
		return kb.Article{}, fmt.Errorf("read article %s: %w", id, err)
	}
	return decodeArticle(data)
}

// ListArticles returns the articles that match the filter, ordered by title.
func (s *Store) ListArticles(ctx context.Context, f ArticleFilter) ([]kb.Article, error) {
	var where []string
	var args []any
	if f.Theme != "" {
		where, args = append(where, "theme = ?"), append(args, f.Theme)
	}
	if f.Type != "" {
		where, args = append(where, "type = ?"), append(args, f.Type)
	}
	if f.PublishedOnly {
		where, args = append(where, "state = ?"), append(args, kb.StatePublished)
	}
	q := `SELECT data FROM articles`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.Query(ctx, q+" ORDER BY title, id", args...)
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	defer rows.Close()
	var list []kb.Article
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		a, err := decodeArticle(data)
		if err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}

// DeleteArticle removes an article; its version history stays for the audit trail.
func (s *Store) DeleteArticle(ctx context.Context, id string) error {
	err := s.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM articles WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errors.Join(err, kb.ErrNotFound)
		}
		return s.notifyInTx(ctx, tx, id)
	})
	if err == nil {
		s.announce(id)
	}
	return err
}

// Theme is a theme with its number of published articles.
type Theme struct {
	Name  string
	Count int
}

// Themes lists the themes of published articles, alphabetically.
func (s *Store) Themes(ctx context.Context) ([]Theme, error) {
	rows, err := s.Query(ctx, `SELECT theme, COUNT(*) FROM articles WHERE state = ? GROUP BY theme ORDER BY theme`,
		kb.StatePublished)
	if err != nil {
		return nil, fmt.Errorf("list themes: %w", err)
	}
	defer rows.Close()
	var themes []Theme
	for rows.Next() {
		var t Theme
		if err := rows.Scan(&t.Name, &t.Count); err != nil {
			return nil, err
		}
		themes = append(themes, t)
	}
	return themes, rows.Err()
}

func decodeArticle(data string) (kb.Article, error) {
	var a kb.Article
	if err := json.Unmarshal([]byte(data), &a); err != nil {
		return a, fmt.Errorf("decode stored article: %w", err)
	}
	return a, nil
}

// OnArticleChanged registers fn to run after a committed change to an article in this process, or through
// another instance once the app passes its notification on (ArticleChangedElsewhere); an empty id means
// that any article may have changed.
func (s *Store) OnArticleChanged(fn func(id string)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listeners = append(s.listeners, fn)
}

// ArticleChangedElsewhere runs this process's article-change hooks for a change committed through another
// instance; an empty id tells them that any article may have changed (after a lost notification).
func (s *Store) ArticleChangedElsewhere(id string) { s.announce(id) }

func (s *Store) announce(ids ...string) {
	s.mu.Lock()
	listeners := append([]func(string){}, s.listeners...)
	s.mu.Unlock()
	for _, id := range ids {
		for _, fn := range listeners {
			fn(id)
		}
	}
}

// notifyInTx tells other instances on the same PostgreSQL about a change; delivered on commit. This
// instance has already updated its own index (announce), so it skips its own notification.
func (s *Store) notifyInTx(ctx context.Context, tx *Tx, id string) error {
	return s.notifyFrom(ctx, tx, ArticleChannel, id)
}
