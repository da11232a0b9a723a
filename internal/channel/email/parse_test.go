package email_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"loket/internal/channel/email"
)

const pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name      string
		raw       string
		wantText  string
		wantHTML  string // must be in the sanitized HTML
		noHTML    string // must not be in the sanitized HTML
		attach    []string
		noteHas   string
		automatic bool
		inReplyTo string
		refs      int
	}{
		{name: "plain latin-1 quoted-printable",
			raw: "From: =?iso-8859-1?q?Jos=E9_M=FCller?= <jose@example.org>\r\nSubject: =?utf-8?q?Caf=C3=A9_vergunning?=\r\n" +
				"Message-ID: <a1@example.org>\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
				"Ik wil een terras bij mijn caf=E9 openen. Mag dat op de stoep?\r\n",
			wantText: "Ik wil een terras bij mijn café openen."},
		{name: "html only is sanitized and turned into text",
			raw: "From: a@example.org\r\nSubject: Afval\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
				`<p>Mijn <b>container</b> is niet geleegd.</p><script>alert(1)</script><img src="https://tracker.example/x.gif" onerror="x()"><a href="javascript:alert(1)">klik</a>`,
			wantText: "Mijn container is niet geleegd.", wantHTML: "<b>container</b>", noHTML: "script"},
		{name: "multipart alternative prefers the text part",
			raw: "From: a@example.org\r\nSubject: Paspoort\r\nIn-Reply-To: <out-1@voorbeeld.nl>\r\nReferences: <q@example.org> <out-1@voorbeeld.nl>\r\n" +
				"Content-Type: multipart/alternative; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nTekstversie\r\n" +
				"--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>HTML-versie</p>\r\n--b1--\r\n",
			wantText: "Tekstversie", wantHTML: "HTML-versie", inReplyTo: "out-1@voorbeeld.nl", refs: 2},
		{name: "attachments: pdf kept, exe and fake pdf refused",
			raw: "From: a@example.org\r\nSubject: Bijlagen\r\nContent-Type: multipart/mixed; boundary=b2\r\n\r\n" +
				"--b2\r\nContent-Type: text/plain\r\n\r\nZie bijlage.\r\n" +
				"--b2\r\nContent-Type: application/pdf; name=\"../../etc/brief.pdf\"\r\nContent-Disposition: attachment; filename=\"../../etc/brief.pdf\"\r\n\r\n" + pdf + "\r\n" +
				"--b2\r\nContent-Type: application/x-msdownload\r\nContent-Disposition: attachment; filename=\"virus.exe\"\r\n\r\nMZ\x90\x00\r\n" +
				"--b2\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"nep.pdf\"\r\n\r\n<html>nep</html>\r\n--b2--\r\n",
			wantText: "Zie bijlage.", attach: []string{"brief.pdf"}, noteHas: "virus.exe"},
		{name: "out of office is automatic",
			raw:      "From: a@example.org\r\nSubject: Afwezig\r\nAuto-Submitted: auto-replied\r\n\r\nIk ben afwezig tot maandag.\r\n",
			wantText: "Ik ben afwezig", automatic: true},
		{name: "bounce report is automatic",
			raw: "From: MAILER-DAEMON@mx.example.org\r\nSubject: Undelivered Mail\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=r\r\n\r\n" +
				"--r\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n--r\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--r--\r\n",
			wantText: "Delivery failed.", automatic: true},
		{name: "bulk precedence is automatic",
			raw: "From: news@example.org\r\nSubject: Nieuwsbrief\r\nPrecedence: bulk\r\n\r\nNieuws\r\n", wantText: "Nieuws", automatic: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, err := email.Parse(strings.NewReader(tc.raw), email.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(in.Text, tc.wantText) {
				t.Errorf("text %q, want %q", in.Text, tc.wantText)
			}
			if tc.wantHTML != "" && !strings.Contains(in.HTML, tc.wantHTML) {
				t.Errorf("html %q lacks %q", in.HTML, tc.wantHTML)
			}
			for _, bad := range []string{"<script", "onerror", "javascript:", tc.noHTML} {
				if bad != "" && strings.Contains(in.HTML, bad) {
					t.Errorf("html keeps %q: %s", bad, in.HTML)
				}
			}
			var names []string
			for _, a := range in.Attachments {
				names = append(names, a.Filename)
			}
			if strings.Join(names, ",") != strings.Join(tc.attach, ",") {
				t.Errorf("attachments %v, want %v", names, tc.attach)
			}
			if tc.noteHas != "" && (!strings.Contains(in.Notes, tc.noteHas) || !strings.Contains(in.Notes, "nep.pdf")) {
				t.Errorf("notes %q, want %q and the fake pdf", in.Notes, tc.noteHas)
			}
			if in.Automatic != tc.automatic {
				t.Errorf("automatic = %v, want %v", in.Automatic, tc.automatic)
			}
			if in.InReplyTo != tc.inReplyTo || len(in.References) != tc.refs {
				t.Errorf("thread %q %v", in.InReplyTo, in.References)
			}
		})
	}
}

func TestParseRefusesMalformed(t *testing.T) {
	for _, raw := range []string{
		"no header separator and a broken header line\x00",
		"From: a@example.org\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n--x--\r\n",
	} {
		if _, err := email.Parse(strings.NewReader(raw), email.DefaultLimits()); !errors.Is(err, email.ErrMalformed) {
			t.Errorf("%q: err %v, want ErrMalformed", raw[:20], err)
		}
	}
}

// FuzzParse feeds arbitrary bytes to the MIME parser: it must never panic, and what it returns must be
// safe to store and show.
func FuzzParse(f *testing.F) {
	f.Add([]byte("From: a@example.org\r\nSubject: x\r\n\r\nhallo"))
	f.Add([]byte("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<script>x</script><p>a</p>\r\n--b--"))
	f.Add([]byte("Subject: =?utf-8?b?w6k=?=\r\nContent-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=E9=\r\n"))
	f.Add([]byte("Content-Type: multipart/report; boundary=r\r\n\r\n--r\r\nContent-Type: multipart/alternative; boundary=s\r\n\r\n--s\r\n\r\nx\r\n--s--\r\n--r--"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		in, err := email.Parse(bytes.NewReader(raw), email.DefaultLimits())
		if err != nil {
			return
		}
		for _, s := range []string{in.Text, in.Subject, in.Name, in.Notes} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 %q", s)
			}
		}
		if strings.Contains(strings.ToLower(in.HTML), "<script") {
			t.Fatalf("script survived sanitizing: %q", in.HTML)
		}
		if strings.ContainsAny(in.Subject, "\r\n") || strings.ContainsAny(in.MailID, " <>\r\n") {
			t.Fatalf("header value with line breaks: %q %q", in.Subject, in.MailID)
		}
		for _, a := range in.Attachments {
			if strings.ContainsAny(a.Filename, "/\\") || int64(len(a.Data)) > email.DefaultLimits().MaxAttachmentBytes {
				t.Fatalf("unsafe attachment %q (%d bytes)", a.Filename, len(a.Data))
			}
		}
	})
}
