package contact

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"loket/internal/insight"
	"loket/internal/problem"
)

// More sentinel errors of the contact domain.
var (
	// ErrNotLive is what a LiveChat returns for a conversation that is not a chat in progress.
	ErrNotLive = errors.New("contact: not a live chat")
	// ErrConflict is the cause of a reply refused because a colleague answered first.
	ErrConflict = errors.New("contact: a colleague answered first")
	// ErrOutsideWindow is returned for a free-text WhatsApp reply after the 24-hour window closed.
	ErrOutsideWindow = fmt.Errorf("%w: the 24-hour WhatsApp window is closed; send an approved template", ErrInvalid)
)

// MaxReplyRunes limits an agent's reply.
const MaxReplyRunes = 20000

// DeliveryLive is the delivery of a reply that went straight into a chat in progress.
const DeliveryLive = "live"

// Reply is an agent's answer to a conversation.
type Reply struct {
	Author     string // the agent's e-mail address
	AuthorName string // the agent's name, shown to the resident in a chat
	Text       string
	Suggestion string // the knowledge-base article the answer started from, if any
	State      string // the state after sending; waiting for the resident when empty
	// With CheckSeen, SeenReplyID is the newest reply the agent had on screen (0: none): when a colleague's
	// reply is newer, Reply refuses with a Conflict, so nobody answers over an answer they did not see.
	// Sending again with the newer id sends it anyway.
	CheckSeen   bool
	SeenReplyID int64
	// Files go with an e-mail reply as attachments, checked like the files residents send (checkReplyFiles).
	Files []Attachment
}

// Sent tells the agent where a reply went.
type Sent struct {
	MessageID int64 // 0 for a reply said in a live chat (the chat keeps its own lines)
	Delivery  string
}

// Store is the storage the contact service needs; the store package implements it.
type Store interface {
	Intake(ctx context.Context, in Inbound, set Settings) (Receipt, error)
	// AttachmentBytesFrom is how many attachment bytes from address were stored since a moment.
	AttachmentBytesFrom(ctx context.Context, address string, since time.Time) (int64, error)
	Conversation(ctx context.Context, id int64) (Conversation, error)
	AddReply(ctx context.Context, conversationID int64, r Reply, set Settings) (int64, error)
	AddNote(ctx context.Context, conversationID int64, author, text string) (int64, error)
	AssignConversation(ctx context.Context, id int64, team string, assigneeID int64) error
	SetConversationState(ctx context.Context, id int64, state string, set Settings) error
	MergeConversations(ctx context.Context, from, into int64) error
	RegisterContact(ctx context.Context, r Registration, set Settings) (RegistrationReceipt, error)
	AddTask(ctx context.Context, t Task) (int64, error)
	Inbox(ctx context.Context, q InboxQuery) (Page, error)
	InboxCounts(ctx context.Context, mine int64) (Counts, error)
	AddCallback(ctx context.Context, conversationID int64, t CallbackTask, set Settings) (int64, error)
	SetTaskState(ctx context.Context, id int64, state string, by int64) error
	FinishTask(ctx context.Context, id int64, outcome string, by int64) error
	TeamTasks(ctx context.Context, f TaskFilter) ([]TeamTask, error)
	TaskCounts(ctx context.Context, team string, at time.Time) (TaskCounts, error)
	OpenTaskCount(ctx context.Context, assigneeID int64) (int, error)
	TouchPresence(ctx context.Context, conversationID, staffID int64, typing bool, at time.Time) error
	LeavePresence(ctx context.Context, conversationID, staffID int64) error
	Viewers(ctx context.Context, conversationID int64, since time.Time) ([]Viewer, error)
	LatestReply(ctx context.Context, conversationID int64) (Message, error)
	SaveTemplate(ctx context.Context, t Template) (int64, error)
	DeleteTemplate(ctx context.Context, id int64) error
	Template(ctx context.Context, id int64) (Template, error)
	Templates(ctx context.Context, team string) ([]Template, error)
	WaitingConversations(ctx context.Context, before time.Time, limit int) ([]WaitingConversation, error)
	RemindWaiting(ctx context.Context, id int64, mail OutMail) error
	CloseWaiting(ctx context.Context, id int64, notice ClosingNotice, set Settings) error
	WhatsAppLastInbound(ctx context.Context, conversationID int64) (time.Time, error)
}

