package identity

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"math/big"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"loket/internal/contact"
	"loket/internal/problem"
)

// Which questions Mijn loket shows. A question (a contact conversation on any channel) is the person's
// when one of these is true, and only then:
//
//  1. it was asked while logged in (contact form, chat widget): linked at the start;
//  2. a staff member linked it to the person's BSN or KvK number, with a reason that is audited;
//  3. its party has an e-mail address the person confirmed while logged in, by the code loket mailed to
//     that address, or a WhatsApp number from which the person sent the code the page showed, and it
//     started at most AddressLookback before the confirmation.
//
// An address alone is no proof: anyone can type someone else's address. A confirmed address shows only what
// loket already sent to, or received from, the mailbox the person proved to hold.
const (
	// AddressLookback is how far before its confirmation an address's questions are shown: the question
	// that made the resident log in, not those of an earlier holder of a reused address.
	AddressLookback = 30 * 24 * time.Hour
	// addressCodeTTL is how long a confirmation code works.
	addressCodeTTL = 30 * time.Minute
	// addressCodeEvery is the least time between two codes to one address (no mail flood).
	addressCodeEvery = time.Minute
	// addressCodeTries is how many wrong codes end a confirmation.
	addressCodeTries = 5
	// maxAddresses bounds the addresses one owner keeps.
	maxAddresses = 5
	// maxQuestionReplyRunes bounds a resident's reply from Mijn loket.
	maxQuestionReplyRunes = 5000
)

// Kinds of address a person confirms, as contact's digital addresses name them.
const (
	AddressEmail = "email" // confirmed by a code mailed to it
	AddressPhone = "phone" // a WhatsApp number, confirmed by a code the person sends from it
)

// phoneCodeMessage is the WhatsApp message that confirms a phone number: "MIJN LOKET 123456".
var phoneCodeMessage = regexp.MustCompile(`(?i)^\s*mijn\s*loket\s*(\d{6})\s*$`)

// Address is an e-mail address an owner confirms or confirmed.
type Address struct {
	ID          int64
	OwnerHash   string
	Kind        string
	Address     string // lower case
	CodeHash    string
	CodeExpires time.Time
	Attempts    int
	CreatedAt   time.Time
	ConfirmedAt time.Time // zero until confirmed
	CoversFrom  time.Time // questions started from then on are shown
}

// Confirmed reports whether the address was confirmed.
func (a Address) Confirmed() bool { return !a.ConfirmedAt.IsZero() }

// QuestionStore is what Mijn loket's questions need from the database.
type QuestionStore interface {
	// SaveAddressCode stores a new code for (owner, kind, address), creating the row or renewing its code.
	SaveAddressCode(ctx context.Context, a Address) (int64, error)
	OwnedAddresses(ctx context.Context, ownerHash string) ([]Address, error)
	CountAddressAttempt(ctx context.Context, id int64) error
	ConfirmAddress(ctx context.Context, id int64, at, coversFrom time.Time) error
	RemoveAddress(ctx context.Context, ownerHash string, id int64) error
	// QueueAddressMail puts the confirmation code's e-mail in the outbox.
	QueueAddressMail(ctx context.Context, to, subject, body string) error
	// OwnedQuestionIDs lists the conversations linked to the owner or started from an address it
	// confirmed (from that address's CoversFrom), newest first, merged ones left out.
	OwnedQuestionIDs(ctx context.Context, ownerHash string) ([]int64, error)
	// OwnsQuestion reports whether one conversation is among them.
	OwnsQuestion(ctx context.Context, ownerHash string, conversationID int64) (bool, error)
	// PendingAddresses lists the unconfirmed rows of an address, of any owner.
	PendingAddresses(ctx context.Context, kind, address string) ([]Address, error)
	// StaffLinkConversation links a conversation to an owner and writes the audit entry, in one transaction.
	StaffLinkConversation(ctx context.Context, conversationID int64, ownerHash, actor, reference, reason string, at time.Time) error
}

