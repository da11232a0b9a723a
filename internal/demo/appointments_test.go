package demo_test

import (
	"context"
	"testing"
	"time"

	"loket/internal/appointment"
	"loket/internal/demo"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestDemoAppointments loads the demo counters and checks that the past weeks have checked-in,
// not attended and cancelled appointments and the coming weeks booked ones, at both locations.
func TestDemoAppointments(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC) // a Wednesday
	sum, err := demo.LoadAppointments(ctx, s, now)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Locations != 2 || sum.Desks != 5 || sum.Booked < 300 {
		t.Fatalf("summary %+v", sum)
	}
	list, err := s.Appointments(ctx, appointment.Filter{From: now.AddDate(0, 0, -22), To: now.AddDate(0, 0, 23), Limit: 5000})
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	for _, a := range list {
		key := string(a.State) + "@" + a.LocationID
		if a.Start.After(now) {
			key = "future:" + key
		}
		states[key]++
	}
	for _, k := range []string{"checked_in@stadhuis", "checked_in@wijkpost-noord", "no_show@stadhuis", "cancelled@stadhuis",
		"future:booked@stadhuis", "future:booked@wijkpost-noord"} {
		if states[k] == 0 {
			t.Errorf("no %s appointments: %v", k, states)
		}
	}
	if again, err := demo.LoadAppointments(ctx, s, now); err != nil || again.Booked != 0 {
		t.Errorf("second load booked %d, %v; want nothing", again.Booked, err)
	}
}