// LiveChat says an agent's line in a chat in progress, so the resident sees it at once; the chat hub
// implements it. Say returns ErrNotLive when the conversation is not a chat in progress.
type LiveChat interface {
	Say(ctx context.Context, conversationID int64, author, text, suggestion string) error
}

// Events records insight events; *insight.Recorder implements it (a nil one records nothing).
type Events interface {
	Record(e insight.Event)
}

// Service owns the rules of the contact centre: intake, replies and their routing, assignment, states,
// merging, registrations and tasks. The console, the API, the channels and the demo all call it.
type Service struct {
	store    Store
	chat     LiveChat
	events   Events
	settings Settings
	now      func() time.Time
}

// Options are what a Service is built from; Chat and Events may be nil, Now defaults to time.Now.
type Options struct {
	Store    Store
	Chat     LiveChat
	Events   Events
	Settings Settings
	Now      func() time.Time
}

// NewService returns the contact service.
func NewService(o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Service{store: o.Store, chat: o.Chat, events: o.Events, settings: o.Settings, now: o.Now}
}

// Settings returns the mail and service-level settings the service works with.
func (s *Service) Settings() Settings { return s.settings }

func (s *Service) record(e insight.Event) {
	if s.events != nil {
		s.events.Record(e)
	}
}

// Intake stores a message from a channel (e-mail by SMTP or IMAP, WhatsApp, the form, the API) and counts a
// new question as a contact; auto-replies, bounces, duplicates and follow-ups in a thread are not counted.
// Attachments past the sender's daily quota are left out with a note. It returns after the commit, so a
// channel acknowledges only what is stored.
func (s *Service) Intake(ctx context.Context, in Inbound) (Receipt, error) {
	if in.Channel == ChannelWhatsApp && (in.WhatsAppID == "" || in.Phone == "") {
		return Receipt{}, fmt.Errorf("%w: a WhatsApp message needs an id and a sender", ErrInvalid)
	}
	if err := s.applyAttachmentQuota(ctx, &in); err != nil {
		return Receipt{}, err
	}
	rc, err := s.store.Intake(ctx, in, s.settings)
	if err != nil {
		return rc, err
	}
	if rc.New && !rc.Duplicate && !in.Automatic {
		s.record(insight.Event{Type: insight.TypeContact, Channel: in.Channel})
	}
	return rc, nil
}

// DuplicateWindow is how long the same question from the same address is one conversation: a double
// click, a reloaded confirmation page or a resident who sends again because nothing seemed to happen.
const DuplicateWindow = 10 * time.Minute

// Ask stores a question from the contact form or POST /api/v1/contact. All field errors come back at once;
// the same question again within DuplicateWindow returns the first receipt, marked Duplicate.
func (s *Service) Ask(ctx context.Context, q Question) (Receipt, error) {
	q = q.Normalize()
	if err := FieldErrors(q.Validate()).Err(); err != nil {
		return Receipt{}, err
	}
	in := q.Inbound()
	in.DuplicateSince = s.now().Add(-DuplicateWindow)
	return s.Intake(ctx, in)
}

// Reply sends an agent's answer the same way whichever surface calls it: into the chat itself when the
// conversation is a chat in progress, otherwise stored and sent by the conversation's channel (e-mail
// through the outbox, WhatsApp inside its window).
func (s *Service) Reply(ctx context.Context, conversationID int64, r Reply) (Sent, error) {
	r.Text = strings.TrimSpace(r.Text)
	if r.State == "" {
		r.State = StateWaiting
	}
	errs := r.validate()
	if len(r.Files) > 0 {
		files, msg := checkReplyFiles(r.Files)
		if msg != "" {
			errs["files"] = msg
		}
		r.Files = files
	}
	if err := errs.Err(); err != nil {
		return Sent{}, err
	}
	c, err := s.store.Conversation(ctx, conversationID)
	if err != nil {
		return Sent{}, err
	}
	if c.MergedInto != 0 {
		return Sent{}, fieldErr("text", "Dit gesprek is samengevoegd met een ander gesprek. Antwoord daar.")
	}
	if msg := filesFitChannel(c, r.Files); msg != "" {
		return Sent{}, fieldErr("files", msg)
	}
	if err := s.checkNewerReply(ctx, c.ID, r); err != nil {
		return Sent{}, err
	}
	if c.Channel == ChannelChat && s.chat != nil {
		name := r.AuthorName
		if name == "" {
			name = r.Author
		}
		err := s.chat.Say(ctx, c.ID, name, r.Text, r.Suggestion)
		switch {
		case err == nil:
			s.recordReply(c, r)
			return Sent{Delivery: DeliveryLive}, nil
		case !errors.Is(err, ErrNotLive):
			return Sent{}, err
		}
	}
	id, err := s.store.AddReply(ctx, c.ID, r, s.settings)
	if errors.Is(err, ErrOutsideWindow) {
		return Sent{}, fieldErr("text", "De inwoner schreef meer dan 24 uur geleden via WhatsApp. U kunt nu alleen een goedgekeurd sjabloon sturen.")
	}
	if err != nil {
		return Sent{}, err
	}
	s.recordReply(c, r)
	return Sent{MessageID: id, Delivery: DeliveryQueued}, nil
}

