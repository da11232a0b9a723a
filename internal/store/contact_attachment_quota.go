package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// AttachmentBytesFrom sums the attachment bytes stored from messages of one e-mail address since a time,
// for the per-sender quota of the e-mail intake.
func (s *Store) AttachmentBytesFrom(ctx context.Context, address string, since time.Time) (int64, error) {
	var n int64
	err := s.QueryRow(ctx, `SELECT COALESCE(SUM(a.size), 0) FROM contact_digital_addresses d
		JOIN contact_conversations c ON c.party_id = d.party_id
		JOIN contact_messages m ON m.conversation_id = c.id
		JOIN contact_attachments a ON a.message_id = m.id
		WHERE d.kind = 'email' AND d.address = ? AND m.kind = 'in' AND m.created_at >= ?`,
		strings.ToLower(strings.TrimSpace(address)), since.UTC()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("attachment bytes: %w", err)
	}
	return n, nil
}
