package request

import (
	"context"
	"time"

	"loket/internal/insight"
)

// File is an uploaded file of a request or a draft: its id is also its name on disk.
type File struct {
	ID          string
	RequestID   int64  // 0 while it belongs to a draft
	DraftHash   string // the draft it was uploaded to
	Field       string // the form field, or "" for a file sent with a message
	Name        string // what the uploader called it; for display only
	ContentType string
	Size        int64
	FromStaff   bool
	CreatedAt   time.Time
}

// Draft is a request a resident has started but not sent, found by the hash of its link's token.
type Draft struct {
	TokenHash string `json:"-"`
	Product   string `json:"-"`
	Values    Values `json:"values"`
	Step      int    `json:"step"` // the furthest step reached, 0-based
}

// Submission is everything committed together when a requester sends a request.
type Submission struct {
	Request   *Request // Reference and ID are filled in
	TokenHash string   // hash of the status link's token
	DraftHash string   // the draft to remove and take the files from; may be empty
	// ReferencePrefix starts the new reference number (the municipality's setting).
	ReferencePrefix string
	// Confirm builds the confirmation mail once the reference number is known.
	Confirm func(Request) Mail
	// Owner, when set, links the request to the logged-in person who sent it, in the same transaction.
	Owner *OwnerLink
	// PaymentID, when not 0, is the paid payment this request is sent for: it moves from submitting to
	// submitted with the request's reference in the same transaction, or the whole submission fails
	// (payment.ErrClaimLost) when another call finished it first.
	PaymentID int64
}

// OwnerLink is who a request belongs to, as the identity service prepared it: the keyed hash Mijn loket
// finds it by and the person and status token, sealed. The request package does not open it.
type OwnerLink struct {
	OwnerHash string
	Means     string
	Level     string
	KvK       string
	Sealed    string
	At        time.Time
}

// Change is what an action on a request produced: timeline entries, mails and a file sent with a
// message, stored in the transaction of the change.
type Change struct {
	Events []Event
	Mail   *Mail
	Mails  []Mail
	File   *File
}

// QueueFilter selects open requests for the case handlers' queue.
type QueueFilter struct {
	Team     string // empty: every team
	Assignee string // empty: anyone
	Limit    int    // 0: every open request
	AfterID  int64  // RequestQueue: only requests with a higher id (to go through all of them in batches)
}

// Store is the storage the request service needs; package store implements it. Errors for a missing
// request or draft match ErrNotFound.
type Store interface {
	SaveDraft(ctx context.Context, d Draft) error
	Draft(ctx context.Context, tokenHash string) (Draft, error)
	SubmitRequest(ctx context.Context, sub Submission) error
	Request(ctx context.Context, reference string) (Request, error)
	RequestByToken(ctx context.Context, tokenHash string) (Request, error)
	UpdateRequest(ctx context.Context, reference string, fn func(r *Request) (Change, error)) (Request, error)
	// RequestQueue lists open requests in full by id, for the sweep (in batches) and small lists.
	RequestQueue(ctx context.Context, f QueueFilter) ([]Request, error)
	// RequestQueueCounts counts per section, on today, the open requests whose term does not move.
	RequestQueueCounts(ctx context.Context, f QueueFilter, today time.Time) (map[QueueSection]int, error)
	// RequestQueueKeys lists the first limit open requests of a section whose term does not move, by
	// deadline and id.
	RequestQueueKeys(ctx context.Context, f QueueFilter, sec QueueSection, today time.Time, limit int) ([]QueueKey, error)
	// RequestQueueDueBefore counts the open requests whose term does not move and ends before day.
	RequestQueueDueBefore(ctx context.Context, f QueueFilter, day time.Time) (int, error)
	// RequestQueueMoving lists the open requests whose term moves with the date (TermFacts.Moves), each
	// with ID and the part DeadlineFor reads.
	RequestQueueMoving(ctx context.Context, f QueueFilter) ([]Request, error)
	// RequestsByID reads requests in full, in any order; ids that do not exist are left out.
	RequestsByID(ctx context.Context, ids []int64) ([]Request, error)
	// RequestFigures aggregates the requests received in [from, to) on today (see FigureParts).
	RequestFigures(ctx context.Context, from, to, today time.Time) (FigureParts, error)
	RequestProcedures(ctx context.Context) ([]Procedure, error)
	SaveRequestProcedure(ctx context.Context, p Procedure) error
}

// EventRecorder takes insight events; *insight.Recorder is one (a nil one records nothing).
type EventRecorder interface {
	Record(e insight.Event)
}
