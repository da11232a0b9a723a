package console

import (
	"strconv"
	"strings"

	"loket/internal/kb"
)

// diffLine is one line of a version comparison.
type diffLine struct {
	Op   string // "=", "+" (added in the newer version) or "-" (removed)
	Text string
}

// articleLines writes an article as lines an editor can compare: the fields first, then the texts.
func articleLines(a kb.Article) []string {
	state := "gepubliceerd"
	if !a.Published() {
		state = "concept"
	}
	deadline := ""
	if a.DeadlineDays > 0 {
		deadline = strconv.Itoa(a.DeadlineDays) + " dagen"
	}
	lines := []string{
		"Titel: " + a.Title, "Soort: " + a.Type, "Status: " + state, "Thema: " + a.Theme, "UPL-naam: " + a.UPL,
		"Doelgroep: " + strings.Join(a.Audience, ", "), "Samenvatting: " + a.Summary,
		"Trefwoorden: " + strings.Join(a.Keywords, ", "), "Kosten: " + a.Cost, "Doorlooptijd: " + a.LeadTime,
		"Kanalen: " + strings.Join(a.Channels, ", "), "Beslistermijn: " + deadline,
		"Gerelateerd: " + strings.Join(a.Related, ", "), "Eigenaar: " + a.Owner, "Controleren vóór: " + a.ReviewBy,
		"", "— Tekst —",
	}
	lines = append(lines, strings.Split(a.Body, "\n")...)
	lines = append(lines, "", "— Interne notitie —")
	return append(lines, strings.Split(a.Internal, "\n")...)
}

// maxDiffCells bounds the comparison table; beyond it the diff shows the old text removed and the new added.
const maxDiffCells = 4_000_000

// lineDiff compares two texts line by line (longest common subsequence) and returns every line with
// its operation, in the order of the newer text.
func lineDiff(old, new []string) []diffLine {
	// Lines the two share at the start and the end need no table.
	pre := 0
	for pre < len(old) && pre < len(new) && old[pre] == new[pre] {
		pre++
	}
	suf := 0
	for suf < len(old)-pre && suf < len(new)-pre && old[len(old)-1-suf] == new[len(new)-1-suf] {
		suf++
	}
	var out []diffLine
	for _, l := range old[:pre] {
		out = append(out, diffLine{"=", l})
	}
	out = append(out, middleDiff(old[pre:len(old)-suf], new[pre:len(new)-suf])...)
	for _, l := range old[len(old)-suf:] {
		out = append(out, diffLine{"=", l})
	}
	return out
}

func middleDiff(a, b []string) []diffLine {
	var out []diffLine
	if len(a)*len(b) > maxDiffCells {
		for _, l := range a {
			out = append(out, diffLine{"-", l})
		}
		for _, l := range b {
			out = append(out, diffLine{"+", l})
		}
		return out
	}
	// lcs[i][j] is the length of the longest common subsequence of a[i:] and b[j:].
	w := len(b) + 1
	lcs := make([]int32, (len(a)+1)*w)
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else {
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, diffLine{"=", a[i]})
			i, j = i+1, j+1
		case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
			out = append(out, diffLine{"-", a[i]})
			i++
		default:
			out = append(out, diffLine{"+", b[j]})
			j++
		}
	}
	for ; i < len(a); i++ {
		out = append(out, diffLine{"-", a[i]})
	}
	for ; j < len(b); j++ {
		out = append(out, diffLine{"+", b[j]})
	}
	return out
}

// diffHunk is a stretch of changed lines with a little unchanged context around it.
type diffHunk struct {
	Lines []diffLine
}

// hunks keeps the changed lines with context lines around them, so a long article shows only what changed.
func hunks(lines []diffLine, context int) []diffHunk {
	keep := make([]bool, len(lines))
	for i, l := range lines {
		if l.Op != "=" {
			for k := max(0, i-context); k <= min(len(lines)-1, i+context); k++ {
				keep[k] = true
			}
		}
	}
	var out []diffHunk
	for i := 0; i < len(lines); i++ {
		if !keep[i] {
			continue
		}
		h := diffHunk{}
		for ; i < len(lines) && keep[i]; i++ {
			h.Lines = append(h.Lines, lines[i])
		}
		out = append(out, h)
	}
	return out
}