// filesFitChannel says why files cannot go with a reply in this conversation ("" when they can): only
// an e-mail carries them; a chat has its own file button.
func filesFitChannel(c Conversation, files []Attachment) string {
	switch {
	case len(files) == 0 || FilesAllowed(c):
		return ""
	case c.Channel == ChannelChat:
		return "In een chat stuurt u een bestand met de knop in het chatvenster."
	}
	return "Bijlagen gaan alleen mee met een antwoord per e-mail. Van deze inwoner hebben we geen e-mailadres voor dit gesprek."
}

// FilesAllowed reports whether an agent's reply in the conversation may carry files: it goes out by e-mail.
func FilesAllowed(c Conversation) bool {
	return (c.Channel == ChannelEmail || c.Channel == ChannelForm) && c.PartyEmail != ""
}

// checkNewerReply refuses a reply sent over a colleague's newer reply the agent has not seen.
func (s *Service) checkNewerReply(ctx context.Context, id int64, r Reply) error {
	if !r.CheckSeen {
		return nil
	}
	latest, err := s.store.LatestReply(ctx, id)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil
	case err != nil:
		return err
	case latest.ID <= r.SeenReplyID || latest.Author == r.Author:
		return nil
	}
	who := latest.AuthorName
	if who == "" {
		who = latest.Author
	}
	return &problem.Error{Kind: problem.Conflict, Cause: ErrConflict,
		Message: who + " heeft dit gesprek net beantwoord. Lees dat antwoord eerst. Wilt u toch nog iets sturen? Verstuur dan opnieuw."}
}

func (r Reply) validate() FieldErrors {
	errs := FieldErrors{}
	switch {
	case r.Text == "":
		errs["text"] = "Schrijf eerst uw antwoord."
	case !utf8.ValidString(r.Text):
		errs["text"] = "Uw antwoord bevat tekens die we niet kunnen lezen."
	case utf8.RuneCountInString(r.Text) > MaxReplyRunes:
		errs["text"] = "Uw antwoord is te lang. Gebruik maximaal 20.000 tekens."
	}
	if r.State != StateWaiting && r.State != StateOpen && r.State != StateClosed {
		errs["state"] = "Kies wat er na het versturen met het gesprek gebeurt."
	}
	return errs
}

// recordReply counts a sent answer on the conversation's channel, with the suggested article it started
// from, so the rollup counts it for that article's task.
func (s *Service) recordReply(c Conversation, r Reply) {
	s.record(insight.Event{Type: insight.TypeReplySent, Channel: c.Channel, ArticleID: r.Suggestion})
}

// AddNote stores an internal note; it is never sent to the resident.
func (s *Service) AddNote(ctx context.Context, conversationID int64, author, text string) (int64, error) {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return 0, fieldErr("note", "Schrijf eerst uw notitie.")
	case !utf8.ValidString(text) || utf8.RuneCountInString(text) > MaxReplyRunes:
		return 0, fieldErr("note", "Uw notitie is te lang. Gebruik maximaal 20.000 tekens.")
	}
	return s.store.AddNote(ctx, conversationID, author, text)
}

// Assign gives a conversation to a team and a colleague (0: nobody); a new conversation becomes open.
func (s *Service) Assign(ctx context.Context, conversationID int64, team string, assigneeID int64) error {
	team = strings.TrimSpace(team)
	if utf8.RuneCountInString(team) > 100 {
		return fieldErr("team", "Kies een bestaand team.")
	}
	return s.store.AssignConversation(ctx, conversationID, team, assigneeID)
}

