// Package payment owns fees (leges) and their payment through a payment service provider behind one
// interface (Provider; Mollie's Payments API first): what a request costs, the payment that must be
// confirmed by the provider's webhook before the request is sent, retries, refunds and the figures for
// the finance department.
package payment

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Fee is what a product costs, set on its request form: a fixed part, plus an amount per item (times
// the number a field holds), plus an amount that depends on a choice.
type Fee struct {
	Label    string    `json:"label"`
	Cents    int64     `json:"cents,omitempty"`
	PerItem  *PerItem  `json:"per_item,omitempty"`
	ByAnswer *ByAnswer `json:"by_answer,omitempty"`
	// RefundOn lists the decision outcomes after which the fee may be refunded; empty: "ingetrokken".
	RefundOn []string `json:"refund_on,omitempty"`
}

// PerItem charges Cents for each item counted in Field (a number field).
type PerItem struct {
	Field string `json:"field"`
	Cents int64  `json:"cents"`
	Label string `json:"label,omitempty"` // e.g. "per dag"
}

// ByAnswer charges the amount of the option chosen in Field (a choice field).
type ByAnswer struct {
	Field string           `json:"field"`
	Cents map[string]int64 `json:"cents"`
}

// Line is one part of an amount, as the resident sees it before paying.
type Line struct {
	Label string
	Cents int64
}

// MaxCents bounds one payment (€ 100.000): a form answer cannot make an absurd amount.
const MaxCents = 10_000_000

// Amount works out the fee for these answers, with its lines.
func (f Fee) Amount(values map[string]string) (int64, []Line) {
	var lines []Line
	total := f.Cents
	if f.Cents > 0 {
		lines = append(lines, Line{Label: f.Label, Cents: f.Cents})
	}
	if p := f.PerItem; p != nil {
		n, err := strconv.ParseInt(strings.TrimSpace(values[p.Field]), 10, 64)
		if err == nil && n > 0 && n <= 10_000 {
			total += n * p.Cents
			lines = append(lines, Line{Label: fmt.Sprintf("%d × %s %s", n, Euro(p.Cents), p.Label), Cents: n * p.Cents})
		}
	}
	if b := f.ByAnswer; b != nil {
		if c, ok := b.Cents[values[b.Field]]; ok && c > 0 {
			total += c
			lines = append(lines, Line{Label: f.Label + " (" + values[b.Field] + ")", Cents: c})
		}
	}
	return min(total, MaxCents), lines
}

// Refundable reports whether a decision with this outcome allows a refund.
func (f Fee) Refundable(outcome string) bool {
	if len(f.RefundOn) == 0 {
		return outcome == "ingetrokken"
	}
	return slices.Contains(f.RefundOn, outcome)
}

// Check lists what is wrong with a fee, given the form's field types by name.
func (f Fee) Check(fieldTypes map[string]string) []string {
	var ps []string
	if strings.TrimSpace(f.Label) == "" {
		ps = append(ps, "Geef de kosten een omschrijving, bijvoorbeeld \"Leges parkeervergunning\".")
	}
	if f.Cents < 0 || f.Cents > MaxCents {
		ps = append(ps, "Het vaste bedrag moet tussen 0 en 10000000 cent liggen.")
	}
	if p := f.PerItem; p != nil && (fieldTypes[p.Field] != "number" || p.Cents <= 0 || p.Cents > MaxCents) {
		ps = append(ps, "Kosten per stuk horen bij een getalveld van het formulier en een bedrag in cent boven 0.")
	}
	if b := f.ByAnswer; b != nil && (fieldTypes[b.Field] != "choice" || len(b.Cents) == 0) {
		ps = append(ps, "Kosten per antwoord horen bij een keuzeveld van het formulier, met een bedrag per keuze.")
	}
	if f.Cents == 0 && f.PerItem == nil && f.ByAnswer == nil {
		ps = append(ps, "Noem een vast bedrag, een bedrag per stuk of een bedrag per antwoord.")
	}
	return ps
}

// Euro writes cents the Dutch way: "€ 1.234,50".
func Euro(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	whole := strconv.FormatInt(cents/100, 10)
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return fmt.Sprintf("%s€ %s,%02d", sign, b.String(), cents%100)
}

// Value writes cents as Mollie's amount value: "1234.50".
func Value(cents int64) string { return fmt.Sprintf("%d.%02d", cents/100, cents%100) }

// ParseValue reads Mollie's amount value ("10.00") into cents.
func ParseValue(v string) (int64, error) {
	whole, frac, ok := strings.Cut(v, ".")
	if !ok || len(frac) != 2 || len(whole) == 0 || len(whole) > 10 {
		return 0, fmt.Errorf("payment: amount %q is not in the form 10.00", v)
	}
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || w < 0 || f < 0 {
		return 0, fmt.Errorf("payment: amount %q is not in the form 10.00", v)
	}
	return w*100 + f, nil
}
