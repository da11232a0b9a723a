package public

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"loket/internal/demo"
	"loket/internal/search"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestRecordedSearchLogTeachesARule replays a recorded search log through the public site, each resident in
// a browser of their own, with the clock at the recorded minutes, and asks learning from residents what it
// proposes. Worked out by hand from testdata/search-log.tsv: anna, cees and femke searched
// "huisvuilrooster", opened nothing and within two minutes found the calendar with "afvalkalender" (eva
// came back after 30 minutes: a new question); bert opened the first results he got and dina opened none,
// so they teach nothing. That is one rule, "huisvuilrooster => afvalkalender", with 3 reformulations.
func TestRecordedSearchLogTeachesARule(t *testing.T) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		t.Run(dialect, func(t *testing.T) { replayLog(t, dialect) })
	}
}

func replayLog(t *testing.T, dialect string) {
	start := time.Now().Truncate(time.Minute)
	clock := storetest.NewClock(start)
	st := storetest.Open(t, dialect, store.WithClock(clock.Now)) // the search log dates searches by the store's clock
	ctx := context.Background()
	articles, err := demo.Articles()
	if err != nil {
		t.Fatal(err)
	}
	srv, ix, sl := searchSite(t, st, nil, articles...)

	browsers := map[string]*http.Client{}
	for _, line := range readLog(t, "testdata/search-log.tsv") {
		who, minutes, query, opened := line[0], line[1], line[2], line[3]
		c := browsers[who]
		if c == nil {
			jar, _ := cookiejar.New(nil)
			c = &http.Client{Jar: jar}
			browsers[who] = c
		}
		m, _ := strconv.Atoi(minutes)
		clock.Set(start.Add(time.Duration(m) * time.Minute))
		page := get(t, c, srv.URL+"/zoeken?q="+url.QueryEscape(query))
		if opened == "-" {
			continue
		}
		link := regexp.MustCompile(`href="(/zoeken/klik\?a=` + regexp.QuoteMeta(opened) + `&amp;s=[0-9a-f]{24})"`).FindStringSubmatch(page)
		if link == nil {
			t.Fatalf("%s: no result %q for %q", who, opened, query)
		}
		get(t, c, srv.URL+strings.ReplaceAll(link[1], "&amp;", "&"))
	}
	if err := sl.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	clock.Set(start.Add(time.Hour))
	l := &search.Learner{Store: st, Index: ix, Now: clock.Now}
	got, err := l.Proposals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := search.ProposalKey{Kind: search.ProposalSynonym, From: "huisvuilrooster", To: "afvalkalender"}
	if len(got) != 1 || got[0].ProposalKey != want || got[0].Evidence != 3 {
		t.Fatalf("proposals = %+v, want only %+v from 3 reformulations", got, want)
	}
}

func readLog(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			fields := strings.Split(line, "\t")
			if len(fields) != 4 {
				t.Fatalf("log line %q", line)
			}
			out = append(out, fields)
		}
	}
	return out
}

func get(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", u, resp.StatusCode, err)
	}
	return string(body)
}
