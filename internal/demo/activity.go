package demo

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"loket/internal/calendar"
	"loket/internal/insight"
	"loket/internal/store"
)

// YearTotals are the contacts of gemeente Voorbeeld in one year, as in DESIGN.md: 270,000 website visits,
// 15,000 chat and WhatsApp questions, 70,000 calls and 40,000 counter visits (plus some e-mail and forms).
var YearTotals = map[string]int64{
	insight.ChannelWeb: 270_000, insight.ChannelChat: 9_000, insight.ChannelWhatsApp: 6_000,
	insight.ChannelEmail: 4_000, insight.ChannelForm: 5_000, insight.ChannelPhone: 70_000, insight.ChannelCounter: 40_000,
}

// ChannelStaff is the demo's staff per channel: 3 online (web, chat and WhatsApp together, counted on web),
// 14 phone and 12 counter FTE, with an illustrative cost per contact in euro cents.
var ChannelStaff = []insight.ChannelSetting{
	{Channel: insight.ChannelWeb, FTE: 3, CostCents: 17},
	{Channel: insight.ChannelChat, FTE: 0, CostCents: 450},
	{Channel: insight.ChannelWhatsApp, FTE: 0, CostCents: 450},
	{Channel: insight.ChannelEmail, FTE: 0, CostCents: 750},
	{Channel: insight.ChannelForm, FTE: 0, CostCents: 650},
	{Channel: insight.ChannelPhone, FTE: 14, CostCents: 590},
	{Channel: insight.ChannelCounter, FTE: 12, CostCents: 1050},
}

// demoTask is a task of the demo catalogue with its share of each channel's volume (relative weights)
// and how often its readers find the answer not useful.
type demoTask struct {
	name     string
	articles []string
	topics   []string
	web      float64
	phone    float64
	counter  float64
	written  float64 // chat, WhatsApp, e-mail and form
	notUsed  float64 // share of "not useful" feedback
	target   int     // target time for a task test in seconds
	queries  []string
}

