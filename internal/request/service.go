package request

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"loket/internal/insight"
	"loket/internal/problem"
)

// Service owns the rules of online requests: the public site, the console, the API and the demo call
// these operations, and the service records the insight events (request_started, request_sent,
// handle_seconds) itself.
type Service struct {
	Store   Store
	Insight EventRecorder    // may be nil
	Now     func() time.Time // the clock; time.Now when nil
	BaseURL string           // for links in mails, e.g. https://loket.example
	// Municipality says who sends the mails and letters and how reference numbers start, as the
	// administrator set it now; nil gives a neutral "Gemeente" and prefix.
	Municipality func() Sender

	clock atomic.Pointer[func() time.Time] // set by SetClock while the service runs
}

// Sender is the municipality as requests name it.
type Sender struct {
	Name            string // "Gemeente Anders", the signature of mails and letters
	ReferencePrefix string // "AN": reference numbers read AN-2026-000123
}

// sender is the municipality now, with neutral values for what is not set.
func (s *Service) sender() Sender {
	var snd Sender
	if s.Municipality != nil {
		snd = s.Municipality()
	}
	if snd.Name == "" {
		snd.Name = "Gemeente"
	}
	if snd.ReferencePrefix == "" {
		snd.ReferencePrefix = fallbackPrefix
	}
	return snd
}

// SetClock replaces the clock of a running service (tests of a running site move time with it).
func (s *Service) SetClock(now func() time.Time) { s.clock.Store(&now) }

// Staff is the handler acting: the e-mail address identifies, the name is what people see.
type Staff struct {
	Email, Name string
}

func (s Staff) shown() string {
	if s.Name != "" {
		return s.Name
	}
	return s.Email
}

// ProvisionalPath is the public page that explains the voorlopige voorziening (Awb 8:81).
const ProvisionalPath = "/producten/voorlopige-voorziening"

// MaxMessage is the longest message a requester or handler may send, in characters.
const MaxMessage = 5000

func (s *Service) now() time.Time {
	if c := s.clock.Load(); c != nil {
		return (*c)()
	}
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) record(e insight.Event) {
	if s.Insight != nil {
		s.Insight.Record(e)
	}
}

// Case is a request with its term as the law counts it today: what every screen, mail and API
// answer shows.
type Case struct {
	Request
	Term Deadline
}

// CaseOf derives the term of r on the service's today.
func (s *Service) CaseOf(r Request) (Case, error) {
	d, err := DeadlineFor(r, s.now())
	if err != nil {
		return Case{}, err
	}
	r.Deadline, r.Urgent, r.UrgentReason = d.Due, d.Urgent, d.UrgentReason
	return Case{Request: r, Term: d}, nil
}

// Case returns a request by reference number with its term derived today.
func (s *Service) Case(ctx context.Context, reference string) (Case, error) {
	r, err := s.Store.Request(ctx, reference)
	if err != nil {
		return Case{}, err
	}
	return s.CaseOf(r)
}

// CaseByToken returns the request behind a status link (by the hash of its token).
func (s *Service) CaseByToken(ctx context.Context, tokenHash string) (Case, error) {
	r, err := s.Store.RequestByToken(ctx, tokenHash)
	if err != nil {
		return Case{}, err
	}
	return s.CaseOf(r)
}

// Queue lists every open request (or the first f.Limit) with its term, the nearest derived deadline
// first, whatever its section. It reads every request it returns; the console pages with QueueView.
func (s *Service) Queue(ctx context.Context, f QueueFilter) ([]Case, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = math.MaxInt32
	}
	now := s.now()
	moving, err := s.movingKeys(ctx, f, now)
	if err != nil {
		return nil, err
	}
	var keys []QueueKey
	for _, sec := range QueueSections {
		fixed, err := s.Store.RequestQueueKeys(ctx, f, sec, civilDate(now), limit)
		if err != nil {
			return nil, err
		}
		keys = append(keys, mergeKeys(fixed, moving[sec], limit)...)
	}
	slices.SortFunc(keys, compareKeys)
	keys = keys[:min(len(keys), limit)]
	cases := make([]Case, 0, len(keys))
	for batch := range slices.Chunk(keys, 500) {
		page, err := s.casesOf(ctx, batch)
		if err != nil {
			return nil, err
		}
		cases = append(cases, page...)
	}
	return cases, nil
}

