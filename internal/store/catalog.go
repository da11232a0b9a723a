package store

import (
	"context"
	"fmt"
)

// CatalogChannel carries changes to what a product page links to (a request form saved, a product added
// to the appointment schedule), so that every instance drops its cached links.
const CatalogChannel = "loket_catalog"

// CatalogLinks are the products a product page can link to: those with an online request form and those
// that can be booked at the counter.
type CatalogLinks struct {
	Forms        map[string]bool
	Appointments map[string]bool
}

// ReadCatalogLinks reads the products with a request form and the products of the appointment schedule.
func (s *Store) ReadCatalogLinks(ctx context.Context) (CatalogLinks, error) {
	l := CatalogLinks{Forms: map[string]bool{}, Appointments: map[string]bool{}}
	for _, q := range []struct {
		sql  string
		into map[string]bool
	}{
		{`SELECT product_id FROM request_forms`, l.Forms},
		{`SELECT id FROM appointment_products`, l.Appointments},
	} {
		rows, err := s.Query(ctx, q.sql)
		if err != nil {
			return l, fmt.Errorf("read catalog links: %w", err)
		}
		ids, err := scanAll(rows, func(r scanner) (string, error) {
			var id string
			return id, r.Scan(&id)
		})
		if err != nil {
			return l, fmt.Errorf("read catalog links: %w", err)
		}
		for _, id := range ids {
			q.into[id] = true
		}
	}
	return l, nil
}

// OnCatalogChanged registers fn to run after a committed change to the catalog links, made in this process
// or (once the app passes the notification on, CatalogChangedElsewhere) through another instance.
func (s *Store) OnCatalogChanged(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.catalogListeners = append(s.catalogListeners, fn)
}

// CatalogChangedElsewhere runs this process's catalog hooks for a change through another instance, or after
// notifications may have been missed.
func (s *Store) CatalogChangedElsewhere() { s.announceCatalog() }

func (s *Store) announceCatalog() {
	s.mu.Lock()
	listeners := append([]func(){}, s.catalogListeners...)
	s.mu.Unlock()
	for _, fn := range listeners {
		fn()
	}
}

// catalogChanged tells this process and the other instances that the catalog links changed; the change
// is committed already.
func (s *Store) catalogChanged(ctx context.Context) error {
	s.announceCatalog()
	return s.notifyFrom(ctx, nil, CatalogChannel, "changed")
}
