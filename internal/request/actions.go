package request

import (
	"fmt"
	"strings"
	"time"
)

// The actions below change one request in memory and return the timeline entry they produce; the
// Service runs them inside the store's transaction and sends the mails. Each checks the rules of the
// request's procedure and refuses with a *RuleError.

func (r *Request) mustBeOpen() error {
	if r.Status == StatusDecided {
		return refuse(ErrDecided, "", "Over deze %s is al besloten. Dit kan niet meer.", kindWord(r.Kind))
	}
	return nil
}

// Take assigns the request to a case handler and puts it in progress.
func (r *Request) Take(handler string, now time.Time) (Event, error) {
	return r.TakeBy(handler, handler, now)
}

// TakeBy assigns the request to the handler with this e-mail address and name.
func (r *Request) TakeBy(email, name string, now time.Time) (Event, error) {
	if err := r.mustBeOpen(); err != nil {
		return Event{}, err
	}
	r.Assignee, r.AssigneeName = email, name
	if r.Status == StatusReceived {
		r.Status = StatusInProgress
		return Event{At: now, Actor: name, Kind: EventStatus, Status: r.Status, Public: true,
			Text: "Een behandelaar is met uw " + kindWord(r.Kind) + " bezig."}, r.Recompute(now)
	}
	return Event{At: now, Actor: name, Kind: EventNote, Text: "Opgepakt door " + name + "."}, r.Recompute(now)
}

// AskInformation asks for information with the default hersteltermijn of two weeks.
func (r *Request) AskInformation(handler, text string, now time.Time) (Event, error) {
	return r.AskInformationUntil(handler, text, civilDate(now).AddDate(0, 0, DefaultRepairDays), now)
}

// AskInformationUntil asks the requester to complete the request by until (the hersteltermijn of Awb
// 4:5); the decision term stands still from the next day (Awb 4:15) until the handler marks the
// information received or the hersteltermijn passes unused.
func (r *Request) AskInformationUntil(handler, what string, until, now time.Time) (Event, error) {
	if err := r.mustBeOpen(); err != nil {
		return Event{}, err
	}
	if r.Waiting() {
		return Event{}, refuse(ErrAlreadyWaiting, "tekst", "U wacht al op informatie van de indiener.")
	}
	what = strings.TrimSpace(what)
	if what == "" {
		return Event{}, refuse(ErrEmptyText, "tekst", "Schrijf op welke informatie u nodig hebt.")
	}
	today, until := civilDate(now), civilDate(until)
	if !until.After(today) || until.After(today.AddDate(0, 3, 0)) {
		return Event{}, refuse(ErrInvalidTerm, "tot", "Kies een datum na vandaag en binnen drie maanden, zodat de indiener redelijk de tijd heeft (Awb 4:5).")
	}
	if d, err := DeadlineFor(*r, now); err == nil && today.After(d.Due) {
		return Event{}, refuse(ErrTermPassed, "tekst", "De beslistermijn is al voorbij (%s). Een vraag om informatie zet de termijn nu niet meer stil (Awb 4:15).", DutchDate(d.Due))
	}
	r.Suspensions = append(r.Suspensions, Suspension{Asked: today, Until: until, What: what})
	r.Status = StatusInfoNeeded
	text := fmt.Sprintf("We hebben meer informatie nodig: %s\nStuur dit uiterlijk %s. Tot we het hebben, staat de termijn voor ons besluit stil. "+
		"Krijgen we het niet op tijd, dan kunnen we besluiten uw %s niet te behandelen (Awb 4:5).", what, DutchDate(until), kindWord(r.Kind))
	return Event{At: now, Actor: handler, Kind: EventStatus, Status: r.Status, Text: text, Public: true}, r.Recompute(now)
}

// InformationReceived ends the suspension: the term runs again from today. Only the handler marks
// this; a message from the requester does not, because it may not complete the request.
func (r *Request) InformationReceived(actor string, now time.Time) (Event, error) {
	if err := r.mustBeOpen(); err != nil {
		return Event{}, err
	}
	if !r.Waiting() {
		return Event{}, refuse(ErrNotWaiting, "", "Er is geen informatie gevraagd.")
	}
	r.Suspensions[len(r.Suspensions)-1].Resolved = civilDate(now)
	r.Status = StatusInProgress
	if err := r.Recompute(now); err != nil {
		return Event{}, err
	}
	return Event{At: now, Actor: actor, Kind: EventStatus, Status: r.Status, Public: true,
		Text: "De gevraagde informatie is ontvangen. De termijn loopt weer. U krijgt ons besluit uiterlijk " + DutchDate(r.Deadline) + "."}, nil
}