var demoTasks = []demoTask{
	{"Paspoort of ID-kaart aanvragen", []string{"paspoort", "identiteitskaart", "vac-paspoort-kind", "vac-spoed-reisdocument", "vac-geldigheid-reisdocument"}, []string{"Reisdocumenten"}, 30, 14, 40, 8, .12, 90, []string{"paspoort", "id kaart", "paspoort aanvragen", "paspoort kind", "spoed paspoort"}},
	{"Afval: grofvuil laten ophalen", []string{"grofvuil"}, []string{"Grofvuil"}, 22, 20, 0, 10, .22, 120, []string{"grofvuil", "grofvuil ophalen", "bankstel weg"}},
	{"Afvalkalender en ophaaldagen", []string{"afvalkalender", "vac-container-niet-geleegd"}, []string{"Afvalinzameling"}, 20, 16, 0, 9, .30, 60, []string{"afvalkalender", "ophaaldag", "container niet geleegd"}},
	{"Verhuizing doorgeven", []string{"verhuizing-doorgeven", "vac-verhuizing-termijn"}, []string{"Verhuizen"}, 18, 8, 6, 6, .10, 180, []string{"verhuizen", "verhuizing doorgeven", "adres wijzigen"}},
	{"Rijbewijs verlengen", []string{"rijbewijs", "vac-rijbewijs-kwijt"}, []string{"Rijbewijs"}, 16, 7, 22, 4, .09, 90, []string{"rijbewijs", "rijbewijs verlengen"}},
	{"WOZ-waarde en bezwaar", []string{"woz-waarde", "vac-bezwaar-woz"}, []string{"WOZ"}, 14, 12, 0, 8, .35, 240, []string{"woz", "woz bezwaar", "woz waarde"}},
	{"Gemeentelijke belastingen betalen", []string{"ozb", "afvalstoffenheffing", "betalingsregeling", "vac-aanslag-niet-ontvangen"}, []string{"Belastingen"}, 12, 13, 0, 9, .28, 180, []string{"aanslag", "betalingsregeling", "ozb"}},
	{"Kwijtschelding belastingen", []string{"kwijtschelding"}, []string{"Kwijtschelding"}, 6, 6, 0, 4, .25, 300, []string{"kwijtschelding"}},
	{"Parkeervergunning aanvragen", []string{"parkeervergunning", "bezoekersvergunning"}, []string{"Parkeren"}, 12, 6, 2, 5, .18, 180, []string{"parkeervergunning", "bezoekersparkeren"}},
	{"Parkeerboete: bezwaar maken", []string{"naheffingsaanslag-parkeren", "vac-parkeerboete-bezwaar"}, []string{"Parkeerboete"}, 6, 5, 0, 6, .40, 240, []string{"parkeerboete", "naheffing"}},
	{"Melding openbare ruimte doen", []string{"melding-openbare-ruimte", "vac-lantaarnpaal-kapot", "riolering"}, []string{"Melding openbare ruimte"}, 10, 9, 0, 10, .20, 120, []string{"melding", "lantaarnpaal kapot", "losse stoeptegel"}},
	{"Overlast melden", []string{"overlast-melden", "ongedierte"}, []string{"Overlast"}, 5, 6, 0, 6, .33, 150, []string{"overlast", "ratten", "geluidsoverlast"}},
	{"Uittreksel BRP aanvragen", []string{"uittreksel-brp"}, []string{"Uittreksel"}, 8, 3, 8, 2, .08, 120, []string{"uittreksel", "uittreksel brp"}},
	{"Afspraak maken bij de balie", []string{"afspraak-maken", "openingstijden"}, []string{"Afspraak"}, 14, 10, 6, 5, .15, 60, []string{"afspraak", "openingstijden"}},
	{"Trouwen of partnerschap", []string{"trouwen", "vac-trouwen-kosten"}, []string{"Trouwen"}, 4, 2, 3, 2, .12, 240, []string{"trouwen", "trouwen kosten"}},
	{"Geboorte aangeven", []string{"geboorteaangifte", "erkenning-kind"}, []string{"Geboorte"}, 3, 2, 4, 1, .07, 120, []string{"geboorte aangeven", "erkenning"}},
	{"Overlijden aangeven", []string{"overlijdensaangifte", "begraven-cremeren"}, []string{"Overlijden"}, 2, 2, 2, 1, .10, 180, []string{"overlijden", "begraven"}},
	{"Omgevingsvergunning aanvragen", []string{"omgevingsvergunning-bouwen", "vac-vergunningvrij-bouwen", "vac-zonnepanelen", "vac-schutting"}, []string{"Bouwen"}, 10, 6, 1, 6, .38, 420, []string{"vergunning", "dakkapel", "schutting", "aanbouw"}},
	{"Boom kappen", []string{"kapvergunning", "vac-boom-eigen-tuin"}, []string{"Bomen"}, 3, 2, 0, 2, .26, 180, []string{"boom kappen", "kapvergunning"}},
	{"Bijstand aanvragen", []string{"bijstandsuitkering", "vac-bijstand-hoelang"}, []string{"Bijstand"}, 6, 7, 2, 4, .30, 420, []string{"bijstand", "uitkering"}},
	{"Hulp bij schulden", []string{"schuldhulpverlening", "vac-schulden-anoniem"}, []string{"Schulden"}, 4, 4, 1, 3, .22, 300, []string{"schulden", "schuldhulp"}},
	{"Wmo: hulp en hulpmiddelen", []string{"wmo-huishoudelijke-hulp", "wmo-hulpmiddelen", "wmo-vervoer", "vac-wmo-eigen-bijdrage"}, []string{"Wmo"}, 5, 8, 1, 3, .27, 300, []string{"wmo", "scootmobiel", "huishoudelijke hulp"}},
	{"Evenement of straatfeest organiseren", []string{"evenementenvergunning", "evenement-melding", "vac-barbecue-straatfeest"}, []string{"Evenementen"}, 3, 2, 0, 2, .24, 300, []string{"evenement", "straatfeest"}},
	{"Bezwaar maken tegen een besluit", []string{"bezwaar-maken", "vac-bezwaar-termijn"}, []string{"Bezwaar"}, 3, 3, 0, 3, .30, 240, []string{"bezwaar", "bezwaar maken"}},
	{"Hondenbelasting", []string{"hondenbelasting", "vac-hond-aanmelden"}, []string{"Hondenbelasting"}, 2, 2, 0, 1, .20, 120, []string{"hondenbelasting"}},
}

