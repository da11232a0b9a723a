package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"loket/internal/contact"
)

var _ contact.Store = (*Store)(nil)

// refreshDue stores when the conversation breaches its next service-level target, as contact computes it,
// so the inbox can sort by it with an index. Every write that changes the clock calls it in its transaction.
func (s *Store) refreshDue(ctx context.Context, tx *Tx, id int64, levels contact.ServiceLevels) error {
	c, err := s.conversationTx(ctx, tx, id)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE contact_conversations SET due_at = ? WHERE id = ?`, levels.DueAt(c), id)
	return err
}

// maxSearchDoc bounds the searchable text of one conversation; a long thread keeps its first words.
const maxSearchDoc = 20000

// indexConversation starts the searchable text of a new conversation.
func (s *Store) indexConversation(ctx context.Context, tx *Tx, id int64, text string) error {
	q := `INSERT INTO contact_search (conversation_id, doc) VALUES (?, ?)`
	if s.dialect == SQLite {
		q = `INSERT INTO contact_search (rowid, doc) VALUES (?, ?)`
	}
	_, err := tx.Exec(ctx, q, id, truncateRunes(text, maxSearchDoc))
	return err
}

// indexText adds text (a message, a new address) to the searchable text of a conversation.
func (s *Store) indexText(ctx context.Context, tx *Tx, id int64, text string) error {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	q := `UPDATE contact_search SET doc = SUBSTR(doc || ' ' || ?, 1, ?) WHERE conversation_id = ?`
	if s.dialect == SQLite {
		q = `UPDATE contact_search SET doc = SUBSTR(doc || ' ' || ?, 1, ?) WHERE rowid = ?`
	}
	_, err := tx.Exec(ctx, q, truncateRunes(text, maxSearchDoc), maxSearchDoc, id)
	return err
}

// inboxQuery builds the WHERE clause of an inbox query; the conversation table is c.
type inboxQuery struct {
	where  []string
	args   []any
	sparse bool // the rows are a short list of ids: look each up and sort them, never walk a sort index
}

func (b *inboxQuery) add(cond string, args ...any) {
	b.where, b.args = append(b.where, cond), append(b.args, args...)
}

func (s *Store) inboxFilter(ctx context.Context, q contact.InboxQuery) (inboxQuery, error) {
	b := inboxQuery{where: []string{"c.merged_into IS NULL"}}
	switch q.State {
	case "":
	case contact.StateActive:
		b.add("c.state <> 'closed'") // literally the condition of the partial indexes, so they are used
	default:
		b.add("c.state = ?", q.State)
	}
	if q.Channel != "" {
		b.add("c.channel = ?", q.Channel)
	}
	if q.Team != "" {
		b.add("c.team = ?", q.Team)
	}
	switch {
	case q.AssigneeID > 0:
		b.add("c.assignee_id = ?", q.AssigneeID)
	case q.AssigneeID < 0:
		b.add("c.assignee_id IS NULL")
	}
	if q.PartyID > 0 {
		b.add("c.party_id = ?", q.PartyID)
	}
	if !q.DueBefore.IsZero() {
		b.add("c.due_at < ?", q.DueBefore.UTC())
	}
	return b, s.searchFilter(ctx, &b, contact.ParseSearch(q.Text))
}

// searchFilter narrows the inbox to what the search names: a reference by its unique key, an e-mail
// address or phone number by the digital-address key, words by the text index of the dialect.
func (s *Store) searchFilter(ctx context.Context, b *inboxQuery, q contact.Search) error {
	switch {
	case q.Reference != "":
		b.add("c.reference = ?", q.Reference)
	case q.Email != "":
		b.add("c.party_id IN (SELECT party_id FROM contact_digital_addresses WHERE kind = 'email' AND address = ?)", q.Email)
	case q.Phone != "":
		b.add("c.party_id IN (SELECT party_id FROM contact_digital_addresses WHERE kind = 'phone' AND address = ?)", q.Phone)
	case len(q.Words) > 0:
		return s.wordsFilter(ctx, b, q.Words)
	}
	return nil
}

// sparseMatches is how many matching conversations are fetched as a list of ids; a search that matches
// more is dense, and the inbox then walks its sort index and checks each conversation against the text
// index, which finds a page of common words quickly.
var sparseMatches = 1000

// wordsFilter adds a text search for every word. When the whole words find nothing, the last word is
// taken as the start of a word, as typed ("parkeerverg"); that costs a scan of every word it starts, so it
// is only the fallback.
func (s *Store) wordsFilter(ctx context.Context, b *inboxQuery, words []string) error {
	match := s.matchExpr(words, false)
	if s.dialect == Postgres {
		// A GIN index cannot stop after the first matches: fetching a list of a common word reads all of
		// them. The planner's estimate (from the word statistics ANALYZE keeps) tells a common word first.
		if n, err := s.estimatedMatches(ctx, match); err != nil {
			return err
		} else if n > float64(10*sparseMatches) {
			b.add(s.probeExpr(), match)
			return nil
		}
	}
	ids, err := s.textMatches(ctx, match)
	if err != nil {
		return err
	}
	dense := len(ids) > sparseMatches
	if len(ids) == 0 {
		match = s.matchExpr(words, true)
		if ids, err = s.textMatches(ctx, match); err != nil {
			return err
		}
	}
	switch {
	case len(ids) == 0:
		b.add("1 = 0")
	case len(ids) <= sparseMatches && s.dialect == Postgres:
		// One array parameter: the statement text is the same for any number of matches, so pgx's cached
		// statement and its plan are reused (an IN list of n placeholders is a new statement, planned anew).
		list := make([]int64, len(ids))
		for i, id := range ids {
			list[i] = id.(int64)
		}
		b.add("c.id = ANY(?)", list)
		b.sparse = true
	case len(ids) <= sparseMatches:
		b.add("c.id IN (?"+strings.Repeat(", ?", len(ids)-1)+")", ids...)
		b.sparse = true
	case dense: // a common word: walk the sort index and check each conversation
		b.add(s.probeExpr(), match)
	default: // the start of a common word: match it once as a set
		b.add(s.setExpr(), match)
	}
	return nil
}

// matchExpr is the text-index query for words (letters and digits only, so quoting is safe), the last
// one as the start of a word when prefix is set.
func (s *Store) matchExpr(words []string, prefix bool) string {
	terms := make([]string, len(words))
	for i, w := range words {
		if s.dialect == SQLite {
			terms[i] = `"` + w + `"`
		} else {
			terms[i] = w
		}
	}
	if prefix && s.dialect == SQLite {
		terms[len(terms)-1] += "*"
	} else if prefix {
		terms[len(terms)-1] += ":*"
	}
	if s.dialect == SQLite {
		return strings.Join(terms, " AND ")
	}
	return strings.Join(terms, " & ")
}

// textMatches returns up to sparseMatches+1 conversation ids that match a text-index query.
func (s *Store) textMatches(ctx context.Context, match string) ([]any, error) {
	limit := strconv.Itoa(sparseMatches + 1) // in the SQL, not a placeholder: see Inbox
	q := `SELECT rowid FROM contact_search WHERE contact_search MATCH ? LIMIT ` + limit
	if s.dialect == Postgres {
		q = `SELECT conversation_id FROM contact_search WHERE words @@ to_tsquery('simple', ?) LIMIT ` + limit
	}
	rows, err := s.Query(ctx, q, match)
	if err != nil {
		return nil, fmt.Errorf("search words: %w", err)
	}
	ids, err := scanAll(rows, func(row scanner) (any, error) {
		var id int64
		return id, row.Scan(&id)
	})
	if err != nil {
		return nil, fmt.Errorf("search words: %w", err)
	}
	return ids, nil
}

// unindexed is a column as an expression with the same order that no index serves.
func (s *Store) unindexed(col string) string {
	switch {
	case s.dialect == SQLite:
		return "+" + col
	case col == "c.due_at":
		return "(" + col + " + INTERVAL '0 seconds')"
	}
	return "(" + col + " + 0)"
}

// estimatedMatches is PostgreSQL's estimate of how many conversations match a text query.
func (s *Store) estimatedMatches(ctx context.Context, match string) (float64, error) {
	var plan string
	err := s.QueryRow(ctx, `EXPLAIN (FORMAT JSON) SELECT conversation_id FROM contact_search WHERE words @@ to_tsquery('simple', ?)`, match).Scan(&plan)
	if err != nil {
		return 0, fmt.Errorf("search estimate: %w", err)
	}
	var out []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		} `json:"Plan"`
	}
	if err := json.Unmarshal([]byte(plan), &out); err != nil || len(out) == 0 {
		return 0, fmt.Errorf("search estimate: %w", err)
	}
	return out[0].Plan.Rows, nil
}

// probeExpr checks one conversation against a text-index query, for walking a sort index.
func (s *Store) probeExpr() string {
	if s.dialect == SQLite {
		return `EXISTS (SELECT 1 FROM contact_search WHERE contact_search MATCH ? AND rowid = c.id)`
	}
	// A scalar subquery stays a per-row lookup by primary key; an EXISTS would become a join over every match.
	return `(SELECT s.words FROM contact_search s WHERE s.conversation_id = c.id) @@ to_tsquery('simple', ?)`
}

// setExpr matches a text-index query once, as a set of conversation ids.
func (s *Store) setExpr() string {
	if s.dialect == SQLite {
		return `c.id IN (SELECT rowid FROM contact_search WHERE contact_search MATCH ?)`
	}
	return `c.id IN (SELECT conversation_id FROM contact_search WHERE words @@ to_tsquery('simple', ?))`
}

// Inbox returns one page of conversations in the query's order, after its cursor (keyset paging: a later
// page costs the same as the first). q must be normalized (contact.InboxQuery.Normalize).
func (s *Store) Inbox(ctx context.Context, q contact.InboxQuery) (contact.Page, error) {
	b, err := s.inboxFilter(ctx, q)
	if err != nil {
		return contact.Page{}, err
	}
	var order string
	switch q.Sort {
	case contact.SortDue:
		order = "c.due_at, c.id"
		if !q.After.IsZero() {
			b.add("(c.due_at, c.id) > (?, ?)", q.After.Due, q.After.ID) // a row value: one index range on both dialects
		}
	case contact.SortOldest:
		order = "c.id"
		if !q.After.IsZero() {
			b.add("c.id > ?", q.After.ID)
		}
	case contact.SortNewest:
		order = "c.id DESC"
		if !q.After.IsZero() {
			b.add("c.id < ?", q.After.ID)
		}
	default:
		return contact.Page{}, fmt.Errorf("%w: sort %q", contact.ErrInvalid, q.Sort)
	}
	// The page is chosen on the conversations table alone, so the index does the ordering; the joins for
	// what a row shows run for the chosen rows only.
	pickOrder := order
	if b.sparse { // an expression no index matches, so the planner looks the ids up instead of walking an index
		pickOrder = strings.NewReplacer("c.due_at", s.unindexed("c.due_at"), "c.id", s.unindexed("c.id")).Replace(order)
	}
	// The limit is written into the SQL (an int, never text from outside): with a placeholder PostgreSQL
	// cannot estimate the rows of a cached statement's generic plan, keeps planning every call afresh
	// (0.7 ms, as long as running it), and never settles on the generic plan.
	pick := `SELECT c.id FROM contact_conversations c WHERE ` + strings.Join(b.where, " AND ") +
		` ORDER BY ` + pickOrder + ` LIMIT ` + strconv.Itoa(q.Limit+1)
	query := `SELECT ` + conversationColumns + `, c.due_at` + conversationFrom + ` WHERE c.id IN (` + pick + `) ORDER BY ` + order
	rows, err := s.Query(ctx, query, b.args...)
	if err != nil {
		return contact.Page{}, fmt.Errorf("inbox: %w", err)
	}
	var due []time.Time
	list, err := scanAll(rows, func(row scanner) (contact.Conversation, error) {
		var d time.Time
		c, err := scanConversationWith(row, &d)
		due = append(due, d)
		return c, err
	})
	if err != nil {
		return contact.Page{}, fmt.Errorf("inbox: %w", err)
	}
	page := contact.Page{Conversations: list}
	if len(list) > q.Limit {
		page.Conversations = list[:q.Limit]
		last := page.Conversations[q.Limit-1]
		page.Next = contact.Cursor{Sort: q.Sort, ID: last.ID}
		if q.Sort == contact.SortDue {
			page.Next.Due = due[q.Limit-1].UTC()
		}
	}
	return page, nil
}

// InboxCounts counts conversations per state, and the ones not closed per channel, team and assignee, for
// the agent with id mine. Merged conversations are closed, so they never count.
func (s *Store) InboxCounts(ctx context.Context, mine int64) (contact.Counts, error) {
	counts := contact.Counts{State: map[string]int{}, Channel: map[string]int{}, Team: map[string]int{}}
	q := `SELECT c.state, c.channel, c.team, COALESCE(c.assignee_id, 0), COUNT(*)
		FROM contact_conversations c WHERE c.state <> 'closed'
		GROUP BY c.state, c.channel, c.team, c.assignee_id`
	if s.dialect == Postgres {
		// The counters table its trigger keeps exact in every transaction (migration 0018): a row per key and
		// slot, summed. (Counting the open conversations themselves took 48 ms over 30,000.)
		q = `SELECT state, channel, team, assignee_id, SUM(n)::BIGINT FROM contact_inbox_counts
			GROUP BY state, channel, team, assignee_id HAVING SUM(n) <> 0`
	}
	rows, err := s.Query(ctx, q)
	if err != nil {
		return counts, fmt.Errorf("inbox counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var state, channel, team string
		var assignee int64
		var n int
		if err := rows.Scan(&state, &channel, &team, &assignee, &n); err != nil {
			return counts, err
		}
		counts.State[state] += n
		counts.Channel[channel] += n
		counts.Team[team] += n
		switch {
		case assignee == 0:
			counts.Nobody += n
		case assignee == mine:
			counts.Mine += n
		}
	}
	return counts, rows.Err()
}
