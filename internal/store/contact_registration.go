package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"loket/internal/calendar"
	"loket/internal/contact"
)

// The registration types and rules live in contact; these names keep the store's callers working.
type (
	// Registration is contact.Registration.
	Registration = contact.Registration
	// RegistrationReceipt is contact.RegistrationReceipt.
	RegistrationReceipt = contact.RegistrationReceipt
	// CallbackTask is contact.CallbackTask.
	CallbackTask = contact.CallbackTask
)

// Registration results and task states, from contact.
const (
	ResultAnswered  = contact.ResultAnswered
	ResultForwarded = contact.ResultForwarded
	ResultCallback  = contact.ResultCallback
	TaskOpen        = contact.TaskOpen
	TaskInProgress  = contact.TaskInProgress
	TaskDone        = contact.TaskDone
)

// RegistrationResults and TaskStates, from contact.
var (
	RegistrationResults = contact.RegistrationResults
	TaskStates          = contact.TaskStates
)

// NormalizePhone is contact.NormalizePhone.
func NormalizePhone(p string) string { return contact.NormalizePhone(p) }

// RegisterContact stores a phone or counter contact as a conversation of the person (so it shows in their
// history), with its result: answered closes it, forwarded gives it to a team, callback also makes an
// interne taak and e-mails the team or colleague through the outbox. All in one transaction.
func (s *Store) RegisterContact(ctx context.Context, r Registration, set contact.Settings) (RegistrationReceipt, error) {
	var rc RegistrationReceipt
	if errs := r.Validate(); len(errs) > 0 {
		return rc, fmt.Errorf("%w: registration is not complete", contact.ErrInvalid)
	}
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		rc, err = s.registerTx(ctx, tx, r, set)
		return err
	})
	return rc, err
}

func (s *Store) registerTx(ctx context.Context, tx *Tx, r Registration, set contact.Settings) (RegistrationReceipt, error) {
	var rc RegistrationReceipt
	partyID, err := s.registrationParty(ctx, tx, r)
	if err != nil {
		return rc, err
	}
	at := s.now()
	subject := strings.TrimSpace(r.Subject)
	if subject == "" {
		subject = r.TopicID
	}
	c, err := s.startConversation(ctx, tx, contact.Inbound{Channel: r.Channel, Name: r.Name, Email: r.Email, Subject: subject}, partyID, at, set.Mailer.ReferencePrefix())
	if err != nil {
		return rc, err
	}
	rc.ConversationID, rc.Reference, rc.PartyID = c.ID, c.Reference, partyID
	note := strings.TrimSpace(r.Note)
	if note == "" {
		note = subject
	}
	if _, err := s.insertMessage(ctx, tx, contact.Message{ConversationID: c.ID, Kind: contact.KindNote, Channel: r.Channel,
		Author: r.CreatedBy, Body: note, SuggestionUsed: r.TopicID, CreatedAt: at}); err != nil {
		return rc, err
	}
	topicType := ""
	if r.TopicID != "" {
		topicType = "article"
	}
	state := contact.StateOpen
	if r.Result == ResultAnswered {
		state = contact.StateClosed
	}
	var closed any
	if state == contact.StateClosed {
		closed = at
	}
	if _, err := tx.Exec(ctx, `UPDATE contact_conversations SET state = ?, team = ?, topic_type = ?, topic_id = ?,
		first_response_at = ?, closed_at = ? WHERE id = ?`, state, r.Team, topicType, r.TopicID, at, closed, c.ID); err != nil {
		return rc, err
	}
	if err := s.refreshDue(ctx, tx, c.ID, set.Levels); err != nil {
		return rc, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO contact_registrations (conversation_id, channel, result, created_by, created_at)
		VALUES (?, ?, ?, ?, ?)`, c.ID, r.Channel, r.Result, r.CreatedBy, at); err != nil {
		return rc, err
	}
	if r.Result != ResultCallback {
		return rc, nil
	}
	c.Subject = subject
	rc.TaskID, err = s.addCallbackTx(ctx, tx, c, CallbackTask{Team: r.Team, AssigneeID: r.AssigneeID, Due: r.Due,
		Description: "Terugbellen: " + note, CreatedBy: r.CreatedBy, Phone: r.Phone}, set, at)
	return rc, err
}

// registrationParty is the known person, or the one behind the e-mail address or phone number given,
// or a new anonymous party.
func (s *Store) registrationParty(ctx context.Context, tx *Tx, r Registration) (int64, error) {
	name := strings.TrimSpace(r.Name)
	switch {
	case r.PartyID > 0:
		var id int64
		err := tx.QueryRow(ctx, `SELECT id FROM contact_parties WHERE id = ?`, r.PartyID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("%w: unknown person", contact.ErrInvalid)
		}
		if err == nil && r.Phone != "" {
			err = s.addAddress(ctx, tx, id, "phone", NormalizePhone(r.Phone))
		}
		return id, err
	case r.Email != "":
		id, err := s.partyFor(ctx, tx, "email", r.Email, name)
		if err == nil && r.Phone != "" {
			err = s.addAddress(ctx, tx, id, "phone", NormalizePhone(r.Phone))
		}
		return id, err
	case r.Phone != "":
		return s.partyFor(ctx, tx, "phone", NormalizePhone(r.Phone), name)
	}
	return s.anonymousParty(ctx, tx, name)
}

// addAddress links one more digital address to a party, unless some party has it already.
func (s *Store) addAddress(ctx context.Context, tx *Tx, partyID int64, kind, address string) error {
	if address == "" {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO contact_digital_addresses (party_id, kind, address, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (kind, address) DO NOTHING`, partyID, kind, address, s.now())
	return err
}

