package render

import "testing"

func TestCountAgreesWithTheNumber(t *testing.T) {
	for _, c := range []struct {
		n    any
		want string
	}{{0, "0 resultaten"}, {1, "1 resultaat"}, {int64(2), "2 resultaten"}, {"1", "1 resultaat"}, {12500, "12.500 resultaten"}} {
		if got := Count(c.n, "resultaat", "resultaten"); got != c.want {
			t.Errorf("Count(%v) = %q, want %q", c.n, got, c.want)
		}
	}
}
