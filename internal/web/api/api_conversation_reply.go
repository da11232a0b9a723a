package api

import (
	"encoding/json"
	"net/http"
	"strconv"

	"loket/internal/contact"
	"loket/internal/web/respond"
	"loket/internal/web/staffauth"
)

// replyConversation is POST /api/v1/conversations/{id}/replies with {"text", "suggestion", "state", "files"}. The
// contact service routes it like the console's reply: into a chat in progress at once, otherwise by the
// conversation's channel (e-mail through the outbox, WhatsApp inside its window).
func (h *Handler) replyConversation(w http.ResponseWriter, r *http.Request) {
	id, ok := conversationID(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxReplyBody)
	var body apiReplyBody
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		respond.Fail(w, http.StatusBadRequest, `body must be a JSON object {"text": "..."}`)
		return
	}
	st := staffauth.Staff(r)
	reply := contact.Reply{Author: st.Email, AuthorName: st.Name, Text: body.Text, Suggestion: body.Suggestion, State: body.State}
	for _, f := range body.Files {
		reply.Files = append(reply.Files, contact.Attachment{Filename: f.Name, Data: f.Content})
	}
	if body.SeenReplyID != nil {
		reply.CheckSeen, reply.SeenReplyID = true, *body.SeenReplyID
	}
	sent, err := h.deps.ContactService.Reply(r.Context(), id, reply)
	if err != nil {
		h.contactProblem(w, r, err)
		return
	}
	h.auth.Audit(r, "reply", "conversation", strconv.FormatInt(id, 10), body.Suggestion)
	respond.JSON(w, http.StatusCreated, apiReplyCreated{MessageID: sent.MessageID, Delivery: sent.Delivery})
}

// apiReplyBody is the JSON body of POST /api/v1/conversations/{id}/replies.
type apiReplyBody struct {
	Text       string `json:"text"`
	Suggestion string `json:"suggestion,omitempty"` // the article id the answer started from
	State      string `json:"state,omitempty"`      // waiting (default), open or closed
	// SeenReplyID is the newest reply the caller has seen; with it, a colleague's newer reply answers 409.
	SeenReplyID *int64 `json:"seen_reply_id,omitempty"`
	// Files go with an e-mail reply as attachments, checked like the files residents send: at most 10, each
	// at most 10 MB and 20 MB together, PDF, photos, text, Word, Excel or OpenDocument text, by content.
	Files []apiReplyFile `json:"files,omitempty"`
}

// apiReplyFile is one attachment of a reply: its name (the extension names the type) and its bytes in
// base64.
type apiReplyFile struct {
	Name    string `json:"name"`
	Content []byte `json:"content"`
}

// maxReplyBody bounds the JSON of a reply: the text and up to 20 MB of files, which base64 makes a third
// larger.
const maxReplyBody = 256<<10 + contact.MaxReplyFilesBytes*4/3 + 64<<10

// apiReplyCreated is the answer to a sent reply.
type apiReplyCreated struct {
	MessageID int64  `json:"message_id,omitempty"` // absent for a line said in a live chat
	Delivery  string `json:"delivery"`             // queued (outbox) or live (said in the chat)
}
