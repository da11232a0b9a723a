// Package insight turns loket's events into facts for decisions: top tasks, channel volumes against staff,
// and staffing with Erlang C.
package insight
