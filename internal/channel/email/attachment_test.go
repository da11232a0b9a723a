package email_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"loket/internal/channel/email"
)

// withAttachment writes a mail with one base64 attachment, as a mail program sends it.
func withAttachment(name, ct string, data []byte) string {
	return "From: a@example.org\r\nTo: info@voorbeeld.nl\r\nSubject: Factuur\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nZie de bijlage.\r\n" +
		"--b\r\nContent-Type: " + ct + "\r\nContent-Disposition: attachment; filename=\"" + name + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		base64.StdEncoding.EncodeToString(data) + "\r\n--b--\r\n"
}

// TestOfficeAttachmentsAreCheckedByStructure reproduces finding 5: an MZ program sent as
// application/msword named invoice.doc.exe was stored and offered under that name. It is refused with a
// note; a real Word 97 file under that name is stored as invoice.doc.
func TestOfficeAttachmentsAreCheckedByStructure(t *testing.T) {
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), make([]byte, 600)...)
	in, err := email.Parse(strings.NewReader(withAttachment("invoice.doc.exe", "application/msword", exe)), email.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Attachments) != 0 || !strings.Contains(in.Notes, `"invoice.doc.exe" is niet bewaard: de inhoud past niet`) {
		t.Fatalf("program stored: %d attachments, notes %q", len(in.Attachments), in.Notes)
	}
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	in, err = email.Parse(strings.NewReader(withAttachment("invoice.doc.exe", "application/msword", ole)), email.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Attachments) != 1 || in.Attachments[0].Filename != "invoice.doc" || in.Attachments[0].ContentType != "application/msword" {
		t.Fatalf("Word file stored as %+v", in.Attachments)
	}
}
