package contact_test

import (
	"testing"
	"time"

	"loket/internal/calendar"
	"loket/internal/contact"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.Amsterdam)
	if err != nil {
		panic(err)
	}
	return t
}

func TestClockCountsBusinessHoursHolidaysAndPauses(t *testing.T) {
	sl := contact.DefaultServiceLevels() // ma-vr 08:30-17:00; e-mail: first answer in 8 h, resolved in 24 h
	for _, tc := range []struct {
		name     string
		c        contact.Conversation
		now      string
		firstDue string
		breached bool
		paused   bool
		firstMet bool
	}{
		{name: "Friday afternoon, King's Day on Monday 27 April 2026",
			c:   contact.Conversation{Channel: contact.ChannelEmail, State: contact.StateNew, CreatedAt: at("2026-04-24 16:00")},
			now: "2026-04-27 12:00", firstDue: "2026-04-28 15:30"},
		{name: "overdue",
			c:   contact.Conversation{Channel: contact.ChannelEmail, State: contact.StateOpen, CreatedAt: at("2026-04-24 16:00")},
			now: "2026-04-28 15:31", firstDue: "2026-04-28 15:30", breached: true},
		{name: "two hours waiting for the resident move the due time",
			c: contact.Conversation{Channel: contact.ChannelEmail, State: contact.StateOpen, CreatedAt: at("2026-04-24 16:00"),
				Paused: 2 * time.Hour},
			now: "2026-04-28 16:00", firstDue: "2026-04-29 09:00"},
		{name: "the clock stands still while waiting",
			c: contact.Conversation{Channel: contact.ChannelEmail, State: contact.StateWaiting, CreatedAt: at("2026-05-11 09:00"),
				FirstResponseAt: at("2026-05-11 10:00"), WaitingSince: at("2026-05-11 10:00")},
			now: "2026-05-12 10:00", firstDue: "2026-05-12 17:00", paused: true, firstMet: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := sl.ClockFor(tc.c, at(tc.now))
			if !clock.First.Due.Equal(at(tc.firstDue)) {
				t.Errorf("first answer due %s, want %s", clock.First.Due.In(calendar.Amsterdam), tc.firstDue)
			}
			if clock.First.Breached != tc.breached || clock.Paused != tc.paused || clock.First.Met != tc.firstMet {
				t.Errorf("breached %v paused %v met %v", clock.First.Breached, clock.Paused, clock.First.Met)
			}
		})
	}
}

func TestSharesPerChannel(t *testing.T) {
	sl := contact.DefaultServiceLevels()
	now := at("2026-06-01 12:00")
	list := []contact.Conversation{
		{Channel: contact.ChannelEmail, State: contact.StateClosed, CreatedAt: at("2026-05-04 09:00"),
			FirstResponseAt: at("2026-05-04 10:00"), ClosedAt: at("2026-05-04 11:00")},
		{Channel: contact.ChannelEmail, State: contact.StateOpen, CreatedAt: at("2026-05-04 09:00")},
		{Channel: contact.ChannelForm, State: contact.StateNew, CreatedAt: at("2026-06-01 11:00")},
	}
	shares := sl.Shares(list, now)
	if len(shares) != 2 || shares[0].Channel != contact.ChannelForm || shares[1].FirstRate() != 0.5 || shares[0].FirstRate() != -1 {
		t.Fatalf("shares %+v", shares)
	}
}

func TestParseTargets(t *testing.T) {
	got, err := contact.ParseTargets(" email = 4h/16h ; chat=90s/30m;")
	if err != nil {
		t.Fatal(err)
	}
	if got[contact.ChannelEmail] != (contact.Target{FirstResponse: 4 * time.Hour, Resolution: 16 * time.Hour}) || got[contact.ChannelChat] != (contact.Target{FirstResponse: 90 * time.Second, Resolution: 30 * time.Minute}) {
		t.Fatalf("parsed targets: %+v", got)
	}
	if got[contact.ChannelForm] != contact.DefaultTargets[contact.ChannelForm] {
		t.Fatalf("a channel not named lost its default: %+v", got[contact.ChannelForm])
	}
	if contact.DefaultTargets[contact.ChannelEmail].FirstResponse != 8*time.Hour {
		t.Fatal("parsing changed the defaults")
	}
	for _, bad := range []string{"fax=1h/2h", "email", "email=8h", "email=8u/24u", "email=24h/8h", "email=0s/1h", "email=-1h/1h"} {
		if _, err := contact.ParseTargets(bad); err == nil {
			t.Errorf("ParseTargets(%q) accepted", bad)
		}
	}
}
