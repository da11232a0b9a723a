package municipality

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"

	"loket/internal/problem"
)

// Expected ratios from WCAG 2.1's definitions: black on white is (1 + 0.05) / (0 + 0.05) = 21; #767676 is
// the lightest grey that passes AA on white (4.54 : 1) and #777777 the first that fails (4.48 : 1), the
// figures WebAIM's contrast checker gives.
func TestContrastFollowsWCAG(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#767676", "#ffffff", 4.54},
		{"#777777", "#ffffff", 4.48},
		{"#ffffff", "#767676", 4.54}, // order does not matter
	} {
		if got := Contrast(tc.a, tc.b); math.Abs(got-tc.want) > 0.005 {
			t.Errorf("Contrast(%s, %s) = %.3f, want %.2f", tc.a, tc.b, got, tc.want)
		}
	}
	if Contrast("rood", "#ffffff") != 0 {
		t.Error("a word is not a colour")
	}
}

func valid() Settings {
	s := Defaults()
	s.Name, s.ShortName, s.MailFromName, s.MailDomain = "Gemeente Anders", "Anders", "Gemeente Anders", "anders.nl"
	s.QuestionPrefix, s.RequestPrefix = "AN", "AN"
	s.Contact = Contact{Phone: "14 0123", PhoneHours: "ma-vr 08:30-17:00", Email: "info@anders.nl"}
	return s
}

func TestValidateReturnsEveryProblemAtOnce(t *testing.T) {
	if err := valid().Validate(); err != nil {
		t.Fatalf("valid settings refused: %v", err)
	}
	s := valid()
	s.Name = ""
	s.QuestionPrefix = "an1"
	s.RequestPrefix = "ABCDEFG"
	s.AnswerDays = 0
	s.MailDomain = "Anders NL"
	s.Colours = Colours{Primary: "#ffff00", PrimaryText: "#ffffff", Link: "#777777"}
	s.Contact.PhoneHours = "elke dag"
	s.Contact.Email = "geen adres"
	s.Footer.Privacy = "javascript:alert(1)"
	s.TopTasks = []string{"paspoort", "paspoort"}
	err := s.Validate()
	if problem.KindOf(err) != problem.Invalid {
		t.Fatalf("kind %v, want Invalid: %v", problem.KindOf(err), err)
	}
	fields := problem.FieldsOf(err)
	for _, f := range []string{"name", "question_prefix", "request_prefix", "answer_days", "mail_domain",
		"colours.primary_text", "colours.link", "contact.phone_hours", "contact.email", "footer.privacy", "top_tasks"} {
		if fields[f] == "" {
			t.Errorf("no message for %s; got %v", f, fields)
		}
	}
	// White on yellow: luminance of #ffff00 is 0.2126 + 0.7152 = 0.9278, so (1.05) / (0.9778) = 1.07 : 1.
	if !strings.Contains(fields["colours.primary_text"], "1,07 : 1") {
		t.Errorf("the refusal should give the measured ratio 1,07 : 1: %q", fields["colours.primary_text"])
	}
}

func pngBytes(t *testing.T, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{R: 21, G: 66, B: 115, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestLogoMustBeARealHarmlessImage(t *testing.T) {
	okSVG := `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#154273"/></svg>`
	for _, tc := range []struct {
		name, want string
		data       []byte
	}{
		{"png", "image/png", pngBytes(t, 40, 20)},
		{"svg", "image/svg+xml", []byte(okSVG)},
		{"svg with script", "", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)},
		{"svg with handler", "", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)},
		{"svg linking out", "", []byte(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://evil.example/x.png"/></svg>`)},
		{"svg with entities", "", []byte(`<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>`)},
		{"html", "", []byte(`<html><body>hallo</body></html>`)},
		{"executable", "", append([]byte("MZ\x90\x00"), make([]byte, 100)...)},
		{"broken png", "", append([]byte("\x89PNG\r\n\x1a\n"), []byte("kapot")...)},
		{"too large", "", bytes.Repeat([]byte(" "), MaxLogoBytes+1)},
		{"huge png", "", pngBytes(t, 2001, 1)},
	} {
		ct, reason := checkLogo(tc.data)
		if ct != tc.want || (tc.want == "") != (reason != "") {
			t.Errorf("%s: type %q, reason %q; want type %q", tc.name, ct, reason, tc.want)
		}
	}
	s := valid()
	s.Logo = Logo{ContentType: "image/png", Data: []byte(okSVG)}
	if problem.FieldsOf(s.Validate())["logo"] == "" {
		t.Error("an SVG sent as PNG must be refused")
	}
}

func TestTextsFollowTheSettings(t *testing.T) {
	s := valid()
	if got := s.AnswerPromise(); got != "binnen 5 werkdagen" {
		t.Errorf("promise %q", got)
	}
	s.AnswerDays = 1
	if got := s.AnswerPromise(); got != "binnen 1 werkdag" {
		t.Errorf("promise %q", got)
	}
	if got := s.PhoneLink(); got != "tel:140123" {
		t.Errorf("phone link %q", got)
	}
	if got := s.MailFrom(); got != `"Gemeente Anders" <noreply@anders.nl>` {
		t.Errorf("from %q", got)
	}
	for spec, want := range map[string]string{
		"ma-vr 08:30-17:00":                 "maandag tot en met vrijdag 8.30 tot 17.00 uur",
		"ma-vr 08:30-17:00; do 18:00-20:00": "maandag tot en met woensdag 8.30 tot 17.00 uur; donderdag 8.30 tot 17.00 en 18.00 tot 20.00 uur; vrijdag 8.30 tot 17.00 uur",
		"ma,di 09:00-12:00; za 10:00-12:30": "maandag en dinsdag 9.00 tot 12.00 uur; zaterdag 10.00 tot 12.30 uur",
		"altijd":                            "dag en nacht, elke dag",
	} {
		if got := HoursText(spec); got != want {
			t.Errorf("HoursText(%q) = %q, want %q", spec, got, want)
		}
	}
}