// Procedures lists the presets and the municipality's own procedures, for the form editor.
func (s *Service) Procedures(ctx context.Context) ([]Procedure, error) {
	own, err := s.Store.RequestProcedures(ctx)
	if err != nil {
		return nil, err
	}
	return append(slices.Clone(Presets), own...), nil
}

// SaveByLawProcedure adds or changes a municipality's own procedure; every wrong field is reported at once.
func (s *Service) SaveByLawProcedure(ctx context.Context, p Procedure) (Procedure, FieldErrors, error) {
	if errs := p.ValidateByLaw(); len(errs) > 0 {
		return p, errs, nil
	}
	p = p.ByLawProcedure()
	return p, nil, s.Store.SaveRequestProcedure(ctx, p)
}

// Start opens a new draft for a product and records that a resident started its form.
func (s *Service) Start(ctx context.Context, product, tokenHash string) Draft {
	s.record(insight.Event{Type: insight.TypeRequestStarted, Channel: insight.ChannelWeb, ArticleID: product})
	return Draft{TokenHash: tokenHash, Product: product, Values: Values{}}
}

// SaveStep stores what the resident typed in a step (always, so nothing is lost) and checks it. With
// no errors and not saveOnly, the clean values replace the typed ones and the next step opens.
// fileErrs are the messages of uploads the caller already refused.
func (s *Service) SaveStep(ctx context.Context, f Form, d *Draft, step int, typed Values, fileErrs FieldErrors, saveOnly bool) (FieldErrors, error) {
	if step < 0 || step >= len(f.Steps) || step > d.Step {
		return nil, refuse(ErrInvalidTerm, "stap", "Deze stap van het formulier bestaat niet.")
	}
	for k, v := range typed {
		d.Values[k] = v
	}
	clean, errs := f.ValidateStep(step, d.Values, s.now())
	for k, m := range fileErrs {
		errs[k] = m
	}
	if len(errs) == 0 && !saveOnly {
		for k, v := range clean {
			d.Values[k] = v
		}
		d.Step = max(d.Step, step+1)
	}
	return errs, s.Store.SaveDraft(ctx, *d)
}

// Submission input: the form and product, the values, and where the status link points.
type SubmitInput struct {
	Form      Form
	Product   Product
	Values    Values
	DraftHash string      // the draft it came from, or ""
	TokenHash string      // hash of the new status link's token
	StatusURL string      // full link to the status page, for the confirmation mail
	Refused   FieldErrors // problems the caller found (an unknown field); reported with the rest
	Owner     *OwnerLink  // the logged-in sender, linked in the submission's transaction; nil without login
	PaymentID int64       // the claimed, paid payment it is sent for; 0 without a fee
}

// Submit checks every step again, then commits the request, its files, the removal of the draft and
// the confirmation mail together, and records request_sent. Field errors come back all at once and
// nothing is stored.
func (s *Service) Submit(ctx context.Context, in SubmitInput) (Case, FieldErrors, error) {
	now := s.now()
	clean, errs := in.Form.Validate(in.Values, now)
	for k, m := range in.Refused {
		errs[k] = m
	}
	if len(errs) > 0 {
		return Case{}, errs, nil
	}
	own, err := s.Store.RequestProcedures(ctx)
	if err != nil {
		return Case{}, nil, err
	}
	r, err := NewWithProcedure(in.Form, in.Product, ProcedureFor(in.Form, in.Product, own), clean, now)
	if err != nil {
		return Case{}, nil, err
	}
	if r.Urgent {
		r.Told = map[string]bool{toldUrgent: true} // the confirmation explains the voorlopige voorziening
	}
	err = s.Store.SubmitRequest(ctx, Submission{Request: &r, TokenHash: in.TokenHash, DraftHash: in.DraftHash,
		ReferencePrefix: s.sender().ReferencePrefix, Owner: in.Owner, PaymentID: in.PaymentID,
		Confirm: func(done Request) Mail {
			return ConfirmationMail(done, in.StatusURL, s.BaseURL+ProvisionalPath, s.sender().Name)
		}})
	if err != nil {
		return Case{}, nil, err
	}
	s.record(insight.Event{Type: insight.TypeRequestSent, Channel: insight.ChannelWeb, ArticleID: r.Product})
	c, err := s.CaseOf(r)
	return c, nil, err
}

