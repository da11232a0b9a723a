package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestHostConsoleManagesTenants: the host's administrator adds, renames and switches off municipalities
// on the host's console host name, with clear refusals that change nothing (host name taken, prefix of
// another municipality, bad host name); the console does not exist on a tenant's host name; every change
// is in the host's audit log. SQLite and PostgreSQL.
func TestHostConsoleManagesTenants(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ *store.Store) {
		dialect := store.SQLite
		if strings.HasSuffix(t.Name(), "postgres") {
			dialect = store.Postgres
		}
		const adminHost = "beheer.host.example"
		dp := startDeployment(t, dialect, func(c *config.Config) { c.HostAdminHost = adminHost })
		ctx := context.Background()
		a := dp.addTenant(t, "gemeente-a", "Gemeente A", "gemeente-a.example")
		set := a.Municipality.Current()
		set.Name, set.QuestionPrefix, set.RequestPrefix = "Gemeente A", "GA", "GA"
		if err := a.Municipality.Save(ctx, "test", set); err != nil {
			t.Fatal(err)
		}
		host := dp.D.Host()
		addStaff(t, host, "beheer@host.example", auth.RoleAdmin)
		jar := dp.signIn(t, host, adminHost, "beheer@host.example")

		if code, page := dp.on(t, adminHost, "GET", "/beheer/gemeenten", "", "", jar); code != http.StatusOK || !strings.Contains(page, "gemeente-a.example") {
			t.Fatalf("host console on its host name: %d", code)
		}
		// A's administrator on A's host name finds no host console.
		addStaff(t, a, "beheer@gemeente-a.example", auth.RoleAdmin)
		jarA := dp.signIn(t, a, "gemeente-a.example", "beheer@gemeente-a.example")
		if code, page := dp.on(t, "gemeente-a.example", "GET", "/beheer/gemeenten", "", "", jarA); code != http.StatusNotFound || strings.Contains(page, "Gemeente toevoegen") {
			t.Errorf("host console on a tenant's host name: %d", code)
		}
		if code, _ := dp.on(t, "gemeente-a.example", "POST", "/beheer/gemeenten", "", url.Values{"id": {"x-y-z"}, "name": {"X"}, "hosts": {"x.example"}}.Encode(), jarA); code != http.StatusNotFound {
			t.Errorf("adding a tenant from a tenant's host name: %d", code)
		}

		add := func(id, name, hosts, prefix string) (int, string) {
			return dp.on(t, adminHost, "POST", "/beheer/gemeenten", "", url.Values{"id": {id}, "name": {name}, "hosts": {hosts}, "prefix": {prefix}}.Encode(), jar)
		}
		for _, tc := range []struct{ id, hosts, prefix, want string }{
			{"gemeente-b", "gemeente-a.example", "GB", "hoort al bij Gemeente A"},
			{"gemeente-b", "gemeente-b.example", "GA", "gebruikt Gemeente A al"},
			{"gemeente-b", "gemeente_b!.example", "GB", "is geen hostnaam"},
		} {
			code, page := add(tc.id, "Gemeente B", tc.hosts, tc.prefix)
			if code != http.StatusUnprocessableEntity || !strings.Contains(page, tc.want) {
				t.Errorf("add %s %s: %d, want 422 with %q: %s", tc.hosts, tc.prefix, code, tc.want, errorsOf(page))
			}
		}
		if list, _ := host.Store.Tenants(ctx); len(list) != 1 {
			t.Fatalf("a refused add changed the registry: %v", list)
		}
		if code, _ := add("gemeente-b", "Gemeente B", "gemeente-b.example", "GB"); code != http.StatusSeeOther {
			t.Fatalf("add B: %d", code)
		}
		b := waitTenant(t, dp, "gemeente-b")
		if got := b.Municipality.Current(); got.Name != "Gemeente B" || got.QuestionPrefix != "GB" {
			t.Errorf("B starts as %q %q", got.Name, got.QuestionPrefix)
		}
		if code, page := dp.on(t, "gemeente-b.example", "GET", "/", "", "", nil); code != http.StatusOK || !strings.Contains(page, "Gemeente B") {
			t.Errorf("B's site: %d", code)
		}
		// Switched off: B's host name answers a neutral page; A is untouched.
		change := func(id string, v url.Values) int {
			code, _ := dp.on(t, adminHost, "POST", "/beheer/gemeenten/"+id, "", v.Encode(), jar)
			return code
		}
		if code := change("gemeente-b", url.Values{"actie": {"uitzetten"}}); code != http.StatusSeeOther {
			t.Fatalf("switch B off: %d", code)
		}
		waitFor(t, func() bool {
			code, _ := dp.on(t, "gemeente-b.example", "GET", "/", "", "", nil)
			return code == http.StatusServiceUnavailable
		})
		if _, page := dp.on(t, "gemeente-b.example", "GET", "/", "", "", nil); strings.Contains(page, "Gemeente") && strings.Contains(page, "Gemeente B") {
			t.Error("the switched-off page names the municipality")
		}
		if code, _ := dp.on(t, "gemeente-a.example", "GET", "/", "", "", nil); code != http.StatusOK {
			t.Errorf("A after B was switched off: %d", code)
		}
		if code := change("gemeente-a", url.Values{"actie": {"host-weghalen"}, "host": {"gemeente-a.example"}}); code != http.StatusUnprocessableEntity {
			t.Errorf("removing A's last host name: %d, want 422", code)
		}
		if code := change("gemeente-a", url.Values{"actie": {"hernoemen"}, "name": {"Gemeente Aa"}}); code != http.StatusSeeOther {
			t.Errorf("rename A: %d", code)
		}
		entries, err := host.Store.AuditEntries(ctx, store.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var log []string
		for _, e := range entries {
			if e.ObjectType == "tenant" {
				log = append(log, e.Actor+" "+e.ObjectID+" "+e.Detail)
			}
		}
		joined := strings.Join(log, "\n")
		for _, want := range []string{"beheer@host.example gemeente-b naam Gemeente B", "beheer@host.example gemeente-b uitgezet", "beheer@host.example gemeente-a naam: Gemeente Aa"} {
			if !strings.Contains(joined, want) {
				t.Errorf("audit lacks %q:\n%s", want, joined)
			}
		}
	})
}

// waitTenant waits until the deployment serves tenant id (added by another path than addTenant).
func waitTenant(t *testing.T, dp *deployment, id string) *app.App {
	t.Helper()
	waitForWithin(t, 30*time.Second, func() bool { return dp.D.Tenant(id) != nil })
	return dp.D.Tenant(id)
}

func waitForWithin(t *testing.T, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %s", d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// errorsOf is the error summary of a console page, for a failure message.
func errorsOf(page string) string {
	if i := strings.Index(page, "utrecht-alert--error"); i >= 0 {
		return page[i:min(len(page), i+600)]
	}
	return "(no error summary)"
}
