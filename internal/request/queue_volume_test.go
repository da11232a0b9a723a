package request_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/calendar"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestQueueHoldsEveryOpenRequestMostUrgentFirst: with more open requests than a page of the old queue
// (500), the request whose derived deadline comes first is at the top, even when it was received last.
func TestQueueHoldsEveryOpenRequestMostUrgentFirst(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	p, _ := request.Preset(request.ProcedureObjection)
	submit := func(received time.Time, n int) {
		r := request.Request{Product: "bezwaar", Kind: request.KindObjection, ProductTitle: "Bezwaar maken", Team: "Team Juridisch",
			Status: request.StatusReceived, ReceivedAt: received, UpdatedAt: received, Procedure: p,
			DecisionSent: received.AddDate(0, 0, -1), Email: fmt.Sprintf("r%d@example.nl", n)}
		if err := st.SubmitRequest(ctx, request.Submission{Request: &r, TokenHash: auth.HashSecret(request.NewToken()), ReferencePrefix: "VB"}); err != nil {
			t.Fatal(err)
		}
	}
	late := time.Date(2026, 9, 1, 10, 0, 0, 0, calendar.Amsterdam)
	for i := range 505 {
		submit(late, i) // 505 objections received on 1 September
	}
	early := time.Date(2026, 3, 2, 10, 0, 0, 0, calendar.Amsterdam)
	submit(early, 999) // received in March: its term ends months earlier, but it is the last row stored
	svc := &request.Service{Store: st, Now: func() time.Time { return late.AddDate(0, 0, 1) }}
	cases, err := svc.Queue(ctx, request.QueueFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 506 {
		t.Fatalf("the queue holds %d requests, want all 506 open ones", len(cases))
	}
	if cases[0].Request.Email != "r999@example.nl" {
		t.Errorf("first in the queue: %s (due %s), want the one received in March", cases[0].Request.Email, cases[0].Term.Due.Format(time.DateOnly))
	}
}
