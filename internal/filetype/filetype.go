// Package filetype checks that a file from outside is what it says it is, by its structure and not by
// its name or the sender's word: a PDF starts as one, a Word document is an OLE compound file or an
// OOXML zip whose [Content_Types].xml names a Word main part, an ODF text is a zip whose first entry
// "mimetype" says so. Stored files get the extension of the type that was checked.
package filetype

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"path"
	"strings"
)

// Content types loket checks by structure.
const (
	PDF  = "application/pdf"
	JPEG = "image/jpeg"
	PNG  = "image/png"
	GIF  = "image/gif"
	HEIC = "image/heic"
	Text = "text/plain"
	Doc  = "application/msword"
	Xls  = "application/vnd.ms-excel"
	Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	Pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	Odt  = "application/vnd.oasis.opendocument.text"
	Ods  = "application/vnd.oasis.opendocument.spreadsheet"
	Odp  = "application/vnd.oasis.opendocument.presentation"
)

// ooxmlMain is the content type [Content_Types].xml gives the main part of each OOXML format; the
// macro-enabled variants (docm, xlsm) have other names and are not accepted as these.
var ooxmlMain = map[string]string{
	Docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
	Xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
	Pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}

// extensions lists per type the extensions a stored name may keep; the first is the one it gets.
var extensions = map[string][]string{
	PDF: {".pdf"}, JPEG: {".jpg", ".jpeg"}, PNG: {".png"}, GIF: {".gif"}, HEIC: {".heic"}, Text: {".txt"},
	Doc: {".doc"}, Xls: {".xls"}, Docx: {".docx"}, Xlsx: {".xlsx"}, Pptx: {".pptx"},
	Odt: {".odt"}, Ods: {".ods"}, Odp: {".odp"},
}

// oleHeader starts every OLE compound file (.doc, .xls, .ppt of Office 97-2003).
var oleHeader = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// maxManifest bounds what is read of [Content_Types].xml or mimetype, against zip bombs.
const maxManifest = 64 << 10

// Matches reports whether data has the structure of the declared content type. A type loket has no
// structural check for matches anything that is not HTML or a program.
func Matches(declared string, data []byte) bool {
	declared = strings.ToLower(strings.TrimSpace(declared))
	sniffed := http.DetectContentType(data)
	switch declared {
	case PDF, JPEG, PNG, GIF:
		return strings.HasPrefix(sniffed, declared)
	case Text:
		return strings.HasPrefix(sniffed, "text/plain")
	case Doc, Xls, "application/vnd.ms-powerpoint":
		return bytes.HasPrefix(data, oleHeader)
	case Docx, Xlsx, Pptx:
		return isOOXML(data, ooxmlMain[declared])
	case Odt, Ods, Odp:
		return isODF(data, declared)
	}
	return !strings.HasPrefix(sniffed, "text/html") && !isProgram(data)
}

// isProgram recognises Windows (MZ), ELF and Mach-O executables and scripts with a #! line.
func isProgram(data []byte) bool {
	for _, magic := range [][]byte{[]byte("MZ"), []byte("\x7fELF"), {0xCF, 0xFA, 0xED, 0xFE}, {0xCE, 0xFA, 0xED, 0xFE}, []byte("#!")} {
		if bytes.HasPrefix(data, magic) {
			return true
		}
	}
	return false
}

func openZip(data []byte) (*zip.Reader, bool) {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return nil, false
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	return zr, err == nil
}

func readEntry(f *zip.File) ([]byte, bool) {
	rc, err := f.Open()
	if err != nil {
		return nil, false
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxManifest))
	return b, err == nil
}

// isOOXML: a zip with [Content_Types].xml that gives some part the format's main content type.
func isOOXML(data []byte, main string) bool {
	zr, ok := openZip(data)
	if !ok {
		return false
	}
	for _, f := range zr.File {
		if f.Name != "[Content_Types].xml" {
			continue
		}
		b, ok := readEntry(f)
		return ok && bytes.Contains(b, []byte(`ContentType="`+main+`"`))
	}
	return false
}

// isODF: a zip whose first entry is "mimetype" holding exactly the declared type (ODF 1.2, part 3, 3.3).
func isODF(data []byte, declared string) bool {
	zr, ok := openZip(data)
	if !ok || len(zr.File) == 0 || zr.File[0].Name != "mimetype" {
		return false
	}
	b, ok := readEntry(zr.File[0])
	return ok && string(b) == declared
}

// ByExtension is the content type a file name's extension stands for among the types loket checks by
// structure ("brief.PDF" → application/pdf), or "" for any other extension. The name only says what the
// sender claims; Matches checks the content against it.
func ByExtension(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if ext == "" || ext == strings.ToLower(name) {
		return ""
	}
	for ct, exts := range extensions {
		for _, e := range exts {
			if e == ext {
				return ct
			}
		}
	}
	return ""
}

// WithExtension gives a file name the extension of its checked content type: a name that already ends
// in one of the type's extensions keeps it; otherwise a wrong last extension is dropped and the type's
// own added, so "invoice.doc.exe" checked as a Word file is stored as "invoice.doc".
func WithExtension(name, contentType string) string {
	exts := extensions[strings.ToLower(contentType)]
	if len(exts) == 0 {
		return name
	}
	if hasExt(name, exts) {
		return name
	}
	if ext := path.Ext(name); ext != "" && ext != name {
		name = strings.TrimSuffix(name, ext)
	}
	if hasExt(name, exts) {
		return name
	}
	return name + exts[0]
}

func hasExt(name string, exts []string) bool {
	lower := strings.ToLower(name)
	for _, e := range exts {
		if strings.HasSuffix(lower, e) && len(lower) > len(e) {
			return true
		}
	}
	return false
}
