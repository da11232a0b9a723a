package console

import (
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strings"

	"loket/internal/kb"
	"loket/internal/plainlang"
	"loket/internal/web/render"
	"loket/internal/web/respond"
)

// languageReport is the plain-language indicator of the editor, on the page and as JSON while typing.
type languageReport struct {
	Words       int            `json:"words"`
	Sentences   int            `json:"sentences"`
	Score       string         `json:"score"` // Flesch-Douma, one decimal, Dutch notation
	Level       string         `json:"level"`
	OK          bool           `json:"ok"` // B1 or easier
	Long        []languageSpan `json:"long"`
	Officialese []languageSpan `json:"officialese"`
	Marked      template.HTML  `json:"marked"` // the text with long sentences and officialese marked
}

// languageSpan is a long sentence or an officialese word, with what to do about it.
type languageSpan struct {
	Text string `json:"text"`
	Hint string `json:"hint"`
}

// languageOf analyses a text (Markdown) for the editor with the bundled word list.
func languageOf(text string) languageReport { return languageWith(text, nil) }

// languageWith analyses a text with a word list (nil: the bundled one).
func languageWith(text string, words *plainlang.WordList) languageReport {
	rep := plainlang.AnalyzeWith(text, words)
	out := languageReport{Words: rep.Words, Sentences: rep.Sentences, Level: rep.Level, OK: rep.Level == plainlang.LevelB1,
		Score: strings.Replace(fmt.Sprintf("%.1f", rep.ReadingEase), ".", ",", 1),
		Long:  []languageSpan{}, Officialese: []languageSpan{}}
	for _, s := range rep.LongSentences {
		out.Long = append(out.Long, languageSpan{Text: cutText(text[s.Start:s.End], 120),
			Hint: fmt.Sprintf("%d woorden. Maak er twee zinnen van (hoogstens %d woorden per zin).", s.Words, plainlang.MaxSentenceWords)})
	}
	for _, f := range rep.Officialese {
		out.Officialese = append(out.Officialese, languageSpan{Text: f.Text, Hint: "Schrijf liever: " + f.Suggestion})
	}
	out.Marked = markText(text, rep)
	return out
}

func cutText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
	}
	return strings.ToValidUTF8(s[:cut], "") + " …"
}

// mark is one stretch of text to highlight; long sentences contain the officialese within them.
type mark struct {
	start, end int
	class      string
	title      string
}

// markText escapes text and wraps long sentences and officialese in <mark>; the spans nest because
// officialese is found within one sentence.
func markText(text string, rep plainlang.Report) template.HTML {
	var marks []mark
	for _, s := range rep.LongSentences {
		marks = append(marks, mark{s.Start, s.End, "taal-lang", fmt.Sprintf("Lange zin: %d woorden", s.Words)})
	}
	for _, f := range rep.Officialese {
		marks = append(marks, mark{f.Start, f.End, "taal-ambtelijk", "Schrijf liever: " + f.Suggestion})
	}
	sort.SliceStable(marks, func(i, j int) bool {
		if marks[i].start != marks[j].start {
			return marks[i].start < marks[j].start
		}
		return marks[i].end > marks[j].end
	})
	var b strings.Builder
	var open []mark
	pos := 0
	flush := func(to int) {
		b.WriteString(template.HTMLEscapeString(text[pos:to]))
		pos = to
	}
	closeUntil := func(at int) {
		for len(open) > 0 && open[len(open)-1].end <= at {
			flush(open[len(open)-1].end)
			b.WriteString("</mark>")
			open = open[:len(open)-1]
		}
	}
	for _, m := range marks {
		if m.start < pos || m.end > len(text) || (len(open) > 0 && m.end > open[len(open)-1].end && m.start < open[len(open)-1].end) {
			continue // overlapping without nesting: leave this one unmarked rather than break the HTML
		}
		closeUntil(m.start)
		flush(m.start)
		fmt.Fprintf(&b, `<mark class="%s" title="%s">`, m.class, template.HTMLEscapeString(m.title))
		open = append(open, m)
	}
	closeUntil(len(text))
	flush(len(text))
	return template.HTML(b.String())
}

// checkLanguage is POST /beheer/redactie/taal: the indicator for the text the editor is typing.
func (h *Handler) checkLanguage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := r.ParseForm(); err != nil {
		respond.Fail(w, http.StatusRequestEntityTooLarge, "De tekst is te lang om te controleren.")
		return
	}
	respond.JSON(w, http.StatusOK, languageWith(normalizeNewlines(r.PostForm.Get("tekst")), h.plainWords(r)))
}

// previewArticle is POST /beheer/redactie/voorbeeld: the body as residents will see it, as an HTML fragment.
func (h *Handler) previewArticle(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "De tekst is te lang voor een voorbeeld.", http.StatusRequestEntityTooLarge)
		return
	}
	html, err := render.Markdown(normalizeNewlines(r.PostForm.Get("tekst")))
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(html))
}

// searchUPL is GET /beheer/redactie/upl?q=: names from the Uniforme Productnamenlijst for the picker.
func (h *Handler) searchUPL(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	if len(q) > 200 {
		respond.Fail(w, http.StatusBadRequest, "De zoekterm is te lang.")
		return
	}
	names := kb.SearchUPL(q, 20)
	if names == nil {
		names = []string{}
	}
	respond.JSON(w, http.StatusOK, map[string]any{"names": names})
}