// demoQuestions are the unanswered questions of the demo: subjects the knowledge base covers badly.
var demoQuestions = []struct {
	text  string
	count int
}{
	{"Wanneer wordt de kerstboom opgehaald?", 48},
	{"Kan ik een kerstboom kwijt bij de milieustraat?", 21},
	{"Mijn container is kapot, krijg ik een nieuwe container?", 39},
	{"De deksel van mijn container is kapot", 17},
	{"Wat kost een laadpaal voor mijn elektrische auto?", 33},
	{"Hoe lang duurt een aanvraag voor een laadpaal?", 14},
	{"Kan ik mijn paspoort thuis laten bezorgen?", 29},
	{"Bezorgen van paspoort aan huis mogelijk?", 12},
	{"Waarom is mijn WOZ-waarde zo hoog dit jaar?", 27},
	{"Hoe werkt de energietoeslag en kan ik die nog aanvragen?", 36},
	{"Energietoeslag aanvragen lukt niet", 15},
	{"Mag ik vuurwerk afsteken in het park met oud en nieuw?", 18},
	{"Waar kan ik mijn fiets terugvinden die is weggehaald bij het station?", 22},
}

// ActivitySummary says what LoadActivity stored.
type ActivitySummary struct {
	Tasks, Events, Feedback, Searches, Votes, Questions int
	Totals                                              map[string]int64
}

// LoadActivity records a year of generated activity for gemeente Voorbeeld, ending the day before end,
// through the same path as real use: page views, contacts and requests as events through an
// insight.Recorder, feedback answers, searches, clicks and survey votes into their own tables, and then
// the rollup job, which turns them into the daily figures the dashboards read. Per channel the year adds up
// to exactly YearTotals. It also stores the task catalogue, staff per channel, task tests and unanswered
// questions. The same end gives the same data. It does nothing when the rollup already holds activity.
func LoadActivity(ctx context.Context, st *store.Store, end time.Time) (ActivitySummary, error) {
	sum := ActivitySummary{Totals: map[string]int64{}}
	if has, err := st.HasInsightActivity(ctx); err != nil || has {
		return sum, err
	}
	ids := make([]int64, len(demoTasks))
	for i, t := range demoTasks {
		id, err := st.SaveTask(ctx, insight.Task{Name: t.name, Articles: t.articles, Topics: t.topics, TargetSeconds: t.target})
		if err != nil {
			return sum, fmt.Errorf("demo task %s: %w", t.name, err)
		}
		ids[i] = id
	}
	sum.Tasks = len(ids)
	if err := st.SaveChannelSettings(ctx, ChannelStaff); err != nil {
		return sum, err
	}
	days := yearDays(end)
	events, feedback := activity(days, ids)
	for _, e := range events {
		if e.Type == insight.TypeVisit || e.Type == insight.TypeContact {
			sum.Totals[e.Channel] += e.N
		}
	}
	if err := record(ctx, st, events); err != nil {
		return sum, err
	}
	if err := st.AddFeedbacks(ctx, feedback); err != nil {
		return sum, err
	}
	sum.Events, sum.Feedback = len(events), len(feedback)
	rng := rand.New(rand.NewPCG(2027, 8))
	var err error
	if sum.Votes, err = loadVotes(ctx, st, rng, ids, days[len(days)-1]); err != nil {
		return sum, err
	}
	if err := loadTaskTests(ctx, st, ids, days); err != nil {
		return sum, err
	}
	if sum.Searches, err = loadSearches(ctx, st, rng, days); err != nil {
		return sum, err
	}
	if sum.Questions, err = loadQuestions(ctx, st, rng, days); err != nil {
		return sum, err
	}
	return sum, rollupAll(ctx, st)
}

// record hands the events to a Recorder, as every part of loket records them, and waits until they are
// stored.
func record(ctx context.Context, st *store.Store, events []insight.Event) error {
	rec := insight.NewRecorder(st, slog.New(slog.DiscardHandler))
	defer rec.Close()
	for _, e := range events {
		if err := rec.RecordWait(ctx, e); err != nil {
			return err
		}
	}
	return rec.Flush(ctx)
}

// rollupAll runs the rollup job until it has taken in every recorded event (one run takes a bounded
// number).
func rollupAll(ctx context.Context, st *store.Store) error {
	for {
		res, err := st.RollupInsight(ctx)
		if err != nil || res.Events == 0 {
			return err
		}
	}
}

// yearDays are the 365 days before end, oldest first, as Amsterdam dates.
func yearDays(end time.Time) []time.Time {
	last := time.Date(end.In(calendar.Amsterdam).Year(), end.In(calendar.Amsterdam).Month(), end.In(calendar.Amsterdam).Day(), 12, 0, 0, 0, calendar.Amsterdam)
	days := make([]time.Time, 365)
	for i := range days {
		days[i] = last.AddDate(0, 0, i-365)
	}
	return days
}