// AddCallback turns a conversation (a chat, for instance) into a callback request with notifications.
func (s *Store) AddCallback(ctx context.Context, conversationID int64, t CallbackTask, set contact.Settings) (int64, error) {
	if strings.TrimSpace(t.Team) == "" || strings.TrimSpace(t.Description) == "" || t.Due.IsZero() {
		return 0, fmt.Errorf("%w: a callback needs a team, a description and a due time", contact.ErrInvalid)
	}
	var id int64
	err := s.InTx(ctx, func(tx *Tx) error {
		c, err := s.conversationTx(ctx, tx, conversationID)
		if err != nil {
			return err
		}
		id, err = s.addCallbackTx(ctx, tx, c, t, set, s.now())
		return err
	})
	return id, err
}

// addCallbackTx writes the interne taak and an e-mail to the colleague, or to every member of the team,
// each as an internal note of the conversation with its delivery state.
func (s *Store) addCallbackTx(ctx context.Context, tx *Tx, c contact.Conversation, t CallbackTask, set contact.Settings, at time.Time) (int64, error) {
	var assignee any
	if t.AssigneeID > 0 {
		assignee = t.AssigneeID
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO contact_tasks (conversation_id, team, description, state, created_by, created_at,
		kind, assignee_id, due_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'callback', ?, ?, ?) RETURNING id`,
		c.ID, t.Team, truncateRunes(t.Description, 2000), TaskOpen, t.CreatedBy, at, assignee, t.Due.UTC(), at).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("task: %w", err)
	}
	if phone := NormalizePhone(t.Phone); phone != "" {
		// The number to call back becomes the person's digital address, so it is shown next time too.
		if err := s.addAddress(ctx, tx, c.PartyID, "phone", phone); err != nil {
			return 0, err
		}
		if err := s.indexText(ctx, tx, c.ID, phone); err != nil {
			return 0, err
		}
	}
	recipients, err := s.taskRecipients(ctx, tx, t.Team, t.AssigneeID)
	if err != nil {
		return 0, err
	}
	for _, to := range recipients {
		mail := callbackMail(set.Mailer, c, t, id, to)
		if _, err := s.enqueueMail(ctx, tx, c, contact.KindNote, "loket", mail, "", at); err != nil {
			return 0, err
		}
	}
	return id, nil
}

func (s *Store) taskRecipients(ctx context.Context, tx *Tx, team string, assigneeID int64) ([]string, error) {
	q, args := `SELECT email FROM staff_users WHERE team = ? AND disabled = ? ORDER BY id LIMIT 50`, []any{team, false}
	if assigneeID > 0 {
		q, args = `SELECT email FROM staff_users WHERE id = ? AND disabled = ?`, []any{assigneeID, false}
	}
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		list = append(list, e)
	}
	return list, rows.Err()
}

func callbackMail(m contact.Mailer, c contact.Conversation, t CallbackTask, taskID int64, to string) contact.OutMail {
	body := fmt.Sprintf("Er is een terugbelverzoek voor %s.\n\nNummer: %s\nOnderwerp: %s\nUiterlijk terugbellen: %s\n",
		orDefault(t.Team, "u"), c.Reference, c.Subject, t.Due.In(calendar.Amsterdam).Format("02-01-2006 15.04"))
	if t.Phone != "" {
		body += "Telefoonnummer: " + t.Phone + "\n"
	}
	body += fmt.Sprintf("\n%s\n\nBekijk de taak: %s/beheer/taken?team=%s#taak-%d\n", t.Description, m.BaseURL, t.Team, taskID)
	return contact.OutMail{MailID: m.NewMailID(), To: to, Subject: "Terugbelverzoek [" + c.Reference + "]", Body: body, Automatic: true}
}

// TeamTask is contact.TeamTask.
type TeamTask = contact.TeamTask

// TaskFilter is contact.TaskFilter.
type TaskFilter = contact.TaskFilter

const teamTaskColumns = `t.id, t.conversation_id, t.team, t.description, t.state, t.created_by, t.created_at, t.kind,
	COALESCE(t.assignee_id, 0), COALESCE(NULLIF(u.name, ''), u.email, ''), t.due_at, t.updated_at, t.done_at, c.reference, c.channel, p.name, c.subject,
	t.outcome, COALESCE((SELECT a.address FROM contact_digital_addresses a WHERE a.party_id = c.party_id AND a.kind = 'phone'
		ORDER BY a.id DESC LIMIT 1), '')
	FROM contact_tasks t JOIN contact_conversations c ON c.id = t.conversation_id JOIN contact_parties p ON p.id = c.party_id
	LEFT JOIN staff_users u ON u.id = t.assignee_id`

func scanTeamTask(row scanner) (TeamTask, error) {
	var t TeamTask
	var due, updated, done sql.NullTime
	err := row.Scan(&t.ID, &t.ConversationID, &t.Team, &t.Description, &t.State, &t.CreatedBy, &t.CreatedAt, &t.Kind,
		&t.AssigneeID, &t.AssigneeName, &due, &updated, &done, &t.Reference, &t.Channel, &t.PartyName, &t.Subject,
		&t.Outcome, &t.Phone)
	if errors.Is(err, sql.ErrNoRows) {
		return t, contact.ErrNotFound
	}
	t.Due, t.UpdatedAt, t.DoneAt = due.Time, updated.Time, done.Time
	return t, err
}

// TeamTasks lists a page of interne taken, open work first and then by due time.
func (s *Store) TeamTasks(ctx context.Context, f TaskFilter) ([]TeamTask, error) {
	where, args := []string{"1 = 1"}, []any{}
	if f.Team != "" {
		where, args = append(where, "t.team = ?"), append(args, f.Team)
	}
	if f.State != "" {
		where, args = append(where, "t.state = ?"), append(args, f.State)
	}
	if f.AssigneeID > 0 {
		where, args = append(where, "t.assignee_id = ?"), append(args, f.AssigneeID)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	rows, err := s.Query(ctx, `SELECT `+teamTaskColumns+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY CASE t.state WHEN 'done' THEN 1 ELSE 0 END, CASE WHEN t.due_at IS NULL THEN 1 ELSE 0 END, t.due_at, t.id`+
		fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, err
	}
	return scanAll(rows, scanTeamTask)
}

