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

func TestExportsWriteNumbersAndDefuseFormulas(t *testing.T) {
	tab := Table{Name: "t", Title: "Kanalen: test", Columns: []string{"kanaal", "contacten"},
		Rows: [][]any{{"=HYPERLINK(\"x\")", int64(70000)}, {"Telefoon", 2.5}}}
	var csv bytes.Buffer
	if err := tab.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(csv.String(), `"'=HYPERLINK(""x"")",70000`) || !strings.Contains(csv.String(), "Telefoon,2.5") {
		t.Errorf("CSV:\n%s", csv.String())
	}
	var xlsx bytes.Buffer
	if err := tab.WriteXLSX(&xlsx); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	v, _ := f.GetCellValue(sheet, "B2")
	typ, _ := f.GetCellType(sheet, "B2")
	if v != "70000" || typ == excelize.CellTypeSharedString || sheet != "Kanalen test" {
		t.Errorf("sheet %q B2 = %q (type %v)", sheet, v, typ)
	}
}
