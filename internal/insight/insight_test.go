package insight

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestLeagueTableMarksTheTasksThatTakeTheFirstHalf(t *testing.T) {
	tests := []struct {
		name  string
		votes []int
		top   []bool // in ranking order
	}{
		{"one task takes more than half", []int{60, 25, 15}, []bool{true, false, false}},
		{"exactly half after two", []int{30, 20, 20, 15, 15}, []bool{true, true, false, false, false}},
		{"flat spread needs many", []int{10, 10, 10, 10, 10}, []bool{true, true, true, false, false}},
		{"no votes marks nothing", []int{0, 0}, []bool{false, false}},
		{"tasks without votes are never top", []int{5, 0}, []bool{true, false}},
	}
	for _, tt := range tests {
		var rows []TaskVotes
		for i, v := range tt.votes {
			rows = append(rows, TaskVotes{TaskID: int64(i + 1), Name: string(rune('a' + i)), Votes: v})
		}
		var got []bool
		for _, r := range LeagueTable(rows) {
			got = append(got, r.Top)
		}
		if !slices.Equal(got, tt.top) {
			t.Errorf("%s: top %v, want %v", tt.name, got, tt.top)
		}
	}
	table := LeagueTable([]TaskVotes{{Name: "b", Votes: 1}, {Name: "a", Votes: 3}})
	if table[0].Name != "a" || table[1].Cumulative != 1 || table[0].Share != 0.75 {
		t.Errorf("order or shares wrong: %+v", table)
	}
}

