// Package respond writes JSON answers and the JSON error body the API and the JSON endpoints of the other
// surfaces share.
package respond

import (
	"encoding/json"
	"net/http"
)

// JSON writes v as JSON with a status.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// Error is the JSON body of every API error: a message and, for validation, one message per field.
type Error struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields,omitempty"`
}

// Fail writes an Error with only a message.
func Fail(w http.ResponseWriter, status int, msg string) {
	JSON(w, status, Error{Error: msg})
}
