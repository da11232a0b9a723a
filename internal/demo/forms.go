package demo

import (
	_ "embed"

	"loket/internal/request"
)

// Forms are the request forms of the demo products, as a JSON list of form definitions.
//
//go:embed forms.json
var Forms []byte

// RequestForms decodes and checks the bundled demo request forms.
func RequestForms() ([]request.Form, error) { return request.ParseForms(Forms) }
