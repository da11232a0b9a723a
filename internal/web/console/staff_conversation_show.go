package console

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"loket/internal/channel/email"
	"loket/internal/contact"
	"loket/internal/search"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

// earlierShown is how many of the person's earlier contacts the conversation page lists; the inbox,
// searched on the person, has the rest.
const earlierShown = 50

type conversationData struct {
	Row              conversationRow
	Clock            contact.Clock
	Party            contactPartyView
	Messages         []messageView
	Suggestions      []search.SuggestedAnswer
	Reply            replyForm
	Earlier          []conversationRow
	EarlierMore      string // the inbox searched on this person, when they have more earlier contacts than shown
	Teams, Assignees []selectOption
	States           []selectOption
	ReplyStates      []selectOption
	Tasks            []contact.Task
	Topic            string
	WhatsApp         *whatsAppView // the 24-hour window and templates, for WhatsApp conversations
	Viewers          []contact.Viewer
	SeenReplyID      int64 // the newest reply on screen, sent back with the reply
	Templates        []contact.Template
	CanAttach        bool // the reply goes out by e-mail, so files may go with it
	PersonLinkOn     bool // an agent can link the conversation to a resident's BSN or a KvK number
}

type contactPartyView struct {
	Name   string
	Emails []string
	Phones []phoneView
}

// phoneView is a phone number to show (06 12345678) and to dial (31612345678, after tel:+).
type phoneView struct{ Dial, Label string }

type messageView struct {
	contact.Message
	KindLabel     string
	HTML          template.HTML // sanitised at intake and again here (email.SanitizeHTML)
	DeliveryLabel string
}

// replyForm holds what the agent typed, so an error never loses it.
type replyForm struct {
	Text, Suggestion, State, Error string
	FilesError                     string // why the files were refused, or that they must be chosen again
	PersonLink                     personLinkForm
}

var kindLabels = map[string]string{contact.KindIn: "Bericht van inwoner", contact.KindOut: "Antwoord",
	contact.KindNote: "Interne notitie", contact.KindAuto: "Automatisch bericht"}

func (h *Handler) showConversation(w http.ResponseWriter, r *http.Request) {
	id, ok := conversationID(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	form := replyForm{Suggestion: r.URL.Query().Get("suggestie")}
	if tpl, err := strconv.ParseInt(r.URL.Query().Get("sjabloon"), 10, 64); err == nil && tpl > 0 {
		st := staffauth.Staff(r)
		text, err := h.deps.ContactService.Draft(r.Context(), id, tpl, contact.Agent{ID: st.ID, Email: st.Email, Name: st.Name})
		if err != nil {
			h.contactError(w, r, err)
			return
		}
		form.Text = text
	}
	h.renderConversation(w, r, http.StatusOK, id, form)
}

// renderConversation shows a conversation with everything an agent needs to answer it; the view is audited.
func (h *Handler) renderConversation(w http.ResponseWriter, r *http.Request, status int, id int64, form replyForm) {
	ctx := r.Context()
	c, err := h.deps.Store.Conversation(ctx, id)
	if err != nil {
		h.contactError(w, r, err)
		return
	}
	data := conversationData{Row: h.conversationRow(c, h.now()), Clock: h.deps.Contact.Levels.ClockFor(c, h.now())}
	msgs, err := h.deps.Store.Messages(ctx, id)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	for _, m := range msgs {
		v := messageView{Message: m, KindLabel: kindLabels[m.Kind], HTML: template.HTML(email.SanitizeHTML(m.BodyHTML))}
		if m.Delivery != nil {
			v.DeliveryLabel = deliveryLabels[m.Delivery.State]
		}
		if m.Kind == contact.KindOut {
			data.SeenReplyID = m.ID
		}
		data.Messages = append(data.Messages, v)
	}
	if data.Suggestions, err = h.deps.Search.SuggestReplies(h.deps.BaseURL, contact.SuggestionQuery(c, msgs)); err != nil {
		h.serverError(w, r, err)
		return
	}
	if form.Text == "" && form.Suggestion != "" {
		for _, sg := range data.Suggestions {
			if sg.ID == form.Suggestion {
				form.Text = sg.Text
			}
		}
	}
	data.Reply = form
	data.CanAttach = contact.FilesAllowed(c)
	data.PersonLinkOn = h.deps.IdentityQuestions != nil
	if data.WhatsApp, err = h.whatsAppFor(ctx, c); err != nil {
		h.serverError(w, r, err)
		return
	}
	if err := h.conversationContext(r, c, &data); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "view", "conversation", strconv.FormatInt(c.ID, 10), c.Reference)
	h.render(w, r, status, "staff_conversation", render.Page{Title: c.Reference + " " + c.Subject, Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Inbox", URL: "/beheer/inbox"}, {Label: c.Reference, URL: ""}}})
}

// conversationContext adds the party, their earlier contacts, tasks, topic and the assignment choices.
func (h *Handler) conversationContext(r *http.Request, c contact.Conversation, data *conversationData) error {
	ctx := r.Context()
	party, err := h.deps.Store.Party(ctx, c.PartyID)
	if err != nil {
		return err
	}
	data.Party = contactPartyView{Name: party.Name, Emails: party.Emails}
	for _, p := range party.Phones {
		data.Party.Phones = append(data.Party.Phones, phoneView{Dial: p, Label: contact.DisplayPhone(p)})
	}
	st := staffauth.Staff(r)
	if data.Viewers, err = h.deps.ContactService.Look(ctx, c.ID, contact.Agent{ID: st.ID, Email: st.Email, Name: st.Name}, false); err != nil {
		return err
	}
	if data.Templates, err = h.deps.ContactService.Templates(ctx, c.Team); err != nil {
		return err
	}
	earlier, err := h.deps.Store.Conversations(ctx, store.ConversationFilter{PartyID: c.PartyID, Limit: earlierShown + 2})
	if err != nil {
		return err
	}
	if len(earlier) > earlierShown+1 { // this conversation and 50 others fit
		earlier = earlier[:earlierShown+1]
		who := c.PartyEmail
		if who == "" {
			who = c.PartyName
		}
		data.EarlierMore = "/beheer/inbox?" + url.Values{"q": {who}, "status": {"alle"}}.Encode()
	}
	for _, e := range earlier {
		if e.ID != c.ID {
			data.Earlier = append(data.Earlier, h.conversationRow(e, h.now()))
		}
	}
	if data.Tasks, err = h.deps.Store.ConversationTasks(ctx, c.ID); err != nil {
		return err
	}
	if c.TopicType == "article" && c.TopicID != "" {
		data.Topic = c.TopicID
		if a, err := h.deps.Store.Article(ctx, c.TopicID); err == nil {
			data.Topic = a.Title
		}
	}
	data.States = selectOptions(contact.States, stateLabels, c.State)
	data.ReplyStates = selectOptions([]string{contact.StateWaiting, contact.StateOpen, contact.StateClosed}, stateLabels, data.Reply.State)
	return h.assignChoices(r, &data.Teams, &data.Assignees, c.Team, strconv.FormatInt(c.AssigneeID, 10))
}
