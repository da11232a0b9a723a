package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"loket/internal/request"
)

// RequestFile is an uploaded file of a request or draft.
type RequestFile = request.File

const requestFileColumns = `id, COALESCE(request_id, 0), COALESCE(draft_hash, ''), field, name, content_type, size, from_staff, created_at`

// AddRequestFile records a file already written to disk.
func (s *Store) AddRequestFile(ctx context.Context, f RequestFile) error {
	var reqID, draft any
	if f.RequestID != 0 {
		reqID = f.RequestID
	}
	if f.DraftHash != "" {
		draft = f.DraftHash
	}
	_, err := s.Exec(ctx, `INSERT INTO request_files (id, request_id, draft_hash, field, name, content_type, size, from_staff, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.ID, reqID, draft, f.Field, f.Name, f.ContentType, f.Size, f.FromStaff, s.now())
	if err != nil {
		return fmt.Errorf("record file: %w", err)
	}
	return nil
}

// RequestFile returns one file's record.
func (s *Store) RequestFile(ctx context.Context, id string) (RequestFile, error) {
	return scanRequestFile(s.QueryRow(ctx, `SELECT `+requestFileColumns+` FROM request_files WHERE id = ?`, id))
}

// RequestFiles lists the files of a request, oldest first.
func (s *Store) RequestFiles(ctx context.Context, requestID int64) ([]RequestFile, error) {
	return s.requestFiles(ctx, `request_id = ?`, requestID)
}

// DraftFiles lists the files uploaded to a draft.
func (s *Store) DraftFiles(ctx context.Context, draftHash string) ([]RequestFile, error) {
	return s.requestFiles(ctx, `draft_hash = ?`, draftHash)
}

func (s *Store) requestFiles(ctx context.Context, where string, arg any) ([]RequestFile, error) {
	rows, err := s.Query(ctx, `SELECT `+requestFileColumns+` FROM request_files WHERE `+where+` ORDER BY created_at, id`, arg)
	if err != nil {
		return nil, fmt.Errorf("list files: %w", err)
	}
	return scanAll(rows, scanRequestFile)
}

func scanRequestFile(row scanner) (RequestFile, error) {
	var f RequestFile
	err := row.Scan(&f.ID, &f.RequestID, &f.DraftHash, &f.Field, &f.Name, &f.ContentType, &f.Size, &f.FromStaff, &f.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return f, ErrNotFound
	}
	return f, err
}
