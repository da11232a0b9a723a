package app_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"loket/internal/auth"
	"loket/internal/store"
)

// municipalityForm is the console form turned into a multipart body; logo may be nil.
func municipalityForm(t *testing.T, fields map[string]string, logo []byte) (string, *bytes.Buffer) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if logo != nil {
		fw, err := mw.CreateFormFile("logo", "logo.png")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(logo)
	}
	mw.Close()
	return mw.FormDataContentType(), &body
}

func anders() map[string]string {
	return map[string]string{
		"name": "Gemeente Anders", "short_name": "Anders", "primary": "#00543d", "primary_text": "#ffffff", "link": "#00543d",
		"phone": "14 0123", "phone_hours": "ma-vr 08:00-18:00", "address": "Raadhuis, Brink 2, Anders",
		"counter_hours": "ma-vr 09:00-12:30", "email": "info@anders.example", "answer_days": "3",
		"question_prefix": "AN", "request_prefix": "AND", "mail_from_name": "Gemeente Anders", "mail_from_user": "noreply",
		"mail_domain": "anders.example", "top_tasks": "rijbewijs\nparkeervergunning", "privacy": "https://www.anders.example/privacy",
	}
}

func postMunicipality(t *testing.T, c *http.Client, url string, fields map[string]string, logo []byte) (int, string) {
	t.Helper()
	ct, body := municipalityForm(t, fields, logo)
	nc := *c
	nc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := nc.Post(url+"/beheer/gemeente", ct, body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestAdministratorMakesTheDemoAnotherMunicipality is the journey: without touching code, an
// administrator turns the demo into "Gemeente Anders" with its own logo, colours, phone number, promise,
// prefixes and top tasks; every public page shows it, bad input is refused with reasons and changes nothing,
// and the change is audited.
func TestAdministratorMakesTheDemoAnotherMunicipality(t *testing.T) {
	srv, a := startDemo(t, store.SQLite)
	password, _ := addStaff(t, a, "beheer@anders.example", auth.RoleAdmin)
	admin := consoleClient(t, srv.URL, "beheer@anders.example", password)
	editorPassword, _ := addStaff(t, a, "redactie@anders.example", auth.RoleEditor)
	editor := consoleClient(t, srv.URL, "redactie@anders.example", editorPassword)

	if code, _ := postMunicipality(t, editor, srv.URL, anders(), nil); code != http.StatusForbidden {
		t.Fatalf("an editor changing the settings: %d, want 403", code)
	}

	// Refused: unreadable colours, a bad prefix and a file that is not an image, all named at once.
	bad := anders()
	bad["primary"], bad["primary_text"], bad["question_prefix"] = "#ffff00", "#ffffff", "an-1"
	code, body := postMunicipality(t, admin, srv.URL, bad, []byte("MZ\x90\x00 not an image"))
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad settings: %d, want 422", code)
	}
	for _, want := range []string{"1,07 : 1", "2 tot 6 hoofdletters", "geen SVG- of PNG-bestand", `value="Gemeente Anders"`} {
		if !strings.Contains(body, want) {
			t.Errorf("refusal page lacks %q", want)
		}
	}
	if _, home := get(t, srv.URL+"/"); !strings.Contains(home, "Gemeente Voorbeeld") || strings.Contains(home, "Gemeente Anders") {
		t.Fatal("a refused save changed the site")
	}

	img := image.NewRGBA(image.Rect(0, 0, 120, 40))
	img.Set(1, 1, color.RGBA{G: 84, B: 61, A: 255})
	var logo bytes.Buffer
	png.Encode(&logo, img)
	if code, body := postMunicipality(t, admin, srv.URL, anders(), logo.Bytes()); code != http.StatusSeeOther {
		t.Fatalf("good settings: %d %s", code, body)
	}

	_, home := get(t, srv.URL+"/")
	for _, want := range []string{"Gemeente Anders", `href="tel:140123"`, "14 0123", "maandag tot en met vrijdag 8.00 tot 18.00 uur",
		"Raadhuis, Brink 2, Anders", "binnen 3 werkdagen", `href="https://www.anders.example/privacy"`, "Privacyverklaring"} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
	for _, gone := range []string{"Gemeente Voorbeeld", "14 0999", "binnen 1 werkdag"} {
		if strings.Contains(home, gone) {
			t.Errorf("home page still shows %q", gone)
		}
	}
	// The top tasks are the administrator's, in order.
	first, second := strings.Index(home, `href="/producten/rijbewijs"`), strings.Index(home, `href="/producten/parkeervergunning"`)
	if first < 0 || second < first || strings.Contains(home, `class="tile" href="/producten/paspoort"`) {
		t.Errorf("top tasks not rijbewijs then parkeervergunning (at %d and %d)", first, second)
	}
	for _, page := range []string{"/contact", "/zoeken?q=qwxyzzy"} {
		if _, b := get(t, srv.URL+page); !strings.Contains(b, "binnen 3 werkdagen") || strings.Contains(b, "binnen 1 werkdag") {
			t.Errorf("%s does not state the new promise", page)
		}
	}

	theme := regexp.MustCompile(`href="(/gemeente/thema\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(home)
	if theme == nil {
		t.Fatal("no theme stylesheet on the home page")
	}
	resp, err := http.Get(srv.URL + theme[1])
	if err != nil {
		t.Fatal(err)
	}
	css, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(css), "--basis-color-accent-1-inverse-bg-default: #00543d") || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("theme: %q, cache %q", css, resp.Header.Get("Cache-Control"))
	}
	logoURL := regexp.MustCompile(`src="(/gemeente/logo\?v=[0-9a-f]+)"`).FindStringSubmatch(home)
	if logoURL == nil {
		t.Fatal("no logo in the header")
	}
	resp, err = http.Get(srv.URL + logoURL[1])
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Header.Get("Content-Type") != "image/png" || !bytes.Equal(got, logo.Bytes()) || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("logo: %s %d bytes", resp.Header.Get("Content-Type"), len(got))
	}

	entries, err := a.Store.AuditEntries(context.Background(), store.AuditFilter{ObjectType: "municipality", Actor: "beheer@anders.example"})
	if err != nil || len(entries) != 1 || !strings.Contains(entries[0].Detail, "name") {
		t.Errorf("audit: %+v %v", entries, err)
	}
}
