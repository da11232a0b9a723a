package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"loket/internal/contact"
	"loket/internal/identity"
	"loket/internal/request"
)

// SaveAddressCode stores a confirmation code for an owner's address: a new row, or a new code (and no
// wrong attempts) on the row that exists.
func (s *Store) SaveAddressCode(ctx context.Context, a identity.Address) (int64, error) {
	var id int64
	err := s.QueryRow(ctx, `INSERT INTO identity_addresses (owner_hash, kind, address, code_hash, code_expires, attempts, created_at)
		VALUES (?, ?, ?, ?, ?, 0, ?)
		ON CONFLICT (owner_hash, kind, address) DO UPDATE SET code_hash = excluded.code_hash, code_expires = excluded.code_expires, attempts = 0
		RETURNING id`, a.OwnerHash, a.Kind, a.Address, a.CodeHash, a.CodeExpires.UTC(), a.CreatedAt.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("save address code: %w", err)
	}
	return id, nil
}

// OwnedAddresses lists an owner's addresses, oldest first.
func (s *Store) OwnedAddresses(ctx context.Context, ownerHash string) ([]identity.Address, error) {
	rows, err := s.Query(ctx, `SELECT id, owner_hash, kind, address, code_hash, code_expires, attempts, created_at, confirmed_at, covers_from
		FROM identity_addresses WHERE owner_hash = ? ORDER BY id`, ownerHash)
	if err != nil {
		return nil, fmt.Errorf("list addresses: %w", err)
	}
	return scanAll(rows, scanAddress)
}

func scanAddress(r scanner) (identity.Address, error) {
	var a identity.Address
	var expires, confirmed, covers sql.NullTime
	err := r.Scan(&a.ID, &a.OwnerHash, &a.Kind, &a.Address, &a.CodeHash, &expires, &a.Attempts, &a.CreatedAt, &confirmed, &covers)
	a.CodeExpires, a.ConfirmedAt, a.CoversFrom = expires.Time, confirmed.Time, covers.Time
	return a, err
}

// PendingAddresses lists the unconfirmed rows of an address, of any owner, oldest first.
func (s *Store) PendingAddresses(ctx context.Context, kind, address string) ([]identity.Address, error) {
	rows, err := s.Query(ctx, `SELECT id, owner_hash, kind, address, code_hash, code_expires, attempts, created_at, confirmed_at, covers_from
		FROM identity_addresses WHERE kind = ? AND address = ? AND confirmed_at IS NULL ORDER BY id`, kind, address)
	if err != nil {
		return nil, fmt.Errorf("list pending addresses: %w", err)
	}
	return scanAll(rows, scanAddress)
}

// CountAddressAttempt counts a wrong code.
func (s *Store) CountAddressAttempt(ctx context.Context, id int64) error {
	if _, err := s.Exec(ctx, `UPDATE identity_addresses SET attempts = attempts + 1 WHERE id = ?`, id); err != nil {
		return fmt.Errorf("count address attempt: %w", err)
	}
	return nil
}

// ConfirmAddress marks an address confirmed; its code no longer works.
func (s *Store) ConfirmAddress(ctx context.Context, id int64, at, coversFrom time.Time) error {
	_, err := s.Exec(ctx, `UPDATE identity_addresses SET confirmed_at = ?, covers_from = ?, code_hash = '' WHERE id = ?`,
		at.UTC(), coversFrom.UTC(), id)
	if err != nil {
		return fmt.Errorf("confirm address: %w", err)
	}
	return nil
}

// RemoveAddress deletes one of an owner's addresses; another owner's id matches nothing.
func (s *Store) RemoveAddress(ctx context.Context, ownerHash string, id int64) error {
	if _, err := s.Exec(ctx, `DELETE FROM identity_addresses WHERE id = ? AND owner_hash = ?`, id, ownerHash); err != nil {
		return fmt.Errorf("remove address: %w", err)
	}
	return nil
}

