package insight

import (
	"context"
	"log/slog"
	"time"
)

// EventSink stores a batch of events; the store implements it.
type EventSink interface {
	AddEvents(ctx context.Context, events []Event) error
}

// Recorder is the one small API through which every part of loket records events. Its methods never
// block and never fail the caller; a nil *Recorder records nothing, so tests can leave it out.
type Recorder struct {
	batch *Batcher[Event]
	now   func() time.Time
}

// NewRecorder starts a recorder that writes compacted batches of events to sink.
func NewRecorder(sink EventSink, log *slog.Logger) *Recorder {
	return NewRecorderWithClock(sink, log, time.Now)
}

// NewRecorderWithClock is NewRecorder with the clock that dates events recorded without a day.
func NewRecorderWithClock(sink EventSink, log *slog.Logger, now func() time.Time) *Recorder {
	if now == nil {
		now = time.Now
	}
	flush := func(ctx context.Context, events []Event) error { return sink.AddEvents(ctx, Compact(events)) }
	return &Recorder{batch: NewBatcher("insight events", 1<<11, 1024, time.Second, log, flush), now: now}
}

// Record queues one event; an empty Day becomes today and N zero becomes one.
func (r *Recorder) Record(e Event) {
	if r == nil {
		return
	}
	r.batch.Add(r.complete(e))
}

// RecordWait queues one event like Record but waits while the buffer is full instead of dropping it.
func (r *Recorder) RecordWait(ctx context.Context, e Event) error {
	if r == nil {
		return nil
	}
	return r.batch.AddWait(ctx, r.complete(e))
}

// complete fills what a caller may leave out: an empty Day becomes today and N zero becomes one.
func (r *Recorder) complete(e Event) Event {
	if e.Day == "" {
		e.Day = Day(r.now())
	}
	if e.N == 0 {
		e.N = 1
	}
	return e
}

// PageView records that an article was read on the website.
func (r *Recorder) PageView(articleID string) {
	r.Record(Event{Type: TypeVisit, Channel: ChannelWeb, ArticleID: articleID})
}

// Contact records one question through a channel (chat, whatsapp, email, form, phone, counter); topic
// is the contact topic and taskID the task when the agent chose one (0 when not).
func (r *Recorder) Contact(channel, topic string, taskID int64) {
	r.Record(Event{Type: TypeContact, Channel: channel, Topic: topic, TaskID: taskID})
}

// Dropped counts the events lost because the buffer was full.
func (r *Recorder) Dropped() int64 {
	if r == nil {
		return 0
	}
	return r.batch.Dropped()
}

// Flush writes the events recorded so far and returns when they are stored; a nil recorder has none.
func (r *Recorder) Flush(ctx context.Context) error {
	if r == nil {
		return nil
	}
	return r.batch.Flush(ctx)
}

// Close writes the queued events and stops the recorder.
func (r *Recorder) Close() {
	if r != nil {
		r.batch.Close()
	}
}
