package payment

import "testing"

// Amounts worked out by hand from the fee rules.
func TestFeeAmount(t *testing.T) {
	cases := []struct {
		name   string
		fee    Fee
		values map[string]string
		want   int64
	}{
		{"fixed", Fee{Label: "Leges", Cents: 5500}, nil, 5500},
		{"per item: 25,00 + 3 × 12,00", Fee{Label: "Leges", Cents: 2500, PerItem: &PerItem{Field: "dagen", Cents: 1200}}, map[string]string{"dagen": "3"}, 6100},
		{"per item, not a number: only the fixed part", Fee{Label: "Leges", Cents: 2500, PerItem: &PerItem{Field: "dagen", Cents: 1200}}, map[string]string{"dagen": "veel"}, 2500},
		{"by answer", Fee{Label: "Ontheffing", ByAnswer: &ByAnswer{Field: "duur", Cents: map[string]int64{"dag": 1000, "week": 4500}}}, map[string]string{"duur": "week"}, 4500},
		{"by answer, unknown choice", Fee{Label: "Ontheffing", ByAnswer: &ByAnswer{Field: "duur", Cents: map[string]int64{"dag": 1000}}}, map[string]string{"duur": "jaar"}, 0},
		{"capped at € 100.000", Fee{Label: "Leges", PerItem: &PerItem{Field: "n", Cents: 5_000_000}}, map[string]string{"n": "3"}, MaxCents},
	}
	for _, c := range cases {
		if got, _ := c.fee.Amount(c.values); got != c.want {
			t.Errorf("%s: %d cents, want %d", c.name, got, c.want)
		}
	}
}

func TestEuroAndValue(t *testing.T) {
	for cents, want := range map[int64]string{0: "€ 0,00", 5: "€ 0,05", 5500: "€ 55,00", 123450: "€ 1.234,50", 123456789: "€ 1.234.567,89"} {
		if got := Euro(cents); got != want {
			t.Errorf("Euro(%d) = %q, want %q", cents, got, want)
		}
	}
	for v, want := range map[string]int64{"10.00": 1000, "0.05": 5, "1234.50": 123450} {
		if got, err := ParseValue(v); err != nil || got != want || Value(want) != v {
			t.Errorf("ParseValue(%q) = %d, %v; want %d and back", v, got, err, want)
		}
	}
	for _, bad := range []string{"10", "10.0", "-1.00", "1,00", "a.bc"} {
		if _, err := ParseValue(bad); err == nil {
			t.Errorf("ParseValue(%q) accepted", bad)
		}
	}
}

func TestFeeCheck(t *testing.T) {
	types := map[string]string{"dagen": "number", "duur": "choice", "naam": "text"}
	if ps := (Fee{Label: "Leges", Cents: 100, PerItem: &PerItem{Field: "dagen", Cents: 5}}).Check(types); len(ps) != 0 {
		t.Errorf("good fee: %v", ps)
	}
	if ps := (Fee{PerItem: &PerItem{Field: "naam", Cents: 5}, ByAnswer: &ByAnswer{Field: "dagen"}}).Check(types); len(ps) != 3 {
		t.Errorf("bad fee: %d problems %v, want 3 (label, per item on text, by answer on number)", len(ps), ps)
	}
}

func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"10.00", "0.01", "", "1e3.00", "99999999999999999999.00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if c, err := ParseValue(s); err == nil && c < 0 {
			t.Errorf("ParseValue(%q) = %d", s, c)
		}
	})
}

// FuzzValidID: the webhook's only input is an id; only tr_ and letters or digits pass.
func FuzzValidID(f *testing.F) {
	for _, s := range []string{"tr_WDqYK6vllg", "tr_", "tr_../../x", "re_12345", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !ValidID(s) {
			return
		}
		for _, c := range s[3:] {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
				t.Errorf("ValidID(%q) accepted %q", s, c)
			}
		}
	})
}
