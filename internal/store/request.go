package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"loket/internal/calendar"
	"loket/internal/payment"
	"loket/internal/request"
)

// Submission is everything committed together when a requester sends a request.
type Submission = request.Submission

// SubmitRequest commits a request in one transaction: a new reference number, the request, its first
// timeline entry, the draft's files, the removal of the draft and the confirmation mail. Only after it
// returns nil may the requester be told the request was received.
func (s *Store) SubmitRequest(ctx context.Context, sub Submission) error {
	r := sub.Request
	return s.InTx(ctx, func(tx *Tx) error {
		year := r.ReceivedAt.In(calendar.Amsterdam).Year()
		var n int64
		err := tx.QueryRow(ctx, `INSERT INTO request_numbers (year, last) VALUES (?, 1)
			ON CONFLICT (year) DO UPDATE SET last = request_numbers.last + 1 RETURNING last`, year).Scan(&n)
		if err != nil {
			return fmt.Errorf("next reference number: %w", err)
		}
		r.Reference = request.FormatReference(sub.ReferencePrefix, year, n)
		data, err := json.Marshal(r)
		if err != nil {
			return err
		}
		tf, facts, err := termFactValues(*r, s.now())
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `INSERT INTO requests (reference, token_hash, product_id, procedure_id, team, status, assignee, deadline, urgent,
			received_at, updated_at, data, `+strings.Join(termFactColumns, ", ")+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?`+
			strings.Repeat(", ?", len(termFactColumns))+`) RETURNING id`,
			append([]any{r.Reference, sub.TokenHash, r.Product, r.Procedure.ID, r.Team, string(r.Status), r.Assignee, r.Deadline.Format(time.DateOnly),
				r.Urgent, r.ReceivedAt.UTC(), r.UpdatedAt.UTC(), string(data)}, facts...)...).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("insert request: %w", err)
		}
		if err := addFigureCount(ctx, tx, newFigureCount(*r, r.Team, tf), 1); err != nil {
			return err
		}
		first := request.Event{At: r.ReceivedAt, Actor: request.ActorRequester, Kind: request.EventStatus,
			Status: request.StatusReceived, Public: true, Text: "Uw " + strings.ToLower(r.Kind) + " is ontvangen."}
		if err := insertEvent(ctx, tx, r.ID, first); err != nil {
			return err
		}
		if sub.DraftHash != "" {
			if err := attachDraftFiles(ctx, tx, r, sub.DraftHash); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM request_drafts WHERE token_hash = ?`, sub.DraftHash); err != nil {
				return fmt.Errorf("remove draft: %w", err)
			}
		}
		if sub.Owner != nil {
			o := sub.Owner
			if _, err := tx.Exec(ctx, `INSERT INTO identity_request_links (request_id, owner_hash, means, level, kvk, sealed, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, r.ID, o.OwnerHash, o.Means, o.Level, o.KvK, o.Sealed, o.At.UTC()); err != nil {
				return fmt.Errorf("link request to person: %w", err)
			}
		}
		if sub.PaymentID != 0 {
			if err := s.finishPaymentInTx(ctx, tx, sub.PaymentID, r.Reference); err != nil {
				return err
			}
		}
		if sub.Confirm != nil {
			return enqueueRequestMail(ctx, tx, sub.Confirm(*r))
		}
		return nil
	})
}

// finishPaymentInTx moves a claimed payment to submitted with the request's reference; a payment that is
// no longer submitting (another call sent its request) fails the submission with payment.ErrClaimLost.
func (s *Store) finishPaymentInTx(ctx context.Context, tx *Tx, id int64, reference string) error {
	res, err := tx.Exec(ctx, `UPDATE payments SET state = ?, request_ref = ?, claimed_at = NULL, updated_at = ? WHERE id = ? AND state = ?`,
		payment.StateSubmitted, reference, s.now(), id, payment.StateSubmitting)
	if err != nil {
		return fmt.Errorf("finish payment submission: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errors.Join(err, fmt.Errorf("payment %d: %w", id, payment.ErrClaimLost))
	}
	return nil
}

// attachDraftFiles moves the files named in the answers from the draft to the request.
func attachDraftFiles(ctx context.Context, tx *Tx, r *request.Request, draftHash string) error {
	for _, a := range r.Answers {
		if a.Type != request.TypeFile {
			continue
		}
		res, err := tx.Exec(ctx, `UPDATE request_files SET request_id = ?, draft_hash = NULL WHERE id = ? AND draft_hash = ?`,
			r.ID, a.Value, draftHash)
		if err != nil {
			return fmt.Errorf("attach file: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errors.Join(err, fmt.Errorf("attach file %s: %w", a.Name, ErrNotFound))
		}
	}
	return nil
}

func insertEvent(ctx context.Context, tx *Tx, requestID int64, e request.Event) error {
	_, err := tx.Exec(ctx, `INSERT INTO request_events (request_id, at, actor, kind, status, text, public) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		requestID, e.At.UTC(), e.Actor, e.Kind, string(e.Status), e.Text, e.Public)
	if err != nil {
		return fmt.Errorf("insert request event: %w", err)
	}
	return nil
}

// errRequestNotFound matches both ErrNotFound and request.ErrNotFound, so the service and the web
// layer each test for their own.
var errRequestNotFound = fmt.Errorf("%w (%w)", ErrNotFound, request.ErrNotFound)

// Request returns a request by reference number.
func (s *Store) Request(ctx context.Context, reference string) (request.Request, error) {
	return scanRequest(s.QueryRow(ctx, `SELECT id, data FROM requests WHERE reference = ?`, reference))
}

