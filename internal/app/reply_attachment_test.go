package app_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	gomail "github.com/emersion/go-message/mail"

	"loket/internal/auth"
	"loket/internal/channel/email/mailtest"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// randomBytes is n unpredictable bytes after a prefix, so a file that arrives changed in one bit is told.
func randomBytes(prefix string, n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return append([]byte(prefix), b...)
}

// mailAttachments reads the attachments of a captured e-mail by file name.
func mailAttachments(t *testing.T, raw []byte) (text string, files map[string][]byte, types map[string]string) {
	t.Helper()
	r, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	files, types = map[string][]byte{}, map[string]string{}
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p.Body)
		switch h := p.Header.(type) {
		case *gomail.InlineHeader:
			text += string(b)
		case *gomail.AttachmentHeader:
			name, _ := h.Filename()
			ct, _, _ := h.ContentType()
			files[name], types[name] = b, ct
		}
	}
	return text, files, types
}

// TestReplyAttachmentsArriveIntact: an agent answers an e-mail question with a PDF and a photo from the
// console; the mail leaves through the outbox to a real SMTP relay with both files as MIME attachments,
// byte for byte, and the thread shows them. The API does the same with base64 files. A program named as
// a PDF, a file type that is not allowed, or an eleventh file is refused with a Dutch message for the
// file field, the typed text is kept, and nothing is stored or queued.
func TestReplyAttachmentsArriveIntact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := startInbox(t, st)
		_, token := addStaff(t, s.App, "kcc@voorbeeld.nl", auth.RoleAgent)
		ctx := context.Background()
		id, ref := s.ask(t, "Anna de Vries", "anna@example.org", "Bouwtekening", "Kunt u mij de tekening van mijn dakkapel sturen?")
		pdf, png := randomBytes("%PDF-1.7\n", 300<<10), randomBytes("\x89PNG\r\n\x1a\n", 50<<10)
		url := fmt.Sprintf("%s/beheer/gesprekken/%d/antwoord", s.URL, id)
		code, _, page := postMultipart(t, url, token, map[string]string{"tekst": "Beste Anna, hierbij de tekening en een foto.", "status": "waiting"},
			upload{name: "bijlagen", file: "tekening dakkapel.pdf", data: pdf}, upload{name: "bijlagen", file: "foto.PNG", data: png})
		if code != http.StatusSeeOther {
			t.Fatalf("reply with files: %d\n%s", code, page)
		}
		msg := s.Relay.WaitFor(t, 10*time.Second, func(m mailtest.Message) bool {
			return bytes.Contains(m.Raw, []byte(ref)) && bytes.Contains(m.Raw, []byte("tekening dakkapel.pdf"))
		})
		text, files, types := mailAttachments(t, msg.Raw)
		if !strings.Contains(text, "hierbij de tekening") {
			t.Errorf("mail text: %q", text)
		}
		if !bytes.Equal(files["tekening dakkapel.pdf"], pdf) || types["tekening dakkapel.pdf"] != "application/pdf" {
			t.Errorf("the PDF arrived as %d bytes of %q, want the %d sent as application/pdf", len(files["tekening dakkapel.pdf"]), types["tekening dakkapel.pdf"], len(pdf))
		}
		if !bytes.Equal(files["foto.PNG"], png) || types["foto.PNG"] != "image/png" {
			t.Errorf("the photo arrived as %d bytes of %q, want the %d sent as image/png", len(files["foto.PNG"]), types["foto.PNG"], len(png))
		}
		msgs, err := s.App.Store.Messages(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		last := msgs[len(msgs)-1]
		if len(last.Attachments) != 2 || last.Attachments[0].Filename != "tekening dakkapel.pdf" || last.Attachments[1].Size != int64(len(png)) {
			t.Fatalf("the reply in the thread has attachments %+v", last.Attachments)
		}
		code, thread := getWith(t, fmt.Sprintf("%s/beheer/gesprekken/%d", s.URL, id), token)
		if code != http.StatusOK || !strings.Contains(thread, fmt.Sprintf(`href="/beheer/gesprekken/%d/bijlagen/%d">tekening dakkapel.pdf</a>`, id, last.Attachments[0].ID)) {
			t.Errorf("the thread does not link the PDF (%d)", code)
		}

		// Refused: nothing is stored or queued, and the page says why in Dutch with the text kept.
		countAll := func() (int, int) {
			var m, o int
			if err := st.QueryRow(ctx, `SELECT COUNT(*) FROM contact_messages`).Scan(&m); err != nil {
				t.Fatal(err)
			}
			if err := st.QueryRow(ctx, `SELECT COUNT(*) FROM outbox_attachments`).Scan(&o); err != nil {
				t.Fatal(err)
			}
			return m, o
		}
		msgsBefore, filesBefore := countAll()
		if filesBefore != 2 {
			t.Fatalf("%d outbox attachments after the first reply, want 2", filesBefore)
		}
		eleven := make([]upload, 11)
		for i := range eleven {
			eleven[i] = upload{name: "bijlagen", file: fmt.Sprintf("blad%d.pdf", i+1), data: pdf[:1000]}
		}
		for _, tc := range []struct {
			name  string
			files []upload
			want  string
		}{
			{"a program named as a PDF", []upload{{"bijlagen", "factuur.pdf", randomBytes("MZ\x90\x00", 2000)}}, `Het bestand &#34;factuur.pdf&#34; is niet wat de naam zegt.`},
			{"a type not allowed", []upload{{"bijlagen", "script.exe", randomBytes("MZ", 100)}}, `Het bestand &#34;script.exe&#34; kunt u niet meesturen.`},
			{"an HTML page", []upload{{"bijlagen", "pagina.html", []byte("<html><script>alert(1)</script></html>")}}, `kunt u niet meesturen`},
			{"eleven files", eleven, "U kunt maximaal 10 bijlagen meesturen."},
			{"one over 10 MB", []upload{{"bijlagen", "groot.pdf", randomBytes("%PDF-1.7\n", 10<<20)}}, `Het bestand &#34;groot.pdf&#34; is groter dan 10 MB.`},
		} {
			code, _, page := postMultipart(t, url, token, map[string]string{"tekst": "Tweede antwoord met bijlage", "status": "waiting"}, tc.files...)
			if code != http.StatusUnprocessableEntity || !strings.Contains(page, tc.want) || !strings.Contains(page, ">Tweede antwoord met bijlage</textarea>") {
				t.Errorf("%s: %d, want 422 with %q and the text kept", tc.name, code, tc.want)
			}
			if m, o := countAll(); m != msgsBefore || o != filesBefore {
				t.Errorf("%s: messages %d → %d, outbox files %d → %d; want nothing stored", tc.name, msgsBefore, m, filesBefore, o)
			}
		}

		// The API: files as base64 in the JSON body.
		doc := randomBytes("%PDF-1.4\n", 20<<10)
		body, _ := json.Marshal(map[string]any{"text": "Via de API, met formulier.", "files": []map[string]any{{"name": "formulier.pdf", "content": doc}}})
		code, resp := call(t, "POST", fmt.Sprintf("%s/api/v1/conversations/%d/replies", s.URL, id), token, string(body))
		if code != http.StatusCreated {
			t.Fatalf("API reply with a file: %d %s", code, resp)
		}
		msg = s.Relay.WaitFor(t, 10*time.Second, func(m mailtest.Message) bool { return bytes.Contains(m.Raw, []byte("formulier.pdf")) })
		if _, files, _ := mailAttachments(t, msg.Raw); !bytes.Equal(files["formulier.pdf"], doc) {
			t.Errorf("the API's file arrived as %d bytes, want the %d sent", len(files["formulier.pdf"]), len(doc))
		}
		msgsBefore, filesBefore = countAll()
		body, _ = json.Marshal(map[string]any{"text": "Nog een", "files": []map[string]any{{"name": "leeg.pdf", "content": []byte{}}}})
		code, resp = call(t, "POST", fmt.Sprintf("%s/api/v1/conversations/%d/replies", s.URL, id), token, string(body))
		var problem struct {
			Fields map[string]string `json:"fields"`
		}
		if code != http.StatusUnprocessableEntity || json.Unmarshal([]byte(resp), &problem) != nil || problem.Fields["files"] != `Het bestand "leeg.pdf" is leeg.` {
			t.Errorf("API reply with an empty file: %d %s", code, resp)
		}
		if m, o := countAll(); m != msgsBefore || o != filesBefore {
			t.Errorf("API refusal stored something: messages %d → %d, files %d → %d", msgsBefore, m, filesBefore, o)
		}
	})
}
