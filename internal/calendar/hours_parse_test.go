package calendar

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseHours(t *testing.T) {
	tests := []struct {
		in, want string // want is the canonical String form
	}{
		{"ma-vr 08:30-17:00", "ma-vr 08:30-17:00"},
		{"ma-vr 08:30-17:00; do 18:00-20:00", "ma-wo 08:30-17:00; do 08:30-17:00,18:00-20:00; vr 08:30-17:00"},
		{"MA - VR 8:30 – 17:00;", "ma-vr 08:30-17:00"},
		{"ma,wo,vr 09:00-12:00", "ma 09:00-12:00; wo 09:00-12:00; vr 09:00-12:00"},
		{"ma-do 08:30-12:00, 13:00-17:00; vr 08:30-12:00", "ma-do 08:30-12:00,13:00-17:00; vr 08:30-12:00"},
		{"za-zo 00:00-24:00", "za-zo 00:00-24:00"},
		{"ma 12:00-13:00,08:00-09:00", "ma 08:00-09:00,12:00-13:00"},
	}
	for _, tt := range tests {
		h, err := ParseHours(tt.in)
		if err != nil {
			t.Errorf("ParseHours(%q): %v", tt.in, err)
			continue
		}
		if got := h.String(); got != tt.want {
			t.Errorf("ParseHours(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseHoursErrors(t *testing.T) {
	tests := []struct {
		in, msg string
	}{
		{"", "no opening times"},
		{";;", "no opening times"},
		{"ma-vr", "no times"},
		{"08:30-17:00", "no days"},
		{"mo-fr 08:30-17:00", `unknown day "mo"`},
		{"vr-ma 08:30-17:00", "runs backwards"},
		{"ma 17:00-08:30", "closes before it opens"},
		{"ma 08:30", "want HH:MM-HH:MM"},
		{"ma 25:00-26:00", `time "25:00"`},
		{"ma 08:60-09:00", `time "08:60"`},
		{"ma 8-17", `time "8"`},
		{"ma 08:00-24:01", `time "24:01"`},
		{"ma-vr 08:30-17:00; do 16:00-20:00", "overlap"},
	}
	for _, tt := range tests {
		_, err := ParseHours(tt.in)
		if !errors.Is(err, ErrInvalidHours) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("ParseHours(%q) = %v, want ErrInvalidHours mentioning %q", tt.in, err, tt.msg)
		}
	}
}

func FuzzParseHours(f *testing.F) {
	for _, s := range []string{"ma-vr 08:30-17:00; do 18:00-20:00", "za,zo 10:00-12:00,13:00-24:00", "ma 8:00-9:00;", "vr-ma 1:00-2:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHours(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidHours) {
				t.Fatalf("error %v does not wrap ErrInvalidHours", err)
			}
			return
		}
		for _, spans := range h.Week {
			for i, sp := range spans {
				if sp.From < 0 || sp.From >= sp.To || sp.To > 24*60*60*1e9 || (i > 0 && sp.From < spans[i-1].To) {
					t.Fatalf("%q gave bad spans %v", s, spans)
				}
			}
		}
		again, err := ParseHours(h.String())
		if err != nil {
			t.Fatalf("String %q of %q does not parse: %v", h.String(), s, err)
		}
		for wd := range h.Week {
			if !slices.Equal(h.Week[wd], again.Week[wd]) {
				t.Fatalf("round trip of %q changed day %d: %v → %v", s, wd, h.Week[wd], again.Week[wd])
			}
		}
	})
}
