package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"loket/internal/kb"
)

// NationalChannel carries "the national article of this UPL product changed" between the instances of a
// deployment (the payload is the UPL name).
const NationalChannel = "loket_national"

// NationalArticle returns the national article of a UPL product; kb.ErrNotFound when there is none.
func (s *Store) NationalArticle(ctx context.Context, upl string) (kb.NationalArticle, error) {
	return scanNational(s.QueryRow(ctx, `SELECT version, data, updated_at FROM national_articles WHERE upl = ?`, upl))
}

// NationalArticleVersion returns a national article as it was at one version; kb.ErrNotFound when that
// version does not exist.
func (s *Store) NationalArticleVersion(ctx context.Context, upl string, version int) (kb.NationalArticle, error) {
	return scanNational(s.QueryRow(ctx, `SELECT version, data, created_at FROM national_article_versions
		WHERE upl = ? AND version = ?`, upl, version))
}

// NationalArticles lists every national article, by UPL name.
func (s *Store) NationalArticles(ctx context.Context) ([]kb.NationalArticle, error) {
	rows, err := s.Query(ctx, `SELECT version, data, updated_at FROM national_articles ORDER BY upl`)
	if err != nil {
		return nil, fmt.Errorf("list national articles: %w", err)
	}
	return scanAll(rows, scanNational)
}

// NationalVersions returns the current version of every national article, by UPL name.
func (s *Store) NationalVersions(ctx context.Context) (map[string]int, error) {
	rows, err := s.Query(ctx, `SELECT upl, version FROM national_articles`)
	if err != nil {
		return nil, fmt.Errorf("national versions: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var upl string
		var v int
		if err := rows.Scan(&upl, &v); err != nil {
			return nil, err
		}
		out[upl] = v
	}
	return out, rows.Err()
}

// NationalVersionsOf lists every version of a national article, newest first.
func (s *Store) NationalVersionsOf(ctx context.Context, upl string) ([]kb.NationalVersion, error) {
	rows, err := s.Query(ctx, `SELECT upl, version, author, created_at, data FROM national_article_versions
		WHERE upl = ? ORDER BY version DESC`, upl)
	if err != nil {
		return nil, fmt.Errorf("national versions of %s: %w", upl, err)
	}
	return scanAll(rows, func(r scanner) (kb.NationalVersion, error) {
		var v kb.NationalVersion
		var data string
		if err := r.Scan(&v.UPL, &v.Version, &v.Author, &v.CreatedAt, &data); err != nil {
			return v, err
		}
		a, err := decodeArticle(data)
		v.Article = a
		return v, err
	})
}

// SaveNationalArticle stores a national article, keyed by its UPL name, as a new version when its text
// changed, and announces the change to the other instances; it reports the stored article and whether
// it changed.
func (s *Store) SaveNationalArticle(ctx context.Context, a kb.Article, author string, base int) (kb.NationalArticle, bool, error) {
	a.UpdatedAt = s.now()
	data, err := articleJSON(a)
	if err != nil {
		return kb.NationalArticle{}, false, err
	}
	out := kb.NationalArticle{Article: a, UpdatedAt: a.UpdatedAt}
	changed := false
	err = s.InTx(ctx, func(tx *Tx) error {
		var old string
		var version int
		q := `SELECT data, version FROM national_articles WHERE upl = ?`
		if s.dialect == Postgres {
			q += ` FOR UPDATE` // a save on another instance waits, then sees this one's version
		}
		err := tx.QueryRow(ctx, q, a.UPL).Scan(&old, &version)
		switch {
		case errors.Is(err, sql.ErrNoRows) && base > 0:
			return kb.ErrNotFound
		case err == nil && base != kb.AnyVersion && version != base:
			return &kb.ConflictError{Current: version}
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.Exec(ctx, `INSERT INTO national_articles (upl, version, data, updated_at) VALUES (?, 1, ?, ?)`,
				a.UPL, data, a.UpdatedAt)
		case err != nil:
			return err
		case sameContent(old, a):
			out.Version, changed = version, false
			return nil
		default:
			_, err = tx.Exec(ctx, `UPDATE national_articles SET version = ?, data = ?, updated_at = ? WHERE upl = ?`,
				version+1, data, a.UpdatedAt, a.UPL)
		}
		if err != nil {
			return err
		}
		out.Version, changed = version+1, true
		if _, err := tx.Exec(ctx, `INSERT INTO national_article_versions (upl, version, data, author, created_at)
			VALUES (?, ?, ?, ?, ?)`, a.UPL, out.Version, data, author, a.UpdatedAt); err != nil {
			return err
		}
		return s.notifyFrom(ctx, tx, NationalChannel, a.UPL)
	})
	if err != nil {
		return kb.NationalArticle{}, false, fmt.Errorf("save national article %s: %w", a.UPL, err)
	}
	return out, changed, nil
}

func scanNational(row scanner) (kb.NationalArticle, error) {
	var n kb.NationalArticle
	var data string
	err := row.Scan(&n.Version, &data, &n.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return n, kb.ErrNotFound
	}
	if err != nil {
		return n, fmt.Errorf("read national article: %w", err)
	}
	n.Article, err = decodeArticle(data)
	return n, err
}

// The host's store keeps the national articles.
var _ kb.NationalStore = (*Store)(nil)