// dayWeight is how busy a channel is on a day: closed channels get nothing on weekends and holidays, the
// website is quieter then; every channel is busier in January (taxes) and quieter in summer.
func dayWeight(channel string, d time.Time) float64 {
	season := 1 + 0.25*math.Cos(2*math.Pi*float64(d.YearDay()-15)/365)
	staffed := channel == insight.ChannelPhone || channel == insight.ChannelCounter || channel == insight.ChannelChat
	switch {
	case !calendar.IsWorkingDay(d) && staffed:
		return 0
	case !calendar.IsWorkingDay(d):
		return 0.45 * season
	case d.Weekday() == time.Monday:
		return 1.25 * season
	}
	return season
}

func taskWeight(t demoTask, channel string) float64 {
	switch channel {
	case insight.ChannelWeb:
		return t.web
	case insight.ChannelPhone:
		return t.phone
	case insight.ChannelCounter:
		return t.counter
	}
	return t.written
}

// activity spreads each channel's yearly total over days and tasks by weight, with a little fixed noise,
// and rounds with the largest-remainder method so the totals come out exact. It returns the events as the
// flows record them (a page view names its article, a registered contact its task, a written question its
// topic, with N for how many happened that day) and the feedback answers residents gave.
func activity(days []time.Time, ids []int64) ([]insight.Event, []store.Feedback) {
	var events []insight.Event
	var feedback []store.Feedback
	for ci, ch := range insight.Channels {
		rng := rand.New(rand.NewPCG(uint64(ci+1), 42))
		weights := make([]float64, len(days)*len(ids))
		for d, day := range days {
			dw := dayWeight(ch, day)
			for t := range ids {
				weights[d*len(ids)+t] = dw * taskWeight(demoTasks[t], ch) * (0.8 + 0.4*rng.Float64())
			}
		}
		counts := allocate(YearTotals[ch], weights)
		for i, n := range counts {
			if n == 0 {
				continue
			}
			d, t := i/len(ids), i%len(ids)
			day, task := days[d], demoTasks[t]
			e := insight.Event{Day: insight.Day(day), Type: insight.TypeContact, Channel: ch, N: n}
			switch ch {
			case insight.ChannelWeb:
				e.Type, e.ArticleID = insight.TypeVisit, task.articles[d%len(task.articles)]
				events = append(events, webRequests(e)...)
				feedback = append(feedback, webFeedback(day, task, e.ArticleID, n)...)
			case insight.ChannelPhone, insight.ChannelCounter:
				e.TaskID = ids[t] // the agent picks the task when registering the contact
			default:
				e.Topic = task.topics[0] // written questions carry the topic the agent set
			}
			events = append(events, e)
		}
	}
	return events, feedback
}

// webRequests derives online requests from a day's page views of an article: one in six readers starts
// the request form and one in eight sends it.
func webRequests(visit insight.Event) []insight.Event {
	var out []insight.Event
	for _, r := range []struct {
		typ string
		div int64
	}{{insight.TypeRequestStarted, 6}, {insight.TypeRequestSent, 8}} {
		if n := visit.N / r.div; n > 0 {
			out = append(out, insight.Event{Day: visit.Day, Type: r.typ, Channel: insight.ChannelWeb, ArticleID: visit.ArticleID, N: n})
		}
	}
	return out
}

// webFeedback is the answers to "Was dit antwoord nuttig?" from a day's readers of an article: about 2% of
// readers answer, and a share of them says "not useful".
func webFeedback(day time.Time, t demoTask, article string, visits int64) []store.Feedback {
	total := visits / 50
	no := int64(math.Round(float64(total) * t.notUsed))
	out := make([]store.Feedback, 0, total)
	for i := range total {
		out = append(out, store.Feedback{ArticleID: article, Useful: i >= no, At: day})
	}
	return out
}

// allocate divides total over the weights in whole numbers that add up to total exactly.
func allocate(total int64, weights []float64) []int64 {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	out := make([]int64, len(weights))
	if sum == 0 {
		return out
	}
	type rest struct {
		i int
		r float64
	}
	rests := make([]rest, len(weights))
	var given int64
	for i, w := range weights {
		exact := float64(total) * w / sum
		out[i] = int64(exact)
		given += out[i]
		rests[i] = rest{i, exact - float64(out[i])}
	}
	slices.SortFunc(rests, func(a, b rest) int {
		switch {
		case a.r > b.r:
			return -1
		case a.r < b.r:
			return 1
		}
		return a.i - b.i
	})
	for k := int64(0); k < total-given; k++ {
		out[rests[k].i]++
	}
	return out
}

