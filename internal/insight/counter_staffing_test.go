package insight

import (
	"errors"
	"math"
	"testing"
	"time"
)

// The expected figures are worked out by hand from the Erlang C formula
//
//	C(N, A) = (A^N/N! · N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N−A)),  SL = 1 − C·e^(−(N−A)·t/AHT)
//
// for a target of 80% helped within 10 minutes:
//
//   - 9 walk-ins an hour of 10 minutes: A = 9·10/60 = 1.5 Erlang, t/AHT = 1.
//     N = 2: A²/2! = 1.125, ·2/0.5 = 4.5; Σ = 1 + 1.5 = 2.5; C = 4.5/7 = 0.642857;
//     SL = 1 − 0.642857·e^(−0.5) = 1 − 0.642857·0.606531 = 0.610087 < 0.8.
//     N = 3: A³/3! = 0.5625, ·3/1.5 = 1.125; Σ = 1 + 1.5 + 1.125 = 3.625; C = 1.125/4.75 = 0.236842;
//     SL = 1 − 0.236842·e^(−1.5) = 1 − 0.236842·0.223130 = 0.947153 ≥ 0.8: 3 desks.
//   - 1 walk-in an hour of 10 minutes: A = 1/6; N = 1: C = A = 0.166667;
//     SL = 1 − 0.166667·e^(−5/6) = 1 − 0.166667·0.434598 = 0.927567: 1 desk.
//   - 6 walk-ins of 15 minutes, 5-minute target: A = 1.5, t/AHT = 1/3. N = 3: C = 0.236842,
//     SL = 1 − 0.236842·e^(−0.5) = 1 − 0.236842·0.606531 = 0.856348: 3 desks (N = 2 gives
//     1 − 0.642857·e^(−1/6) = 1 − 0.642857·0.846482 = 0.455833).
func TestCounterStaffing(t *testing.T) {
	target := CounterTarget{Share: 0.8, Within: 10 * time.Minute}
	cases := []struct {
		name      string
		demand    CounterDemand
		target    CounterTarget
		walkIn    int
		sl        float64
		deskHours float64
		desks     int
	}{
		{"9 walk-ins and 50 planned minutes", CounterDemand{WalkInsPerHour: 9, WalkInMinutes: 10, PlannedMinutes: 50}, target,
			3, 0.947153, 50.0/60 + 3, 4},
		{"one walk-in", CounterDemand{WalkInsPerHour: 1, WalkInMinutes: 10}, target, 1, 0.927567, 1, 1},
		{"planned work only", CounterDemand{PlannedMinutes: 10}, target, 0, 1, 10.0 / 60, 1},
		{"two full hours of appointments need two desks", CounterDemand{PlannedMinutes: 120}, target, 0, 1, 2, 2},
		{"a stricter target", CounterDemand{WalkInsPerHour: 6, WalkInMinutes: 15}, CounterTarget{Share: 0.8, Within: 5 * time.Minute},
			3, 0.856348, 3, 3},
		{"nothing", CounterDemand{}, target, 0, 1, 0, 0},
	}
	for _, c := range cases {
		got, err := CounterStaffing([]CounterDemand{c.demand}, c.target)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		n := got[0]
		if n.WalkInDesks != c.walkIn || math.Abs(n.ServiceLevel-c.sl) > 5e-6 || math.Abs(n.DeskHours-c.deskHours) > 1e-9 || n.Desks != c.desks {
			t.Errorf("%s: walk-in desks %d (want %d), service level %.6f (want %.6f), desk hours %.4f (want %.4f), desks %d (want %d)",
				c.name, n.WalkInDesks, c.walkIn, n.ServiceLevel, c.sl, n.DeskHours, c.deskHours, n.Desks, c.desks)
		}
	}
}

func TestCounterStaffingRefusesABadTarget(t *testing.T) {
	for _, tg := range []CounterTarget{{Share: 0, Within: time.Minute}, {Share: 1, Within: time.Minute}, {Share: 0.8, Within: -time.Minute},
		{Share: math.NaN(), Within: time.Minute}} {
		if _, err := CounterStaffing([]CounterDemand{{WalkInsPerHour: 1, WalkInMinutes: 10}}, tg); !errors.Is(err, ErrInvalidStaffing) {
			t.Errorf("target %+v: %v, want ErrInvalidStaffing", tg, err)
		}
	}
}