// Extend postpones the decision without the requester's consent.
func (r *Request) Extend(handler string, days int, reason string, now time.Time) (Event, error) {
	return r.ExtendWith(handler, days, reason, false, now)
}

// ExtendWith postpones the decision within the procedure's rules: once, by at most its maximum,
// announced before the term ended; further only with the requester's recorded consent where the law
// allows it (Awb 7:10 lid 4 for objections, Awb 4:15 lid 2 sub a for applications).
func (r *Request) ExtendWith(handler string, days int, reason string, consent bool, now time.Time) (Event, error) {
	if err := r.mustBeOpen(); err != nil {
		return Event{}, err
	}
	d, err := DeadlineFor(*r, now)
	if err != nil {
		return Event{}, err
	}
	if err := checkExtension(*r, d, days, reason, consent, civilDate(now)); err != nil {
		return Event{}, err
	}
	r.Extensions = append(r.extensions(), Extension{Days: days, On: civilDate(now), Reason: strings.TrimSpace(reason), Consent: consent})
	r.ExtensionDays += days
	r.ExtensionNote = strings.TrimSpace(reason)
	if err := r.Recompute(now); err != nil {
		return Event{}, err
	}
	text := fmt.Sprintf("We hebben meer tijd nodig. De termijn voor ons besluit is met %s verlengd. U krijgt ons besluit uiterlijk %s. Reden: %s",
		dayCount(days), DutchDate(r.Deadline), strings.TrimSpace(reason))
	if consent {
		text = fmt.Sprintf("U hebt ingestemd met meer tijd. De termijn voor ons besluit is met %s verlengd. U krijgt ons besluit uiterlijk %s. Reden: %s",
			dayCount(days), DutchDate(r.Deadline), strings.TrimSpace(reason))
	}
	return Event{At: now, Actor: handler, Kind: EventDeadline, Public: true, Text: text}, nil
}

func checkExtension(r Request, d Deadline, days int, reason string, consent bool, today time.Time) error {
	p := d.Procedure
	statutory := 0
	for _, e := range r.extensions() {
		if !e.Consent {
			statutory++
		}
	}
	switch {
	case strings.TrimSpace(reason) == "":
		return refuse(ErrEmptyText, "reden", "Schrijf waarom u meer tijd nodig hebt. De indiener krijgt de reden te lezen.")
	case today.After(d.Due):
		return refuse(ErrTermPassed, "dagen", "De termijn is al voorbij (%s). Verlengen kan alleen vóór het einde van de termijn (%s).", DutchDate(d.Due), extensionArticle(p))
	case consent && !p.FurtherWithConsent:
		return refuse(ErrInvalidExtension, "instemming", "Bij een %s kan de termijn niet met instemming verder worden verlengd (%s).", strings.ToLower(p.Name), p.TermArticle)
	case consent:
		if days < 1 || days > 366 {
			return refuse(ErrInvalidExtension, "dagen", "Vul een aantal dagen in van 1 tot en met 366.")
		}
		return nil
	case p.ExtensionDays == 0:
		return refuse(ErrInvalidExtension, "dagen", "Bij een %s mag de termijn niet worden verlengd (%s).", strings.ToLower(p.Name), p.TermArticle)
	case statutory > 0 && p.FurtherWithConsent:
		return refuse(ErrAlreadyExtended, "dagen", "De termijn is al een keer verlengd. Dat mag maar één keer (%s). Meer tijd kan alleen als de indiener schriftelijk instemt (%s).", p.ExtensionArticle, consentArticle(p))
	case statutory > 0:
		return refuse(ErrAlreadyExtended, "dagen", "De termijn is al een keer verlengd. Dat mag maar één keer (%s).", p.ExtensionArticle)
	case days < 1 || days > p.ExtensionDays:
		return refuse(ErrInvalidExtension, "dagen", "U mag de termijn met hoogstens %s verlengen (%s). Vul een aantal dagen in van 1 tot en met %d.", dayCount(p.ExtensionDays), p.ExtensionArticle, p.ExtensionDays)
	}
	return nil
}

func extensionArticle(p Procedure) string {
	if p.ExtensionArticle != "" {
		return p.ExtensionArticle
	}
	return p.TermArticle
}

func consentArticle(p Procedure) string {
	if p.ID == ProcedureObjection {
		return "Awb 7:10 lid 4"
	}
	return "Awb 4:15 lid 2"
}

