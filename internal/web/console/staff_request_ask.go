package console

import (
	"net/http"
	"strings"
	"time"

	"loket/internal/request"
)

// askInformation asks the requester for information by a date (the hersteltermijn of Awb 4:5).
func (h *Handler) askInformation(w http.ResponseWriter, r *http.Request) {
	h.runAction(w, r, "informatie", func(by request.Staff) error {
		var until time.Time // empty: the usual two weeks
		if s := strings.TrimSpace(r.PostForm.Get("tot")); s != "" {
			var err error
			if until, err = request.ParseDate(s); err != nil {
				return badInput("tot", "Vul een datum in als dag-maand-jaar, bijvoorbeeld 30-07-2026.")
			}
		}
		_, err := h.deps.Requests.AskInformation(r.Context(), r.PathValue("ref"), by, r.PostForm.Get("tekst"), until)
		return err
	})
}
