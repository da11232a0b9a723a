package store_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"loket/internal/insight"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

func TestRollupMapsArticlesAndTopicsToTasks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		id, err := s.SaveTask(ctx, insight.Task{Name: "Paspoort aanvragen", Articles: []string{"paspoort"}, Topics: []string{"Reisdocumenten"}})
		if err != nil {
			t.Fatal(err)
		}
		rec := insight.NewRecorder(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
		for range 3 {
			rec.PageView("paspoort")
		}
		rec.PageView("grofvuil")
		rec.Contact(insight.ChannelPhone, "reisdocumenten", 0)
		rec.Record(insight.Event{Type: insight.TypeContact, Channel: insight.ChannelCounter, TaskID: id, N: 4})
		rec.Close()
		if err := s.AddFeedback(ctx, store.Feedback{ArticleID: "paspoort", Useful: false}); err != nil {
			t.Fatal(err)
		}
		res, err := s.RollupInsight(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.Events != 4 || res.Feedback != 1 {
			t.Fatalf("rollup took in %+v, want 4 compacted events and 1 feedback", res)
		}
		today := insight.Day(time.Now())
		stats, err := s.TaskStats(ctx, today, today)
		if err != nil {
			t.Fatal(err)
		}
		got := stats[0]
		if got.Visits != 3 || got.Contacts["phone"] != 1 || got.Contacts["counter"] != 4 || got.FeedbackNo != 1 {
			t.Fatalf("task stats %+v", got)
		}
		contacts, err := s.ChannelContacts(ctx, today, today)
		if err != nil {
			t.Fatal(err)
		}
		if contacts["web"] != 4 || contacts["phone"] != 1 || contacts["counter"] != 4 {
			t.Fatalf("channel contacts %v", contacts)
		}
		// A second run adds nothing: events are removed once rolled up, feedback has a mark.
		if res, err := s.RollupInsight(ctx); err != nil || res.Events != 0 || res.Feedback != 0 {
			t.Fatalf("second rollup %+v, %v", res, err)
		}
		if again, _ := s.ChannelContacts(ctx, today, today); again["web"] != 4 {
			t.Fatalf("second rollup changed the counts: %v", again)
		}
		if at, err := s.RolledAt(ctx); err != nil || time.Since(at) > time.Minute {
			t.Fatalf("rolled at %v, %v", at, err)
		}
	})
}

func TestTaskCatalogue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		id, err := s.SaveTask(ctx, insight.Task{Name: "Grofvuil", Articles: []string{"grofvuil"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveTask(ctx, insight.Task{Name: "grofvuil"}); !errors.Is(err, store.ErrTaskNameTaken) {
			t.Fatalf("duplicate name: %v", err)
		}
		if _, err := s.SaveTask(ctx, insight.Task{ID: id, Name: "Grofvuil laten ophalen", Topics: []string{"Afval"}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Task(ctx, id)
		if err != nil || got.Name != "Grofvuil laten ophalen" || len(got.Articles) != 0 || len(got.Topics) != 1 {
			t.Fatalf("task %+v, %v", got, err)
		}
		if _, err := s.SaveTask(ctx, insight.Task{ID: 999, Name: "Bestaat niet"}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("update of a missing task: %v", err)
		}
		if err := s.AddVote(ctx, "2027-01-05", []int64{id}); err != nil {
			t.Fatal(err)
		}
		votes, subs, err := s.VoteTotals(ctx)
		if err != nil || subs != 1 || votes[0].Votes != 1 {
			t.Fatalf("votes %+v %d %v", votes, subs, err)
		}
		if err := s.DeleteTask(ctx, id); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Task(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("deleted task: %v", err)
		}
	})
}

// BenchmarkEventIngest records events through the Recorder into the store, batched, and reports the
// sustained events per second including the database writes; every event must arrive. The events spread
// over 10,185 distinct day/type/channel/article keys, so batches do not collapse to a few rows.
func BenchmarkEventIngest(b *testing.B) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		b.Run(dialect, func(b *testing.B) {
			s := storetest.Open(b, dialect)
			ctx := context.Background()
			types := []string{insight.TypeVisit, insight.TypeContact, insight.TypeFormStarted}
			b.ResetTimer()
			start := time.Now()
			rec := insight.NewRecorder(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
			for i := range b.N {
				err := rec.RecordWait(ctx, insight.Event{Type: types[i%3], Channel: insight.Channels[i%7],
					ArticleID: "artikel-" + strconv.Itoa(i%97), Day: days[i%len(days)]})
				if err != nil {
					b.Fatal(err)
				}
			}
			rec.Close()
			elapsed := time.Since(start)
			b.StopTimer()
			if rec.Dropped() > 0 {
				b.Fatalf("%d events dropped", rec.Dropped())
			}
			var total int64
			if err := s.QueryRow(ctx, `SELECT COALESCE(SUM(n), 0) FROM insight_events`).Scan(&total); err != nil {
				b.Fatal(err)
			}
			if total != int64(b.N) {
				b.Fatalf("stored %d events, recorded %d", total, b.N)
			}
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
		})
	}
}

var days = []string{"2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07", "2027-01-08"}
