package tenant_test

import (
	"testing"

	"loket/internal/problem"
	"loket/internal/tenant"
)

func TestHostNamesAreNormalized(t *testing.T) {
	for in, want := range map[string]string{
		"Gemeente-A.Example":      "gemeente-a.example",
		"gemeente-a.example:8080": "gemeente-a.example",
		"gemeente-a.example.":     "gemeente-a.example",
		"127.0.0.1:8080":          "127.0.0.1",
		"":                        "",
		"evil.example/x":          "",
		"a b.example":             "",
		"-bad.example":            "",
	} {
		got, ok := tenant.NormalizeHost(in)
		if got != want || ok != (want != "") {
			t.Errorf("NormalizeHost(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestNewTenantIsCheckedAllAtOnce(t *testing.T) {
	bad := tenant.Tenant{ID: "A", Name: "", Hosts: []string{"ok.example", "OK.example", "niet geldig"}}
	fields := problem.FieldsOf(bad.Validate())
	for _, f := range []string{"id", "name", "hosts"} {
		if fields[f] == "" {
			t.Errorf("no message for %s: %v", f, fields)
		}
	}
	good := tenant.Tenant{ID: "gemeente-a", Name: "Gemeente A", Hosts: []string{"Gemeente-A.example"}}
	if err := good.Validate(); err != nil || good.Hosts[0] != "gemeente-a.example" {
		t.Errorf("valid tenant: %v, hosts %v", err, good.Hosts)
	}
}
