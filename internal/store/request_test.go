package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/calendar"
	"loket/internal/demo"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

var testForm = request.Form{Product: "grofvuil", Kind: request.KindApplication, Title: "Grofvuil", Steps: []request.Step{{Title: "S",
	Fields: []request.Field{
		{Name: "email", Label: "E-mail", Type: request.TypeEmail, Required: true, Purpose: request.PurposeEmail},
		{Name: "foto", Label: "Foto", Type: request.TypeFile, Accept: []string{"image/png"}},
		{Name: "datum", Label: "Datum", Type: request.TypeDate, Purpose: request.PurposeRelatedDate},
	}}}}

func submit(t testing.TB, s *store.Store, received time.Time, termDays int, v request.Values, draft string) request.Request {
	t.Helper()
	r, err := request.New(testForm, request.Product{ID: "grofvuil", Title: "Grofvuil", Team: "Team Afval", DeadlineDays: termDays}, v, received)
	if err != nil {
		t.Fatal(err)
	}
	err = s.SubmitRequest(context.Background(), store.Submission{Request: &r, TokenHash: auth.HashSecret(request.NewToken()), DraftHash: draft,
		Confirm: func(done request.Request) request.Mail {
			return request.Mail{To: done.Email, Subject: "Ontvangen " + done.Reference, Body: "b"}
		}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSubmitRequestCommitsEverythingTogether(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.SaveRequestForm(ctx, testForm, "test"); err != nil {
			t.Fatal(err)
		}
		draftHash := auth.HashSecret(request.NewToken())
		if err := s.SaveDraft(ctx, store.Draft{TokenHash: draftHash, Product: "grofvuil", Values: request.Values{"email": "a@example.nl"}}); err != nil {
			t.Fatal(err)
		}
		fileID := request.NewFileID()
		if err := s.AddRequestFile(ctx, store.RequestFile{ID: fileID, DraftHash: draftHash, Field: "foto", Name: "foto.png", ContentType: "image/png", Size: 10}); err != nil {
			t.Fatal(err)
		}
		received := time.Date(2026, 3, 2, 10, 0, 0, 0, calendar.Amsterdam)
		r := submit(t, s, received, 56, request.Values{"email": "a@example.nl", "foto": fileID}, draftHash)
		year := received.Year()
		if r.Reference != fmt.Sprintf("VB-%d-000001", year) || r.ID == 0 {
			t.Fatalf("first reference %q id %d", r.Reference, r.ID)
		}
		if r2 := submit(t, s, received, 56, request.Values{"email": "b@example.nl"}, ""); r2.Reference != fmt.Sprintf("VB-%d-000002", year) {
			t.Fatalf("second reference %q", r2.Reference)
		}
		got, err := s.Request(ctx, r.Reference)
		// The deadline is not stored with the request; it is derived from what is (2 Mar + 56 = Koningsdag → 28 Apr).
		if err != nil || !got.Deadline.IsZero() || got.Email != "a@example.nl" || got.Procedure.ID != request.ProcedureDecision {
			t.Fatalf("stored request %+v %v", got, err)
		}
		if d, err := request.DeadlineFor(got, received); err != nil || d.Due.Format(time.DateOnly) != "2026-04-28" {
			t.Fatalf("derived deadline %s %v, want 2026-04-28", d.Due.Format(time.DateOnly), err)
		}
		if _, err := s.Draft(ctx, draftHash); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("the draft is still there after sending: %v", err)
		}
		files, err := s.RequestFiles(ctx, r.ID)
		if err != nil || len(files) != 1 || files[0].ID != fileID || files[0].DraftHash != "" {
			t.Fatalf("files %+v %v", files, err)
		}
		mails, err := s.RequestMails(ctx, "a@example.nl")
		if err != nil || len(mails) != 1 || !strings.Contains(mails[0].Subject, r.Reference) {
			t.Fatalf("confirmation mail %+v %v", mails, err)
		}
		events, err := s.RequestEvents(ctx, r.ID, true)
		if err != nil || len(events) != 1 || events[0].Status != request.StatusReceived {
			t.Fatalf("timeline %+v %v", events, err)
		}
	})
}

func TestSubmitWithAMissingFileStoresNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r, err := request.New(testForm, request.Product{ID: "grofvuil", Title: "Grofvuil"},
			request.Values{"email": "a@example.nl", "foto": request.NewFileID()}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		err = s.SubmitRequest(ctx, store.Submission{Request: &r, TokenHash: "h", DraftHash: "some-draft",
			Confirm: func(request.Request) request.Mail { return request.Mail{To: "a@example.nl", Subject: "s"} }})
		if !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("submit with a file that is not in the draft: %v", err)
		}
		if mails, _ := s.RequestMails(ctx, "a@example.nl"); len(mails) != 0 {
			t.Fatal("a mail was queued for a request that was rolled back")
		}
		if q, _ := s.RequestQueue(ctx, store.QueueFilter{}); len(q) != 0 {
			t.Fatal("a rolled-back request is in the queue")
		}
	})
}

func TestConcurrentSubmissionsGetUniqueReferences(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		var wg sync.WaitGroup
		refs := make(chan string, 20)
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				refs <- submit(t, s, time.Now(), 56, request.Values{"email": fmt.Sprintf("p%d@example.nl", i)}, "").Reference
			}()
		}
		wg.Wait()
		close(refs)
		seen := map[string]bool{}
		for r := range refs {
			if seen[r] {
				t.Fatalf("reference %s given twice", r)
			}
			seen[r] = true
		}
		if len(seen) != 20 {
			t.Fatalf("%d references", len(seen))
		}
	})
}

