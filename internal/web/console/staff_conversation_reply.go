package console

import (
	"cmp"
	"io"
	"net/http"
	"strconv"

	"loket/internal/contact"
	"loket/internal/problem"
	"loket/internal/web/staffauth"
)

// replyConversation is POST /beheer/gesprekken/{id}/antwoord. The contact service routes the reply (into a
// chat in progress at once, else by the conversation's channel) and refuses it over a colleague's newer
// reply the agent had not seen; then the page shows that reply and the agent's text, ready to send again.
func (h *Handler) replyConversation(w http.ResponseWriter, r *http.Request) {
	id, ok := conversationID(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	if !h.parseStep(w, r) { // a form with files (multipart) or without
		return
	}
	st := staffauth.Staff(r)
	form := replyForm{Text: r.PostForm.Get("tekst"), Suggestion: r.PostForm.Get("suggestie"), State: r.PostForm.Get("status")}
	files, err := replyFiles(r)
	if err != nil {
		h.badRequest(w, r, "De bijlagen zijn niet goed verstuurd. Probeer het opnieuw.")
		return
	}
	seen, _ := strconv.ParseInt(r.PostForm.Get("gezien"), 10, 64)
	_, err = h.deps.ContactService.Reply(r.Context(), id, contact.Reply{Author: st.Email, AuthorName: st.Name, Text: form.Text,
		Suggestion: form.Suggestion, State: form.State, CheckSeen: r.PostForm.Has("gezien"), SeenReplyID: seen, Files: files})
	switch problem.KindOf(err) {
	case problem.Invalid, problem.Conflict:
		fields := problem.FieldsOf(err)
		form.Error = fields["text"]
		if form.Error == "" && fields["files"] == "" {
			form.Error = cmp.Or(fields["state"], problem.MessageOf(err))
		}
		form.FilesError = fields["files"]
		if form.FilesError == "" && len(files) > 0 { // a browser cannot fill a file field in again
			form.FilesError = "Uw bijlagen zijn niet verstuurd. Kies ze opnieuw."
		}
		status := http.StatusUnprocessableEntity
		if problem.KindOf(err) == problem.Conflict {
			status = http.StatusConflict
		}
		h.renderConversation(w, r, status, id, form)
		return
	}
	if err != nil {
		h.contactError(w, r, err)
		return
	}
	h.auth.Audit(r, "reply", "conversation", strconv.FormatInt(id, 10), form.Suggestion)
	http.Redirect(w, r, "/beheer/gesprekken/"+strconv.FormatInt(id, 10)+"?verstuurd=1#berichten", http.StatusSeeOther)
}

// replyFiles reads the files of the reply form's "bijlagen" field, each up to one byte over the limit, so
// the contact service can tell a file that is too large; the checks themselves are the service's.
func replyFiles(r *http.Request) ([]contact.Attachment, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var files []contact.Attachment
	for _, fh := range r.MultipartForm.File["bijlagen"] {
		if fh.Filename == "" && fh.Size == 0 { // the empty file field of a form sent without files
			continue
		}
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(io.LimitReader(f, contact.MaxAttachmentBytes+1))
		f.Close()
		if err != nil {
			return nil, err
		}
		files = append(files, contact.Attachment{Filename: fh.Filename, Data: data})
	}
	return files, nil
}
