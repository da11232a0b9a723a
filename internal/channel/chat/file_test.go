package chat_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"loket/internal/auth"
	"loket/internal/channel/chat"
	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// Minimal real files: the magic bytes http.DetectContentType (the WHATWG sniffing rules) looks for.
var (
	pdfFile = []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
	pngFile = append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 32)...)
	exeFile = append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 64)...)
)

// TestChatFiles: a resident sends a photo and a PDF in the chat; the agent gets them as lines with a
// file; a program named like a document, an empty file, one over 10 MB and an eleventh file are refused
// with a message the resident can act on, and nothing is stored for them.
func TestChatFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		hub, base := serve(t, st, 3)
		agentID, err := st.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: "sanne@voorbeeld.nl", Role: auth.RoleAgent}})
		if err != nil {
			t.Fatal(err)
		}
		agent := dial(t, fmt.Sprintf("%s/medewerker?id=%d", base, agentID), map[string]any{"type": "hello"})
		token := auth.NewSecret()
		cs, err := hub.Start(ctx, store.ChatStart{Question: "Hier is mijn foto"}, auth.HashSecret(token))
		if err != nil {
			t.Fatal(err)
		}
		agent.send(map[string]any{"type": "accept", "chat": cs.ConversationID})
		agent.await("the question", message("Hier is mijn foto"))

		line, err := hub.SendFile(ctx, auth.HashSecret(token), "C:\\Users\\jan\\IMG_0001.PNG", pngFile, "f1")
		if err != nil {
			t.Fatal(err)
		}
		got := agent.await("the photo", message("Bestand: IMG_0001.PNG"))
		if got.Line.File == nil || got.Line.File.ContentType != "image/png" || got.Line.File.Size != int64(len(pngFile)) {
			t.Fatalf("the agent's line %+v, want the PNG", got.Line)
		}
		if again, err := hub.SendFile(ctx, auth.HashSecret(token), "IMG_0001.PNG", pngFile, "f1"); err != nil || again.Seq != line.Seq {
			t.Fatalf("a resent upload: seq %d (%v), want the first one's %d", again.Seq, err, line.Seq)
		}
		if _, err := hub.SendFile(ctx, auth.HashSecret(token), "factuur.doc.exe", pdfFile, "f2"); err != nil {
			t.Fatal(err)
		}
		agent.await("the PDF under the name of its real type", message("Bestand: factuur.doc.exe.pdf"))
		stored, err := st.Attachment(ctx, cs.ConversationID, got.Line.File.ID)
		if err != nil || !bytes.Equal(stored.Data, pngFile) {
			t.Fatalf("the stored photo: %d bytes (%v)", len(stored.Data), err)
		}

		for _, bad := range []struct {
			name string
			data []byte
			kind problem.Kind
		}{
			{"invoice.doc", exeFile, problem.Invalid},
			{"leeg.pdf", nil, problem.Invalid},
			{"groot.pdf", append(append([]byte{}, pdfFile...), make([]byte, 10<<20)...), problem.Invalid},
		} {
			_, err := hub.SendFile(ctx, auth.HashSecret(token), bad.name, bad.data, "bad-"+bad.name)
			if problem.KindOf(err) != bad.kind || len(problem.FieldsOf(err)["bestand"]) == 0 {
				t.Errorf("%s: %v, want a message for the file field", bad.name, err)
			}
		}
		for i := range chat.MaxFilesInChat - 2 {
			if _, err := hub.SendFile(ctx, auth.HashSecret(token), "foto.png", pngFile, fmt.Sprint("n", i)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := hub.SendFile(ctx, auth.HashSecret(token), "foto.png", pngFile, "te-veel"); problem.KindOf(err) != problem.TooMany {
			t.Fatalf("the eleventh file: %v, want TooMany", err)
		}
		if err := hub.End(ctx, cs.ConversationID, "klaar"); err != nil {
			t.Fatal(err)
		}
		if _, err := hub.SendFile(ctx, auth.HashSecret(token), "laat.png", pngFile, "laat"); problem.KindOf(err) != problem.Conflict {
			t.Fatalf("a file after the end: %v, want Conflict", err)
		}
		lines, _ := st.ChatLinesAfter(ctx, cs.ConversationID, 0)
		files := 0
		for _, l := range lines {
			if l.File != nil {
				files++
			}
		}
		if files != chat.MaxFilesInChat {
			t.Fatalf("%d files stored, want %d", files, chat.MaxFilesInChat)
		}
	})
}

// TestAgentFileToResident: the agent of a chat sends a PDF, the resident gets the line and can fetch the
// file with the chat's token only; another agent cannot send into the chat.
func TestAgentFileToResident(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		hub, base := serve(t, st, 3)
		sanne, err := st.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: "sanne@voorbeeld.nl", Role: auth.RoleAgent}})
		if err != nil {
			t.Fatal(err)
		}
		agent := dial(t, fmt.Sprintf("%s/medewerker?id=%d", base, sanne), map[string]any{"type": "hello"})
		token, otherToken := auth.NewSecret(), auth.NewSecret()
		cs, err := hub.Start(ctx, store.ChatStart{Question: "Welk formulier heb ik nodig?"}, auth.HashSecret(token))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := hub.Start(ctx, store.ChatStart{Question: "Een andere chat"}, auth.HashSecret(otherToken)); err != nil {
			t.Fatal(err)
		}
		agent.send(map[string]any{"type": "accept", "chat": cs.ConversationID})
		agent.await("the question", message("Welk formulier heb ik nodig?"))
		resident := dial(t, base+"/bewoner", map[string]any{"type": "hello", "token": token})
		resident.await("the question", message("Welk formulier heb ik nodig?"))

		if _, err := hub.SendAgentFile(ctx, chat.Agent{ID: sanne + 100, Name: "Piet"}, cs.ConversationID, "formulier.pdf", pdfFile, "x"); problem.KindOf(err) != problem.Conflict {
			t.Fatalf("another agent's file: %v, want Conflict", err)
		}
		if _, err := hub.SendAgentFile(ctx, chat.Agent{ID: sanne, Name: "Sanne"}, cs.ConversationID, "formulier.pdf", pdfFile, "a1"); err != nil {
			t.Fatal(err)
		}
		got := resident.await("the agent's file", message("Bestand: formulier.pdf"))
		if got.Line.File == nil || got.Line.Kind != "out" {
			t.Fatalf("the resident's line %+v, want an agent's line with a file", got.Line)
		}
		f, err := hub.ResidentFile(ctx, auth.HashSecret(token), got.Line.File.ID)
		if err != nil || !bytes.Equal(f.Data, pdfFile) || f.Filename != "formulier.pdf" {
			t.Fatalf("the resident fetches %q %d bytes (%v)", f.Filename, len(f.Data), err)
		}
		if _, err := hub.ResidentFile(ctx, auth.HashSecret(otherToken), got.Line.File.ID); problem.KindOf(err) != problem.NotFound {
			t.Fatalf("another chat's token: %v, want NotFound", err)
		}
	})
}
