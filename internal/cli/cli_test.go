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
	const rest = `"theme":"T","summary":"S","body":"B","owner":"Team Online","review_by":"2027-06-30"`
	good := `{"id":"a","type":"vac","title":"A",` + rest + `}`
	for _, tc := range []struct {
		name, file, want string
	}{
		{"syntax", `[` + good + `,`, "line 1"},
		{"not an array", `{"id":"a"}`, "JSON array"},
		{"bad type", `[` + good + `,{"id":"b","type":"folder","title":"B",` + rest + `}]`, `item 2 (b): field "type"`},
		{"missing title", `[{"id":"c","type":"vac",` + rest + `}]`, `item 1 (c): field "title": Vul een titel in`},
		{"unknown field", `[{"id":"d","type":"vac","title":"D",` + rest + `,"colour":"red"}]`, `field "colour"`},
		{"wrong field type", `[{"id":"e","type":"vac","title":"E",` + rest + `,"deadline_days":"ten"}]`, `field "deadline_days"`},
		{"bad id", `[{"id":"Hallo Wereld","type":"vac","title":"E",` + rest + `}]`, `item 1: field "id"`},
		{"duplicate", `[` + good + `,` + good + `]`, "Hetzelfde id staat ook bij item 1"},
		{"bad date", `[{"id":"f","type":"vac","title":"F","theme":"T","summary":"S","body":"B","owner":"T","review_by":"31-12-2027"}]`, `field "review_by"`},
		// The rules the console form used to check alone apply to an import too.
		{"no owner", `[{"id":"g","type":"vac","title":"G","theme":"T","summary":"S","body":"B","review_by":"2027-06-30"}]`, `item 1 (g): field "owner"`},
		{"no review date", `[{"id":"h","type":"vac","title":"H","theme":"T","summary":"S","body":"B","owner":"T"}]`, `item 1 (h): field "review_by"`},
		{"unknown UPL name", `[{"id":"i","type":"product","title":"I","upl":"Zwembadpas","theme":"T","summary":"S","body":"B","owner":"T","review_by":"2027-06-30"}]`, `item 1 (i): field "upl"`},
		// Every wrong item and every wrong field is listed at once.
		{"all errors at once", `[{"id":"j","type":"vac","title":"J","theme":"T","summary":"S","body":"B"},` + good + `,{"id":"k","type":"vac","theme":"T","summary":"S","body":"B","owner":"T"}]`,
			`item 1 (j): field "owner": Vul het team in dat dit artikel actueel houdt.; field "review_by": Vul de datum in waarop het team het artikel weer moet controleren.` + "\n" +
				`item 3 (k): field "title": Vul een titel in van hoogstens 200 tekens.; field "review_by"`},
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