// change runs one action in the store's transaction, mails the requester about public entries and,
// when the case became urgent by it, explains the voorlopige voorziening.
func (s *Service) change(ctx context.Context, ref string, act func(r *Request, now time.Time) (Event, error)) (Case, error) {
	now := s.now()
	r, err := s.Store.UpdateRequest(ctx, ref, func(r *Request) (Change, error) {
		e, err := act(r, now)
		if err != nil {
			return Change{}, err
		}
		c := Change{Events: []Event{e}}
		if e.Public {
			c.Mails = append(c.Mails, UpdateMail(*r, e, s.sender().Name))
		}
		s.noticeUrgency(r, now, &c)
		return c, nil
	})
	if err != nil {
		return Case{}, err
	}
	return s.CaseOf(r)
}

// One-off messages, recorded in Request.Told.
const (
	toldUrgent  = "urgent"
	toldGranted = "granted"
	toldLapsed  = "lapsed"
	toldPenalty = "penalty"
	toldExtend  = "extend"
)

// noticeUrgency adds the mail about the voorlopige voorziening the first time a case is urgent.
func (s *Service) noticeUrgency(r *Request, now time.Time, c *Change) {
	d, err := DeadlineFor(*r, now)
	if err != nil || !d.Urgent || r.Told[toldUrgent] {
		return
	}
	tell(r, toldUrgent)
	c.Mails = append(c.Mails, UrgentMail(*r, d, s.BaseURL+ProvisionalPath, s.sender().Name))
	c.Events = append(c.Events, Event{At: now, Actor: ActorLoket, Kind: EventNote,
		Text: "Spoed: " + d.UrgentReason + " De indiener heeft een e-mail gekregen over de voorlopige voorziening."})
}

func tell(r *Request, what string) {
	if r.Told == nil {
		r.Told = map[string]bool{}
	}
	r.Told[what] = true
}

// ActorLoket marks what loket did by itself.
const ActorLoket = "loket"

// Take assigns the request to the handler.
func (s *Service) Take(ctx context.Context, ref string, by Staff) (Case, error) {
	return s.change(ctx, ref, func(r *Request, now time.Time) (Event, error) { return r.TakeBy(by.Email, by.shown(), now) })
}

// AskInformation asks the requester for information by until (the hersteltermijn of Awb 4:5); a zero
// until gives the usual two weeks.
func (s *Service) AskInformation(ctx context.Context, ref string, by Staff, what string, until time.Time) (Case, error) {
	if err := checkText(what, "tekst"); err != nil {
		return Case{}, err
	}
	return s.change(ctx, ref, func(r *Request, now time.Time) (Event, error) {
		if until.IsZero() {
			until = civilDate(now).AddDate(0, 0, DefaultRepairDays)
		}
		return r.AskInformationUntil(by.shown(), what, until, now)
	})
}

// MarkInformationReceived ends the suspension; only the handler decides that the request is complete.
func (s *Service) MarkInformationReceived(ctx context.Context, ref string, by Staff) (Case, error) {
	return s.change(ctx, ref, func(r *Request, now time.Time) (Event, error) { return r.InformationReceived(by.shown(), now) })
}