func TestQueueOrderAndUpdates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		base := time.Now()
		late := submit(t, s, base.AddDate(0, 0, -30), 14, request.Values{"email": "late@example.nl"}, "")
		soon := submit(t, s, base, 7, request.Values{"email": "soon@example.nl"}, "")
		far := submit(t, s, base, 56, request.Values{"email": "far@example.nl"}, "")
		q, err := s.RequestQueue(ctx, store.QueueFilter{Team: "Team Afval"})
		if err != nil || len(q) != 3 || q[0].Reference != late.Reference || q[1].Reference != soon.Reference || q[2].Reference != far.Reference {
			t.Fatalf("queue order %v %v", refsOf(q), err)
		}
		if !q[0].Overdue(base) {
			t.Error("a request received 30 days ago with a 14-day term is not overdue")
		}
		// A failing action changes nothing.
		_, err = s.UpdateRequest(ctx, far.Reference, func(r *request.Request) (store.Change, error) {
			r.Assignee = "changed-before-the-error@voorbeeld.nl"
			_, err := r.Extend("x@voorbeeld.nl", 0, "Advies nodig", base)
			return store.Change{}, err
		})
		if !errors.Is(err, request.ErrInvalidExtension) {
			t.Fatalf("invalid extension: %v", err)
		}
		if got, _ := s.Request(ctx, far.Reference); got.Assignee != "" {
			t.Fatalf("a failed action was stored: assignee %q", got.Assignee)
		}
		updated, err := s.UpdateRequest(ctx, far.Reference, func(r *request.Request) (store.Change, error) {
			e, err := r.Decide("x@voorbeeld.nl", "toegekend", "Wij halen het op.", base)
			m := request.UpdateMail(*r, e)
			return store.Change{Events: []request.Event{e}, Mail: &m}, err
		})
		if err != nil || updated.Status != request.StatusDecided {
			t.Fatalf("decide: %v %s", err, updated.Status)
		}
		if q, _ := s.RequestQueue(ctx, store.QueueFilter{}); len(q) != 2 {
			t.Fatalf("a decided request stays in the queue: %v", refsOf(q))
		}
		if mails, _ := s.RequestMails(ctx, "far@example.nl"); len(mails) != 2 || !strings.Contains(mails[0].Body, "Wij halen het op.") {
			t.Fatalf("decision mail: %+v", mails)
		}
		if _, err := s.UpdateRequest(ctx, "VB-2026-999999", nil); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown reference: %v", err)
		}
	})
}

func refsOf(list []request.Request) []string {
	var out []string
	for _, r := range list {
		out = append(out, r.Reference+" "+r.Deadline.Format(time.DateOnly))
	}
	return out
}

// BenchmarkRequestQueue measures the case handlers' queue query over 5,000 open requests.
func BenchmarkRequestQueue(b *testing.B) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		b.Run(dialect, func(b *testing.B) {
			s := storetest.Open(b, dialect)
			now := time.Now()
			for i := range 5000 {
				r := submit(b, s, now.AddDate(0, 0, -i%60), 14+i%50, request.Values{"email": "x@example.nl"}, "")
				if i%3 == 0 {
					s.Exec(context.Background(), `UPDATE requests SET team = ? WHERE id = ?`, "Team Ander", r.ID)
				}
			}
			b.ResetTimer()
			for b.Loop() {
				q, err := s.RequestQueue(context.Background(), store.QueueFilter{Team: "Team Afval", Limit: 500})
				if err != nil || len(q) != 500 {
					b.Fatal(len(q), err)
				}
			}
		})
	}
}

// BenchmarkSubmitRequest measures the submission path: validate every answer of the demo objection form,
// work out the deadlines and commit the request with its reference number, timeline entry and mail.
func BenchmarkSubmitRequest(b *testing.B) {
	forms, err := demo.RequestForms()
	if err != nil {
		b.Fatal(err)
	}
	var form request.Form
	for _, f := range forms {
		if f.Product == "bezwaar-maken" {
			form = f
		}
	}
	now := time.Now()
	answers := request.Values{"kenmerk_besluit": "Vergunning Zomerfeest", "datum_besluit": now.AddDate(0, 0, -7).Format(time.DateOnly),
		"gaat_over_datum": "ja", "datum_gebeurtenis": now.AddDate(0, 0, 21).Format(time.DateOnly), "gronden": strings.Repeat("Te veel geluid. ", 40),
		"horen": "ja", "naam": "Piet Bezwaar", "email": "piet@example.nl", "telefoon": "06 1234 5678", "adres": "1234 AB 5"}
	product := request.Product{ID: "bezwaar-maken", Title: "Bezwaar maken", Team: "Team Juridische Zaken", DeadlineDays: 84}
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		b.Run(dialect, func(b *testing.B) {
			s := storetest.Open(b, dialect)
			for b.Loop() {
				clean, errs := form.Validate(answers, now)
				if len(errs) > 0 {
					b.Fatal(errs)
				}
				r, err := request.New(form, product, clean, now)
				if err != nil {
					b.Fatal(err)
				}
				err = s.SubmitRequest(context.Background(), store.Submission{Request: &r, TokenHash: auth.HashSecret(request.NewToken()),
					Confirm: func(done request.Request) request.Mail {
						return request.ConfirmationMail(done, "https://x/s", "https://x/v")
					}})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
