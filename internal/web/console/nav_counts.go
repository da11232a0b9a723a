package console

import (
	"context"
	"sync"
	"time"

	"loket/internal/auth"
	"loket/internal/request"
)

// navCounts reads the counters the sections show, each with the query its own page uses: one inbox count
// (grouped over the conversations not closed), one indexed count of the staff member's open tasks, the
// chat queue the hub keeps in memory, and the team's requests near their deadline from the indexed term
// facts (cached for requestCountTTL). A count that fails is left out and logged; the page still shows.
func (h *Handler) navCounts(ctx context.Context, st auth.Staff, sections []navSection) map[string]int {
	want := map[string]bool{}
	for _, s := range sections {
		for _, c := range s.counters {
			want[c.Key] = true
		}
	}
	counts := map[string]int{}
	fail := func(what string, err error) { h.deps.Log.Warn("console counters", "count", what, "err", err) }
	if want[countInboxNobody] || want[countInboxMine] {
		if c, err := h.deps.ContactService.Counts(ctx, st.ID); err != nil {
			fail("inbox", err)
		} else {
			counts[countInboxNobody], counts[countInboxMine] = c.Nobody, c.Mine
		}
	}
	if want[countChatWaiting] && h.deps.Chat != nil {
		counts[countChatWaiting] = h.deps.Chat.Availability(ctx).Waiting
	}
	if want[countMyTasks] {
		if n, err := h.deps.ContactService.OpenTasksOf(ctx, st.ID); err != nil {
			fail("tasks", err)
		} else {
			counts[countMyTasks] = n
		}
	}
	if want[countRequests] && h.deps.Requests != nil {
		if n, err := h.requestCount(ctx, st.ID); err != nil {
			fail("requests", err)
		} else {
			counts[countRequests] = n
		}
	}
	return counts
}

// requestCountTTL is how long a team's count of requests near their deadline is reused: deadlines move by
// the day, and a decision taken shows within this time.
const requestCountTTL = 30 * time.Second

// requestCounts caches per team how many open requests are late or have fewer than
// request.WarnWorkingDays working days left.
type requestCounts struct {
	mu     sync.Mutex
	byTeam map[string]requestCount
}

type requestCount struct {
	n  int
	at time.Time
}

// requestCount is the count for the team of the staff member with id staffID.
func (h *Handler) requestCount(ctx context.Context, staffID int64) (int, error) {
	me, err := h.deps.Store.StaffUser(ctx, staffID)
	if err != nil {
		return 0, err
	}
	rc := &h.reqCounts
	rc.mu.Lock()
	c, ok := rc.byTeam[me.Team]
	rc.mu.Unlock()
	if ok && h.now().Sub(c.at) < requestCountTTL {
		return c.n, nil
	}
	n, err := h.deps.Requests.QueueAttention(ctx, request.QueueFilter{Team: me.Team})
	if err != nil {
		return 0, err
	}
	rc.mu.Lock()
	if rc.byTeam == nil {
		rc.byTeam = map[string]requestCount{}
	}
	rc.byTeam[me.Team] = requestCount{n: n, at: h.now()}
	rc.mu.Unlock()
	return n, nil
}
