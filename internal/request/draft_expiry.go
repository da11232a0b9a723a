package request

import (
	"context"
	"log/slog"
	"time"
)

// DraftStore is what expiring drafts needs from the store.
type DraftStore interface {
	// ExpireDrafts deletes the drafts not changed since before with their files, files that belong to no
	// draft or request and are older than before, and draft files replaced by a newer upload for the same
	// field; it returns how many drafts went and the ids of the files to remove from disk.
	ExpireDrafts(ctx context.Context, before time.Time) (drafts int, files []string, err error)
}

// ExpireDrafts runs every interval until ctx ends: drafts (with the personal data typed into them) and
// their uploads are kept for retention after their last change, and a replaced upload not at all.
func ExpireDrafts(ctx context.Context, every, retention time.Duration, clock func() time.Time, st DraftStore, files Files, log *slog.Logger) {
	if clock == nil {
		clock = time.Now
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := ExpireDraftsOnce(ctx, clock().Add(-retention), st, files, log); err != nil && ctx.Err() == nil {
			log.Error("expire drafts", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// ExpireDraftsOnce deletes what expired before the given time: first the records, then the files on
// disk (a file whose record is gone is never served, so a crash in between leaves only unused bytes).
func ExpireDraftsOnce(ctx context.Context, before time.Time, st DraftStore, files Files, log *slog.Logger) error {
	drafts, ids, err := st.ExpireDrafts(ctx, before)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := files.Remove(id); err != nil {
			log.Warn("remove expired upload", "file", id, "err", err)
		}
	}
	if drafts > 0 || len(ids) > 0 {
		log.Info("drafts expired", "drafts", drafts, "files", len(ids))
	}
	return nil
}
