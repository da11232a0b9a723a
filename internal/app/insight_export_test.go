package app_test

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"loket/internal/auth"
	"loket/internal/calendar"
	"loket/internal/store"
)

// A manager exports every dashboard for last month: each page has the period selector with its presets
// and both export buttons, each CSV opens in Dutch Excel with the numbers in their own columns, and each
// workbook's sheet carries the dashboard's whole name with the period in its title row.
func TestManagerExportsEveryDashboardForLastMonth(t *testing.T) {
	srv, a := startInsightDemo(t, store.SQLite)
	token := staffToken(t, a, "m@voorbeeld.nl", auth.RoleManager)
	now := time.Now().In(calendar.Amsterdam)
	first := time.Date(now.Year(), now.Month(), 1, 12, 0, 0, 0, calendar.Amsterdam)
	from, to := first.AddDate(0, -1, 0), first.AddDate(0, 0, -1)
	period := "van=" + from.Format(time.DateOnly) + "&tot=" + to.Format(time.DateOnly)
	for _, d := range []struct{ path, sheet, firstColumn string }{
		{"/beheer/inzicht/kanalen", "Kanalen", "kanaal"},
		{"/beheer/inzicht/werklijst", "Werklijst", "taak"},
		{"/beheer/inzicht/hiaten", "Ontbrekende antwoorden", "onderwerp"},
		{"/beheer/inzicht/zoeken", "Zoeken", "lijst"},
		{"/beheer/inzicht/toptaken", "Toptaken", "plaats"},
		{"/beheer/inzicht/taken/1", "Paspoort of ID-kaart aanvragen", "maand"},
	} {
		code, page := call(t, "GET", srv.URL+d.path+"?"+period, token, "")
		if code != 200 || strings.Contains(page, "PERIOD") || !strings.Contains(page, `aria-current="true">Vorige maand</a>`) ||
			!strings.Contains(page, `value="csv">Exporteren (CSV)`) || !strings.Contains(page, `value="xlsx">Exporteren (Excel)`) {
			t.Errorf("%s: %d, want the period selector with last month chosen and both export buttons", d.path, code)
			continue
		}
		code, body := call(t, "GET", srv.URL+d.path+"?"+period+"&formaat=csv", token, "")
		if code != 200 || !strings.HasPrefix(body, "\ufeff"+d.firstColumn+";") {
			t.Errorf("%s CSV: %d, starts %q", d.path, code, body[:min(len(body), 40)])
			continue
		}
		rd := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
		rd.Comma = ';'
		rows, err := rd.ReadAll() // ReadAll also fails when a row has another number of cells than the header
		if err != nil || len(rows) < 2 {
			t.Errorf("%s CSV does not read as semicolon-separated columns: %v, %d rows", d.path, err, len(rows))
		}
		xlsx := download(t, srv.URL+d.path+"?"+period+"&formaat=xlsx", token)
		f, err := excelize.OpenReader(bytes.NewReader(xlsx))
		if err != nil {
			t.Errorf("%s: not a workbook: %v", d.path, err)
			continue
		}
		title, _ := f.GetCellValue(f.GetSheetName(0), "A1")
		if f.GetSheetName(0) != d.sheet || !strings.Contains(title, " tot en met ") || !strings.HasPrefix(title, d.sheet) {
			t.Errorf("%s: sheet %q with title %q, want sheet %q and the period in the title", d.path, f.GetSheetName(0), title, d.sheet)
		}
		f.Close()
	}
	// The channel figures of last month are whole numbers in their own column, shares percentages.
	_, body := call(t, "GET", srv.URL+"/beheer/inzicht/kanalen?"+period+"&formaat=csv", token, "")
	for _, line := range strings.Split(body, "\r\n")[1:] {
		if cells := strings.Split(line, ";"); len(cells) == 7 && !strings.HasSuffix(cells[2], "%") {
			t.Errorf("share %q in %q is not a percentage", cells[2], line)
		}
	}
}

func download(t *testing.T, url, token string) []byte {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("%s: %d %v", url, resp.StatusCode, err)
	}
	return b
}
