package municipality

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"strings"
)

// MaxLogoBytes bounds an uploaded logo; a municipality's logo is a few kilobytes.
const MaxLogoBytes = 256 << 10

// Logo is the municipality's logo, shown in the header of every page.
type Logo struct {
	ContentType string `json:"content_type"` // image/svg+xml or image/png
	Data        []byte `json:"data"`
}

// Empty reports whether no logo was set.
func (l Logo) Empty() bool { return len(l.Data) == 0 }

// checkLogo returns a safe Dutch reason why data is not an acceptable logo, or "" when it is. It returns the
// content type it found. A PNG must decode; an SVG must be well-formed XML with an <svg> root and nothing
// that runs or loads something (scripts, event handlers, foreign objects, links to elsewhere).
func checkLogo(data []byte) (contentType, reason string) {
	switch {
	case len(data) == 0:
		return "", "Het bestand is leeg."
	case len(data) > MaxLogoBytes:
		return "", "Het logo is groter dan 256 kB. Maak het bestand kleiner."
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return "", "Dit PNG-bestand is beschadigd."
		}
		if cfg.Width > 2000 || cfg.Height > 2000 {
			return "", "Het logo is groter dan 2000 bij 2000 beeldpunten."
		}
		if _, err := png.Decode(bytes.NewReader(data)); err != nil {
			return "", "Dit PNG-bestand is beschadigd."
		}
		return "image/png", ""
	default:
		if err := checkSVG(data); err != nil {
			return "", err.Error()
		}
		return "image/svg+xml", ""
	}
}

var errNotImage = errors.New("Dit is geen SVG- of PNG-bestand. Kies een logo als SVG of PNG.")

// svgForbidden are elements that run code, embed other documents or animate links.
var svgForbidden = map[string]bool{"script": true, "foreignobject": true, "iframe": true, "embed": true,
	"object": true, "animate": true, "set": true, "animatemotion": true, "animatetransform": true, "handler": true, "listener": true}

func checkSVG(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	root := true
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if root {
				return errNotImage
			}
			return nil
		}
		if err != nil {
			return errNotImage
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if root && name != "svg" {
				return errNotImage
			}
			root = false
			if svgForbidden[name] {
				return errors.New("Het SVG-bestand bevat code of ingesloten inhoud (" + t.Name.Local + "). Sla het logo op als gewone SVG of als PNG.")
			}
			for _, a := range t.Attr {
				attr := strings.ToLower(a.Name.Local)
				val := strings.ToLower(strings.TrimSpace(a.Value))
				if strings.HasPrefix(attr, "on") {
					return errors.New("Het SVG-bestand bevat code (" + a.Name.Local + "). Sla het logo op als gewone SVG of als PNG.")
				}
				if (attr == "href" || attr == "src") && !strings.HasPrefix(val, "#") && !strings.HasPrefix(val, "data:image/png") {
					return errors.New("Het SVG-bestand verwijst naar iets buiten het logo. Sla het logo op zonder koppelingen.")
				}
			}
		case xml.Directive:
			return errors.New("Het SVG-bestand bevat een DOCTYPE of entiteiten. Sla het logo op als gewone SVG.")
		case xml.ProcInst:
			if !strings.EqualFold(t.Target, "xml") {
				return errNotImage
			}
		}
	}
}
