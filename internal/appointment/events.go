package appointment

import (
	"loket/internal/insight"
)

// Insight event types of appointments, recorded through the insight recorder with channel counter and
// the product as ArticleID (so the rollup counts them for the product's task) and the location as Topic.
const (
	EventBooked    = "appointment_booked"
	EventMoved     = "appointment_moved"
	EventCancelled = "appointment_cancelled"
	EventNoShow    = "appointment_no_show"
	EventCheckedIn = "appointment_checked_in"
	EventWalkIn    = "appointment_walk_in"
	EventWait      = "appointment_wait_minutes" // Value: minutes from booking to the first free slot
)

// record records one event per product of the appointment.
func (s *Service) record(typ string, a Appointment, n, value int64) {
	for _, p := range a.Products {
		s.insight.Record(insight.Event{Day: insight.Day(s.now()), Type: typ, Channel: insight.ChannelCounter,
			ArticleID: p, Topic: "locatie:" + a.LocationID, N: n, Value: value})
	}
}
