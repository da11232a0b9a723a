package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"loket/internal/demo"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(args, strings.NewReader(stdin), &out, &errOut, func(string) string { return "" })
	return code, out.String(), errOut.String()
}

func TestKBImportExportRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		code, out, errOut := runCmd(t, string(demo.KnowledgeBase), "kb", "import", "--db", s.DSN(), "-")
		if code != 0 || !strings.Contains(out, "157 created") {
			t.Fatalf("import: %d %q %q", code, out, errOut)
		}
		code, out, _ = runCmd(t, "", "kb", "export", "--db", s.DSN())
		var exported []map[string]any
		if code != 0 || json.Unmarshal([]byte(out), &exported) != nil || len(exported) != 157 {
			t.Fatalf("export: %d, %d items", code, len(exported))
		}
		// Re-importing the export changes nothing.
		code, out, errOut = runCmd(t, out, "kb", "import", "--db", s.DSN(), "-")
		if code != 0 || !strings.Contains(out, "157 unchanged") {
			t.Fatalf("re-import: %d %q %q", code, out, errOut)
		}
	})
}

func TestKBImportRejectsBadFilesAndChangesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "loket.db")
	good := `{"id":"a","type":"vac","title":"A","theme":"T","summary":"S","body":"B"}`
	for _, tc := range []struct {
		name, file, want string
	}{
		{"syntax", `[` + good + `,`, "line 1"},
		{"not an array", `{"id":"a"}`, "JSON array"},
		{"bad type", `[` + good + `,{"id":"b","type":"folder","title":"B","theme":"T","summary":"S","body":"B"}]`, `item 2 (b): field "type"`},
		{"missing title", `[{"id":"c","type":"vac","theme":"T","summary":"S","body":"B"}]`, `item 1 (c): field "title": must not be empty`},
		{"unknown field", `[{"id":"d","type":"vac","title":"D","theme":"T","summary":"S","body":"B","colour":"red"}]`, `field "colour"`},
		{"wrong field type", `[{"id":"e","type":"vac","title":"E","theme":"T","summary":"S","body":"B","deadline_days":"ten"}]`, `field "deadline_days"`},
		{"bad id", `[{"id":"Hallo Wereld","type":"vac","title":"E","theme":"T","summary":"S","body":"B"}]`, `item 1: field "id"`},
		{"duplicate", `[` + good + `,` + good + `]`, "also used by item 1"},
		{"bad date", `[{"id":"f","type":"vac","title":"F","theme":"T","summary":"S","body":"B","review_by":"31-12-2027"}]`, `field "review_by"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name+".json")
			if err := os.WriteFile(path, []byte(tc.file), 0o600); err != nil {
				t.Fatal(err)
			}
			code, _, errOut := runCmd(t, "", "kb", "import", "--db", db, path)
			if code != 1 || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "nothing imported") {
				t.Fatalf("exit %d, stderr %q, want %q", code, errOut, tc.want)
			}
		})
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	list, err := st.ListArticles(context.Background(), store.ArticleFilter{})
	if err != nil || len(list) != 0 {
		t.Fatalf("database changed by rejected imports: %d articles, %v", len(list), err)
	}
}

func TestUsageAndUnknownCommand(t *testing.T) {
	if code, _, errOut := runCmd(t, "", "frobnicate"); code != 2 || !strings.Contains(errOut, "kb import") {
		t.Fatalf("unknown command: %d %q", code, errOut)
	}
	if code, _, errOut := runCmd(t, "", "serve", "--addr", "nonsense"); code != 1 || !strings.Contains(errOut, "--addr") {
		t.Fatalf("bad flag value: %d %q", code, errOut)
	}
}
