package demo

import (
	_ "embed"

	"loket/internal/request"
)

// Forms are the request forms of the demo products, as a JSON list of form definitions. Each names
// its legal procedure: bezwaar (with an advisory committee), klacht, woo and omgevingswet; the rest
// are applications for a beschikking with the product's own term or the eight weeks of Awb 4:13.
//
//go:embed forms.json
var Forms []byte

// RequestForms decodes and checks the bundled demo request forms.
func RequestForms() ([]request.Form, error) { return request.ParseForms(Forms) }
