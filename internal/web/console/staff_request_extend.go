package console

import (
	"net/http"
	"strconv"
	"strings"

	"loket/internal/request"
)

// extendRequest postpones the decision; the service refuses what the procedure does not allow, with
// the reason and the article.
func (h *Handler) extendRequest(w http.ResponseWriter, r *http.Request) {
	h.runAction(w, r, "verlengen", func(by request.Staff) error {
		days, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("dagen")))
		if err != nil || days < 1 || days > 366 {
			return badInput("dagen", "Vul een aantal dagen in, bijvoorbeeld 14.")
		}
		_, err = h.deps.Requests.Extend(r.Context(), r.PathValue("ref"), by, days, r.PostForm.Get("reden"), r.PostForm.Get("instemming") == "ja")
		return err
	})
}
