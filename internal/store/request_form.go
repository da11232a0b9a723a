package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"loket/internal/request"
)

// SaveRequestForm stores the form of a product, replacing the previous version.
func (s *Store) SaveRequestForm(ctx context.Context, f request.Form, author string) error {
	data, err := json.Marshal(f)
	if err != nil {
		return err
	}
	_, err = s.Exec(ctx, `INSERT INTO request_forms (product_id, version, data, updated_by, updated_at) VALUES (?, 1, ?, ?, ?)
		ON CONFLICT (product_id) DO UPDATE SET version = request_forms.version + 1, data = excluded.data,
		updated_by = excluded.updated_by, updated_at = excluded.updated_at`, f.Product, string(data), author, s.now())
	if err != nil {
		return fmt.Errorf("save form %s: %w", f.Product, err)
	}
	return s.catalogChanged(ctx)
}

// RequestForm returns the form of a product, or ErrNotFound when the product has none.
func (s *Store) RequestForm(ctx context.Context, product string) (request.Form, error) {
	var data string
	err := s.QueryRow(ctx, `SELECT data FROM request_forms WHERE product_id = ?`, product).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return request.Form{}, ErrNotFound
	}
	if err != nil {
		return request.Form{}, fmt.Errorf("read form %s: %w", product, err)
	}
	var f request.Form
	if err := json.Unmarshal([]byte(data), &f); err != nil {
		return f, fmt.Errorf("decode form %s: %w", product, err)
	}
	return f, nil
}

// FormInfo describes a stored form for the editor's list.
type FormInfo struct {
	Product   string
	Title     string
	Version   int
	UpdatedBy string
}

// RequestForms lists every stored form by product.
func (s *Store) RequestForms(ctx context.Context) ([]FormInfo, error) {
	rows, err := s.Query(ctx, `SELECT product_id, data, version, updated_by FROM request_forms ORDER BY product_id`)
	if err != nil {
		return nil, fmt.Errorf("list forms: %w", err)
	}
	defer rows.Close()
	var list []FormInfo
	for rows.Next() {
		var fi FormInfo
		var data string
		if err := rows.Scan(&fi.Product, &data, &fi.Version, &fi.UpdatedBy); err != nil {
			return nil, err
		}
		var f request.Form
		if err := json.Unmarshal([]byte(data), &f); err != nil {
			return nil, fmt.Errorf("decode form %s: %w", fi.Product, err)
		}
		fi.Title = f.Title
		list = append(list, fi)
	}
	return list, rows.Err()
}
