package insight

import (
	"slices"
	"strings"
)

// TaskStats is what the rollups tell about one task in a period.
type TaskStats struct {
	TaskID         int64            `json:"task_id"`
	Name           string           `json:"name"`
	Visits         int64            `json:"visits"`
	Contacts       map[string]int64 `json:"contacts"` // per channel other than web
	SearchClicks   int64            `json:"search_clicks"`
	FeedbackYes    int64            `json:"feedback_yes"`
	FeedbackNo     int64            `json:"feedback_no"`
	RequestsSent   int64            `json:"requests_sent"`
	FormsDeflected int64            `json:"forms_deflected"`
	Votes          int              `json:"votes"`
}

// ContactsTotal adds up the contacts over every channel.
func (t TaskStats) ContactsTotal() int64 {
	var n int64
	for _, c := range t.Contacts {
		n += c
	}
	return n
}

// Volume is how often residents came for the task: website visits plus contacts.
func (t TaskStats) Volume() int64 { return t.Visits + t.ContactsTotal() }

// NotUsefulShare is the share of feedback answers that said "not useful".
func (t TaskStats) NotUsefulShare() float64 {
	if t.FeedbackYes+t.FeedbackNo == 0 {
		return 0
	}
	return float64(t.FeedbackNo) / float64(t.FeedbackYes+t.FeedbackNo)
}

// ContactShare approximates "a contact after reading the article": the share of the task's volume that
// ended up as a contact. Events carry no session, so loket cannot follow one resident from the article to
// the phone; it compares the totals per task instead.
func (t TaskStats) ContactShare() float64 {
	if t.Volume() == 0 {
		return 0
	}
	return float64(t.ContactsTotal()) / float64(t.Volume())
}

// Failure estimates the share of attempts that did not succeed online: a resident who had to make
// contact, or who said the answer was not useful. 1 − (1 − contact share) × (1 − not-useful share).
func (t TaskStats) Failure() float64 {
	return 1 - (1-t.ContactShare())*(1-t.NotUsefulShare())
}

// Priority is how much improving the task would pay: volume × failure, the expected failed attempts.
func (t TaskStats) Priority() float64 { return float64(t.Volume()) * t.Failure() }

// WorkList orders tasks by priority, highest first: the online team's list of what to improve next.
func WorkList(tasks []TaskStats) []TaskStats {
	out := slices.Clone(tasks)
	slices.SortStableFunc(out, func(a, b TaskStats) int {
		pa, pb := a.Priority(), b.Priority()
		switch {
		case pa > pb:
			return -1
		case pa < pb:
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}
