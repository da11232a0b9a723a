// Package respond writes JSON answers and the JSON error body the API and the JSON endpoints of the other
// surfaces share.
package respond

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
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

// LogFailure logs why a request failed: as an error, unless the client hung up first (its context was
// cancelled), which is the client's abort and logged as such. Every surface's ServerError logs this way.
func LogFailure(log *slog.Logger, r *http.Request, err error) {
	if errors.Is(r.Context().Err(), context.Canceled) {
		log.Info("client went away", "method", r.Method, "path", r.URL.Path, "err", err)
		return
	}
	log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
}
