package municipality

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

var hexColour = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// parseColour reads #rrggbb into its three channels.
func parseColour(s string) (r, g, b uint8, ok bool) {
	if !hexColour.MatchString(s) {
		return 0, 0, 0, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return 0, 0, 0, false
	}
	return uint8(v >> 16), uint8(v >> 8), uint8(v), true
}

// luminance is the relative luminance of WCAG 2.1 (success criterion 1.4.3, "relative luminance").
func luminance(r, g, b uint8) float64 {
	lin := func(c uint8) float64 {
		v := float64(c) / 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// Contrast is the WCAG 2.1 contrast ratio of two #rrggbb colours, from 1 to 21; 0 when one is not a colour.
func Contrast(a, b string) float64 {
	ar, ag, ab, ok1 := parseColour(a)
	br, bg, bb, ok2 := parseColour(b)
	if !ok1 || !ok2 {
		return 0
	}
	la, lb := luminance(ar, ag, ab), luminance(br, bg, bb)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// WCAG AA minimum contrast for normal text (1.4.3).
const minTextContrast = 4.5

const white = "#ffffff"

// checkColours returns a message per colour field that breaks WCAG AA, with the measured ratio.
func checkColours(c Colours, f interface{ Add(string, string) }) {
	valid := true
	for field, v := range map[string]string{"colours.primary": c.Primary, "colours.primary_text": c.PrimaryText, "colours.link": c.Link} {
		if _, _, _, ok := parseColour(v); !ok {
			f.Add(field, "Vul een kleur in als #rrggbb, bijvoorbeeld #154273.")
			valid = false
		}
	}
	if !valid {
		return
	}
	if r := Contrast(c.PrimaryText, c.Primary); r < minTextContrast {
		f.Add("colours.primary_text", fmt.Sprintf("Tekst in deze kleur is slecht te lezen op de hoofdkleur: het contrast is %s : 1, "+
			"en moet minstens 4,5 : 1 zijn (WCAG 2.1, niveau AA). Kies een lichtere of donkerdere kleur.", ratio(r)))
	}
	if r := Contrast(c.Link, white); r < minTextContrast {
		f.Add("colours.link", fmt.Sprintf("Links in deze kleur zijn slecht te lezen op een witte pagina: het contrast is %s : 1, "+
			"en moet minstens 4,5 : 1 zijn (WCAG 2.1, niveau AA). Kies een donkerdere kleur.", ratio(r)))
	}
}

// ratio writes a contrast ratio the Dutch way, rounded down so that 4.49 is never shown as 4,5.
func ratio(r float64) string {
	return strings.Replace(strconv.FormatFloat(math.Floor(r*100)/100, 'f', 2, 64), ".", ",", 1)
}
