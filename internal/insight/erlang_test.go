package insight

import (
	"errors"
	"math"
	"testing"
)

func TestErlangC(t *testing.T) {
	tests := []struct {
		name    string
		agents  int
		traffic float64
		want    float64
		tol     float64
	}{
		{"M/M/1 waits with probability rho", 1, 0.6, 0.6, 1e-12},
		{"M/M/2 at half load is one third", 2, 1, 1.0 / 3, 1e-12},
		{"10 Erlang on 11 agents", 11, 10, 0.6821, 5e-5},
		{"10 Erlang on 14 agents", 14, 10, 0.1741, 5e-5},
		{"overloaded", 10, 10, 1, 0},
		{"no traffic", 5, 0, 0, 0},
		{"no agents", 0, 3, 1, 0},
	}
	for _, tt := range tests {
		if got := ErlangC(tt.agents, tt.traffic); math.Abs(got-tt.want) > tt.tol {
			t.Errorf("%s: ErlangC(%d, %g) = %.6f, want %.6f", tt.name, tt.agents, tt.traffic, got, tt.want)
		}
	}
}

// erlangCLog is the textbook formula evaluated in log space with lgamma, an independent
// reference for agent counts where A^N/N! over- or underflows.
func erlangCLog(n int, a float64) float64 {
	logTerm := func(k int) float64 { lg, _ := math.Lgamma(float64(k) + 1); return float64(k)*math.Log(a) - lg }
	top := logTerm(n) + math.Log(float64(n)/(float64(n)-a))
	peak := top
	for k := range n {
		peak = math.Max(peak, logTerm(k))
	}
	sum := 0.0
	for k := range n {
		sum += math.Exp(logTerm(k) - peak)
	}
	t := math.Exp(top - peak)
	return t / (sum + t)
}

func TestErlangCLargeAgreesWithLogSpace(t *testing.T) {
	for _, c := range []struct {
		n int
		a float64
	}{{50, 45}, {200, 190}, {500, 480}, {1000, 990}, {500, 300}} {
		got, want := ErlangC(c.n, c.a), erlangCLog(c.n, c.a)
		if math.IsNaN(got) || math.Abs(got-want) > 1e-9 {
			t.Errorf("ErlangC(%d, %g) = %g, log-space reference %g", c.n, c.a, got, want)
		}
	}
}

func TestStaffing(t *testing.T) {
	tests := []struct {
		name              string
		in                StaffingInput
		agents, scheduled int
		serviceLevel, asa float64
	}{
		// The standard worked example: 100 calls per half hour, 180 s, 80% in 20 s.
		{"reference 10 Erlang", StaffingInput{ArrivalsPerHour: 200, AHTSeconds: 180, TargetShare: 0.8,
			WithinSeconds: 20, Shrinkage: 0.3}, 14, 20, 0.888, 7.8},
		{"no shrinkage", StaffingInput{ArrivalsPerHour: 200, AHTSeconds: 180, TargetShare: 0.8,
			WithinSeconds: 20}, 14, 14, 0.888, 7.8},
		{"stricter target", StaffingInput{ArrivalsPerHour: 200, AHTSeconds: 180, TargetShare: 0.9,
			WithinSeconds: 20}, 15, 15, 0.942, 3.7},
		{"three chats at once of 540 s act as one of 180 s", StaffingInput{ArrivalsPerHour: 200, AHTSeconds: 540,
			TargetShare: 0.8, WithinSeconds: 20, Concurrency: 3}, 14, 14, 0.888, 7.8},
	}
	for _, tt := range tests {
		got, err := Staffing(tt.in)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got.Agents != tt.agents || got.ScheduledAgents != tt.scheduled {
			t.Errorf("%s: agents %d scheduled %d, want %d and %d", tt.name, got.Agents, got.ScheduledAgents, tt.agents, tt.scheduled)
		}
		if tt.serviceLevel > 0 && math.Abs(got.ServiceLevel-tt.serviceLevel) > 0.001 {
			t.Errorf("%s: service level %.4f, want %.3f", tt.name, got.ServiceLevel, tt.serviceLevel)
		}
		if tt.asa > 0 && math.Abs(got.ASASeconds-tt.asa) > 0.05 {
			t.Errorf("%s: ASA %.2f s, want %.1f", tt.name, got.ASASeconds, tt.asa)
		}
		if got.ServiceLevel < tt.in.TargetShare || got.Occupancy >= 1 {
			t.Errorf("%s: result %+v misses target or overloads", tt.name, got)
		}
	}
}

