package web

import "net/http"

// parseForm reads a posted form of at most maxBytes; on false the 400 with a safe message has been written.
// Every handler that reads a form goes through here, so none of them reads an unbounded body.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request, maxBytes int64) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxBytes)
	if err := r.ParseForm(); err != nil {
		s.badRequest(w, r, "Het formulier is te groot of niet goed verstuurd.")
		return false
	}
	return true
}
