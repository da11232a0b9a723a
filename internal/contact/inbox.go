package contact

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Inbox sort orders.
const (
	SortDue    = "due"    // what breaches its service level first (the default)
	SortOldest = "oldest" // the longest waiting first
	SortNewest = "newest" // the latest first
)

// Sorts lists the sort orders, the default first.
var Sorts = []string{SortDue, SortOldest, SortNewest}

// StateActive selects every conversation that is not closed: new, open and waiting (the inbox default).
const StateActive = "active"

// Page sizes of the inbox.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
	MaxQueryRunes   = 200
)

// InboxQuery selects one page of the inbox. Empty fields match everything.
type InboxQuery struct {
	Text       string // a reference, name, e-mail address, phone number or words
	State      string // a state, StateActive, or "" for all
	Channel    string
	Team       string
	AssigneeID int64 // >0: this colleague; -1: nobody
	PartyID    int64
	DueBefore  time.Time // set: only what is due (or overdue) before this moment
	Sort       string
	After      Cursor // zero: the first page
	Limit      int
}

// Cursor is the position after the last conversation of a page: its sort key and id (keyset paging, so a
// later page costs the same as the first and no conversation is skipped or shown twice while others arrive).
type Cursor struct {
	Sort string
	Due  time.Time // SortDue only
	ID   int64
}

// IsZero reports whether the cursor points at the start.
func (c Cursor) IsZero() bool { return c.ID == 0 }

// String encodes the cursor for a URL.
func (c Cursor) String() string {
	if c.IsZero() {
		return ""
	}
	raw := c.Sort + "." + strconv.FormatInt(c.ID, 10)
	if c.Sort == SortDue {
		raw += "." + strconv.FormatInt(c.Due.Unix(), 10)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// ParseCursor decodes a cursor from a URL; "" is the first page.
func ParseCursor(s string) (Cursor, error) {
	if s == "" {
		return Cursor{}, nil
	}
	bad := fmt.Errorf("%w: cursor", ErrInvalid)
	if len(s) > 100 {
		return Cursor{}, bad
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, bad
	}
	parts := strings.Split(string(raw), ".")
	if len(parts) < 2 || !slices.Contains(Sorts, parts[0]) || (parts[0] == SortDue) != (len(parts) == 3) || len(parts) > 3 {
		return Cursor{}, bad
	}
	c := Cursor{Sort: parts[0]}
	if c.ID, err = strconv.ParseInt(parts[1], 10, 64); err != nil || c.ID <= 0 {
		return Cursor{}, bad
	}
	if c.Sort == SortDue {
		sec, err := strconv.ParseInt(parts[2], 10, 64)
		if err != nil || sec < 0 || sec > NoDue.Unix() {
			return Cursor{}, bad
		}
		c.Due = time.Unix(sec, 0).UTC()
	}
	return c, nil
}

// Normalize fills the defaults and checks the query; the errors name the URL parameter they belong to.
func (q InboxQuery) Normalize() (InboxQuery, error) {
	errs := FieldErrors{}
	q.Text = strings.Join(strings.Fields(q.Text), " ")
	if !utf8.ValidString(q.Text) || utf8.RuneCountInString(q.Text) > MaxQueryRunes {
		errs["q"] = "Zoek met maximaal 200 tekens."
	}
	if q.Sort == "" {
		q.Sort = SortDue
	}
	if !slices.Contains(Sorts, q.Sort) {
		errs["sort"] = "Kies sorteren op termijn, oudste of nieuwste."
	}
	if q.State != "" && q.State != StateActive && !slices.Contains(States, q.State) {
		errs["state"] = "Kies een bestaande status."
	}
	if q.Channel != "" && !slices.Contains(Channels, q.Channel) {
		errs["channel"] = "Kies een bestaand kanaal."
	}
	if len(q.Team) > 100 {
		errs["team"] = "Kies een bestaand team."
	}
	if !q.After.IsZero() && q.After.Sort != q.Sort {
		errs["cursor"] = "Deze pagina hoort bij een andere sortering. Begin opnieuw bij de eerste pagina."
	}
	switch {
	case q.Limit <= 0:
		q.Limit = DefaultPageSize
	case q.Limit > MaxPageSize:
		q.Limit = MaxPageSize
	}
	return q, errs.Err()
}

// Search is the kind of thing an inbox search text names, so the store can look it up by its own index.
type Search struct {
	Reference string   // VB-C-2026-000005
	Email     string   // lower case
	Phone     string   // digits, Dutch numbers as 31...
	Words     []string // lower case words for the text index
}

// ParseSearch tells a reference, an e-mail address and a phone number apart from words.
func ParseSearch(text string) Search {
	text = strings.TrimSpace(text)
	if text == "" {
		return Search{}
	}
	if ref := FindReference(text); ref != "" && len(strings.Fields(text)) == 1 {
		return Search{Reference: ref}
	}
	if ValidEmail(text) {
		return Search{Email: strings.ToLower(text)}
	}
	if p := NormalizePhone(text); len(p) >= 8 && strings.Trim(text, "0123456789+-() .") == "" {
		return Search{Phone: p}
	}
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len(words) < 8 {
			words = append(words, w)
		}
	}
	return Search{Words: words}
}

// Empty reports whether nothing is searched for.
func (s Search) Empty() bool {
	return s.Reference == "" && s.Email == "" && s.Phone == "" && len(s.Words) == 0
}

// Page is one page of the inbox.
type Page struct {
	Conversations []Conversation
	Next          Cursor // zero on the last page
}

// Counts are how many conversations the inbox holds per state, channel and team, and how many are the
// agent's own, for the tabs and filters. Only conversations that are not closed count per channel, team
// and "mine": that is the work to do.
type Counts struct {
	State   map[string]int
	Channel map[string]int
	Team    map[string]int
	Mine    int
	Nobody  int // not closed and not assigned to anyone
}

// Active is the number of conversations that are not closed.
func (c Counts) Active() int {
	return c.State[StateNew] + c.State[StateOpen] + c.State[StateWaiting]
}
