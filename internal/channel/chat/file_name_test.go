package chat

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestFileName: the stored name of a file keeps the base name the device gave and always ends in the
// extension of the type its content was checked as. Expected names written out by hand.
func TestFileName(t *testing.T) {
	for _, c := range []struct{ name, ct, want string }{
		{`C:\Users\jan\IMG_0001.PNG`, "image/png", "IMG_0001.PNG"},
		{"../../etc/passwd", "application/pdf", "passwd.pdf"},
		{"factuur.doc.exe", "application/pdf", "factuur.doc.exe.pdf"},
		{"foto.jpeg", "image/jpeg", "foto.jpeg"},
		{"foto.JPG", "image/jpeg", "foto.JPG"},
		{"", "image/png", "bestand.png"},
		{"a\x00b.gif", "image/gif", "ab.gif"},
		{"scan", "application/pdf", "scan.pdf"},
		{"<script>.png", "image/png", "script.png"},
	} {
		if got := fileName(c.name, c.ct); got != c.want {
			t.Errorf("fileName(%q, %s) = %q, want %q", c.name, c.ct, got, c.want)
		}
	}
}

// FuzzFileName: whatever name a device sends, the stored name is short, printable, without path parts
// and ends in the checked type's extension.
func FuzzFileName(f *testing.F) {
	for _, s := range []string{"foto.png", `C:\a\b.pdf`, "../x", "", ".", "..", "a.exe", strings.Repeat("é", 300) + ".jpg"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		for ct, ext := range fileTypes {
			got := fileName(name, ct)
			if !utf8.ValidString(got) || utf8.RuneCountInString(got) > 80+len(".jpeg") || strings.ContainsAny(got, `/\:*?"<>|`) {
				t.Fatalf("fileName(%q) = %q", name, got)
			}
			if !strings.HasSuffix(strings.ToLower(got), ext) && !(ext == ".jpg" && strings.HasSuffix(strings.ToLower(got), ".jpeg")) {
				t.Fatalf("fileName(%q, %s) = %q without %s", name, ct, got, ext)
			}
			for _, r := range got {
				if unicode.IsControl(r) {
					t.Fatalf("fileName(%q) = %q holds a control character", name, got)
				}
			}
		}
	})
}

// FuzzParseFrame: a client frame is accepted only as a known type within the limits; nothing panics.
func FuzzParseFrame(f *testing.F) {
	for _, s := range []string{`{"type":"hello","token":"x","after":3}`, `{"type":"message","id":"a","text":"hoi"}`,
		`{"type":"hello","mode":"notify"}`, `{"type":"transcript","email":"a@b.nl"}`, `{"type":"x"}`, `{}`, `[]`, `{"type":"typing"} {}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fr, err := ParseFrame(b)
		if err != nil {
			return
		}
		if !clientTypes[fr.Type] || len(b) > MaxFrameBytes || len(fr.ID) > 64 || len(fr.Token) > 64 || fr.After < 0 ||
			(fr.Mode != "" && fr.Mode != "notify") || fr.Line != nil || fr.Queue != nil || fr.Transcript != "" {
			t.Fatalf("accepted %q as %+v", b, fr)
		}
	})
}
