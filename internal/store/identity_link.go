package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"loket/internal/identity"
	"loket/internal/request"
)

// RequestLinkOf returns a request's link.
func (s *Store) RequestLinkOf(ctx context.Context, requestID int64) (identity.RequestLink, error) {
	l := identity.RequestLink{RequestID: requestID}
	var means string
	err := s.QueryRow(ctx, `SELECT owner_hash, means, level, kvk, sealed, created_at FROM identity_request_links WHERE request_id = ?`,
		requestID).Scan(&l.OwnerHash, &means, &l.Level, &l.KvK, &l.Sealed, &l.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return l, errProblemNotFound
	}
	if err != nil {
		return l, fmt.Errorf("read request link: %w", err)
	}
	l.Means = identity.Means(means)
	return l, nil
}

// OwnedRequests lists every request linked to an owner hash, newest first.
func (s *Store) OwnedRequests(ctx context.Context, ownerHash string) ([]identity.OwnedRequest, error) {
	rows, err := s.Query(ctx, `SELECT r.id, r.data, l.sealed FROM identity_request_links l
		JOIN requests r ON r.id = l.request_id WHERE l.owner_hash = ? ORDER BY r.received_at DESC, r.id DESC`, ownerHash)
	if err != nil {
		return nil, fmt.Errorf("list owned requests: %w", err)
	}
	defer rows.Close()
	var list []identity.OwnedRequest
	for rows.Next() {
		var id int64
		var data, sealed string
		if err := rows.Scan(&id, &data, &sealed); err != nil {
			return nil, err
		}
		var req request.Request
		err := json.Unmarshal([]byte(data), &req)
		if err != nil {
			return nil, fmt.Errorf("decode request: %w", err)
		}
		req.ID = id
		list = append(list, identity.OwnedRequest{Request: req, Sealed: sealed})
	}
	return list, rows.Err()
}

// RecordBSNReveal writes a staff member's reveal of a BSN, with the reason, to the audit log.
func (s *Store) RecordBSNReveal(ctx context.Context, actor string, requestID int64, reference, reason string, at time.Time) error {
	return s.Audit(ctx, AuditEntry{At: at, Actor: actor, Action: "reveal_bsn", ObjectType: "request", ObjectID: reference, Detail: reason})
}

// linkConversationTx ties a question to whose it is inside a transaction: the intake's or the chat's
// start, so a question asked while logged in is never stored without its link.
func linkConversationTx(ctx context.Context, tx *Tx, conversationID int64, ownerHash string, at time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO identity_conversation_links (conversation_id, owner_hash, created_at) VALUES (?, ?, ?)
		ON CONFLICT (conversation_id) DO NOTHING`, conversationID, ownerHash, at.UTC())
	if err != nil {
		return fmt.Errorf("link conversation to person: %w", err)
	}
	return nil
}

// LinkAppointment ties an appointment to whose it is; sealed holds its change link's token.
func (s *Store) LinkAppointment(ctx context.Context, appointmentID int64, ownerHash, sealed string, at time.Time) error {
	_, err := s.Exec(ctx, `INSERT INTO identity_appointment_links (appointment_id, owner_hash, sealed, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (appointment_id) DO NOTHING`, appointmentID, ownerHash, sealed, at.UTC())
	if err != nil {
		return fmt.Errorf("link appointment to person: %w", err)
	}
	return nil
}

// OwnedAppointments lists every appointment id and sealed tokens linked to an owner hash, newest first.
func (s *Store) OwnedAppointments(ctx context.Context, ownerHash string) ([]identity.OwnedAppointment, error) {
	rows, err := s.Query(ctx, `SELECT appointment_id, sealed FROM identity_appointment_links WHERE owner_hash = ?
		ORDER BY appointment_id DESC`, ownerHash)
	if err != nil {
		return nil, fmt.Errorf("list owned appointments: %w", err)
	}
	return scanAll(rows, func(r scanner) (identity.OwnedAppointment, error) {
		var a identity.OwnedAppointment
		return a, r.Scan(&a.ID, &a.Sealed)
	})
}
