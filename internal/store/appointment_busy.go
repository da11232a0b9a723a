package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"loket/internal/appointment"
)

// busyCache keeps the booked time of each location as last read, with the version it was read at. The
// slot search reads the location's version and then only the appointments changed since (each carries
// the version of its last change), on this instance or another. A list that is stale for a moment can
// only make a booking try a taken desk, which the cells' primary key refuses.
type busyCache struct {
	mu  sync.Mutex
	loc map[string]*busyEntry
	// The schedule as last read, with its version (AppointmentSchedule).
	sched        appointment.Schedule
	schedVersion int64
	schedLoaded  bool
}

type busyEntry struct {
	mu       sync.Mutex
	loaded   bool
	version  int64
	from, to int64 // the period kept, Unix seconds
	byID     map[int64]appointment.Busy
	sorted   []appointment.Busy // byID by desk and start, rebuilt after every change
}

func compareBusy(a, b appointment.Busy) int {
	if c := cmp.Compare(a.DeskID, b.DeskID); c != 0 {
		return c
	}
	return a.From.Compare(b.From)
}

// sort builds the ordered list after a full read, so every search gets its desks' busy time in order.
func (e *busyEntry) sort() {
	e.sorted = make([]appointment.Busy, 0, len(e.byID))
	for _, b := range e.byID {
		e.sorted = append(e.sorted, b)
	}
	slices.SortFunc(e.sorted, compareBusy)
}

// put replaces the appointment's busy time in the map and in a new ordered list (keep false removes it):
// lists handed out before stay as they were, so searches running at the same time read them safely.
func (e *busyEntry) put(b appointment.Busy, keep bool) {
	next := e.sorted
	if old, ok := e.byID[b.ID]; ok {
		i, _ := slices.BinarySearchFunc(next, old, compareBusy)
		for ; i < len(next) && compareBusy(next[i], old) == 0; i++ {
			if next[i].ID == b.ID {
				next = append(slices.Clip(next[:i]), next[i+1:]...)
				break
			}
		}
		delete(e.byID, b.ID)
	}
	if keep {
		e.byID[b.ID] = b
		i, _ := slices.BinarySearchFunc(next, b, compareBusy)
		grown := make([]appointment.Busy, 0, len(next)+1)
		next = append(append(append(grown, next[:i]...), b), next[i:]...)
	}
	e.sorted = next
}

func (c *busyCache) entry(locationID string) *busyEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.loc == nil {
		c.loc = map[string]*busyEntry{}
	}
	e, ok := c.loc[locationID]
	if !ok {
		e = &busyEntry{}
		c.loc[locationID] = e
	}
	return e
}

