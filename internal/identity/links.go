package identity

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"loket/internal/problem"
	"loket/internal/request"
)

// RequestLink ties a submitted request to whose it is. Sealed holds the person and the status link's
// token, encrypted; OwnerHash is the keyed hash Mijn loket finds it by.
type RequestLink struct {
	RequestID int64
	OwnerHash string
	Means     Means
	Level     string
	KvK       string
	Sealed    string
	CreatedAt time.Time
}

// OwnedRequest is a request with the sealed part of its link, as the store reads it for Mijn loket.
type OwnedRequest struct {
	Request request.Request
	Sealed  string
}

// LinkStore is what linking requests to persons needs from the database.
type LinkStore interface {
	RequestLinkOf(ctx context.Context, requestID int64) (RequestLink, error)
	OwnedRequests(ctx context.Context, ownerHash string) ([]OwnedRequest, error)
	RecordBSNReveal(ctx context.Context, actor string, requestID int64, reference, reason string, at time.Time) error
	LinkAppointment(ctx context.Context, appointmentID int64, ownerHash, sealed string, at time.Time) error
	OwnedAppointments(ctx context.Context, ownerHash string) ([]OwnedAppointment, error)
}

// OwnedAppointment is an appointment id with the sealed token of its change link.
type OwnedAppointment struct {
	ID     int64
	Sealed string
}

// sealedLink is the encrypted part of a request link.
type sealedLink struct {
	Person      Person `json:"person"`
	StatusToken string `json:"status_token"`
}

// Links owns the rules of requests made while logged in: linking them to the BSN or KvK number, listing
// them in Mijn loket (a company's items include a colleague's), and showing the BSN to staff masked,
// revealed only with a reason that is audited.
type Links struct {
	store  LinkStore
	sealer *Sealer
	clock  func() time.Time
}

// NewLinks builds the link rules on the service's encryption.
func (s *Service) NewLinks(st LinkStore) *Links {
	return &Links{store: st, sealer: s.sealer, clock: s.clock}
}

func (l *Links) ownerHash(o Owner) string {
	if o.KvK != "" {
		return l.sealer.Lookup("kvk", o.KvK)
	}
	return l.sealer.Lookup("bsn", o.BSN)
}

// OwnerLink is the link of a request about to be sent by p, for the request service to commit in the
// same transaction as the request: a crash cannot leave a sent request missing from Mijn loket.
// statusToken is the status link's secret, kept sealed so Mijn loket can open the status page.
func (l *Links) OwnerLink(p Person, statusToken string) (*request.OwnerLink, error) {
	plain, err := json.Marshal(sealedLink{Person: p, StatusToken: statusToken})
	if err != nil {
		return nil, err
	}
	return &request.OwnerLink{OwnerHash: l.ownerHash(p.Owner()), Means: string(p.Means), Level: p.Level, KvK: p.KvK,
		Sealed: l.sealer.SealString(plain), At: l.clock().UTC()}, nil
}

// MyRequest is one request in Mijn loket.
type MyRequest struct {
	Request     request.Request
	StatusToken string
	StartedBy   string // who made it, when it was a colleague or someone acting for the owner
}

// Mine lists the requests of the logged-in person's owner, newest first.
func (l *Links) Mine(ctx context.Context, p Person) ([]MyRequest, error) {
	rows, err := l.store.OwnedRequests(ctx, l.ownerHash(p.Owner()))
	if err != nil {
		return nil, err
	}
	list := make([]MyRequest, 0, len(rows))
	for _, row := range rows {
		sl, err := l.open(row.Sealed)
		if err != nil {
			return nil, err
		}
		m := MyRequest{Request: row.Request, StatusToken: sl.StatusToken}
		if by := sl.Person; by.Subject != p.Subject && by.Name != "" {
			m.StartedBy = by.Name
		}
		list = append(list, m)
	}
	return list, nil
}

func (l *Links) open(sealed string) (sealedLink, error) {
	var sl sealedLink
	plain, err := l.sealer.OpenString(sealed)
	if err != nil {
		return sl, err
	}
	return sl, json.Unmarshal(plain, &sl)
}

// StaffView is what a case handler sees of who made a request: the BSN masked.
type StaffView struct {
	Means      Means
	LevelLabel string
	MaskedBSN  string
	HasBSN     bool
	KvK        string
	Branch     string
	Name       string
	ActingFor  string // "gemachtigde met BSN ******123" or "intermediair KvK 90005678"
}