func TestParseVote(t *testing.T) {
	known := map[int64]bool{1: true, 2: true, 3: true, 4: true, 5: true, 6: true}
	tests := []struct {
		picked []string
		want   string // part of the error, "" for valid
	}{
		{[]string{"1", "2"}, ""},
		{[]string{"1", "2", "3", "4", "5"}, ""},
		{nil, "minstens 1"},
		{[]string{"1", "2", "3", "4", "5", "6"}, "maximaal 5"},
		{[]string{"7"}, "bestaat niet"},
		{[]string{"x"}, "bestaat niet"},
		{[]string{"2", "2"}, "twee keer"},
	}
	for _, tt := range tests {
		ids, err := ParseVote(tt.picked, known)
		switch {
		case tt.want == "" && (err != nil || len(ids) != len(tt.picked)):
			t.Errorf("%v: %v %v", tt.picked, ids, err)
		case tt.want != "" && (err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%v: error %v, want %q", tt.picked, err, tt.want)
		}
	}
}

func TestPerformanceScore(t *testing.T) {
	tests := []struct {
		test   TaskTest
		target int
		want   float64
	}{
		{TaskTest{Participants: 10, Successes: 9, MedianSecs: 60}, 90, 90},
		{TaskTest{Participants: 10, Successes: 9, MedianSecs: 180}, 90, 45},
		{TaskTest{Participants: 10, Successes: 10, MedianSecs: 500}, 0, 100},
		{TaskTest{Participants: 12, Successes: 0}, 60, 0},
	}
	for _, tt := range tests {
		if got := PerformanceScore(tt.test, tt.target); got != tt.want {
			t.Errorf("%+v target %d: %g, want %g", tt.test, tt.target, got, tt.want)
		}
	}
	bad := TaskTest{Participants: 5, Successes: 6, MedianSecs: 30}
	if err := bad.Validate(); err == nil {
		t.Error("more successes than participants was accepted")
	}
}

func TestCompactAddsUpEqualEvents(t *testing.T) {
	got := Compact([]Event{
		{Day: "2027-01-04", Type: TypeVisit, Channel: ChannelWeb, ArticleID: "paspoort"},
		{Day: "2027-01-04", Type: TypeVisit, Channel: ChannelWeb, ArticleID: "grofvuil"},
		{Day: "2027-01-04", Type: TypeVisit, Channel: ChannelWeb, ArticleID: "paspoort", N: 2},
		{Day: "2027-01-05", Type: TypeVisit, Channel: ChannelWeb, ArticleID: "paspoort"},
	})
	if len(got) != 3 || got[0].N != 3 || got[1].N != 1 || got[2].N != 1 {
		t.Fatalf("compacted: %+v", got)
	}
}

func TestWordsDropsNumbersAddressesAndFunctionWords(t *testing.T) {
	got := Words("Hallo, mijn container is kapot! Bel 06-12345678 of mail jan@example.nl, Dorpsstraat 12 https://x.nl")
	want := []string{"container", "kapot", "bel", "mail", "dorpsstraat"}
	if !slices.Equal(got, want) {
		t.Errorf("Words = %v, want %v", got, want)
	}
}

func TestGroupGapsLinksTheNearestTask(t *testing.T) {
	q := func(text string) Question { return Question{Words: Words(text)} }
	questions := []Question{
		q("Wanneer wordt de kerstboom opgehaald?"), q("Kerstboom ophalen, wanneer?"), q("Kerstboom opgehaald in januari?"),
		q("Mijn container is kapot"), q("Container kapot, nieuwe container?"),
	}
	tasks := []TaskWords{
		{ID: 1, Name: "Afval: containers", Words: Words("Afvalcontainer aanvragen, wijzigen of repareren container")},
		{ID: 2, Name: "Paspoort", Words: Words("Paspoort aanvragen")},
	}
	gaps := GroupGaps(questions, tasks)
	if len(gaps) != 2 || gaps[0].Count != 3 || !strings.Contains(gaps[0].Key, "kerstboom") {
		t.Fatalf("gaps %+v", gaps)
	}
	if gaps[1].TaskID != 1 || gaps[0].TaskID != 0 {
		t.Errorf("nearest tasks: %+v", gaps)
	}
}

func TestWorkListOrdersByVolumeTimesFailure(t *testing.T) {
	tasks := []TaskStats{
		{Name: "veel bezoek, lukt goed", Visits: 10000, Contacts: map[string]int64{"phone": 100}},
		{Name: "minder bezoek, vaak bellen", Visits: 2000, Contacts: map[string]int64{"phone": 2000}},
		{Name: "niets", Contacts: map[string]int64{}},
	}
	got := WorkList(tasks)
	if got[0].Name != "minder bezoek, vaak bellen" || got[2].Name != "niets" {
		t.Errorf("order: %s, %s, %s", got[0].Name, got[1].Name, got[2].Name)
	}
}

// exportTable has one cell of every kind an export writes.
func exportTable() Table {
	return Table{Name: "kanalen", Sheet: "Kanalen", Title: "Kanalen van 1 november 2026 tot en met 30 november 2026",
		Columns: []string{"kanaal", "dag", "contacten", "minuten", "aandeel"},
		Rows: [][]any{
			{"=HYPERLINK(\"x\")", DayCell("2026-11-02"), int64(70000), 2.5, Share(0.125)},
			{"Telefoon; balie", DayCell("2026-11-30"), int64(3), 0.25, Share(1.0 / 3)},
			{"\tverborgen", "geen dag", 0, 0.0, Share(0)},
			{"\r=1+1", "", 1, 1.0, Share(1)},
			{"+31 14 0999", "", 1, 1.0, Share(0.5)},
			{"-min", "", 1, 1.0, Share(0.5)},
			{"@SUM(A1)", "", 1, 1.0, Share(0.5)},
		}}
}

// Dutch Excel opens the CSV in columns: a byte-order mark, semicolons, decimal commas, shares as
// percentages; text that a spreadsheet would run as a formula (also after a tab or a carriage return)
// starts with an apostrophe.
func TestCSVExportIsWhatDutchExcelOpens(t *testing.T) {
	var buf bytes.Buffer
	if err := exportTable().WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffkanaal;dag;contacten;minuten;aandeel\r\n" +
		`"'=HYPERLINK(""x"")";2026-11-02;70000;2,5;12,5%` + "\r\n" +
		`"Telefoon; balie";2026-11-30;3;0,25;33,3%` + "\r\n" +
		"'\tverborgen;geen dag;0;0;0%\r\n" +
		// The CSV writer drops a bare carriage return in CRLF mode; the apostrophe still keeps =1+1 text.
		"\"'=1+1\";;1;1;100%\r\n" +
		"'+31 14 0999;;1;1;50%\r\n" +
		"'-min;;1;1;50%\r\n" +
		"'@SUM(A1);;1;1;50%\r\n"
	if got := buf.String(); got != want {
		t.Errorf("CSV\n%q\nwant\n%q", got, want)
	}
}

// The workbook's sheet carries the dashboard's whole name, the title row the whole period; numbers are
// numbers, shares percentages and days dates.
func TestXLSXExportTypesItsCells(t *testing.T) {
	var buf bytes.Buffer
	if err := exportTable().WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	if sheet != "Kanalen" {
		t.Fatalf("sheet %q, want Kanalen", sheet)
	}
	get := func(cell string) string {
		v, err := f.GetCellValue(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	raw := func(cell string) string {
		v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if get("A1") != "Kanalen van 1 november 2026 tot en met 30 november 2026" || get("A2") != "kanaal" {
		t.Fatalf("title %q, first heading %q", get("A1"), get("A2"))
	}
	// The formula text is stored as text, shown as typed: Excel does not run a text cell.
	if get("A3") != `=HYPERLINK("x")` {
		t.Errorf("A3 %q", get("A3"))
	}
	if f, _ := f.GetCellFormula(sheet, "A3"); f != "" {
		t.Errorf("A3 holds a formula %q", f)
	}
	// 2 November 2026 is day 46328 counted from 30 December 1899: 46,022 days to 1 January 2026, plus 305.
	if raw("B3") != "46328" || raw("C3") != "70000" || raw("D3") != "2.5" || raw("E3") != "0.125" {
		t.Errorf("raw values B3 %q C3 %q D3 %q E3 %q", raw("B3"), raw("C3"), raw("D3"), raw("E3"))
	}
	if get("E3") != "12.5%" {
		t.Errorf("share shown as %q, want 12.5%%", get("E3"))
	}
	for cell, fmtID := range map[string]int{"B3": 14, "E3": -1} {
		id, _ := f.GetCellStyle(sheet, cell)
		style, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if fmtID >= 0 && style.NumFmt != fmtID {
			t.Errorf("%s number format %d, want %d", cell, style.NumFmt, fmtID)
		}
		if fmtID < 0 && (style.CustomNumFmt == nil || *style.CustomNumFmt != "0.0%") {
			t.Errorf("%s custom format %v, want 0.0%%", cell, style.CustomNumFmt)
		}
	}
}

// A sheet name falls back to the title's whole words that fit in 31 characters.
func TestSheetNameKeepsWholeWords(t *testing.T) {
	for title, want := range map[string]string{
		"Kanalen 2025-12-03 tot en met 2026-12-02": "Kanalen 2025-12-03 tot en met",
		"Ontbrekende antwoorden":                   "Ontbrekende antwoorden",
		"Zoeken: wat niet gevonden wordt?":         "Zoeken wat niet gevonden wordt",
		"":                                         "Blad1",
	} {
		var buf bytes.Buffer
		if err := (Table{Title: title, Columns: []string{"a"}}).WriteXLSX(&buf); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.GetSheetName(0); got != want {
			t.Errorf("title %q: sheet %q, want %q", title, got, want)
		}
		f.Close()
	}
}