// Extend postpones the decision within the procedure's rules; consent records the requester's
// written agreement to further time.
func (s *Service) Extend(ctx context.Context, ref string, by Staff, days int, reason string, consent bool) (Case, error) {
	if err := checkText(reason, "reden"); err != nil {
		return Case{}, err
	}
	return s.change(ctx, ref, func(r *Request, now time.Time) (Event, error) {
		return r.ExtendWith(by.shown(), days, reason, consent, now)
	})
}

// HearingWarning is returned by PlanHearing when the day is too late; plan again with confirm to keep it.
type HearingWarning struct {
	Advice HearingAdvice
}

func (w *HearingWarning) Error() string { return "request: " + w.Advice.Problem }

// Unwrap matches ErrHearingTooLate and a problem whose safe message is the warning, on the date field.
func (w *HearingWarning) Unwrap() []error {
	return []error{ErrHearingTooLate, &problem.Error{Kind: problem.Conflict, Message: w.Advice.Problem,
		Fields: map[string]string{"datum": w.Advice.Problem}}}
}

// PlanHearing plans the hearing. A day after a related date or too close to (or after) the deadline
// is refused with a *HearingWarning proposing the latest sensible day, unless confirm is set. The
// requester gets an invitation with date, time, place, what to bring and a calendar file.
func (s *Service) PlanHearing(ctx context.Context, ref string, by Staff, h Hearing, confirm bool) (Case, error) {
	if strings.TrimSpace(h.Place) == "" || utf8.RuneCountInString(h.Place) > 300 || utf8.RuneCountInString(h.Bring) > 1000 {
		return Case{}, refuse(ErrEmptyText, "plaats", "Vul de plaats van de hoorzitting in (hoogstens 300 tekens).")
	}
	now := s.now()
	r, err := s.Store.UpdateRequest(ctx, ref, func(r *Request) (Change, error) {
		if err := r.mustBeOpen(); err != nil {
			return Change{}, err
		}
		d, err := DeadlineFor(*r, now)
		if err != nil {
			return Change{}, err
		}
		if a := AdviseHearing(*r, d, h.Start); a.Problem != "" && !confirm {
			if a.Latest.Before(civilDate(now)) {
				a.Latest = civilDate(now)
				a.Problem = fmt.Sprintf("De hoorzitting (%s) komt te laat, en er is geen goede dag meer over. Plan de hoorzitting zo snel "+
					"mogelijk, of beslis zonder hoorzitting als dat mag (Awb 7:3).", DutchDate(civilDate(h.Start)))
			}
			return Change{}, &HearingWarning{Advice: a}
		}
		e, err := r.PlanHearingAt(by.shown(), h, now)
		if err != nil {
			return Change{}, err
		}
		c := Change{Events: []Event{e}, Mails: []Mail{HearingMail(*r, s.sender().Name)}}
		s.noticeUrgency(r, now, &c)
		return c, nil
	})
	if err != nil {
		return Case{}, err
	}
	return s.CaseOf(r)
}

// RequesterMessage keeps a message (and a file) from the requester. It does not end a suspension:
// the handler reads it and decides whether the request is now complete.
func (s *Service) RequesterMessage(ctx context.Context, ref, text string, file *File) (Case, error) {
	text = strings.TrimSpace(text)
	if text == "" && file == nil {
		return Case{}, refuse(ErrEmptyText, "bericht", "Schrijf een bericht of voeg een bestand toe.")
	}
	if utf8.RuneCountInString(text) > MaxMessage || !utf8.ValidString(text) {
		return Case{}, refuse(ErrEmptyText, "bericht", "Uw bericht is te lang. Gebruik hoogstens 5000 tekens.")
	}
	now := s.now()
	r, err := s.Store.UpdateRequest(ctx, ref, func(r *Request) (Change, error) {
		if err := r.mustBeOpen(); err != nil {
			return Change{}, err
		}
		if file != nil {
			text = strings.TrimSpace(text + "\n\nBijlage: " + file.Name)
		}
		c := Change{File: file, Events: []Event{{At: now, Actor: ActorRequester, Kind: EventMessage, Text: text, Public: true}}}
		if r.Waiting() {
			c.Events = append(c.Events, Event{At: now, Actor: ActorLoket, Kind: EventNote,
				Text: "De indiener stuurde een bericht terwijl de termijn stilstaat. Bekijk of de aanvraag nu compleet is. Zo ja, kies 'Informatie ontvangen'."})
		}
		return c, nil
	})
	if err != nil {
		return Case{}, err
	}
	return s.CaseOf(r)
}

