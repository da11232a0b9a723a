package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"loket/internal/contact"
)

// partyFor finds the partij behind a digital address, or creates one with that address.
func (s *Store) partyFor(ctx context.Context, tx *Tx, kind, address, name string) (int64, error) {
	id, _, err := s.findOrCreateParty(ctx, tx, kind, address, name)
	return id, err
}

// findOrCreateParty is partyFor that also says whether the party was created now. A known party without a
// name gets the one given.
func (s *Store) findOrCreateParty(ctx context.Context, tx *Tx, kind, address, name string) (int64, bool, error) {
	address = strings.ToLower(strings.TrimSpace(address))
	if address == "" {
		id, err := s.anonymousParty(ctx, tx, name)
		return id, true, err
	}
	var id int64
	var known string
	err := tx.QueryRow(ctx, `SELECT a.party_id, p.name FROM contact_digital_addresses a JOIN contact_parties p ON p.id = a.party_id
		WHERE a.kind = ? AND a.address = ?`, kind, address).Scan(&id, &known)
	if err == nil {
		if name != "" && known == "" {
			_, err = tx.Exec(ctx, `UPDATE contact_parties SET name = ? WHERE id = ? AND name = ''`, name, id)
		}
		return id, false, err
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, err
	}
	if id, err = s.anonymousParty(ctx, tx, name); err != nil {
		return 0, false, err
	}
	_, err = tx.Exec(ctx, `INSERT INTO contact_digital_addresses (party_id, kind, address, created_at) VALUES (?, ?, ?, ?)`,
		id, kind, address, s.now())
	return id, true, err
}

// anonymousParty creates a partij without a digital address: a resident who chats or calls without
// leaving one.
func (s *Store) anonymousParty(ctx context.Context, tx *Tx, name string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO contact_parties (name, created_at) VALUES (?, ?) RETURNING id`, name, s.now()).Scan(&id)
	return id, err
}

// Party returns a partij with its e-mail addresses and phone numbers.
func (s *Store) Party(ctx context.Context, id int64) (contact.Party, error) {
	p := contact.Party{ID: id}
	err := s.QueryRow(ctx, `SELECT name, created_at FROM contact_parties WHERE id = ?`, id).Scan(&p.Name, &p.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return p, contact.ErrNotFound
	}
	if err != nil {
		return p, err
	}
	rows, err := s.Query(ctx, `SELECT kind, address FROM contact_digital_addresses WHERE party_id = ? AND kind IN ('email', 'phone')
		ORDER BY id LIMIT 50`, id)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, a string
		if err := rows.Scan(&kind, &a); err != nil {
			return p, err
		}
		if kind == "phone" {
			p.Phones = append(p.Phones, a)
		} else {
			p.Emails = append(p.Emails, a)
		}
	}
	return p, rows.Err()
}