// QuestionReplier adds a resident's message from Mijn loket to a conversation (as the resident's, so the
// conversation opens again for the agents).
type QuestionReplier func(ctx context.Context, conversationID int64, author, text string) error

// Questions owns which conversations are the logged-in person's (the rule above), confirming e-mail
// addresses, staff links, and the resident's reply from Mijn loket.
type Questions struct {
	store  QuestionStore
	sealer *Sealer
	clock  func() time.Time
	reply  QuestionReplier
	// Sender names the municipality in the confirmation mail.
	Sender func() string
}

// NewQuestions builds the rules of the person's questions on the service's encryption; reply adds a
// resident's message to a conversation.
func (s *Service) NewQuestions(st QuestionStore, reply QuestionReplier) *Questions {
	return &Questions{store: st, sealer: s.sealer, clock: s.clock, reply: reply, Sender: func() string { return "de gemeente" }}
}

func (q *Questions) ownerHash(o Owner) string {
	if o.KvK != "" {
		return q.sealer.Lookup("kvk", o.KvK)
	}
	return q.sealer.Lookup("bsn", o.BSN)
}

// Addresses lists the person's e-mail addresses, confirmed or waiting for their code.
func (q *Questions) Addresses(ctx context.Context, p Person) ([]Address, error) {
	return q.store.OwnedAddresses(ctx, q.ownerHash(p.Owner()))
}

// StartAddress mails a six-digit code to an e-mail address the person says is theirs; the address counts
// only after ConfirmAddress with that code.
func (q *Questions) StartAddress(ctx context.Context, p Person, address string) error {
	address = strings.ToLower(strings.TrimSpace(address))
	var f problem.Fields
	if a, err := mail.ParseAddress(address); err != nil || a.Address != address || len(address) > 254 {
		f.Add("email", "Vul een e-mailadres in zoals naam@voorbeeld.nl.")
	}
	owner := q.ownerHash(p.Owner())
	have, err := q.store.OwnedAddresses(ctx, owner)
	if err != nil {
		return err
	}
	t := q.clock().UTC()
	i := slices.IndexFunc(have, func(a Address) bool { return a.Kind == AddressEmail && a.Address == address })
	switch {
	case i < 0 && len(have) >= maxAddresses:
		f.Add("email", fmt.Sprintf("U kunt ten hoogste %d e-mailadressen koppelen. Verwijder eerst een adres.", maxAddresses))
	case i >= 0 && have[i].Confirmed():
		return nil // linked already: no mail
	case i >= 0 && t.Sub(have[i].CodeExpires.Add(-addressCodeTTL)) < addressCodeEvery:
		f.Add("email", "We hebben net een code naar dit adres gestuurd. Kijk in uw e-mail, of vraag over een minuut een nieuwe code.")
	}
	if err := f.Err(); err != nil {
		return err
	}
	code := sixDigits()
	if _, err := q.store.SaveAddressCode(ctx, Address{OwnerHash: owner, Kind: AddressEmail, Address: address,
		CodeHash: q.sealer.Lookup("address-code", code), CodeExpires: t.Add(addressCodeTTL), CreatedAt: t}); err != nil {
		return err
	}
	body := fmt.Sprintf("Goedendag,\n\nU wilt dit e-mailadres koppelen aan Mijn loket van %s.\n\nUw code is: %s\n\n"+
		"Vul deze code in op de pagina Mijn loket. De code werkt 30 minuten.\n\n"+
		"Hebt u dit niet gevraagd? Dan hoeft u niets te doen: zonder de code wordt het adres niet gekoppeld.\n", q.Sender(), code)
	return q.store.QueueAddressMail(ctx, address, "Uw code voor Mijn loket: "+code, body)
}