// bumpBusyVersion raises the location's version inside the transaction that changes its booked time and
// marks the appointment with it. On PostgreSQL the version row stays locked until the commit, so changes
// at one location commit in version order.
func bumpBusyVersion(ctx context.Context, tx *Tx, locationID string, appointmentID int64) error {
	v, err := nextBusyVersion(ctx, tx, locationID)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE appointments SET busy_version = ? WHERE id = ?`, v, appointmentID)
	return err
}

// nextBusyVersion raises the location's version and returns it, for a statement that writes it into the
// changed appointment itself (one round trip fewer than bumpBusyVersion).
func nextBusyVersion(ctx context.Context, tx *Tx, locationID string) (int64, error) {
	var v int64
	err := tx.QueryRow(ctx, `INSERT INTO appointment_busy_versions (location_id, version) VALUES (?, 1)
		ON CONFLICT (location_id) DO UPDATE SET version = appointment_busy_versions.version + 1 RETURNING version`, locationID).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("busy version: %w", err)
	}
	return v, nil
}

// busyColumns are what the slot search needs of an appointment; walk-ins hold no desk time.
const busyColumns = `SELECT id, COALESCE(desk_id, 0), start_unix, busy_until_unix,
	CASE WHEN state IN ('booked', 'checked_in', 'awaiting_payment') AND desk_id IS NOT NULL AND source <> 'walk_in' THEN 1 ELSE 0 END, busy_version
	FROM appointments WHERE location_id = ?`

// busyVersion is the location's version: 0 before its first booking.
func (s *Store) busyVersion(ctx context.Context, locationID string) (int64, error) {
	var v int64
	err := s.QueryRow(ctx, `SELECT version FROM appointment_busy_versions WHERE location_id = ?`, locationID).Scan(&v)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("busy version: %w", err)
	}
	return v, nil
}

// AppointmentBusy lists the booked time of a location's desks that overlaps [from, to): booked and
// checked-in appointments with a desk, each to the end of its buffer, ordered by desk and start. The list
// covers at least [from, to) and is shared: the caller must not change it.
func (s *Store) AppointmentBusy(ctx context.Context, locationID string, from, to time.Time) ([]appointment.Busy, error) {
	version, err := s.busyVersion(ctx, locationID)
	if err != nil {
		return nil, err
	}
	f, t := from.Unix(), to.Unix()
	e := s.busy.entry(locationID)
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case !e.loaded || f < e.from || t > e.to:
		// Keep a wider period than asked, so the searches of the coming months are served from it.
		err = e.load(ctx, s, locationID, version, min(f, s.now().Add(-48*time.Hour).Unix()), max(t, s.now().AddDate(0, 4, 0).Unix()))
	case version > e.version: // an older version read before another search caught up needs nothing
		err = e.catchUp(ctx, s, locationID, version)
	}
	if err != nil {
		return nil, err
	}
	// The whole kept period, shared and never changed afterwards (put makes a new list): busy time outside
	// [from, to) does not change what the search finds, and not copying 10,000 entries keeps it fast.
	return e.sorted, nil
}

// load reads the booked time of [from, to) afresh. The version was read before: a change between the
// two reads makes the list newer than its version, never older, and catching up again is harmless.
func (e *busyEntry) load(ctx context.Context, s *Store, locationID string, version, from, to int64) error {
	// An appointment is at most a day long, so starting a day before from finds every overlap through the index.
	rows, err := s.Query(ctx, busyColumns+` AND start_unix >= ? AND start_unix < ?`, locationID, from-24*3600, to)
	if err != nil {
		return fmt.Errorf("read busy time: %w", err)
	}
	e.byID, e.from, e.to = map[int64]appointment.Busy{}, from, to
	if err := e.apply(rows, true); err != nil {
		e.loaded = false
		return err
	}
	e.version, e.loaded = version, true
	e.sort()
	return nil
}

// catchUp applies the appointments changed since the version the entry holds, up to version (read
// before, so the rows are at least that new).
func (e *busyEntry) catchUp(ctx context.Context, s *Store, locationID string, version int64) error {
	rows, err := s.Query(ctx, busyColumns+` AND busy_version > ?`, locationID, e.version)
	if err != nil {
		return fmt.Errorf("read changed busy time: %w", err)
	}
	if err := e.apply(rows, false); err != nil {
		e.loaded = false
		return err
	}
	e.version = version
	return nil
}

// apply puts each row in the entry: a booked one (in the kept period) replaces what was there, any other
// removes it. A full read fills the map and sorts once; a catch-up keeps the list in order row by row.
func (e *busyEntry) apply(rows *sql.Rows, full bool) error {
	defer rows.Close()
	for rows.Next() {
		var b appointment.Busy
		var start, busy, version int64
		var active bool
		if err := rows.Scan(&b.ID, &b.DeskID, &start, &busy, &active, &version); err != nil {
			return err
		}
		keep := active && busy > e.from && start < e.to
		b.From, b.To = time.Unix(start, 0), time.Unix(busy, 0)
		switch {
		case !full:
			e.put(b, keep)
		case keep:
			e.byID[b.ID] = b
		}
	}
	return rows.Err()
}
