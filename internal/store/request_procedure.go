package store

import (
	"context"
	"encoding/json"
	"fmt"

	"loket/internal/request"
)

// RequestProcedures lists the municipality's own (by-law) procedures by id.
func (s *Store) RequestProcedures(ctx context.Context) ([]request.Procedure, error) {
	rows, err := s.Query(ctx, `SELECT data FROM request_procedures ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("request procedures: %w", err)
	}
	defer rows.Close()
	var list []request.Procedure
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		var p request.Procedure
		if err := json.Unmarshal([]byte(data), &p); err != nil {
			return nil, fmt.Errorf("decode procedure: %w", err)
		}
		list = append(list, p)
	}
	return list, rows.Err()
}

// SaveRequestProcedure creates or replaces a by-law procedure.
func (s *Store) SaveRequestProcedure(ctx context.Context, p request.Procedure) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	_, err = s.Exec(ctx, `INSERT INTO request_procedures (id, data, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`, p.ID, string(data), s.now())
	if err != nil {
		return fmt.Errorf("save procedure %s: %w", p.ID, err)
	}
	return nil
}