// StartPhone begins linking a WhatsApp number the person says is theirs: they prove it by sending
// "MIJN LOKET" and the code (PhoneCode) from that number to the municipality's WhatsApp (PhoneMessage).
func (q *Questions) StartPhone(ctx context.Context, p Person, phone string) error {
	number := contact.NormalizePhone(phone)
	var f problem.Fields
	if len(number) < 10 || len(number) > 15 {
		f.Add("telefoon", "Vul uw mobiele nummer in, bijvoorbeeld 06 12345678.")
	}
	owner := q.ownerHash(p.Owner())
	have, err := q.store.OwnedAddresses(ctx, owner)
	if err != nil {
		return err
	}
	t := q.clock().UTC()
	i := slices.IndexFunc(have, func(a Address) bool { return a.Kind == AddressPhone && a.Address == number })
	switch {
	case i < 0 && len(have) >= maxAddresses:
		f.Add("telefoon", fmt.Sprintf("U kunt ten hoogste %d adressen en nummers koppelen. Verwijder eerst een.", maxAddresses))
	case i >= 0 && have[i].Confirmed():
		return nil
	}
	if err := f.Err(); err != nil {
		return err
	}
	a := Address{OwnerHash: owner, Kind: AddressPhone, Address: number, CodeExpires: t.Add(addressCodeTTL), CreatedAt: t}
	a.CodeHash = q.sealer.Lookup("address-code", q.PhoneCode(a))
	_, err = q.store.SaveAddressCode(ctx, a)
	return err
}

// PhoneCode is the code a pending phone number is confirmed with, derived with the service's key from
// the row (so the page can show it again and no plain code is stored).
func (q *Questions) PhoneCode(a Address) string {
	h := q.sealer.Lookup("phone-code", a.OwnerHash+"|"+a.Address+"|"+strconv.FormatInt(a.CodeExpires.Unix(), 10))
	n, _ := strconv.ParseUint(h[:12], 16, 64)
	return fmt.Sprintf("%06d", n%1_000_000)
}

// PhoneMessage looks at a WhatsApp message: when it is "MIJN LOKET" with a code, from a number someone is
// confirming, and the code is theirs and still valid, that number is confirmed for them. WhatsApp
// vouches for the sender's number. It reports whether a number was confirmed.
func (q *Questions) PhoneMessage(ctx context.Context, from, text string) (bool, error) {
	m := phoneCodeMessage.FindStringSubmatch(text)
	if m == nil {
		return false, nil
	}
	number := contact.NormalizePhone(from)
	pending, err := q.store.PendingAddresses(ctx, AddressPhone, number)
	if err != nil || len(pending) == 0 {
		return false, err
	}
	t := q.clock().UTC()
	hash := q.sealer.Lookup("address-code", m[1])
	for _, a := range pending {
		if a.Attempts < addressCodeTries && t.Before(a.CodeExpires) &&
			subtle.ConstantTimeCompare([]byte(hash), []byte(a.CodeHash)) == 1 {
			return true, q.store.ConfirmAddress(ctx, a.ID, t, t.Add(-AddressLookback))
		}
	}
	for _, a := range pending {
		if err := q.store.CountAddressAttempt(ctx, a.ID); err != nil {
			return false, err
		}
	}
	return false, nil
}

// ConfirmAddress checks the code for one of the person's addresses; after addressCodeTries wrong codes or
// 30 minutes the code no longer works and a new one must be asked.
func (q *Questions) ConfirmAddress(ctx context.Context, p Person, id int64, code string) error {
	have, err := q.store.OwnedAddresses(ctx, q.ownerHash(p.Owner()))
	if err != nil {
		return err
	}
	// A phone number is confirmed only by a message from it (PhoneMessage), never by typing its code.
	i := slices.IndexFunc(have, func(a Address) bool { return a.ID == id && a.Kind == AddressEmail })
	if i < 0 {
		return problem.ErrNotFound
	}
	a := have[i]
	if a.Confirmed() {
		return nil
	}
	t := q.clock().UTC()
	code = strings.TrimSpace(code)
	if a.Attempts >= addressCodeTries || !t.Before(a.CodeExpires) || a.CodeHash == "" {
		return problem.New(problem.Invalid, "Deze code werkt niet meer. Vraag een nieuwe code aan.")
	}
	if subtle.ConstantTimeCompare([]byte(q.sealer.Lookup("address-code", code)), []byte(a.CodeHash)) != 1 {
		if err := q.store.CountAddressAttempt(ctx, a.ID); err != nil {
			return err
		}
		var f problem.Fields
		f.Add("code", "Deze code klopt niet. Kijk in de e-mail die we u stuurden en probeer het opnieuw.")
		return f.Err()
	}
	return q.store.ConfirmAddress(ctx, a.ID, t, t.Add(-AddressLookback))
}

