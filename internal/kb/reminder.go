package kb

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"loket/internal/calendar"
)

// ReminderDays is how far ahead a review reminder looks: articles due within two weeks are listed too.
const ReminderDays = 14

// ReminderInterval is the least time between two reminders to one team.
const ReminderInterval = 7 * 24 * time.Hour

// DueArticle is an article whose review date has come or is near.
type DueArticle struct {
	ID, Title, Owner, ReviewBy string
}

// Mail is one e-mail the knowledge base sends through the outbox.
type Mail struct {
	To, Subject, Body string
}

// ReminderStore is the storage the review reminder needs; internal/store implements it.
type ReminderStore interface {
	ReviewDue(ctx context.Context, before string) ([]DueArticle, error)
	TeamAddresses(ctx context.Context, team string) ([]string, error)
	QueueReviewReminder(ctx context.Context, team string, articles int, sentAt, notBefore time.Time, mails []Mail) (bool, error)
}

// ReminderResult counts what one reminder run did.
type ReminderResult struct {
	Teams, Mails int
	NoAddress    []string // teams with articles due but nobody to write to
}

// SendReviewReminders writes every owner team with articles due for review (overdue, or due within
// ReminderDays) one e-mail per team member through the outbox, listing those articles with a link to the
// team's work list; a team gets at most one reminder per ReminderInterval. baseURL is the console's
// address.
func SendReviewReminders(ctx context.Context, st ReminderStore, now time.Time, baseURL string) (ReminderResult, error) {
	var res ReminderResult
	t := now.In(calendar.Amsterdam)
	today := time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, calendar.Amsterdam)
	due, err := st.ReviewDue(ctx, today.AddDate(0, 0, ReminderDays+1).Format(time.DateOnly))
	if err != nil {
		return res, err
	}
	byTeam := map[string][]DueArticle{}
	var teams []string
	for _, a := range due {
		if a.Owner == "" {
			continue
		}
		if _, ok := byTeam[a.Owner]; !ok {
			teams = append(teams, a.Owner)
		}
		byTeam[a.Owner] = append(byTeam[a.Owner], a)
	}
	for _, team := range teams {
		to, err := st.TeamAddresses(ctx, team)
		if err != nil {
			return res, err
		}
		if len(to) == 0 {
			res.NoAddress = append(res.NoAddress, team)
			continue
		}
		subject, body := reminderText(team, byTeam[team], today.Format(time.DateOnly), baseURL)
		mails := make([]Mail, len(to))
		for i, addr := range to {
			mails[i] = Mail{To: addr, Subject: subject, Body: body}
		}
		queued, err := st.QueueReviewReminder(ctx, team, len(byTeam[team]), now, now.Add(-ReminderInterval), mails)
		if err != nil {
			return res, err
		}
		if queued {
			res.Teams++
			res.Mails += len(mails)
		}
	}
	return res, nil
}

// reminderText is the reminder in plain Dutch: what is overdue, what is due soon, and where to check.
func reminderText(team string, due []DueArticle, today, baseURL string) (string, string) {
	var overdue, soon []string
	for _, a := range due {
		line := fmt.Sprintf("- %s (controleren vóór %s)", a.Title, dutchDay(a.ReviewBy))
		if a.ReviewBy < today {
			overdue = append(overdue, line)
		} else {
			soon = append(soon, line)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Beste collega van %s,\n\n", team)
	fmt.Fprintf(&b, "%d artikelen van uw team moeten gecontroleerd worden. Kloppen ze nog? Pas ze aan, of klik op ‘Gecontroleerd, nog actueel’.\n", len(due))
	if len(overdue) > 0 {
		fmt.Fprintf(&b, "\nDe controledatum is voorbij:\n%s\n", strings.Join(overdue, "\n"))
	}
	if len(soon) > 0 {
		fmt.Fprintf(&b, "\nBinnenkort aan de beurt:\n%s\n", strings.Join(soon, "\n"))
	}
	fmt.Fprintf(&b, "\nUw werklijst: %s/beheer/controle?team=%s\n\nDit bericht krijgt u hoogstens één keer per week.\n",
		strings.TrimRight(baseURL, "/"), url.QueryEscape(team))
	return fmt.Sprintf("%d artikelen om te controleren (%s)", len(due), team), b.String()
}

var dutchMonths = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
	"oktober", "november", "december"}

// dutchDay writes YYYY-MM-DD as "31 mei 2027"; anything else as it is.
func dutchDay(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return fmt.Sprintf("%d %s %d", t.Day(), dutchMonths[t.Month()-1], t.Year())
}
