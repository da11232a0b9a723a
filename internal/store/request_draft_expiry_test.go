package store_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestDraftsAndUploadsExpire reproduces finding 6 (its storage half): replaced draft uploads stayed on
// disk, and drafts with their personal data and files were never deleted. A replaced upload goes at the
// next run; a draft, its files and files that belong to nothing go once the retention has passed.
func TestDraftsAndUploadsExpire(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		files := request.Files{Dir: t.TempDir()}
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		if err := s.SaveDraft(ctx, store.Draft{TokenHash: "concept-a", Product: "kapvergunning"}); err != nil {
			t.Fatal(err)
		}
		upload := func(draft, field string) string {
			t.Helper()
			id := request.NewFileID()
			if err := files.Save(id, []byte("%PDF-1.4 tekening")); err != nil {
				t.Fatal(err)
			}
			if err := s.AddRequestFile(ctx, store.RequestFile{ID: id, DraftHash: draft, Field: field, Name: "tekening.pdf",
				ContentType: "application/pdf", Size: 17}); err != nil {
				t.Fatal(err)
			}
			return id
		}
		first := upload("concept-a", "tekening")
		// The first upload was made a minute before the second replaced it.
		if _, err := s.Exec(ctx, `UPDATE request_files SET created_at = ? WHERE id = ?`, time.Now().UTC().Add(-time.Minute), first); err != nil {
			t.Fatal(err)
		}
		second := upload("concept-a", "tekening")
		orphan := upload("", "tekening")
		onDisk := func(id string) bool {
			_, err := os.Stat(filepath.Join(files.Dir, "uploads", id[:2], id))
			return err == nil
		}

		// A run before the retention has passed: only the replaced upload goes.
		now := time.Now()
		if err := request.ExpireDraftsOnce(ctx, now.Add(-30*24*time.Hour), s, files, quiet); err != nil {
			t.Fatal(err)
		}
		if onDisk(first) || !onDisk(second) || !onDisk(orphan) {
			t.Fatalf("after the first run: replaced %v, newest %v, orphan %v on disk; want only the replaced one gone",
				onDisk(first), onDisk(second), onDisk(orphan))
		}
		if list, _ := s.DraftFiles(ctx, "concept-a"); len(list) != 1 || list[0].ID != second {
			t.Fatalf("draft files %+v, want only the newest", list)
		}
		// 30 days on (the run's cut-off after the draft's last change): the draft and every file go.
		if err := request.ExpireDraftsOnce(ctx, now.Add(time.Minute), s, files, quiet); err != nil {
			t.Fatal(err)
		}
		if onDisk(second) || onDisk(orphan) {
			t.Fatal("files of an expired draft, or of nothing, are still on disk")
		}
		if _, err := s.Draft(ctx, "concept-a"); err != store.ErrNotFound {
			t.Fatalf("expired draft: %v", err)
		}
		if ids, _ := s.DraftFiles(ctx, "concept-a"); !slices.Equal(ids, nil) {
			t.Fatalf("records left: %+v", ids)
		}
	})
}
