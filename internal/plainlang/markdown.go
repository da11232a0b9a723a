package plainlang

import (
	"bytes"
	"strings"
)

// hardBreak marks, in the masked text, the end of a heading or list item: a sentence ends
// there even without a full stop. It is a control byte that cannot be part of a word.
const hardBreak = '\x1e'

// maskMarkdown returns a copy of text of exactly the same length in which Markdown markup is
// replaced by spaces, so that every offset found in the copy is also an offset in text. Only
// ASCII markup, or whole link targets, are blanked, so UTF-8 sequences stay intact.
// Fenced code is blanked entirely: it is not prose.
func maskMarkdown(text string) []byte {
	out := []byte(text)
	inFence := false
	for start := 0; start < len(out); {
		end := bytes.IndexByte(out[start:], '\n')
		if end < 0 {
			end = len(out)
		} else {
			end += start
		}
		line := out[start:end]
		trimmed := strings.TrimLeft(string(line), " \t")
		switch {
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			inFence = !inFence
			blank(line)
		case inFence:
			blank(line)
		default:
			if maskBlock(line) && end < len(out) {
				out[end] = hardBreak
			}
			maskInline(line)
		}
		start = end + 1
	}
	return out
}

// maskBlock blanks the marker of a heading, list item, quote or rule at the start of line and
// reports whether the line stands on its own (a heading or a list item).
func maskBlock(line []byte) bool {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	rest := line[i:]
	for len(rest) > 0 && rest[0] == '>' { // quotes may nest and hold any other block
		rest[0] = ' '
		rest = bytes.TrimLeft(rest[1:], " ")
	}
	switch {
	case isRule(rest):
		blank(rest)
		return false
	case len(rest) > 0 && rest[0] == '#':
		n := 0
		for n < len(rest) && rest[n] == '#' {
			n++
		}
		if n <= 6 && (n == len(rest) || rest[n] == ' ') {
			blank(rest[:n])
			return true
		}
	case len(rest) > 1 && (rest[0] == '-' || rest[0] == '*' || rest[0] == '+') && rest[1] == ' ':
		rest[0] = ' '
		return true
	default:
		n := 0
		for n < len(rest) && n < 9 && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n > 0 && n+1 < len(rest) && (rest[n] == '.' || rest[n] == ')') && rest[n+1] == ' ' {
			blank(rest[:n+1])
			return true
		}
	}
	return false
}

// isRule reports a thematic break such as "---" or "* * *".
func isRule(s []byte) bool {
	t := bytes.ReplaceAll(bytes.TrimSpace(s), []byte(" "), nil)
	if len(t) < 3 {
		return false
	}
	for _, c := range t {
		if c != t[0] || (c != '-' && c != '*' && c != '_') {
			return false
		}
	}
	return true
}

// maskInline blanks emphasis, code ticks, table pipes, HTML tags and link targets in one line.
func maskInline(line []byte) {
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '*', '`', '|', '\\':
			line[i] = ' '
		case '_':
			if (i == 0 || !isWordByte(line[i-1])) || (i+1 == len(line) || !isWordByte(line[i+1])) {
				line[i] = ' '
			}
		case '!':
			if i+1 < len(line) && line[i+1] == '[' {
				line[i] = ' '
			}
		case '[':
			line[i] = ' '
		case ']':
			line[i] = ' '
			if i+1 < len(line) && line[i+1] == '(' {
				if j := bytes.IndexByte(line[i:], ')'); j > 0 {
					blank(line[i : i+j+1])
					i += j
				}
			}
		case '<':
			// A tag, comment or autolink starts right after "<"; "a < b" is prose.
			j := bytes.IndexByte(line[i:], '>')
			if j > 1 && (isLetter(line[i+1]) || line[i+1] == '/' || line[i+1] == '!') {
				blank(line[i : i+j+1])
				i += j
			}
		}
	}
}

func isWordByte(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' || c >= 0x80 }
func isLetter(c byte) bool   { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func blank(b []byte) {
	for i := range b {
		b[i] = ' '
	}
}