// TeamTask returns one interne taak.
func (s *Store) TeamTask(ctx context.Context, id int64) (TeamTask, error) {
	return scanTeamTask(s.QueryRow(ctx, `SELECT `+teamTaskColumns+` WHERE t.id = ?`, id))
}

// SetTaskState moves a task to open, in_progress or done; taking it up (in progress) makes the colleague
// its assignee when it had none.
func (s *Store) SetTaskState(ctx context.Context, id int64, state string, by int64) error {
	if !slices.Contains(TaskStates, state) {
		return fmt.Errorf("%w: task state %q", contact.ErrInvalid, state)
	}
	at := s.now()
	var done any
	if state == TaskDone {
		done = at
	}
	var assignee any
	if state == TaskInProgress && by > 0 {
		assignee = by
	}
	res, err := s.Exec(ctx, `UPDATE contact_tasks SET state = ?, updated_at = ?, done_at = ?,
		assignee_id = COALESCE(assignee_id, ?) WHERE id = ?`, state, at, done, assignee, id)
	return oneRowChanged(res, err)
}

// FinishTask marks a task done with its outcome (what came of the callback).
func (s *Store) FinishTask(ctx context.Context, id int64, outcome string, by int64) error {
	at := s.now()
	var assignee any
	if by > 0 {
		assignee = by
	}
	res, err := s.Exec(ctx, `UPDATE contact_tasks SET state = ?, outcome = ?, updated_at = ?, done_at = ?,
		assignee_id = COALESCE(assignee_id, ?) WHERE id = ?`, TaskDone, outcome, at, at, assignee, id)
	return oneRowChanged(res, err)
}

