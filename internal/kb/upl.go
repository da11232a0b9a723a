package kb

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"slices"
	"strings"
	"sync"
)

// uplCSV is the Uniforme Productnamenlijst (UPL) of the national government, bundled so that loket works
// offline; its first column is the product name.
//
//go:embed upl.csv
var uplCSV []byte

// uplNames is the sorted list of UPL names, with a lower-case index for lookups.
var uplNames = sync.OnceValue(func() []string {
	rows, err := csv.NewReader(bytes.NewReader(uplCSV)).ReadAll()
	if err != nil {
		panic("kb: bundled upl.csv is not readable: " + err.Error())
	}
	names := make([]string, 0, len(rows)-1)
	for _, r := range rows[min(1, len(rows)):] { // the first row is the header
		if name := strings.TrimSpace(r[0]); name != "" {
			names = append(names, name)
		}
	}
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return slices.Compact(names)
})

// UPLNames returns every name of the Uniforme Productnamenlijst, sorted.
func UPLNames() []string { return slices.Clone(uplNames()) }

// UPLName returns the name as the UPL spells it, ignoring case and outer spaces; false when it is not in
// the list.
func UPLName(name string) (string, bool) {
	name = strings.TrimSpace(name)
	for _, n := range uplNames() {
		if strings.EqualFold(n, name) {
			return n, true
		}
	}
	return "", false
}

// SearchUPL returns at most limit UPL names that contain q, case-insensitively: names that start with q
// first, then the others, each alphabetically.
func SearchUPL(q string, limit int) []string {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" || limit <= 0 {
		return nil
	}
	var starts, contains []string
	for _, n := range uplNames() {
		l := strings.ToLower(n)
		switch {
		case strings.HasPrefix(l, q):
			starts = append(starts, n)
		case strings.Contains(l, q):
			contains = append(contains, n)
		}
	}
	out := append(starts, contains...)
	return out[:min(limit, len(out))]
}