// SetState moves a conversation to a state; waiting stops the service-level clock, closing asks the
// resident once how satisfied they are.
func (s *Service) SetState(ctx context.Context, conversationID int64, state string) error {
	if state != StateNew && state != StateOpen && state != StateWaiting && state != StateClosed {
		return fieldErr("state", "Kies een bestaande status.")
	}
	return s.store.SetConversationState(ctx, conversationID, state, s.settings)
}

// Merge moves every message and task of conversation from into conversation into (same party only).
func (s *Service) Merge(ctx context.Context, from, into int64) error {
	if from == into {
		return fieldErr("into", "Een gesprek kan niet met zichzelf worden samengevoegd.")
	}
	return s.store.MergeConversations(ctx, from, into)
}

// Register stores a phone call or counter visit with its result and counts it as a contact.
func (s *Service) Register(ctx context.Context, r Registration) (RegistrationReceipt, error) {
	if err := FieldErrors(r.Validate()).Err(); err != nil {
		return RegistrationReceipt{}, err
	}
	rc, err := s.store.RegisterContact(ctx, r, s.settings)
	if err != nil {
		return rc, err
	}
	s.record(insight.Event{Type: insight.TypeContact, Channel: r.Channel, Topic: r.TopicID})
	return rc, nil
}

// AddTask hands work on a conversation to a back-office team as an interne taak.
func (s *Service) AddTask(ctx context.Context, t Task) (int64, error) {
	t.Team, t.Description = strings.TrimSpace(t.Team), strings.TrimSpace(t.Description)
	errs := FieldErrors{}
	if t.Team == "" {
		errs["team"] = "Kies het team dat de taak krijgt."
	}
	switch {
	case t.Description == "":
		errs["description"] = "Beschrijf wat er moet gebeuren."
	case utf8.RuneCountInString(t.Description) > 2000:
		errs["description"] = "Gebruik maximaal 2000 tekens."
	}
	if err := errs.Err(); err != nil {
		return 0, err
	}
	return s.store.AddTask(ctx, t)
}

// AddCallback asks a team (or one colleague) to call the resident back before due; the number becomes the
// person's digital address.
func (s *Service) AddCallback(ctx context.Context, conversationID int64, t CallbackTask) (int64, error) {
	t.Team, t.Description, t.Phone = strings.TrimSpace(t.Team), strings.TrimSpace(t.Description), strings.TrimSpace(t.Phone)
	errs := FieldErrors{}
	if t.Team == "" {
		errs["team"] = "Kies het team dat terugbelt."
	}
	if t.Description == "" || utf8.RuneCountInString(t.Description) > 2000 {
		errs["description"] = "Beschrijf in maximaal 2000 tekens waarover teruggebeld moet worden."
	}
	if t.Due.IsZero() {
		errs["due"] = "Kies wanneer er uiterlijk teruggebeld moet worden."
	}
	if t.Phone != "" && len(NormalizePhone(t.Phone)) < 8 {
		errs["phone"] = "Vul een telefoonnummer in, zoals 06 12345678."
	}
	if err := errs.Err(); err != nil {
		return 0, err
	}
	return s.store.AddCallback(ctx, conversationID, t, s.settings)
}

// MaxOutcomeRunes limits what an agent writes as the outcome of a task.
const MaxOutcomeRunes = 2000

// SetTaskState moves a task to open, in progress or done; done needs the outcome (what came of it), and
// taking a task up makes the colleague its assignee when it had none.
func (s *Service) SetTaskState(ctx context.Context, id int64, state, outcome string, by int64) error {
	outcome = strings.TrimSpace(outcome)
	switch {
	case state != TaskOpen && state != TaskInProgress && state != TaskDone:
		return fieldErr("state", "Kies open, in behandeling of klaar.")
	case state == TaskDone && outcome == "":
		return fieldErr("outcome", "Schrijf op wat er uit de taak kwam, bijvoorbeeld: teruggebeld, vraag beantwoord.")
	case utf8.RuneCountInString(outcome) > MaxOutcomeRunes || !utf8.ValidString(outcome):
		return fieldErr("outcome", "Gebruik maximaal 2000 tekens.")
	case state == TaskDone:
		return s.store.FinishTask(ctx, id, outcome, by)
	}
	return s.store.SetTaskState(ctx, id, state, by)
}

