package console

import (
	"net/http"

	"loket/internal/request"
	"loket/internal/web/render"
	"loket/internal/web/upload"
)

// writeToRequester sends a message, optionally with a document, to the requester.
func (h *Handler) writeToRequester(w http.ResponseWriter, r *http.Request) {
	h.runAction(w, r, "bericht", func(by request.Staff) error {
		var box render.MessageForm
		file, err := upload.MessageFile(h.deps.DataDir, r, &box)
		if err != nil {
			return err
		}
		if box.FileError != "" {
			return badInput("bestand", box.FileError)
		}
		if file != nil {
			file.FromStaff = true
		}
		_, err = h.deps.Requests.WriteToRequester(r.Context(), r.PathValue("ref"), by, r.PostForm.Get("tekst"), file)
		return err
	})
}
