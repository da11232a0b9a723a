package kb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/calendar"
	. "loket/internal/kb"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// On Friday 4 December 2026 the reminder covers review dates up to and including 18 December (two
// weeks): the article due on 30 November is overdue, the one of 18 December due soon, the one of 19
// December not yet. Each member of the owner team gets one mail through the outbox, at most once a week.
func TestReviewRemindersPerTeam(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		mk := func(id, title, owner, review string) Article {
			a := valid()
			a.ID, a.Title, a.Owner, a.ReviewBy = id, title, owner, review
			return a
		}
		if _, err := st.ImportArticles(ctx, []Article{
			mk("paspoort", "Paspoort aanvragen", "Team Burgerzaken", "2026-11-30"),
			mk("rijbewijs", "Rijbewijs verlengen", "Team Burgerzaken", "2026-12-18"),
			mk("uittreksel", "Uittreksel aanvragen", "Team Burgerzaken", "2026-12-19"),
			mk("grofvuil", "Grofvuil", "Team Afval", "2027-03-01"),
			mk("kapvergunning", "Boom kappen", "Team Groen", "2026-10-01"),
		}, "test"); err != nil {
			t.Fatal(err)
		}
		for _, u := range []struct{ email, team string }{{"anna@voorbeeld.nl", "Team Burgerzaken"}, {"bram@voorbeeld.nl", "Team Burgerzaken"}, {"cor@voorbeeld.nl", "Team Afval"}} {
			if _, err := st.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: u.email, Role: auth.RoleEditor}, Team: u.team, PasswordHash: "x"}); err != nil {
				t.Fatal(err)
			}
		}
		now := time.Date(2026, 12, 4, 7, 0, 0, 0, calendar.Amsterdam)
		res, err := SendReviewReminders(ctx, st, now, "https://loket.voorbeeld.nl/")
		if err != nil {
			t.Fatal(err)
		}
		if res.Teams != 1 || res.Mails != 2 || len(res.NoAddress) != 1 || res.NoAddress[0] != "Team Groen" {
			t.Fatalf("result %+v, want Team Burgerzaken written twice and Team Groen without an address", res)
		}
		mails, err := st.RequestMails(ctx, "anna@voorbeeld.nl")
		if err != nil || len(mails) != 1 {
			t.Fatalf("mails to anna: %d %v", len(mails), err)
		}
		m := mails[0]
		if m.Subject != "2 artikelen om te controleren (Team Burgerzaken)" ||
			!strings.Contains(m.Body, "De controledatum is voorbij:\n- Paspoort aanvragen (controleren vóór 30 november 2026)") ||
			!strings.Contains(m.Body, "Binnenkort aan de beurt:\n- Rijbewijs verlengen (controleren vóór 18 december 2026)") ||
			strings.Contains(m.Body, "Uittreksel") ||
			!strings.Contains(m.Body, "https://loket.voorbeeld.nl/beheer/controle?team=Team+Burgerzaken") {
			t.Fatalf("reminder:\n%s\n%s", m.Subject, m.Body)
		}
		if cor, _ := st.RequestMails(ctx, "cor@voorbeeld.nl"); len(cor) != 0 {
			t.Fatal("a team with nothing due got a reminder")
		}
		// Six days later: no second reminder; seven days later: one again.
		if res, err := SendReviewReminders(ctx, st, now.AddDate(0, 0, 6), "https://loket.voorbeeld.nl"); err != nil || res.Mails != 0 {
			t.Fatalf("within the week: %+v %v", res, err)
		}
		if res, err := SendReviewReminders(ctx, st, now.AddDate(0, 0, 7), "https://loket.voorbeeld.nl"); err != nil || res.Mails != 2 {
			t.Fatalf("a week later: %+v %v", res, err)
		}
	})
}