// Tasks lists the tasks a filter selects with their counts per state, for a team's task list.
func (s *Service) Tasks(ctx context.Context, f TaskFilter) ([]TeamTask, TaskCounts, error) {
	if f.State != "" && f.State != TaskOpen && f.State != TaskInProgress && f.State != TaskDone {
		return nil, TaskCounts{}, fieldErr("state", "Kies open, in behandeling of klaar.")
	}
	list, err := s.store.TeamTasks(ctx, f)
	if err != nil {
		return nil, TaskCounts{}, err
	}
	counts, err := s.store.TaskCounts(ctx, f.Team, s.now())
	return list, counts, err
}

// OpenTasksOf counts the tasks assigned to the colleague with id assigneeID that are not done, for the
// console's counter.
func (s *Service) OpenTasksOf(ctx context.Context, assigneeID int64) (int, error) {
	return s.store.OpenTaskCount(ctx, assigneeID)
}

// Inbox returns one page of the inbox: every matching conversation is reachable by following Next.
func (s *Service) Inbox(ctx context.Context, q InboxQuery) (Page, error) {
	q, err := q.Normalize()
	if err != nil {
		return Page{}, err
	}
	return s.store.Inbox(ctx, q)
}

// Counts returns the inbox counters for the agent with id mine.
func (s *Service) Counts(ctx context.Context, mine int64) (Counts, error) {
	return s.store.InboxCounts(ctx, mine)
}

// Bulk is the outcome of one action on many conversations: which ones failed, and why.
type Bulk struct {
	Done   int
	Failed map[int64]error
}

// MaxBulk limits how many conversations one bulk action changes.
const MaxBulk = 500

// BulkAssign assigns every conversation in ids; one that fails does not stop the others.
func (s *Service) BulkAssign(ctx context.Context, ids []int64, team string, assigneeID int64) (Bulk, error) {
	return s.bulk(ids, func(id int64) error { return s.Assign(ctx, id, team, assigneeID) })
}

// BulkSetState moves every conversation in ids to state (closing included).
func (s *Service) BulkSetState(ctx context.Context, ids []int64, state string) (Bulk, error) {
	return s.bulk(ids, func(id int64) error { return s.SetState(ctx, id, state) })
}

func (s *Service) bulk(ids []int64, do func(id int64) error) (Bulk, error) {
	if len(ids) == 0 {
		return Bulk{}, fieldErr("ids", "Kies eerst een of meer gesprekken.")
	}
	if len(ids) > MaxBulk {
		return Bulk{}, fieldErr("ids", "Kies maximaal 500 gesprekken tegelijk.")
	}
	b := Bulk{Failed: map[int64]error{}}
	for _, id := range ids {
		if err := do(id); err != nil {
			b.Failed[id] = err
			if problem.KindOf(err) == problem.Invalid { // the same for every conversation: stop at once
				return b, err
			}
			continue
		}
		b.Done++
	}
	return b, nil
}

// Look records that agent has the conversation open (typing an answer or not) and returns the other
// colleagues who have it open now, for "X bekijkt dit gesprek" and "X typt een antwoord".
func (s *Service) Look(ctx context.Context, conversationID int64, agent Agent, typing bool) ([]Viewer, error) {
	at := s.now()
	if err := s.store.TouchPresence(ctx, conversationID, agent.ID, typing, at); err != nil {
		return nil, err
	}
	all, err := s.store.Viewers(ctx, conversationID, at.Add(-PresenceTTL))
	if err != nil {
		return nil, err
	}
	others := all[:0]
	for _, v := range all {
		if v.StaffID != agent.ID {
			others = append(others, v)
		}
	}
	return others, nil
}

// Leave records that agent closed the conversation.
func (s *Service) Leave(ctx context.Context, conversationID int64, agent Agent) error {
	return s.store.LeavePresence(ctx, conversationID, agent.ID)
}

// SaveTemplate checks and stores a reply template.
func (s *Service) SaveTemplate(ctx context.Context, t Template) (int64, error) {
	if err := t.Validate().Err(); err != nil {
		return 0, err
	}
	id, err := s.store.SaveTemplate(ctx, t)
	if errors.Is(err, ErrDuplicate) {
		return 0, fieldErr("name", "Dit team heeft al een sjabloon met deze naam.")
	}
	return id, err
}

// DeleteTemplate removes a reply template.
func (s *Service) DeleteTemplate(ctx context.Context, id int64) error {
	return s.store.DeleteTemplate(ctx, id)
}

