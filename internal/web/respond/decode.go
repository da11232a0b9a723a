package respond

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
)

// ErrNotJSON is returned by DecodeJSON for a body that is not exactly one JSON value of media type
// application/json.
var ErrNotJSON = errors.New("body must be one JSON object, sent as application/json")

// DecodeJSON reads a request body of at most maxBytes as exactly one JSON value into dst: the media
// type must be application/json (a text/plain body is what a cross-site form sends) and nothing but
// white space may follow the value. Every API handler that takes a body reads it this way.
func DecodeJSON(w http.ResponseWriter, r *http.Request, maxBytes int64, dst any) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return fmt.Errorf("%w: media type %q", ErrNotJSON, r.Header.Get("Content-Type"))
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBytes))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotJSON, err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(dst); err != nil {
		return fmt.Errorf("%w: %v", ErrNotJSON, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%w: data after the value", ErrNotJSON)
	}
	return nil
}
