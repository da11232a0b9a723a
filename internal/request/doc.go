// Package request is online requesting: form definitions per product and the validation of what a
// requester fills in, submitted requests with a reference number and a status timeline, and the legal
// deadlines of the Awb (decision terms, suspension, extension, objection periods) with urgency when a
// related date (an event, the start of works) comes before the deadline or the planned hearing.
//
// The package knows nothing of HTTP or SQL: the web layer parses input, this package decides, and the
// store keeps the result.
package request