// TestStaffingIsMinimal checks over a grid that one agent fewer would miss the target.
func TestStaffingIsMinimal(t *testing.T) {
	for _, calls := range []float64{5, 40, 200, 1000, 6000} {
		for _, aht := range []float64{60, 240, 600} {
			in := StaffingInput{ArrivalsPerHour: calls, AHTSeconds: aht, TargetShare: 0.8, WithinSeconds: 30}
			got, err := Staffing(in)
			if err != nil {
				t.Fatal(err)
			}
			traffic := calls * aht / 3600
			if got.Agents > 1 && serviceLevel(got.Agents-1, traffic, aht, 30) >= 0.8 {
				t.Errorf("%g calls × %g s: %d agents, but %d suffice", calls, aht, got.Agents, got.Agents-1)
			}
		}
	}
}

func TestStaffingRejects(t *testing.T) {
	ok := StaffingInput{ArrivalsPerHour: 200, AHTSeconds: 180, TargetShare: 0.8, WithinSeconds: 20}
	tests := map[string]func(*StaffingInput){
		"negative arrivals":  func(in *StaffingInput) { in.ArrivalsPerHour = -1 },
		"zero AHT":           func(in *StaffingInput) { in.AHTSeconds = 0 },
		"target of 100%":     func(in *StaffingInput) { in.TargetShare = 1 },
		"target as percent":  func(in *StaffingInput) { in.TargetShare = 80 },
		"negative wait":      func(in *StaffingInput) { in.WithinSeconds = -5 },
		"shrinkage of 1":     func(in *StaffingInput) { in.Shrinkage = 1 },
		"NaN":                func(in *StaffingInput) { in.AHTSeconds = math.NaN() },
		"absurd load":        func(in *StaffingInput) { in.ArrivalsPerHour = 1e9 },
		"absurd concurrency": func(in *StaffingInput) { in.Concurrency = 100 },
	}
	for name, spoil := range tests {
		in := ok
		spoil(&in)
		if _, err := Staffing(in); !errors.Is(err, ErrInvalidStaffing) {
			t.Errorf("%s: err = %v, want ErrInvalidStaffing", name, err)
		}
	}
	if got, err := Staffing(StaffingInput{AHTSeconds: 180, TargetShare: 0.8}); err != nil || got.Agents != 0 {
		t.Errorf("no calls: %+v, %v; want zero agents", got, err)
	}
}

func TestWhatIf(t *testing.T) {
	in := WhatIfInput{
		Base: StaffingInput{ArrivalsPerHour: 200, AHTSeconds: 180, TargetShare: 0.8,
			WithinSeconds: 20, Shrinkage: 0.3},
		ShiftedShare:        0.25,
		StaffedHoursPerYear: 2210,
		HoursPerFTE:         1872,
	}
	got, err := WhatIf(in)
	if err != nil {
		t.Fatal(err)
	}
	// 150 calls an hour is 7.5 Erlang: 11 agents, 16 scheduled, so 4 fewer than 20.
	if got.Before.ScheduledAgents != 20 || got.After.ScheduledAgents != 16 || got.FreedAgents != 4 {
		t.Errorf("WhatIf = %+v, want 20 → 16 scheduled", got)
	}
	if want := 4 * 2210.0 / 1872; math.Abs(got.FreedFTE-want) > 1e-9 {
		t.Errorf("FreedFTE = %.3f, want %.3f", got.FreedFTE, want)
	}
	in.ShiftedShare = 1.5
	if _, err := WhatIf(in); !errors.Is(err, ErrInvalidStaffing) {
		t.Errorf("share 1.5: err = %v", err)
	}
}

func BenchmarkStaffing(b *testing.B) {
	in := StaffingInput{ArrivalsPerHour: 200, AHTSeconds: 180, TargetShare: 0.8, WithinSeconds: 20, Shrinkage: 0.3}
	for b.Loop() {
		if _, err := Staffing(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStaffingLarge(b *testing.B) {
	in := StaffingInput{ArrivalsPerHour: 6000, AHTSeconds: 300, TargetShare: 0.8, WithinSeconds: 20}
	for b.Loop() {
		if _, err := Staffing(in); err != nil {
			b.Fatal(err)
		}
	}
}
