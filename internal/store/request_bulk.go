package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"loket/internal/request"
)

// BulkRequest is one request for BulkInsertRequests: with its reference number and the hash of its
// status link's token already chosen.
type BulkRequest struct {
	Request   request.Request
	TokenHash string
}

// bulkRequestBatch rows go in one INSERT: 24 values a row stays below both databases' limits.
const bulkRequestBatch = 1000

// BulkInsertRequests stores many requests at once, with their term facts, in one transaction of
// multi-row INSERTs (and their share of the figures' counts): for an import of requests from another system and for the benchmarks at volume.
// It writes no timeline, files or mails, as those belong to the submission a resident makes.
func (s *Store) BulkInsertRequests(ctx context.Context, list []BulkRequest) error {
	now := s.now()
	cols := append([]string{"reference", "token_hash", "product_id", "procedure_id", "team", "status", "assignee", "deadline",
		"urgent", "received_at", "updated_at", "data"}, termFactColumns...)
	row := "(?" + strings.Repeat(", ?", len(cols)-1) + ")"
	return s.InTx(ctx, func(tx *Tx) error {
		for len(list) > 0 {
			batch := list[:min(len(list), bulkRequestBatch)]
			list = list[len(batch):]
			args := make([]any, 0, len(batch)*len(cols))
			counts := map[[4]string]*figureCount{}
			for _, b := range batch {
				r := b.Request
				data, err := json.Marshal(r)
				if err != nil {
					return err
				}
				tf, facts, err := termFactValues(r, now)
				if err != nil {
					return err
				}
				c := newFigureCount(r, r.Team, tf)
				if sum, ok := counts[[4]string{c.month, c.procedure, c.product, c.team}]; ok {
					sum.sum(c)
				} else {
					counts[[4]string{c.month, c.procedure, c.product, c.team}] = &c
				}
				args = append(args, r.Reference, b.TokenHash, r.Product, r.Procedure.ID, r.Team, string(r.Status), r.Assignee,
					r.Deadline.Format(time.DateOnly), r.Urgent, r.ReceivedAt.UTC(), r.UpdatedAt.UTC(), string(data))
				args = append(args, facts...)
			}
			q := `INSERT INTO requests (` + strings.Join(cols, ", ") + `) VALUES ` + row + strings.Repeat(", "+row, len(batch)-1)
			if _, err := tx.Exec(ctx, q, args...); err != nil {
				return fmt.Errorf("bulk insert requests: %w", err)
			}
			for _, c := range counts {
				if err := addFigureCount(ctx, tx, *c, 1); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
