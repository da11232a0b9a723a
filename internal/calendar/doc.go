// Package calendar knows the Dutch calendar as a municipality needs it: public holidays, opening
// hours for service-level clocks, and statutory terms under the Awb and the Algemene termijnenwet.
//
// Civil dates (holidays, the last day of a term) are returned as midnight UTC so that their
// Year, Month and Day never shift with a time zone; compare them by date, not by instant.
// Clock times (opening hours, due times) are real instants in Europe/Amsterdam.
package calendar