// WriteToRequester sends a message from the handler to the requester.
func (s *Service) WriteToRequester(ctx context.Context, ref string, by Staff, text string, file *File) (Case, error) {
	if err := checkText(text, "tekst"); err != nil {
		return Case{}, err
	}
	return s.change(ctx, ref, func(r *Request, now time.Time) (Event, error) {
		e := Event{At: now, Actor: by.shown(), Kind: EventMessage, Text: strings.TrimSpace(text), Public: true}
		return e, nil
	})
}

// NoticeOfDefault records the requester's notice of default (ingebrekestelling, Awb 4:17).
func (s *Service) NoticeOfDefault(ctx context.Context, ref string) (Case, error) {
	return s.change(ctx, ref, func(r *Request, now time.Time) (Event, error) { return r.ReceiveNotice(now) })
}

// Decide records the decision and the handling time (handle_seconds, from receipt to decision).
func (s *Service) Decide(ctx context.Context, ref string, by Staff, outcome, text string) (Case, error) {
	if err := checkText(text, "tekst"); err != nil {
		return Case{}, err
	}
	c, err := s.change(ctx, ref, func(r *Request, now time.Time) (Event, error) {
		e, err := r.Decide(by.shown(), outcome, text, now)
		if err == nil {
			l := DecisionLetter(*r, outcome, text, s.sender().Name, now)
			r.Letter = &l
			e.Text = LetterText(l)
		}
		return e, err
	})
	if err != nil {
		return c, err
	}
	secs := int64(c.DecidedAt.Sub(c.ReceivedAt) / time.Second)
	s.record(insight.Event{Type: insight.TypeHandleSeconds, Channel: insight.ChannelWeb, ArticleID: c.Product, Value: max(secs, 0)})
	return c, nil
}

func checkText(text, field string) error {
	switch t := strings.TrimSpace(text); {
	case t == "":
		return refuse(ErrEmptyText, field, "Vul een tekst in.")
	case utf8.RuneCountInString(t) > MaxMessage || !utf8.ValidString(t):
		return refuse(ErrEmptyText, field, "De tekst is te lang. Gebruik hoogstens 5000 tekens.")
	}
	return nil
}

// Sweep looks at every open request once (a worker calls it, say hourly) and does what time alone
// makes necessary: the voorlopige-voorziening mail when a case became urgent; a prompt to the
// handler when a hersteltermijn ran out unused (Awb 4:5); "van rechtswege verleend" when a lex
// silencio term passed (Awb 4:20b); a warning when a penalty starts to accrue (Awb 4:17); and a
// reminder to announce an extension while the term still runs. Each is done once per request.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	done := 0
	f := QueueFilter{Limit: sweepBatch}
	for {
		list, err := s.Store.RequestQueue(ctx, f)
		if err != nil {
			return done, err
		}
		n, err := s.sweepBatch(ctx, list)
		done += n
		if err != nil || len(list) < sweepBatch {
			return done, err
		}
		f.AfterID = list[len(list)-1].ID
	}
}

// sweepBatch is how many open requests the sweep reads at a time: every one is looked at, none is cut off.
const sweepBatch = 500

func (s *Service) sweepBatch(ctx context.Context, list []Request) (int, error) {
	done := 0
	for _, r0 := range list {
		now := s.now()
		if !needsSweep(r0, now) {
			continue
		}
		_, err := s.Store.UpdateRequest(ctx, r0.Reference, func(r *Request) (Change, error) {
			var c Change
			s.sweepOne(r, now, &c)
			if len(c.Events) == 0 && len(c.Mails) == 0 {
				return c, errNothing
			}
			return c, nil
		})
		switch {
		case errors.Is(err, errNothing):
		case err != nil:
			return done, fmt.Errorf("sweep %s: %w", r0.Reference, err)
		default:
			done++
		}
	}
	return done, nil
}

