package contact

import "testing"

func TestReferencesCarryTheMunicipalitysPrefix(t *testing.T) {
	m := Mailer{Who: func() Who { return Who{Name: "Gemeente Anders", QuestionPrefix: "ANDERS"} }}
	ref := FormatReference(m.ReferencePrefix(), 2027, 42)
	if ref != "ANDERS-C-2027-000042" {
		t.Fatalf("reference %q", ref)
	}
	// A subject with this or an older prefix is threaded; a prefix of one letter or seven is no reference.
	for text, want := range map[string]string{
		"Re: [anders-c-2027-000042] uw vraag": "ANDERS-C-2027-000042",
		"Re: [VB-C-2026-000005]":              "VB-C-2026-000005",
		"X-C-2026-000005":                     "",
		"ABCDEFG-C-2026-000005":               "",
	} {
		if got := FindReference(text); got != want {
			t.Errorf("FindReference(%q) = %q, want %q", text, got, want)
		}
	}
	if got := (Mailer{}).ReferencePrefix(); got != fallbackPrefix {
		t.Errorf("without settings: prefix %q", got)
	}
	if got := m.signature(); got != "Gemeente Anders" {
		t.Errorf("signature %q", got)
	}
}