// TaskCounts counts a team's tasks (all teams when team is empty) per state, and the open ones past due at.
func (s *Store) TaskCounts(ctx context.Context, team string, at time.Time) (contact.TaskCounts, error) {
	counts := contact.TaskCounts{State: map[string]int{}}
	where, args := "1 = 1", []any{at.UTC()}
	if team != "" {
		where, args = "t.team = ?", []any{at.UTC(), team}
	}
	rows, err := s.Query(ctx, `SELECT t.state, SUM(CASE WHEN t.state <> 'done' AND t.due_at < ? THEN 1 ELSE 0 END), COUNT(*)
		FROM contact_tasks t WHERE `+where+` GROUP BY t.state`, args...)
	if err != nil {
		return counts, err
	}
	defer rows.Close()
	for rows.Next() {
		var state string
		var overdue, n int
		if err := rows.Scan(&state, &overdue, &n); err != nil {
			return counts, err
		}
		counts.State[state], counts.Overdue = n, counts.Overdue+overdue
	}
	return counts, rows.Err()
}

// OpenTaskCount counts the tasks of one assignee that are not done (index contact_tasks_assignee).
func (s *Store) OpenTaskCount(ctx context.Context, assigneeID int64) (int, error) {
	var n int
	err := s.QueryRow(ctx, `SELECT COUNT(*) FROM contact_tasks WHERE assignee_id = ? AND state IN (?, ?)`,
		assigneeID, TaskOpen, TaskInProgress).Scan(&n)
	return n, err
}

// PartyMatch is a person found by name, e-mail address or phone number.
type PartyMatch struct {
	ID        int64    `json:"id"`
	Name      string   `json:"name"`
	Addresses []string `json:"addresses"`
}

// SearchParties finds people whose name, e-mail address or phone number contains q, for registrations.
func (s *Store) SearchParties(ctx context.Context, q string, limit int) ([]PartyMatch, error) {
	q = strings.ToLower(strings.TrimSpace(q))
	if len([]rune(q)) < 2 {
		return nil, nil
	}
	like := "%" + strings.NewReplacer("%", "", "_", "").Replace(q) + "%"
	phone := NormalizePhone(q)
	rows, err := s.Query(ctx, `SELECT DISTINCT p.id, p.name FROM contact_parties p
		LEFT JOIN contact_digital_addresses a ON a.party_id = p.id
		WHERE LOWER(p.name) LIKE ? OR a.address LIKE ? OR (? <> '' AND a.kind = 'phone' AND a.address LIKE ?)
		ORDER BY p.id DESC LIMIT ?`, like, like, phone, "%"+phone+"%", limit)
	if err != nil {
		return nil, err
	}
	var list []PartyMatch
	for rows.Next() {
		var m PartyMatch
		if err := rows.Scan(&m.ID, &m.Name); err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].Addresses, err = s.partyAddresses(ctx, list[i].ID); err != nil {
			return nil, err
		}
	}
	return list, nil
}

func (s *Store) partyAddresses(ctx context.Context, partyID int64) ([]string, error) {
	rows, err := s.Query(ctx, `SELECT address FROM contact_digital_addresses WHERE party_id = ? ORDER BY id LIMIT 10`, partyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []string{}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}