var errNothing = errors.New("request: nothing to do")

func needsSweep(r Request, now time.Time) bool {
	var c Change
	var s Service
	s.sweepOne(&r, now, &c)
	return len(c.Events) > 0 || len(c.Mails) > 0
}

func (s *Service) sweepOne(r *Request, now time.Time, c *Change) {
	d, err := DeadlineFor(*r, now)
	if err != nil || d.Decided {
		return
	}
	s.noticeUrgency(r, now, c)
	if d.RepairLapsed && !r.Told[toldLapsed] {
		tell(r, toldLapsed)
		c.Events = append(c.Events, Event{At: now, Actor: ActorLoket, Kind: EventNote, Text: fmt.Sprintf(
			"De hersteltermijn liep tot en met %s en de gevraagde informatie is niet ontvangen. De termijn loopt weer. "+
				"Besluit of u de aanvraag niet behandelt (Awb 4:5); kies dan het besluit 'Niet in behandeling genomen'.", DutchDate(d.RepairUntil))})
	}
	if d.Granted && !r.Told[toldGranted] {
		tell(r, toldGranted)
		e := Event{At: now, Actor: ActorLoket, Kind: EventStatus, Status: r.Status, Public: true, Text: fmt.Sprintf(
			"We hebben niet op tijd beslist. Daarom is uw %s van rechtswege verleend op %s (Awb 4:20b). U krijgt dit nog schriftelijk van ons.",
			kindWord(r.Kind), DutchDate(d.GrantedOn))}
		c.Events = append(c.Events, e)
		c.Mails = append(c.Mails, UpdateMail(*r, e, s.sender().Name))
	}
	if p := d.Penalty; p.Days > 0 && !r.Told[toldPenalty] {
		tell(r, toldPenalty)
		c.Events = append(c.Events, Event{At: now, Actor: ActorLoket, Kind: EventNote, Text: fmt.Sprintf(
			"Dwangsom: sinds %s betaalt de gemeente elke dag een dwangsom (Awb 4:17), nu %s. Beslis zo snel mogelijk en neem ook een besluit over de dwangsom.",
			DutchDate(p.From), Euros(p.Euros))})
	}
	if d.Procedure.ExtensionDays > 0 && len(r.extensions()) == 0 && d.DaysLeft >= 0 && d.DaysLeft < WarnWorkingDays && !d.Suspended && !r.Told[toldExtend] {
		tell(r, toldExtend)
		c.Events = append(c.Events, Event{At: now, Actor: ActorLoket, Kind: EventNote, Text: fmt.Sprintf(
			"De termijn eindigt op %s. Hebt u meer tijd nodig? Verleng dan vóór die dag en laat het de indiener schriftelijk weten (%s).",
			DutchDate(d.Due), extensionArticle(d.Procedure))})
	}
}

// Euros writes an amount the Dutch way: € 1.442.
func Euros(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return "€ " + s
}

// CheckFormProcedure reports, for the form editor, a procedure name that is neither a preset nor one
// of the municipality's own, with the names that exist.
func (s *Service) CheckFormProcedure(ctx context.Context, f Form) ([]Problem, error) {
	if f.Procedure == "" {
		return nil, nil
	}
	all, err := s.Procedures(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(all))
	for _, p := range all {
		if p.ID == f.Procedure {
			return nil, nil
		}
		ids = append(ids, `"`+p.ID+`"`)
	}
	return []Problem{{Where: "procedure", Message: "Deze procedure bestaat niet. Kies uit: " + strings.Join(ids, ", ") + "."}}, nil
}

// Today is the service's current moment, for screens that choose a period by it.
func (s *Service) Today() time.Time { return s.now() }
