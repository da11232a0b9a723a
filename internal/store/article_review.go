package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// ArticleSummary is the part of an article that lists in the console show, read without decoding the body.
type ArticleSummary struct {
	ID, Type, Theme, Title, State, Owner, ReviewBy string
	Version                                        int
	UpdatedAt                                      time.Time
}

// EditorFilter selects articles for the console; empty fields match everything.
type EditorFilter struct {
	Theme, State, Owner string
	Text                string // part of the title or the id, case-insensitive
	ReviewBefore        string // YYYY-MM-DD: only articles whose review date lies before it (or is missing)
	Limit               int
	Offset              int // the articles to skip: a later page of the list
}

// EditorArticles lists article summaries for the console, by title; with ReviewBefore, by review date.
func (s *Store) EditorArticles(ctx context.Context, f EditorFilter) ([]ArticleSummary, error) {
	where, args := editorWhere(f)
	order := " ORDER BY title, id"
	if f.ReviewBefore != "" {
		order = " ORDER BY review_by, title, id"
	}
	if f.Limit <= 0 || f.Limit > 5000 {
		f.Limit = 5000
	}
	page := fmt.Sprintf(" LIMIT %d", f.Limit)
	if f.Offset > 0 {
		page += fmt.Sprintf(" OFFSET %d", f.Offset)
	}
	rows, err := s.Query(ctx, `SELECT id, type, theme, title, state, owner, review_by, version, updated_at FROM articles`+
		where+order+page, args...)
	if err != nil {
		return nil, fmt.Errorf("list articles for editors: %w", err)
	}
	defer rows.Close()
	var list []ArticleSummary
	for rows.Next() {
		var a ArticleSummary
		if err := rows.Scan(&a.ID, &a.Type, &a.Theme, &a.Title, &a.State, &a.Owner, &a.ReviewBy, &a.Version, &a.UpdatedAt); err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}

// CountEditorArticles counts the articles the filter selects, whatever its page.
func (s *Store) CountEditorArticles(ctx context.Context, f EditorFilter) (int, error) {
	where, args := editorWhere(f)
	var n int
	if err := s.QueryRow(ctx, `SELECT COUNT(*) FROM articles`+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count articles for editors: %w", err)
	}
	return n, nil
}

// editorWhere is the WHERE clause (with its leading space, or "") of an editor filter.
func editorWhere(f EditorFilter) (string, []any) {
	var where []string
	var args []any
	add := func(cond string, v ...any) { where, args = append(where, cond), append(args, v...) }
	if f.Theme != "" {
		add("theme = ?", f.Theme)
	}
	if f.State != "" {
		add("state = ?", f.State)
	}
	if f.Owner != "" {
		add("owner = ?", f.Owner)
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		like := "%" + escapeLike(strings.ToLower(t)) + "%"
		add(`(LOWER(title) LIKE ? ESCAPE '\' OR id LIKE ? ESCAPE '\')`, like, like)
	}
	if f.ReviewBefore != "" {
		add("review_by < ?", f.ReviewBefore)
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// TeamReview counts one owner team's articles by review state.
type TeamReview struct {
	Team             string
	Overdue, DueSoon int // review date before today (or missing); within the coming 30 days
	Total            int
}

// ReviewCounts returns per owner team how many articles are overdue and due soon, most overdue first.
// today and soon are dates as YYYY-MM-DD.
func (s *Store) ReviewCounts(ctx context.Context, today, soon string) ([]TeamReview, error) {
	rows, err := s.Query(ctx, `SELECT owner,
		SUM(CASE WHEN review_by < ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN review_by >= ? AND review_by <= ? THEN 1 ELSE 0 END),
		COUNT(*)
		FROM articles GROUP BY owner ORDER BY 2 DESC, 3 DESC, owner`, today, today, soon)
	if err != nil {
		return nil, fmt.Errorf("count reviews per team: %w", err)
	}
	defer rows.Close()
	var list []TeamReview
	for rows.Next() {
		var t TeamReview
		if err := rows.Scan(&t.Team, &t.Overdue, &t.DueSoon, &t.Total); err != nil {
			return nil, err
		}
		list = append(list, t)
	}
	return list, rows.Err()
}

// Teams lists the owner teams that have articles, alphabetically.
func (s *Store) Teams(ctx context.Context) ([]string, error) {
	return s.distinct(ctx, "owner")
}

// ArticleThemes lists the themes of all articles, draft or published, alphabetically.
func (s *Store) ArticleThemes(ctx context.Context) ([]string, error) {
	return s.distinct(ctx, "theme")
}

// distinct lists the non-empty values of a column of articles; column is one of our own names, never input.
func (s *Store) distinct(ctx context.Context, column string) ([]string, error) {
	rows, err := s.Query(ctx, `SELECT DISTINCT `+column+` FROM articles WHERE `+column+` <> '' ORDER BY `+column)
	if err != nil {
		return nil, fmt.Errorf("list %s values: %w", column, err)
	}
	defer rows.Close()
	var list []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	return list, rows.Err()
}
