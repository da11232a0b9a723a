package console

import (
	"net/http"

	"loket/internal/request"
	"loket/internal/web/shared"
)

// writeToRequester sends a message, optionally with a document, to the requester.
func (h *Handler) writeToRequester(w http.ResponseWriter, r *http.Request) {
	h.runAction(w, r, "bericht", func(by request.Staff) error {
		var upload shared.MessageForm
		file, err := shared.MessageFile(h.deps.DataDir, r, &upload)
		if err != nil {
			return err
		}
		if upload.FileError != "" {
			return badInput("bestand", upload.FileError)
		}
		if file != nil {
			file.FromStaff = true
		}
		_, err = h.deps.Requests.WriteToRequester(r.Context(), r.PathValue("ref"), by, r.PostForm.Get("tekst"), file)
		return err
	})
}