// PlanHearing records the day of the hearing (hoorzitting) of an objection; urgency follows from it.
func (r *Request) PlanHearing(handler string, day time.Time, now time.Time) (Event, error) {
	return r.PlanHearingAt(handler, Hearing{Start: time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)}, now)
}

// PlanHearingAt records a hearing with its time, place and what to bring.
func (r *Request) PlanHearingAt(handler string, h Hearing, now time.Time) (Event, error) {
	if err := r.mustBeOpen(); err != nil {
		return Event{}, err
	}
	r.Hearing = civilDate(h.Start)
	if h.Place != "" {
		r.HearingInfo = &h
	}
	if err := r.Recompute(now); err != nil {
		return Event{}, err
	}
	return Event{At: now, Actor: handler, Kind: EventNote, Public: true, Text: HearingSentence(*r)}, nil
}

// HearingSentence tells the requester when and where the hearing is.
func HearingSentence(r Request) string {
	if r.HearingInfo == nil {
		return "De hoorzitting is gepland op " + DutchDate(r.Hearing) + "."
	}
	h := *r.HearingInfo
	s := fmt.Sprintf("De hoorzitting is op %s om %s uur, %s.", DutchDate(r.Hearing), h.Start.Format("15.04"), h.Place)
	if h.Bring != "" {
		s += " Neem mee: " + h.Bring
	}
	return s
}

// ReceiveNotice records a notice of default (ingebrekestelling, Awb 4:17) from the requester; it
// counts only after the decision term has passed.
func (r *Request) ReceiveNotice(now time.Time) (Event, error) {
	if err := r.mustBeOpen(); err != nil {
		return Event{}, err
	}
	d, err := DeadlineFor(*r, now)
	if err != nil {
		return Event{}, err
	}
	switch {
	case !d.Procedure.Penalty:
		return Event{}, refuse(ErrNoPenalty, "", "Bij een %s geldt geen dwangsom bij te laat beslissen (Awb 4:17).", strings.ToLower(d.Procedure.Name))
	case !d.Overdue:
		return Event{}, refuse(ErrNotLate, "", "De termijn loopt nog tot en met %s. Een ingebrekestelling kan pas daarna.", DutchDate(d.Due))
	case !d.Penalty.Notice.IsZero():
		return Event{}, refuse(ErrAlreadyNoticed, "", "We hebben uw ingebrekestelling al op %s ontvangen.", DutchDate(d.Penalty.Notice))
	}
	today := civilDate(now)
	r.Notices = append(r.Notices, today)
	from := today.AddDate(0, 0, 15)
	return Event{At: now, Actor: ActorRequester, Kind: EventStatus, Status: r.Status, Public: true,
		Text: fmt.Sprintf("U hebt ons in gebreke gesteld omdat we te laat zijn. We moeten nu binnen twee weken beslissen. "+
			"Doen we dat niet, dan betalen we u vanaf %s een dwangsom per dag (Awb 4:17).", DutchDate(from))}, nil
}

// Decide records the decision; a waiting suspension ends with it. The outcome must fit the procedure.
func (r *Request) Decide(handler, outcome, text string, now time.Time) (Event, error) {
	if err := r.mustBeOpen(); err != nil {
		return Event{}, err
	}
	name, ok := Outcomes[outcome]
	if !ok || !r.procedure().AllowsOutcome(outcome) {
		return Event{}, refuse(ErrUnknownOutcome, "uitkomst", "Kies een besluit dat past bij een %s.", strings.ToLower(r.procedure().Name))
	}
	if strings.TrimSpace(text) == "" {
		return Event{}, refuse(ErrEmptyText, "tekst", "Schrijf de uitleg van het besluit.")
	}
	if r.Waiting() {
		r.Suspensions[len(r.Suspensions)-1].Resolved = civilDate(now)
	}
	r.Status, r.Outcome, r.DecidedAt = StatusDecided, outcome, now
	return Event{At: now, Actor: handler, Kind: EventStatus, Status: r.Status, Public: true,
		Text: name + ". " + strings.TrimSpace(text)}, r.Recompute(now)
}

// OutcomeChoices lists the outcomes that fit the request's procedure, for the decision form.
func (r Request) OutcomeChoices() []Option {
	p := r.procedure()
	out := make([]Option, 0, len(p.Outcomes))
	for _, o := range p.Outcomes {
		out = append(out, Option{Value: o, Label: Outcomes[o]})
	}
	return out
}

// ProcedureOf is the procedure the request follows.
func (r Request) ProcedureOf() Procedure { return r.procedure() }
