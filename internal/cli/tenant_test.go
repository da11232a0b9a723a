package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"loket/internal/store"
)

func TestTenantAddAndList(t *testing.T) {
	db := filepath.Join(t.TempDir(), "host.db")
	code, out, errOut := runCmd(t, "", "tenant", "add", "--db", db, "--host", "Gemeente-A.example", "--name", "Gemeente Ää", "--admin", "beheer@a.example")
	if code != 0 || !strings.Contains(out, "Tenant gemeente-aa (Gemeente Ää) added for gemeente-a.example") || !strings.Contains(out, "Password: ") {
		t.Fatalf("add: %d %q %q", code, out, errOut)
	}
	// The tenant's own database has its administrator; the host's has none.
	ctx := context.Background()
	st, err := store.OpenTenant(ctx, db, "gemeente-aa")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.StaffUserByEmail(ctx, "beheer@a.example"); err != nil {
		t.Errorf("the administrator is not in the tenant's database: %v", err)
	}
	host, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer host.Close()
	if _, err := host.StaffUserByEmail(ctx, "beheer@a.example"); err == nil {
		t.Error("the tenant's administrator is in the host's database")
	}
	if body, err := st.MunicipalitySettings(ctx); err != nil || !strings.Contains(string(body), `"name":"Gemeente Ää"`) {
		t.Errorf("the tenant does not start with its own name: %s %v", body, err)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--host", "gemeente-a.example", "--name", "Gemeente B"}, "--host: De hostnaam ‘gemeente-a.example’ hoort al bij Gemeente Ää."},
		{[]string{"--host", "e.example", "--name", "Gemeente E", "--prefix", "VB1"}, "--prefix: Gebruik 2 tot 6 hoofdletters"},
		{[]string{"--host", "e.example", "--name", "Gemeente E", "--prefix", "GEM"}, "--prefix: Het kenmerk ‘GEM’ gebruikt"},
		{[]string{"--host", "niet geldig", "--name", "Gemeente C"}, "--host: ‘niet geldig’ is geen hostnaam"},
		{[]string{"--name", "Gemeente D"}, "--host: Geef minstens één hostnaam"},
		{[]string{"--host", "d.example", "--name", ""}, "--name: Vul de naam"},
	} {
		code, _, errOut := runCmd(t, "", append([]string{"tenant", "add", "--db", db}, tc.args...)...)
		if code != 1 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, errOut, tc.want)
		}
	}
	// Commands work on one tenant with --tenant: an import reaches that tenant's database only.
	item := `[{"id":"zwemmen","type":"vac","title":"Zwemmen","theme":"Sport","summary":"S","body":"B","owner":"Team Online","review_by":"2027-06-30"}]`
	if code, out, errOut := runCmd(t, item, "kb", "import", "--db", db, "--tenant", "gemeente-aa", "-"); code != 0 {
		t.Fatalf("import into the tenant: %d %q %q", code, out, errOut)
	}
	if _, err := st.Article(ctx, "zwemmen"); err != nil {
		t.Errorf("the tenant lacks the imported article: %v", err)
	}
	if _, err := host.Article(ctx, "zwemmen"); err == nil {
		t.Error("the host's database got the tenant's import")
	}
	if code, _, errOut := runCmd(t, item, "kb", "import", "--db", db, "--tenant", "gemeente-zz", "-"); code != 1 || !strings.Contains(errOut, "no tenant") {
		t.Errorf("an unknown tenant: exit %d, %q", code, errOut)
	}
	code, out, _ = runCmd(t, "", "tenant", "list", "--db", db)
	if code != 0 || strings.Count(out, "\n") != 1 || !strings.Contains(out, "gemeente-aa") {
		t.Errorf("list after one good and six refused adds: %d %q", code, out)
	}
	// The same service changes the registry: rename, another host name, not the last one away, off.
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"rename", "gemeente-aa", "Gemeente Aa-Dorp"}, 0, "rename done"},
		{[]string{"add-host", "gemeente-aa", "www.Gemeente-A.example"}, 0, "add-host done"},
		{[]string{"add-host", "gemeente-aa", "niet geldig"}, 1, "--host: ‘niet geldig’ is geen hostnaam"},
		{[]string{"remove-host", "gemeente-aa", "gemeente-a.example"}, 0, "remove-host done"},
		{[]string{"remove-host", "gemeente-aa", "www.gemeente-a.example"}, 1, "laatste hostnaam"},
		{[]string{"disable", "gemeente-aa"}, 0, "disable done"},
		{[]string{"disable", "gemeente-zz"}, 1, "no tenant"},
	} {
		code, out, errOut := runCmd(t, "", append([]string{"tenant", tc.args[0], tc.args[1]}, append(tc.args[2:], "--db", db)...)...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("tenant %v: exit %d, %q %q, want %d and %q", tc.args, code, out, errOut, tc.code, tc.want)
		}
	}
	code, out, _ = runCmd(t, "", "tenant", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "Gemeente Aa-Dorp") || !strings.Contains(out, "www.gemeente-a.example (switched off)") {
		t.Errorf("list after the changes: %q", out)
	}
	entries, err := host.AuditEntries(ctx, store.AuditFilter{ObjectType: "tenant"})
	if err != nil || len(entries) != 5 { // create, rename, add-host, remove-host, disable
		t.Errorf("host audit log: %d entries, want 5 (%v)", len(entries), err)
	}
}
