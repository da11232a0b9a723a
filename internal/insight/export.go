package insight

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Table is a dashboard table as it is exported: a title, column headings and rows of typed cells (text,
// whole numbers, decimals, a Share or a time.Time for a day), so a spreadsheet gets numbers, percentages
// and dates it can calculate with.
type Table struct {
	Name    string // file name without extension, e.g. "kanalen-2026-11-01-2026-11-30"
	Sheet   string // the worksheet's name, whole words of at most 31 characters, e.g. "Kanalen"
	Title   string // the full title with the period, the first row of the worksheet
	Columns []string
	Rows    [][]any
}

// Share is a fraction (0.25 is a quarter); exports show it as a percentage.
type Share float64

// DayCell turns a YYYY-MM-DD day into a date cell; a text that is not a day stays text.
func DayCell(day string) any {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t
}

// csvBOM makes Excel read the file as UTF-8, so ë and € come out right.
const csvBOM = "\ufeff"

// WriteCSV writes the table as CSV the way Dutch Excel opens it in columns: a byte-order mark, semicolons
// between cells, a comma as the decimal sign, shares as percentages ("12,5%") and days as YYYY-MM-DD.
// A text cell that a spreadsheet would read as a formula is made inert.
func (t Table) WriteCSV(w io.Writer) error {
	cs, err := NewCSVStream(w, t.Columns...)
	if err != nil {
		return err
	}
	for _, row := range t.Rows {
		if err := cs.Row(row...); err != nil {
			return err
		}
	}
	return cs.Close()
}

// CSVStream writes a CSV file row by row the way WriteCSV does, for exports too long to hold in memory
// (the audit log). Close flushes it.
type CSVStream struct {
	bw *bufio.Writer
	cw *csv.Writer
}

// NewCSVStream starts the file with the byte-order mark and the column headings.
func NewCSVStream(w io.Writer, columns ...string) (*CSVStream, error) {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(csvBOM); err != nil {
		return nil, err
	}
	cs := &CSVStream{bw: bw, cw: csv.NewWriter(bw)}
	cs.cw.Comma, cs.cw.UseCRLF = ';', true
	head := make([]any, len(columns))
	for i, c := range columns {
		head[i] = c
	}
	return cs, cs.Row(head...)
}

// Row writes one row; each cell as in WriteCSV.
func (cs *CSVStream) Row(cells ...any) error {
	rec := make([]string, len(cells))
	for i, v := range cells {
		rec[i] = csvCell(v)
	}
	return cs.cw.Write(rec)
}

// Close writes out what is buffered.
func (cs *CSVStream) Close() error {
	cs.cw.Flush()
	if err := cs.cw.Error(); err != nil {
		return err
	}
	return cs.bw.Flush()
}

// csvCell writes one cell in the Dutch way.
func csvCell(v any) string {
	switch x := v.(type) {
	case string:
		return InertText(x)
	case Share:
		return dutchDecimal(roundTo(float64(x)*100, 1)) + "%"
	case float64:
		return dutchDecimal(x)
	case float32:
		return dutchDecimal(float64(x))
	case time.Time:
		return x.Format(time.DateOnly)
	case nil:
		return ""
	default:
		return fmt.Sprint(x)
	}
}

// dutchDecimal writes a number with a decimal comma and no thousands separator.
func dutchDecimal(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1)
}

func roundTo(x float64, decimals int) float64 {
	p := math.Pow10(decimals)
	return math.Round(x*p) / p
}

// InertText stops a spreadsheet from running a text cell as a formula: a cell that starts with = + - @,
// a tab or a carriage return gets a leading apostrophe (OWASP's advice on CSV injection).
func InertText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteXLSX writes the table as an Excel workbook with one sheet: the title in the first row, bold
// headings in the second, then the rows with numbers as numbers, shares as percentages and days as dates.
// Text cells are stored as text, which Excel never runs as a formula.
func (t Table) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := t.sheetName()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	for i, width := range t.columnWidths() {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: t.Title}}); err != nil {
		return err
	}
	head := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = excelize.Cell{StyleID: st.bold, Value: c}
	}
	if err := sw.SetRow("A2", head); err != nil {
		return err
	}
	for i, row := range t.Rows {
		cells := make([]any, len(row))
		for j, v := range row {
			cells[j] = st.cell(v)
		}
		if err := sw.SetRow("A"+strconv.Itoa(i+3), cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// xlsxStyles are the cell styles of an export.
type xlsxStyles struct{ title, bold, share, date int }

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	var err error
	pct, day := "0.0%", 14 // 14: the short date of the reader's own language (d-m-jjjj in Dutch)
	for _, st := range []struct {
		dst   *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}}},
		{&s.bold, excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&s.share, excelize.Style{CustomNumFmt: &pct}},
		{&s.date, excelize.Style{NumFmt: day}},
	} {
		if *st.dst, err = f.NewStyle(&st.style); err != nil {
			return s, err
		}
	}
	return s, nil
}

func (s xlsxStyles) cell(v any) any {
	switch x := v.(type) {
	case Share:
		return excelize.Cell{StyleID: s.share, Value: float64(x)}
	case time.Time:
		return excelize.Cell{StyleID: s.date, Value: x}
	}
	return v
}

// columnWidths fits each column to its longest heading or cell, within reason.
func (t Table) columnWidths() []float64 {
	widths := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = float64(utf8.RuneCountInString(c))
	}
	for _, row := range t.Rows {
		for i, v := range row {
			if i < len(widths) {
				widths[i] = max(widths[i], float64(utf8.RuneCountInString(csvCell(v))))
			}
		}
	}
	for i := range widths {
		widths[i] = min(max(widths[i]+2, 8), 60)
	}
	return widths
}

// sheetName is the worksheet's name: Sheet, else the title's words that fit in Excel's 31 characters,
// without the characters Excel refuses; never a word cut in half.
func (t Table) sheetName() string {
	src := t.Sheet
	if src == "" {
		src = t.Title
	}
	var words []string
	n := 0
	for _, word := range strings.Fields(strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return -1
		}
		return r
	}, src)) {
		l := utf8.RuneCountInString(word)
		if n > 0 {
			l++
		}
		if n+l > 31 {
			break
		}
		words, n = append(words, word), n+l
	}
	name := strings.Trim(strings.Join(words, " "), "'")
	if name == "" {
		return "Blad1"
	}
	return name
}