// ForStaff is the masked view of a request's login; a request made without login wraps
// problem.ErrNotFound.
func (l *Links) ForStaff(ctx context.Context, requestID int64) (StaffView, error) {
	link, err := l.store.RequestLinkOf(ctx, requestID)
	if err != nil {
		return StaffView{}, err
	}
	sl, err := l.open(link.Sealed)
	if err != nil {
		return StaffView{}, err
	}
	p := sl.Person
	level, _ := Levels(DefaultLevels()).ByName(p.Level)
	v := StaffView{Means: p.Means, LevelLabel: level.Label(), MaskedBSN: MaskBSN(p.BSN), HasBSN: p.BSN != "",
		KvK: p.KvK, Branch: p.Branch, Name: p.Name}
	switch {
	case p.ActingBSN != "":
		v.ActingFor = "Ingediend door een gemachtigde (BSN " + MaskBSN(p.ActingBSN) + ") via DigiD Machtigen."
	case p.ActingKvK != "":
		v.ActingFor = "Ingediend door intermediair met KvK-nummer " + p.ActingKvK + " (ketenmachtiging)."
	}
	return v, nil
}

// RevealBSN gives a staff member the full BSN of a request's owner after they name why they need it;
// the reveal, with the reason, is written to the audit log before the number is returned.
func (l *Links) RevealBSN(ctx context.Context, actor string, requestID int64, reference, reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	var f problem.Fields
	if n := utf8.RuneCountInString(reason); n < 10 || n > 500 {
		f.Add("reden", "Schrijf in 10 tot 500 tekens waarom u het burgerservicenummer nodig hebt.")
	}
	if err := f.Err(); err != nil {
		return "", err
	}
	link, err := l.store.RequestLinkOf(ctx, requestID)
	if err != nil {
		return "", err
	}
	sl, err := l.open(link.Sealed)
	if err != nil {
		return "", err
	}
	if sl.Person.BSN == "" {
		return "", problem.New(problem.NotFound, "Bij deze aanvraag hoort geen burgerservicenummer.")
	}
	if err := l.store.RecordBSNReveal(ctx, actor, requestID, reference, reason, l.clock().UTC()); err != nil {
		return "", fmt.Errorf("audit BSN reveal: %w", err)
	}
	return sl.Person.BSN, nil
}

// SealPerson is the person encrypted, for a record that must link a request later (a payment whose
// webhook sends the request after the person has gone).
func (l *Links) SealPerson(p Person) (string, error) {
	plain, err := json.Marshal(p)
	if err != nil {
		return "", err
	}
	return l.sealer.SealString(plain), nil
}

// SealedOwnerLink is OwnerLink for a person sealed by SealPerson (a payment's webhook sends the request
// after the person has gone); an empty sealed person links nothing (nil).
func (l *Links) SealedOwnerLink(sealedPerson, statusToken string) (*request.OwnerLink, error) {
	if sealedPerson == "" {
		return nil, nil
	}
	plain, err := l.sealer.OpenString(sealedPerson)
	if err != nil {
		return nil, err
	}
	var p Person
	if err := json.Unmarshal(plain, &p); err != nil {
		return nil, err
	}
	return l.OwnerLink(p, statusToken)
}

// OwnerOf is the key under which a person's questions are linked (Question.Owner, ChatStart.Owner): a
// keyed hash of the BSN or KvK number, never the number itself.
func (l *Links) OwnerOf(p Person) string { return l.ownerHash(p.Owner()) }

// LinkAppointment ties an appointment booked while logged in to whose it is; changeToken is the secret
// of its change link, kept sealed so Mijn loket can offer change and cancel.
func (l *Links) LinkAppointment(ctx context.Context, appointmentID int64, p Person, changeToken string) error {
	return l.store.LinkAppointment(ctx, appointmentID, l.ownerHash(p.Owner()), l.sealer.SealString([]byte(changeToken)), l.clock().UTC())
}

// MyAppointment is an appointment id in Mijn loket with its change link's token.
type MyAppointment struct {
	ID          int64
	ChangeToken string
}

// MyAppointments lists the appointments of the logged-in person's owner, newest first.
func (l *Links) MyAppointments(ctx context.Context, p Person) ([]MyAppointment, error) {
	rows, err := l.store.OwnedAppointments(ctx, l.ownerHash(p.Owner()))
	if err != nil {
		return nil, err
	}
	list := make([]MyAppointment, 0, len(rows))
	for _, row := range rows {
		token, err := l.sealer.OpenString(row.Sealed)
		if err != nil {
			return nil, err
		}
		list = append(list, MyAppointment{ID: row.ID, ChangeToken: string(token)})
	}
	return list, nil
}
