package render

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark"

	"loket/internal/auth"
	"loket/internal/calendar"
	"loket/internal/insight"
)

var markdown = goldmark.New()

// Markdown turns article Markdown into HTML; goldmark drops raw HTML, so the output is safe.
func Markdown(md string) (template.HTML, error) {
	if out, ok := converted.get(md); ok {
		return out, nil
	}
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(md), &buf); err != nil {
		return "", err
	}
	out := template.HTML(buf.String())
	converted.put(md, out)
	return out, nil
}

// converted remembers Markdown's recent results: an article page converts the same body on every view, and
// the conversion is a pure function of the text.
var converted = markdownMemo{byText: map[string]template.HTML{}}

// markdownMemo is a memo of converted texts bounded in bytes; when full it starts over.
type markdownMemo struct {
	mu     sync.RWMutex
	byText map[string]template.HTML
	bytes  int
}

const markdownMemoBytes = 16 << 20

func (m *markdownMemo) get(md string) (template.HTML, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out, ok := m.byText[md]
	return out, ok
}

func (m *markdownMemo) put(md string, out template.HTML) {
	m.mu.Lock()
	defer m.mu.Unlock()
	size := len(md) + len(out)
	if size > markdownMemoBytes/16 {
		return // a very long text is converted each time rather than crowding out the rest
	}
	if m.bytes+size > markdownMemoBytes {
		m.byText, m.bytes = map[string]template.HTML{}, 0
	}
	if _, ok := m.byText[md]; !ok {
		m.byText[md] = out
		m.bytes += size
	}
}

var channelNames = map[string]string{
	"online": "Online", "balie": "Aan de balie, op afspraak", "telefoon": "Telefonisch",
	"post": "Per post", "email": "Per e-mail",
}

// RoleName is the Dutch name of a staff role.
func RoleName(r auth.Role) string { return auth.RoleNames[r] }

var months = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
	"oktober", "november", "december"}

// Date writes a date the Dutch way: 3 maart 2027.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(calendar.Amsterdam)
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// DateTime writes a moment the Dutch way: 3 maart 2027 14.05 uur.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return Date(t) + " " + t.In(calendar.Amsterdam).Format("15.04") + " uur"
}

func channelName(c string) string {
	if n, ok := channelNames[c]; ok {
		return n
	}
	return c
}

// Number writes a whole number the Dutch way: 270.000.
func Number(v any) string {
	var n int64
	switch x := v.(type) {
	case int:
		n = int64(x)
	case int64:
		n = x
	case float64:
		n = int64(math.Round(x))
	default:
		return fmt.Sprint(v)
	}
	s := strconv.FormatInt(max(n, -n), 10)
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Percent writes a share as a Dutch percentage with one decimal: 12,5%.
func Percent(share float64) string {
	return strings.Replace(strconv.FormatFloat(share*100, 'f', 1, 64), ".", ",", 1) + "%"
}

// Decimal writes a number with the given decimals and a decimal comma.
func Decimal(v float64, decimals int) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', decimals, 64), ".", ",", 1)
}

// Euro writes an amount in euro: € 1.234,56.
func Euro(v float64) string {
	cents := int64(math.Round(v * 100))
	return fmt.Sprintf("€ %s,%02d", Number(cents/100), cents%100)
}

// ChannelLabel is the Dutch name of an insight channel.
func ChannelLabel(ch string) string {
	if n, ok := insight.ChannelNames[ch]; ok {
		return n
	}
	return ch
}

// plusOne turns a zero-based index into a place in a ranking.
func plusOne(i int) int { return i + 1 }

// Count writes a number with the Dutch singular or plural noun: "1 resultaat", "3 resultaten",
// "0 resultaten", with thousands separated as Number does.
func Count(v any, one, many string) string {
	s := Number(v)
	if s == "1" {
		return s + " " + one
	}
	return s + " " + many
}

// EscapeText escapes s as html/template escapes a string in text or in a quoted attribute value, for
// markup written in Go beside the templates.
func EscapeText(s string) string { return textEscaper.Replace(s) }

var textEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;",
	"<", "&lt;", ">", "&gt;")
