package filetype_test

import (
	"archive/zip"
	"bytes"
	"testing"

	"loket/internal/filetype"
)

// zipOf writes a zip with the given entries in order; stored (not compressed), as ODF wants mimetype.
func zipOf(t *testing.T, entries ...[2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e[0], Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// contentTypes is a minimal [Content_Types].xml (ECMA-376 part 2, 10.1.2.2) naming one main part.
func contentTypes(main string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="` + main + `"/></Types>`
}

func TestMatchesByStructure(t *testing.T) {
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 504)...)
	docx := zipOf(t, [2]string{"[Content_Types].xml", contentTypes("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")},
		[2]string{"word/document.xml", "<w:document/>"})
	docm := zipOf(t, [2]string{"[Content_Types].xml", contentTypes("application/vnd.ms-word.document.macroEnabled.main+xml")})
	odt := zipOf(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.text"}, [2]string{"content.xml", "<office:document-content/>"})
	odtLate := zipOf(t, [2]string{"content.xml", "x"}, [2]string{"mimetype", "application/vnd.oasis.opendocument.text"})
	jar := zipOf(t, [2]string{"META-INF/MANIFEST.MF", "Main-Class: Evil"})
	cases := []struct {
		name     string
		declared string
		data     []byte
		ok       bool
	}{
		{"OLE as Word", filetype.Doc, ole, true},
		{"OLE as Excel", filetype.Xls, ole, true},
		{"a program as Word (the review's invoice.doc.exe)", filetype.Doc, exe, false},
		{"a program as an unchecked type", "image/heic", exe, false},
		{"docx", filetype.Docx, docx, true},
		{"docx declared as xlsx", filetype.Xlsx, docx, false},
		{"macro-enabled docm as docx", filetype.Docx, docm, false},
		{"a jar as docx", filetype.Docx, jar, false},
		{"OLE as docx", filetype.Docx, ole, false},
		{"odt", filetype.Odt, odt, true},
		{"odt declared as ods", filetype.Ods, odt, false},
		{"odt with mimetype not first", filetype.Odt, odtLate, false},
		{"a jar as odt", filetype.Odt, jar, false},
		{"pdf", filetype.PDF, []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj"), true},
		{"html as pdf", filetype.PDF, []byte("<html><script>alert(1)</script>"), false},
	}
	for _, c := range cases {
		if got := filetype.Matches(c.declared, c.data); got != c.ok {
			t.Errorf("%s: Matches = %v, want %v", c.name, got, c.ok)
		}
	}
}

func TestWithExtension(t *testing.T) {
	cases := []struct{ name, ct, want string }{
		{"invoice.doc.exe", filetype.Doc, "invoice.doc"},
		{"invoice.exe", filetype.Doc, "invoice.doc"},
		{"brief", filetype.Odt, "brief.odt"},
		{"Brief.ODT", filetype.Odt, "Brief.ODT"},
		{"foto.jpeg", filetype.JPEG, "foto.jpeg"},
		{"foto.png", filetype.JPEG, "foto.jpg"},
		{"begroting 2026.xlsx", filetype.Xlsx, "begroting 2026.xlsx"},
		{".docx", filetype.Docx, ".docx.docx"},
		{"scan.pdf.", filetype.PDF, "scan.pdf"},
	}
	for _, c := range cases {
		if got := filetype.WithExtension(c.name, c.ct); got != c.want {
			t.Errorf("WithExtension(%q, %s) = %q, want %q", c.name, c.ct, got, c.want)
		}
	}
}

func BenchmarkMatchesDocx(b *testing.B) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte(contentTypes("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")))
	w, _ = zw.Create("word/document.xml")
	w.Write(bytes.Repeat([]byte("<w:p>tekst</w:p>"), 10000))
	zw.Close()
	data := buf.Bytes()
	for b.Loop() {
		filetype.Matches(filetype.Docx, data)
	}
}
