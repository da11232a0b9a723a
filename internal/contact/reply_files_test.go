package contact

import (
	"strings"
	"testing"
)

// TestCheckReplyFiles: the names, types and messages below are worked out from the limits in the comment
// of MaxAttachmentBytes (10 files, 10 MB each, 20 MB together, types by name and content).
func TestCheckReplyFiles(t *testing.T) {
	pdf := append([]byte("%PDF-1.7\n"), make([]byte, 100)...)
	big := append([]byte("%PDF-1.7\n"), make([]byte, 8<<20)...)
	cases := []struct {
		name   string
		files  []Attachment
		want   string // the message, "" when accepted
		stored string // the first file's stored name and type when accepted
	}{
		{"a PDF", []Attachment{{Filename: `C:\Users\anna\brief.pdf`, Data: pdf}}, "", "brief.pdf application/pdf"},
		{"a photo with upper-case extension", []Attachment{{Filename: "IMG_1.JPG", Data: append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, make([]byte, 20)...)}}, "", "IMG_1.JPG image/jpeg"},
		{"a text file", []Attachment{{Filename: "notitie.txt", Data: []byte("Hallo, dit is tekst.")}}, "", "notitie.txt text/plain"},
		{"a program named as a PDF", []Attachment{{Filename: "factuur.pdf", Data: []byte("MZ\x90\x00rest")}}, `Het bestand "factuur.pdf" is niet wat de naam zegt.`, ""},
		{"a macro workbook", []Attachment{{Filename: "begroting.xlsm", Data: pdf}}, `Het bestand "begroting.xlsm" kunt u niet meesturen.`, ""},
		{"no extension", []Attachment{{Filename: "brief", Data: pdf}}, `Het bestand "brief" kunt u niet meesturen.`, ""},
		{"empty", []Attachment{{Filename: "leeg.pdf"}}, `Het bestand "leeg.pdf" is leeg.`, ""},
		{"10 MB and a byte", []Attachment{{Filename: "groot.pdf", Data: append(pdf[:9], make([]byte, 10<<20-8)...)}}, `Het bestand "groot.pdf" is groter dan 10 MB.`, ""},
		{"three of 8 MB: 24 MB together", []Attachment{{Filename: "a.pdf", Data: big}, {Filename: "b.pdf", Data: big}, {Filename: "c.pdf", Data: big}},
			"De bijlagen zijn samen groter dan 20 MB.", ""},
		{"eleven", bytes11(pdf), "U kunt maximaal 10 bijlagen meesturen.", ""},
	}
	for _, tc := range cases {
		got, msg := checkReplyFiles(tc.files)
		if !strings.HasPrefix(msg, tc.want) || (tc.want == "") != (msg == "") {
			t.Errorf("%s: message %q, want %q", tc.name, msg, tc.want)
			continue
		}
		if tc.stored != "" && (len(got) != len(tc.files) || got[0].Filename+" "+got[0].ContentType != tc.stored) {
			t.Errorf("%s: stored %+v, want %s", tc.name, got, tc.stored)
		}
	}
}

func bytes11(data []byte) []Attachment {
	list := make([]Attachment, 11)
	for i := range list {
		list[i] = Attachment{Filename: "blad.pdf", Data: data}
	}
	return list
}

// TestFilesGoOnlyByEmail: a chat, a WhatsApp conversation or a phone registration cannot carry files in
// a reply; an e-mail or form question with an address can.
func TestFilesGoOnlyByEmail(t *testing.T) {
	files := []Attachment{{Filename: "a.pdf"}}
	for _, tc := range []struct {
		c  Conversation
		ok bool
	}{
		{Conversation{Channel: ChannelEmail, PartyEmail: "a@example.org"}, true},
		{Conversation{Channel: ChannelForm, PartyEmail: "a@example.org"}, true},
		{Conversation{Channel: ChannelPhone, PartyEmail: "a@example.org"}, false},
		{Conversation{Channel: ChannelWhatsApp}, false},
		{Conversation{Channel: ChannelChat, PartyEmail: "a@example.org"}, false},
		{Conversation{Channel: ChannelForm}, false},
	} {
		if msg := filesFitChannel(tc.c, files); (msg == "") != tc.ok {
			t.Errorf("%s with address %q: %q", tc.c.Channel, tc.c.PartyEmail, msg)
		}
	}
}
