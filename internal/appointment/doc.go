// Package appointment is counter appointments: locations with their addresses and opening hours (closed on
// public holidays and on extra closing days, open on extra opening days), desks with the products each
// serves, product durations per person with a buffer, the booking rules (how far ahead, a share of slots
// held back for urgent cases, maximum persons, open appointments per e-mail address, the cut-off for
// changes), the search for free slots, and the service that books, moves, cancels, checks in and reminds.
//
// The package knows nothing of HTTP or SQL. Slots are never double booked because the store keeps every
// booked appointment as cells of CellMinutes per desk under a unique key: the database refuses the second
// booking of a cell, whatever the number of instances.
//
// Times are instants (time.Time) compared in absolute time; opening hours are wall-clock times in
// Europe/Amsterdam, turned into instants per calendar date, so a day with a daylight-saving change keeps
// 09:00 at 09:00.
package appointment