// Templates lists a team's reply templates (every team's when team is empty).
func (s *Service) Templates(ctx context.Context, team string) ([]Template, error) {
	return s.store.Templates(ctx, team)
}

// Draft is the text an agent starts a reply with: a template filled in for the conversation, with the
// greeting and the signature (the agent's name and the municipality).
func (s *Service) Draft(ctx context.Context, conversationID, templateID int64, agent Agent) (string, error) {
	c, err := s.store.Conversation(ctx, conversationID)
	if err != nil {
		return "", err
	}
	t, err := s.store.Template(ctx, templateID)
	if err != nil {
		return "", err
	}
	return s.settings.Mailer.Compose(t.Body, c, agent.DisplayName()), nil
}

// WaitingReport says what one pass over the waiting conversations did.
type WaitingReport struct {
	Reminded, Closed int
}

// RunWaiting reminds residents who have not answered for Settings.Waiting.RemindAfter working days
// (e-mail and form conversations: the reminder is an e-mail) and closes the conversations that waited
// CloseAfter working days, telling the resident. A worker calls it every few minutes.
func (s *Service) RunWaiting(ctx context.Context) (WaitingReport, error) {
	var rep WaitingReport
	w := s.settings.Waiting
	first := min(w.RemindAfter, w.CloseAfter)
	if first == 0 {
		first = max(w.RemindAfter, w.CloseAfter)
	}
	if first == 0 {
		return rep, nil
	}
	now := s.now()
	// A working day counts from the day after the wait began (WorkingDaysBetween), so what began on or
	// after midnight of the day `first - 1` days before today cannot have waited `first` working days.
	// (now minus `first` days missed a wait that began yesterday at 09:00 and is due at 08:00 today.)
	list, err := s.store.WaitingConversations(ctx, dateIn(now).Add(-12*time.Hour).AddDate(0, 0, -(first-1)), 500)
	if err != nil {
		return rep, err
	}
	for _, c := range list {
		switch w.Step(c.WaitingSince, !c.RemindedAt.IsZero(), now) {
		case WaitClose:
			notice, err := s.closingNotice(ctx, c.Conversation, now)
			if err != nil {
				return rep, err
			}
			if err := s.store.CloseWaiting(ctx, c.ID, notice, s.settings); err != nil {
				return rep, err
			}
			rep.Closed++
		case WaitRemind:
			if c.PartyEmail == "" || (c.Channel != ChannelEmail && c.Channel != ChannelForm) {
				continue
			}
			if err := s.store.RemindWaiting(ctx, c.ID, s.settings.Mailer.WaitingReminder(c.Conversation, w.CloseAfter)); err != nil {
				return rep, err
			}
			rep.Reminded++
		}
	}
	return rep, nil
}

// closingNotice is how the resident of a conversation closed at now hears of it: WhatsApp conversations by
// WhatsApp (free text while the resident's last message is less than WhatsAppWindow old, else the
// configured template with the reference as its variable), every other one by e-mail.
func (s *Service) closingNotice(ctx context.Context, c Conversation, now time.Time) (ClosingNotice, error) {
	if c.Channel != ChannelWhatsApp {
		return ClosingNotice{Mail: s.settings.Mailer.WaitingClosed(c)}, nil
	}
	last, err := s.store.WhatsAppLastInbound(ctx, c.ID)
	if err != nil {
		return ClosingNotice{}, err
	}
	tpl := s.settings.Waiting.WhatsAppTemplate
	noNumber := ClosingNotice{Note: "De vraag is gesloten omdat de inwoner niet antwoordde. Er is geen WhatsApp-nummer om dat te melden."}
	switch {
	case !last.IsZero() && now.Sub(last) < WhatsAppWindow:
		noNumber.WhatsApp = &WhatsAppMessage{Text: s.settings.Mailer.WaitingClosedWhatsApp(c)}
		return noNumber, nil
	case tpl != "":
		noNumber.WhatsApp = &WhatsAppMessage{Template: tpl, Params: []string{c.Reference}, Text: "Sjabloonbericht: " + tpl + " (" + c.Reference + ")"}
		return noNumber, nil
	}
	return ClosingNotice{Note: "De vraag is gesloten omdat de inwoner niet antwoordde. De inwoner is daarover niet bericht: " +
		"het laatste WhatsApp-bericht is ouder dan 24 uur en er is geen sjabloon ingesteld (LOKET_WHATSAPP_CLOSE_TEMPLATE)."}, nil
}