// loadVotes stores 1,200 survey submissions; tasks with more website visits get picked more often.
func loadVotes(ctx context.Context, st *store.Store, rng *rand.Rand, ids []int64, day time.Time) (int, error) {
	weights := make([]float64, len(ids))
	for i, t := range demoTasks {
		weights[i] = math.Pow(t.web+t.phone/2+t.counter/2, 1.6)
	}
	votes := make([][]int64, 1200)
	for v := range votes {
		n := 1 + rng.IntN(insight.MaxVotes)
		for len(votes[v]) < n {
			id := ids[pick(rng, weights)]
			if !slices.Contains(votes[v], id) {
				votes[v] = append(votes[v], id)
			}
		}
	}
	return len(votes), st.AddVotes(ctx, insight.Day(day), votes)
}

func pick(rng *rand.Rand, weights []float64) int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	x := rng.Float64() * sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// loadTaskTests stores moderated task tests for the first four tasks.
func loadTaskTests(ctx context.Context, st *store.Store, ids []int64, days []time.Time) error {
	tests := []insight.TaskTest{
		{TaskID: ids[0], Participants: 12, Successes: 11, MedianSecs: 80},
		{TaskID: ids[1], Participants: 12, Successes: 7, MedianSecs: 210},
		{TaskID: ids[2], Participants: 10, Successes: 6, MedianSecs: 95},
		{TaskID: ids[5], Participants: 10, Successes: 4, MedianSecs: 400},
	}
	for _, t := range tests {
		t.TestedOn, t.CreatedBy, t.Note = insight.Day(days[200]), "demo", "Taaktest met inwoners in het stadhuis."
		if err := st.AddTaskTest(ctx, t); err != nil {
			return err
		}
	}
	return nil
}

// loadSearches stores 12,000 searches over the year, with clicks and searches followed by a contact.
func loadSearches(ctx context.Context, st *store.Store, rng *rand.Rand, days []time.Time) (int, error) {
	weights := make([]float64, len(demoTasks))
	for i, t := range demoTasks {
		weights[i] = t.web
	}
	zero := []string{"kerstboom ophalen", "energietoeslag", "fiets weggehaald", "vuurwerk", "paspoort bezorgen"}
	const n = 12_000
	entries := make([]store.SearchLogEntry, 0, n)
	var clicks []store.SearchClick
	var contacted []string
	for i := range n {
		at := days[rng.IntN(len(days))].Add(time.Duration(rng.IntN(10*3600)-4*3600) * time.Second)
		id := fmt.Sprintf("demo%020d", i)
		if rng.IntN(100) < 8 {
			entries = append(entries, store.SearchLogEntry{ID: id, Query: zero[rng.IntN(len(zero))], At: at})
			continue
		}
		t := demoTasks[pick(rng, weights)]
		entries = append(entries, store.SearchLogEntry{ID: id, Query: t.queries[rng.IntN(len(t.queries))], Results: 3 + rng.IntN(8), Answered: rng.IntN(2) == 0, At: at})
		switch r := rng.Float64(); {
		case r < 0.62:
			clicks = append(clicks, store.SearchClick{SearchID: id, ArticleID: t.articles[0], At: at.Add(20 * time.Second)})
		case r < 0.62+t.notUsed/5:
			contacted = append(contacted, id)
		}
	}
	for start := 0; start < len(entries); start += 1000 {
		if err := st.AddSearchLogs(ctx, entries[start:min(start+1000, len(entries))]); err != nil {
			return 0, err
		}
	}
	if err := st.AddSearchClicks(ctx, clicks); err != nil {
		return 0, err
	}
	return n, st.AddSearchContacts(ctx, contacted, insight.ChannelPhone, days[len(days)-1])
}

// loadQuestions stores the unanswered demo questions on random days of the year.
func loadQuestions(ctx context.Context, st *store.Store, rng *rand.Rand, days []time.Time) (int, error) {
	channels := []string{insight.ChannelChat, insight.ChannelWhatsApp, insight.ChannelEmail, insight.ChannelForm}
	var qs []insight.Question
	for _, q := range demoQuestions {
		for range q.count {
			qs = append(qs, insight.Question{Day: insight.Day(days[rng.IntN(len(days))]),
				Channel: channels[rng.IntN(len(channels))], Words: insight.Words(q.text)})
		}
	}
	return len(qs), st.AddQuestions(ctx, qs)
}
