package console

import (
	"net/http"
	"strconv"
)

// conversationID reads the {id} path value of a conversation route.
func conversationID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}
