package contact

import (
	"slices"
	"strings"
	"time"
)

// Registration results.
const (
	ResultAnswered  = "answered"  // the question was answered during the call or visit
	ResultForwarded = "forwarded" // handed to a team as an open conversation
	ResultCallback  = "callback"  // a colleague or team calls back: an interne taak
)

// RegistrationResults lists the results in display order.
var RegistrationResults = []string{ResultAnswered, ResultForwarded, ResultCallback}

// Task states of an interne taak.
const (
	TaskOpen       = "open"
	TaskInProgress = "in_progress"
	TaskDone       = "done"
)

// TaskStates lists the task states in workflow order.
var TaskStates = []string{TaskOpen, TaskInProgress, TaskDone}

// Registration is a phone call or counter visit an agent registers while talking.
type Registration struct {
	Channel    string // phone or counter
	PartyID    int64  // a known person; 0 finds or creates one by Email or Phone, or stays anonymous
	Name       string
	Email      string
	Phone      string
	TopicID    string // the knowledge-base article the contact was about
	Subject    string
	Note       string
	Result     string
	Team       string // forwarded or callback: the team
	AssigneeID int64  // callback: a colleague, optional
	Due        time.Time
	CreatedBy  string // the agent's e-mail address
}

// Validate says what is missing or wrong, per field name, in Dutch for the form.
func (r Registration) Validate() map[string]string {
	errs := map[string]string{}
	if r.Channel != ChannelPhone && r.Channel != ChannelCounter {
		errs["kanaal"] = "Kies telefoon of balie."
	}
	if !slices.Contains(RegistrationResults, r.Result) {
		errs["resultaat"] = "Kies wat het resultaat van het contact is."
	}
	if strings.TrimSpace(r.Subject) == "" && r.TopicID == "" {
		errs["onderwerp"] = "Kies een onderwerp of beschrijf de vraag in een paar woorden."
	}
	if len([]rune(r.Subject)) > 200 {
		errs["onderwerp"] = "Beschrijf de vraag in maximaal 200 tekens."
	}
	if len([]rune(r.Note)) > 2000 {
		errs["notitie"] = "Gebruik maximaal 2000 tekens voor de notitie."
	}
	if (r.Result == ResultForwarded || r.Result == ResultCallback) && strings.TrimSpace(r.Team) == "" {
		errs["team"] = "Kies het team dat de vraag overneemt."
	}
	if r.Result == ResultCallback && r.Due.IsZero() {
		errs["terugbellen"] = "Kies wanneer er uiterlijk teruggebeld moet worden."
	}
	if r.Email != "" && !strings.Contains(r.Email, "@") {
		errs["email"] = "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."
	}
	return errs
}

// RegistrationReceipt tells the agent what was stored.
type RegistrationReceipt struct {
	ConversationID int64
	Reference      string
	PartyID        int64
	TaskID         int64 // the callback task, if any
}

// NormalizePhone keeps the digits of a phone number and writes a Dutch number the way WhatsApp does
// (0612345678 becomes 31612345678), so a call and a WhatsApp message find the same person.
func NormalizePhone(p string) string {
	var b strings.Builder
	for _, r := range p {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(d, "00"):
		d = d[2:]
	case strings.HasPrefix(d, "0") && len(d) == 10:
		d = "31" + d[1:]
	}
	return d
}

// CallbackTask is a callback request for a team or a colleague.
type CallbackTask struct {
	Team        string
	AssigneeID  int64
	Due         time.Time
	Description string
	CreatedBy   string
	Phone       string // the number to call back, if the agent knows it
}

// TaskCounts are how many tasks a team has per state, and how many open ones are past their due time.
type TaskCounts struct {
	State   map[string]int
	Overdue int
}

// TeamTask is an interne taak with what a team's task list shows.
type TeamTask struct {
	Task
	Kind         string
	AssigneeID   int64
	AssigneeName string
	Due          time.Time
	UpdatedAt    time.Time
	DoneAt       time.Time
	Reference    string
	Channel      string
	PartyName    string
	Subject      string
	Phone        string // the person's phone number to call back, if known
}

// TaskFilter selects tasks; empty fields match everything.
type TaskFilter struct {
	Team       string
	State      string
	AssigneeID int64
	Limit      int // a page of at most this many (100 when not set, 500 at most)
	Offset     int // the tasks to skip: a later page
}