// QueueAddressMail puts a confirmation code's mail in the outbox.
func (s *Store) QueueAddressMail(ctx context.Context, to, subject, body string) error {
	return s.QueueRequestMail(ctx, request.Mail{To: to, Subject: subject, Body: body})
}

// ownedQuestions selects the conversations of an owner: those linked to it, and those whose party has an
// address the owner confirmed and that started from that address's covers_from; merged ones left out.
const ownedQuestions = `SELECT id FROM contact_conversations WHERE merged_into IS NULL AND id IN (
			SELECT conversation_id FROM identity_conversation_links WHERE owner_hash = ?
			UNION
			SELECT c.id FROM identity_addresses a
			JOIN contact_digital_addresses d ON d.kind = a.kind AND d.address = a.address
			JOIN contact_conversations c ON c.party_id = d.party_id
			WHERE a.owner_hash = ? AND a.confirmed_at IS NOT NULL AND c.created_at >= a.covers_from)`

// OwnedQuestionIDs lists every conversation of an owner (see ownedQuestions), newest first.
func (s *Store) OwnedQuestionIDs(ctx context.Context, ownerHash string) ([]int64, error) {
	rows, err := s.Query(ctx, ownedQuestions+` ORDER BY id DESC`, ownerHash, ownerHash)
	if err != nil {
		return nil, fmt.Errorf("list owned questions: %w", err)
	}
	return scanAll(rows, func(r scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
}

// OwnsQuestion reports whether one conversation is the owner's, however many the owner has.
func (s *Store) OwnsQuestion(ctx context.Context, ownerHash string, conversationID int64) (bool, error) {
	var n int
	err := s.QueryRow(ctx, `SELECT COUNT(*) FROM (`+ownedQuestions+` AND id = ?) owned`, ownerHash, ownerHash, conversationID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check owned question: %w", err)
	}
	return n > 0, nil
}

// StaffLinkConversation links a conversation to an owner (replacing a link it had) and writes the audit
// entry, in one transaction; an unknown conversation wraps ErrNotFound.
func (s *Store) StaffLinkConversation(ctx context.Context, conversationID int64, ownerHash, actor, reference, reason string, at time.Time) error {
	return s.InTx(ctx, func(tx *Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `SELECT id FROM contact_conversations WHERE id = ?`, conversationID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return errProblemNotFound
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO identity_conversation_links (conversation_id, owner_hash, created_at, source) VALUES (?, ?, ?, 'staff')
			ON CONFLICT (conversation_id) DO UPDATE SET owner_hash = excluded.owner_hash, created_at = excluded.created_at, source = 'staff'`,
			conversationID, ownerHash, at.UTC()); err != nil {
			return fmt.Errorf("link conversation: %w", err)
		}
		_, err = tx.Exec(ctx, `INSERT INTO audit_log (at, actor, action, object_type, object_id, detail) VALUES (?, ?, ?, ?, ?, ?)`,
			at.UTC(), actor, "link_conversation_person", "conversation", reference, reason)
		if err != nil {
			return fmt.Errorf("audit conversation link: %w", err)
		}
		return nil
	})
}

// AddResidentMessage adds a resident's message from Mijn loket to a conversation and opens it again for
// the agents (its service-level clock resumes), in one transaction.
func (s *Store) AddResidentMessage(ctx context.Context, conversationID int64, author, text string, set contact.Settings) error {
	return s.InTx(ctx, func(tx *Tx) error {
		c, err := s.conversationTx(ctx, tx, conversationID)
		if err != nil {
			return err
		}
		at := s.now()
		if _, err := s.insertMessage(ctx, tx, contact.Message{ConversationID: c.ID, Kind: contact.KindIn, Channel: contact.ChannelForm,
			Author: author, Body: text, Notes: "Gestuurd via Mijn loket", CreatedAt: at}); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE contact_conversations SET updated_at = ? WHERE id = ?`, at, c.ID); err != nil {
			return err
		}
		return s.resume(ctx, tx, c, at, set)
	})
}
