package chat

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"loket/internal/contact"
	"loket/internal/problem"
	"loket/internal/store"
)

// Limits on files in a chat: the e-mail intake's limits (10 MB a file, 10 a message) for the types a
// resident sends from a phone or computer, each checked by its content, never by its name. The agent's
// files are counted apart from the resident's.
const (
	MaxFileBytes   = 10 << 20
	MaxFilesInChat = 10
)

// fileTypes are the content types a chat accepts, as http.DetectContentType names them, with the
// extension the stored name gets.
var fileTypes = map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif"}

// SendFile stores a file or photo a resident sent in their chat (found by the hash of the chat token) as a
// chat line with an attachment, then delivers the line like a message. clientID makes a resent upload
// count once. The problems a resident can fix come back as problem errors with a Dutch message.
func (h *Hub) SendFile(ctx context.Context, tokenHash, name string, data []byte, clientID string) (store.ChatLine, error) {
	cs, err := h.st.ChatByToken(ctx, tokenHash)
	if err != nil {
		return store.ChatLine{}, problem.Wrap(problem.NotFound, "Deze chat bestaat niet (meer).", err)
	}
	if cs.State == store.ChatEnded {
		return store.ChatLine{}, problem.New(problem.Conflict, "De chat is beëindigd. Uw bestand is niet verstuurd.")
	}
	ct, err := checkFile(data)
	if err != nil {
		return store.ChatLine{}, err
	}
	name = fileName(name, ct)
	line, err := h.st.AddChatFile(ctx, cs.ConversationID, store.ChatLine{Kind: contact.KindIn, Author: "Inwoner",
		Text: "Bestand: " + name, ClientID: clientID}, contact.Attachment{Filename: name, ContentType: ct, Data: data}, MaxFilesInChat)
	switch {
	case errors.Is(err, store.ErrChatFiles):
		return line, problem.New(problem.TooMany, fmt.Sprintf("U hebt al %d bestanden gestuurd in deze chat. Meer kan niet.", MaxFilesInChat))
	case errors.Is(err, contact.ErrInvalid):
		return line, problem.Wrap(problem.Conflict, "De chat is beëindigd. Uw bestand is niet verstuurd.", err)
	case err != nil:
		return line, err
	}
	if !line.Duplicate {
		h.deliver(ctx, cs.ConversationID, line.Seq, &line)
	}
	return line, nil
}

// SendAgentFile stores a file an agent sends in a chat they handle (a form, a letter, a photo) as a chat
// line with an attachment, under the same checks as the resident's files, and delivers it.
func (h *Hub) SendAgentFile(ctx context.Context, agent Agent, chat int64, name string, data []byte, clientID string) (store.ChatLine, error) {
	cs, err := h.st.Chat(ctx, chat)
	if err != nil {
		return store.ChatLine{}, problem.Wrap(problem.NotFound, "Deze chat bestaat niet.", err)
	}
	if cs.State != store.ChatActive || cs.AgentID != agent.ID {
		return store.ChatLine{}, problem.New(problem.Conflict, "Deze chat is niet (meer) van u. Het bestand is niet verstuurd.")
	}
	ct, err := checkFile(data)
	if err != nil {
		return store.ChatLine{}, err
	}
	name = fileName(name, ct)
	line, err := h.st.AddChatFile(ctx, chat, store.ChatLine{Kind: contact.KindOut, Author: agent.Name, Text: "Bestand: " + name,
		ClientID: clientID}, contact.Attachment{Filename: name, ContentType: ct, Data: data}, MaxFilesInChat)
	switch {
	case errors.Is(err, store.ErrChatFiles):
		return line, problem.New(problem.TooMany, fmt.Sprintf("U hebt al %d bestanden gestuurd in deze chat. Stuur het bestand per e-mail.", MaxFilesInChat))
	case errors.Is(err, contact.ErrInvalid):
		return line, problem.Wrap(problem.Conflict, "De chat is beëindigd. Het bestand is niet verstuurd.", err)
	case err != nil:
		return line, err
	}
	if !line.Duplicate {
		h.deliver(ctx, chat, line.Seq, &line)
	}
	return line, nil
}

// ResidentFile returns a file of the resident's chat (found by the hash of the chat token), for the
// resident to open: only files of that chat, also after it ended.
func (h *Hub) ResidentFile(ctx context.Context, tokenHash string, fileID int64) (contact.Attachment, error) {
	cs, err := h.st.ChatByToken(ctx, tokenHash)
	if err != nil {
		return contact.Attachment{}, problem.Wrap(problem.NotFound, "Dit bestand bestaat niet (meer).", err)
	}
	a, err := h.st.Attachment(ctx, cs.ConversationID, fileID)
	if err != nil {
		return a, problem.Wrap(problem.NotFound, "Dit bestand bestaat niet (meer).", err)
	}
	return a, nil
}

// checkFile decides from the bytes whether a file may be stored, and as which type.
func checkFile(data []byte) (string, error) {
	switch {
	case len(data) == 0:
		return "", problem.Field("bestand", "Het bestand is leeg. Kies een ander bestand.")
	case len(data) > MaxFileBytes:
		return "", problem.Field("bestand", fmt.Sprintf("Het bestand is groter dan %d MB. Stuur een kleiner bestand.", MaxFileBytes>>20))
	}
	ct := http.DetectContentType(data)
	if _, ok := fileTypes[ct]; !ok {
		return "", problem.Field("bestand", "Dit soort bestand kunnen we niet aannemen. U kunt een foto (JPG, PNG of GIF) of een PDF sturen.")
	}
	return ct, nil
}

// fileName keeps the base of the name the resident's device gave, without path parts or control
// characters, at most 80 characters, and with the extension of the checked type (so "factuur.pdf.exe"
// holding a PDF is stored as "factuur.pdf.pdf", never as a program).
func fileName(name, ct string) string {
	name = path.Base(strings.ReplaceAll(strings.ToValidUTF8(name, ""), "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) {
			return -1
		}
		return r
	}, name)
	ext := fileTypes[ct]
	stem := strings.TrimSpace(strings.TrimSuffix(name, path.Ext(name)))
	if strings.EqualFold(path.Ext(name), ext) || (ext == ".jpg" && strings.EqualFold(path.Ext(name), ".jpeg")) {
		ext = path.Ext(name)
	} else if path.Ext(name) != "" {
		stem = strings.TrimSpace(name) // keep what the name said, then the real type
	}
	if stem == "" || stem == "." {
		stem = "bestand"
	}
	if utf8.RuneCountInString(stem) > 80 {
		stem = string([]rune(stem)[:80])
	}
	return stem + ext
}
