package contact

import (
	"fmt"
	"path"
	"strings"
	"unicode"

	"loket/internal/filetype"
)

// The limits on files, the same for what residents send by e-mail (the intake keeps what passes them) and
// for what agents send with a reply: 10 files of at most 10 MB each, of the document and photo types below,
// each checked by its content.
const (
	MaxAttachmentBytes = 10 << 20
	MaxAttachments     = 10
	// MaxReplyFilesBytes bounds the files of one reply together, so the mail stays under the 30 MB that
	// loket's own intake and most mail servers accept once the files are encoded (base64 adds a third).
	MaxReplyFilesBytes = 20 << 20
)

// AttachmentTypes are the content types of files loket keeps and sends.
var AttachmentTypes = map[string]bool{
	filetype.PDF: true, filetype.JPEG: true, filetype.PNG: true, filetype.GIF: true, filetype.HEIC: true,
	filetype.Text: true, filetype.Doc: true, filetype.Odt: true, filetype.Docx: true, filetype.Xlsx: true,
}

// attachmentKinds names the accepted files for a message to the agent.
const attachmentKinds = "een PDF, een foto (JPG, PNG, GIF of HEIC), een tekstbestand, of een Word-, Excel- of OpenDocument-bestand"

// checkReplyFiles checks an agent's files for a reply: each by its name's type and its content, within the
// limits. It returns the files with their checked content type and a safe name, or the message for the
// file field; nothing is kept of a reply whose files are refused.
func checkReplyFiles(files []Attachment) ([]Attachment, string) {
	if len(files) > MaxAttachments {
		return nil, fmt.Sprintf("U kunt maximaal %d bijlagen meesturen.", MaxAttachments)
	}
	var total int64
	out := make([]Attachment, 0, len(files))
	for _, f := range files {
		name := safeFileName(f.Filename)
		ct := filetype.ByExtension(name)
		switch {
		case len(f.Data) == 0:
			return nil, fmt.Sprintf("Het bestand %q is leeg.", name)
		case len(f.Data) > MaxAttachmentBytes:
			return nil, fmt.Sprintf("Het bestand %q is groter dan %d MB.", name, MaxAttachmentBytes>>20)
		case !AttachmentTypes[ct]:
			return nil, fmt.Sprintf("Het bestand %q kunt u niet meesturen. Stuur %s.", name, attachmentKinds)
		case !filetype.Matches(ct, f.Data):
			return nil, fmt.Sprintf("Het bestand %q is niet wat de naam zegt. Stuur %s.", name, attachmentKinds)
		}
		total += int64(len(f.Data))
		out = append(out, Attachment{Filename: filetype.WithExtension(name, ct), ContentType: ct, Size: int64(len(f.Data)), Data: f.Data})
	}
	if total > MaxReplyFilesBytes {
		return nil, fmt.Sprintf("De bijlagen zijn samen groter dan %d MB. Veel mailprogramma's weigeren de e-mail dan.", MaxReplyFilesBytes>>20)
	}
	return out, ""
}

// safeFileName keeps the base name of an uploaded file without path parts or control characters, at
// most 150 characters; a file without a usable name is "bijlage".
func safeFileName(name string) string {
	name = path.Base(strings.ReplaceAll(strings.ToValidUTF8(name, ""), "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if r := []rune(name); len(r) > 150 {
		ext := path.Ext(name)
		name = string(r[:150-len([]rune(ext))]) + ext
	}
	if name == "" || name == "." || name == ".." {
		return "bijlage"
	}
	return name
}