// RemoveAddress takes one of the person's addresses away; its questions no longer show.
func (q *Questions) RemoveAddress(ctx context.Context, p Person, id int64) error {
	return q.store.RemoveAddress(ctx, q.ownerHash(p.Owner()), id)
}

// Mine lists the ids of the person's questions on every channel, newest first.
func (q *Questions) Mine(ctx context.Context, p Person) ([]int64, error) {
	return q.store.OwnedQuestionIDs(ctx, q.ownerHash(p.Owner()))
}

// Owns reports whether a conversation is one of the person's questions.
func (q *Questions) Owns(ctx context.Context, p Person, conversationID int64) (bool, error) {
	return q.store.OwnsQuestion(ctx, q.ownerHash(p.Owner()), conversationID)
}

// Reply adds the person's message to one of their open questions. A question that is not theirs is
// ErrNotFound; a closed one, or an empty or too long text, is refused with a message.
func (q *Questions) Reply(ctx context.Context, p Person, conversationID int64, open bool, text string) error {
	mine, err := q.Owns(ctx, p, conversationID)
	if err != nil {
		return err
	}
	if !mine {
		return problem.ErrNotFound
	}
	text = strings.TrimSpace(text)
	var f problem.Fields
	switch n := utf8.RuneCountInString(text); {
	case !open:
		f.Add("bericht", "Deze vraag is afgehandeld. Stel een nieuwe vraag als u nog iets wilt weten.")
	case n == 0:
		f.Add("bericht", "Typ eerst uw bericht.")
	case n > maxQuestionReplyRunes:
		f.Add("bericht", fmt.Sprintf("Uw bericht is %d tekens. Het mag ten hoogste %d tekens zijn.", n, maxQuestionReplyRunes))
	}
	if err := f.Err(); err != nil {
		return err
	}
	if q.reply == nil {
		return errors.New("identity: no replier configured")
	}
	author := p.Name
	if author == "" {
		author = "Inwoner (Mijn loket)"
	}
	return q.reply(ctx, conversationID, author, text)
}

// LinkByStaff links a conversation to a resident (a BSN that passes the eleven test) or a company (an
// eight-digit KvK number) after the staff member names why; the link and the reason are audited together.
func (q *Questions) LinkByStaff(ctx context.Context, actor string, conversationID int64, reference, number, reason string) error {
	number = strings.Join(strings.Fields(number), "")
	reason = strings.TrimSpace(reason)
	var f problem.Fields
	var owner Owner
	switch {
	case ValidBSN(number):
		owner.BSN = number
	case validKvK(number):
		owner.KvK = number
	default:
		f.Add("nummer", "Vul een geldig burgerservicenummer (9 cijfers) of KvK-nummer (8 cijfers) in.")
	}
	if n := utf8.RuneCountInString(reason); n < 10 || n > 500 {
		f.Add("reden", "Schrijf in 10 tot 500 tekens waarom deze vraag bij deze persoon hoort (bijvoorbeeld: gecontroleerd aan de balie met legitimatie).")
	}
	if err := f.Err(); err != nil {
		return err
	}
	who := "BSN " + MaskBSN(owner.BSN)
	if owner.KvK != "" {
		who = "KvK " + owner.KvK
	}
	return q.store.StaffLinkConversation(ctx, conversationID, q.ownerHash(owner), actor, reference, who+": "+reason, q.clock().UTC())
}

func sixDigits() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(err)
	}
	return fmt.Sprintf("%06d", n.Int64())
}