// RequestByToken returns the request behind a status link, by the hash of its token.
func (s *Store) RequestByToken(ctx context.Context, tokenHash string) (request.Request, error) {
	return scanRequest(s.QueryRow(ctx, `SELECT id, data FROM requests WHERE token_hash = ?`, tokenHash))
}

func scanRequest(row scanner) (request.Request, error) {
	var r request.Request
	var id int64
	var data string
	err := row.Scan(&id, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return r, errRequestNotFound
	}
	if err != nil {
		return r, fmt.Errorf("read request: %w", err)
	}
	if err := json.Unmarshal([]byte(data), &r); err != nil {
		return r, fmt.Errorf("decode request: %w", err)
	}
	r.ID = id
	return r, nil
}

// QueueFilter selects open requests for the case handlers' queue.
type QueueFilter = request.QueueFilter

// RequestQueue lists the requests without a decision in full, by id (the sweep goes through them in
// batches with AfterID); the case handlers' queue is paged by RequestQueueKeys and RequestQueueMoving.
func (s *Store) RequestQueue(ctx context.Context, f QueueFilter) ([]request.Request, error) {
	where, args := []string{"status <> ?"}, []any{string(request.StatusDecided)}
	if f.Team != "" {
		where, args = append(where, "team = ?"), append(args, f.Team)
	}
	if f.Assignee != "" {
		where, args = append(where, "assignee = ?"), append(args, f.Assignee)
	}
	if f.AfterID > 0 {
		where, args = append(where, "id > ?"), append(args, f.AfterID)
	}
	q := `SELECT id, data FROM requests WHERE ` + strings.Join(where, " AND ") + ` ORDER BY id`
	if f.Limit > 0 {
		q, args = q+` LIMIT ?`, append(args, f.Limit)
	}
	rows, err := s.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("request queue: %w", err)
	}
	return scanAll(rows, scanRequest)
}

// RequestTeams lists the teams that have open requests.
func (s *Store) RequestTeams(ctx context.Context) ([]string, error) {
	rows, err := s.Query(ctx, `SELECT DISTINCT team FROM requests WHERE status <> ? ORDER BY team`, string(request.StatusDecided))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var teams []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		teams = append(teams, t)
	}
	return teams, rows.Err()
}

// Change is what an action on a request produced.
type Change = request.Change

// UpdateRequest changes a request in one transaction: fn gets the current request (locked against
// concurrent changes), changes it and says what happened; the request, the timeline entry, a file and
// a mail are stored together, or nothing is when fn fails.
func (s *Store) UpdateRequest(ctx context.Context, reference string, fn func(r *request.Request) (Change, error)) (request.Request, error) {
	var r request.Request
	err := s.InTx(ctx, func(tx *Tx) error {
		q := `SELECT id, data FROM requests WHERE reference = ?`
		if s.dialect == Postgres {
			q += ` FOR UPDATE`
		}
		var err error
		if r, err = scanRequest(tx.QueryRow(ctx, q, reference)); err != nil {
			return err
		}
		c, err := fn(&r)
		if err != nil {
			return err
		}
		r.UpdatedAt = s.now()
		data, err := json.Marshal(r)
		if err != nil {
			return err
		}
		tf, facts, err := termFactValues(r, r.UpdatedAt)
		if err != nil {
			return err
		}
		if err := s.moveFigureCount(ctx, tx, r, tf); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE requests SET status = ?, assignee = ?, deadline = ?, urgent = ?, updated_at = ?, data = ?, `+
			termFactsAssignments()+` WHERE id = ?`, append(append([]any{string(r.Status), r.Assignee, r.Deadline.Format(time.DateOnly), r.Urgent,
			r.UpdatedAt, string(data)}, facts...), r.ID)...)
		if err != nil {
			return fmt.Errorf("update request: %w", err)
		}
		if c.File != nil {
			c.File.RequestID = r.ID
			if _, err := tx.Exec(ctx, `INSERT INTO request_files (id, request_id, field, name, content_type, size, from_staff, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.File.ID, r.ID, c.File.Field, c.File.Name, c.File.ContentType, c.File.Size,
				c.File.FromStaff, s.now()); err != nil {
				return fmt.Errorf("record file: %w", err)
			}
		}
		for _, e := range c.Events {
			if err := insertEvent(ctx, tx, r.ID, e); err != nil {
				return err
			}
		}
		if c.Mail != nil {
			c.Mails = append([]request.Mail{*c.Mail}, c.Mails...)
		}
		for _, m := range c.Mails {
			if err := enqueueRequestMail(ctx, tx, m); err != nil {
				return err
			}
		}
		return nil
	})
	return r, err
}

// RequestEvents lists the timeline of a request, oldest first; publicOnly leaves out internal notes.
func (s *Store) RequestEvents(ctx context.Context, requestID int64, publicOnly bool) ([]request.Event, error) {
	q := `SELECT id, at, actor, kind, status, text, public FROM request_events WHERE request_id = ?`
	if publicOnly {
		q += ` AND public = TRUE`
	}
	rows, err := s.Query(ctx, q+` ORDER BY id`, requestID)
	if err != nil {
		return nil, fmt.Errorf("request events: %w", err)
	}
	defer rows.Close()
	var list []request.Event
	for rows.Next() {
		var e request.Event
		var status string
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Kind, &status, &e.Text, &e.Public); err != nil {
			return nil, err
		}
		e.Status = request.Status(status)
		list = append(list, e)
	}
	return list, rows.Err()
}
