package municipality

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// ThemeCSS is the stylesheet that puts the brand colours into the NL Design System tokens the pages use:
// the primary action (buttons, the header bar) and the link colour. Validate has checked the colours, so
// they are plain #rrggbb values.
func (s Settings) ThemeCSS() string {
	c := s.Colours
	var b strings.Builder
	b.WriteString(":root, .utrecht-root {\n")
	for _, kv := range [][2]string{
		{"--basis-color-accent-1-inverse-bg-default", c.Primary},
		{"--basis-color-accent-1-inverse-bg-hover", c.Primary},
		{"--basis-color-accent-1-inverse-bg-active", c.Primary},
		{"--basis-color-accent-1-inverse-color-default", c.PrimaryText},
		{"--basis-color-accent-1-inverse-color-hover", c.PrimaryText},
		{"--basis-color-accent-1-inverse-color-active", c.PrimaryText},
		{"--basis-color-accent-1-color-default", c.Link},
		{"--basis-color-action-2-color-default", c.Link},
		{"--basis-color-action-2-color-hover", c.Link},
		{"--utrecht-link-color", c.Link},
		{"--utrecht-link-hover-color", c.Link},
		{"--site-accent", c.Primary},
	} {
		if _, _, _, ok := parseColour(kv[1]); ok {
			fmt.Fprintf(&b, "  %s: %s;\n", kv[0], kv[1])
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// AssetVersion changes whenever the theme or the logo changes, so that their URLs can be cached for long.
func (s Settings) AssetVersion() string {
	h := sha256.New()
	h.Write([]byte(s.ThemeCSS()))
	h.Write([]byte(s.Logo.ContentType))
	h.Write(s.Logo.Data)
	return hex.EncodeToString(h.Sum(nil)[:6])
}
