package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/demo"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// seedForms stores the demo request forms, as "loket demo" does.
func seedForms(t *testing.T, a *app.App) {
	t.Helper()
	forms, err := demo.RequestForms()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range forms {
		if err := a.Store.SaveRequestForm(context.Background(), f, "test"); err != nil {
			t.Fatal(err)
		}
	}
}

// browserless is a client that does not follow redirects, so a test sees every 303.
var browserless = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

type upload struct {
	name, file string
	data       []byte
}

// postMultipart posts form fields and files like a browser does and returns status, Location and body.
func postMultipart(t *testing.T, u, token string, fields map[string]string, files ...upload) (int, string, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for _, f := range files {
		w, _ := mw.CreateFormFile(f.name, f.file)
		w.Write(f.data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, u, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return doRequest(t, req)
}

func doRequest(t *testing.T, req *http.Request) (int, string, string) {
	t.Helper()
	resp, err := browserless.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

func getWith(t *testing.T, u, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	code, _, body := doRequest(t, req)
	return code, body
}

var pdfBytes = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// TestRequestJourney requests an event permit through the web form with an upload, follows it on the
// status page and handles it as a case handler, on both databases.
func TestRequestJourney(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		srv, a := startOn(t, s.DSN(), true)
		seedForms(t, a)
		_, handlerToken := addStaff(t, a, "behandelaar@voorbeeld.nl", auth.RoleHandler)

		_, body := get(t, srv.URL+"/producten/evenementenvergunning")
		if !strings.Contains(body, `href="/producten/evenementenvergunning/aanvragen"`) {
			t.Fatal("product page has no Online aanvragen link")
		}
		if _, body := get(t, srv.URL+"/producten/paspoort"); strings.Contains(body, "Online aanvragen") {
			t.Fatal("a product without a form shows the Online aanvragen link")
		}
		event := time.Now().AddDate(0, 0, 20).Format(time.DateOnly)
		// Step 1 with mistakes: the page comes back with the errors and what was typed.
		code, _, body := postMultipart(t, srv.URL+"/producten/evenementenvergunning/aanvragen", "", map[string]string{
			"naam_evenement": "Zomerfeest", "datum_evenement": event, "bezoekers": "veel", "locatie": "Marktplein", "muziek": "ja"})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Er zijn 2 fouten") ||
			!strings.Contains(body, `href="#veld-bezoekers"`) || !strings.Contains(body, `id="veld-bezoekers-fout"`) ||
			!strings.Contains(body, `value="Zomerfeest"`) || !strings.Contains(body, "Geef antwoord op de vraag ‘Van hoe laat tot hoe laat is er muziek?’.") {
			t.Fatalf("step 1 with errors: %d\n%s", code, body)
		}
		action := regexp.MustCompile(`action="(/aanvraag/[A-Za-z0-9_-]{43})\?stap=1"`).FindStringSubmatch(body)
		if action == nil {
			t.Fatal("the error page does not post to the saved draft")
		}
		draft := srv.URL + action[1]
		code, loc, _ := postMultipart(t, draft, "", map[string]string{"stap": "1", "naam_evenement": "Zomerfeest", "datum_evenement": event,
			"bezoekers": "500", "locatie": "Marktplein", "muziek": "ja", "muziek_tijden": "14.00 tot 23.00 uur"})
		if code != http.StatusSeeOther || !strings.HasSuffix(loc, "?stap=2") {
			t.Fatalf("step 1: %d %s", code, loc)
		}
		// Step 2: a file that is not what it claims is refused, a real PDF is kept.
		code, _, body = postMultipart(t, draft, "", map[string]string{"stap": "2"}, upload{"situatietekening", "tekening.pdf", []byte("MZ\x90\x00 not a pdf")})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Dit soort bestand kunnen we niet aannemen") {
			t.Fatalf("disguised file: %d", code)
		}
		code, loc, _ = postMultipart(t, draft, "", map[string]string{"stap": "2"}, upload{"situatietekening", "../../tekening.pdf", pdfBytes})
		if code != http.StatusSeeOther || !strings.HasSuffix(loc, "?stap=3") {
			t.Fatalf("step 2: %d %s", code, loc)
		}
		code, loc, _ = postMultipart(t, draft, "", map[string]string{"stap": "3", "naam": "Anna de Vries", "email": "anna@example.nl",
			"adres-postcode": "1234ab", "adres-huisnummer": "5"})
		if code != http.StatusSeeOther || !strings.HasSuffix(loc, "?stap=4") {
			t.Fatalf("step 3: %d %s", code, loc)
		}
		_, summary := get(t, srv.URL+loc)
		for _, want := range []string{"Controleren en versturen", "Zomerfeest", "1234 AB 5", "Bestand toegevoegd", "14.00 tot 23.00 uur"} {
			if !strings.Contains(summary, want) {
				t.Errorf("summary misses %q", want)
			}
		}
		code, loc, _ = postMultipart(t, draft+"/versturen", "", map[string]string{})
		if code != http.StatusSeeOther || !strings.Contains(loc, "/mijn-aanvraag/") {
			t.Fatalf("send: %d %s", code, loc)
		}
		statusPage := srv.URL + strings.TrimSuffix(loc, "?verstuurd=1")
		_, body = get(t, srv.URL+loc)
		ref := regexp.MustCompile(`VB-\d{4}-\d{6}`).FindString(body)
		if ref == "" || !strings.Contains(body, "Uw aanvraag is verstuurd") || !strings.Contains(body, "Uw zaak heeft haast") {
			t.Fatalf("confirmation page:\n%s", body)
		}
		if code, _ := get(t, draft); code != http.StatusNotFound {
			t.Errorf("the draft link still works after sending: %d", code)
		}
		mails, err := a.Store.RequestMails(context.Background(), "anna@example.nl")
		if err != nil || len(mails) != 1 || !strings.Contains(mails[0].Body, ref) || !strings.Contains(mails[0].Body, statusPage[len(srv.URL):]) {
			t.Fatalf("confirmation mail %+v %v", mails, err)
		}
		fileLink := regexp.MustCompile(`href="(/mijn-aanvraag/[^"]+/bestand/[0-9a-f]{32})"`).FindStringSubmatch(body)
		if fileLink == nil {
			t.Fatal("status page has no link to the uploaded file")
		}
		resp, err := http.Get(srv.URL + fileLink[1])
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !bytes.Equal(got, pdfBytes) || resp.Header.Get("Content-Type") != "application/pdf" ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), `filename=tekening.pdf`) {
			t.Fatalf("file download: %q %v", got, resp.Header)
		}

		// The case handler sees it, takes it, asks for information; the requester answers with a document.
		code, body = getWith(t, srv.URL+"/beheer/aanvragen?team=", handlerToken)
		if code != 200 || !strings.Contains(body, ref) || !strings.Contains(body, "Spoed") {
			t.Fatalf("queue: %d", code)
		}
		base := srv.URL + "/beheer/aanvragen/" + ref
		for _, step := range []struct {
			path   string
			fields map[string]string
		}{{"/oppakken", nil}, {"/informatie", map[string]string{"tekst": "Stuur ook het veiligheidsplan."}}} {
			if code, loc, body := postMultipart(t, base+step.path, handlerToken, step.fields); code != http.StatusSeeOther {
				t.Fatalf("%s: %d %s %s", step.path, code, loc, body)
			}
		}
		_, body = get(t, statusPage)
		if !strings.Contains(body, "Stuur ook het veiligheidsplan.") || !strings.Contains(body, "Meer informatie nodig") {
			t.Fatal("status page does not show the request for information")
		}
		code, _, _ = postMultipart(t, statusPage+"/bericht", "", map[string]string{"bericht": "Hierbij het plan."}, upload{"bestand", "plan.pdf", pdfBytes})
		if code != http.StatusSeeOther {
			t.Fatalf("requester message: %d", code)
		}
		code, body = getWith(t, srv.URL+"/api/v1/requests/"+ref, handlerToken)
		var api struct {
			Status    string `json:"status"`
			Deadline  string `json:"deadline"`
			Urgent    bool   `json:"urgent"`
			Suspended bool   `json:"suspended"`
		}
		// The requester's message does not end the suspension (Awb 4:15): the handler decides.
		if code != 200 || json.Unmarshal([]byte(body), &api) != nil || api.Status != "informatie_nodig" || !api.Suspended || !api.Urgent || api.Deadline == "" {
			t.Fatalf("API after the answer: %d %s", code, body)
		}
		if code, loc, body := postMultipart(t, base+"/ontvangen", handlerToken, nil); code != http.StatusSeeOther {
			t.Fatalf("information received: %d %s %s", code, loc, body)
		}
		code, body = getWith(t, srv.URL+"/api/v1/requests/"+ref, handlerToken)
		if code != 200 || json.Unmarshal([]byte(body), &api) != nil || api.Status != "in_behandeling" || api.Suspended {
			t.Fatalf("API after the handler marked it received: %d %s", code, body)
		}
		code, _, body = postMultipart(t, base+"/besluit", handlerToken, map[string]string{"uitkomst": "", "tekst": "x"})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Kies een besluit") {
			t.Fatalf("decision without outcome: %d", code)
		}
		if code, _, _ = postMultipart(t, base+"/besluit", handlerToken, map[string]string{"uitkomst": "toegekend", "tekst": "U krijgt de vergunning."}); code != http.StatusSeeOther {
			t.Fatalf("decision: %d", code)
		}
		_, body = get(t, statusPage)
		if !strings.Contains(body, "Wij hebben besloten uw aanvraag toe te kennen.") || !strings.Contains(body, "U krijgt de vergunning.") ||
			!strings.Contains(body, "/besluit.pdf") || !strings.Contains(body, `aria-current="step">Besluit genomen`) {
			t.Fatal("status page does not show the decision")
		}
		// The resident downloads the letter; it holds personal data, so no cache may keep it.
		resp, err = http.Get(statusPage + "/besluit.pdf")
		if err != nil {
			t.Fatal(err)
		}
		pdf, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(string(pdf), "%PDF-") || resp.Header.Get("Cache-Control") != "private, no-store" {
			t.Fatalf("decision letter: %d, %q, cache %q", resp.StatusCode, pdf[:min(len(pdf), 8)], resp.Header.Get("Cache-Control"))
		}
		entries, err := a.Store.AuditEntries(context.Background(), store.AuditFilter{ObjectType: "request", ObjectID: ref})
		if err != nil || len(entries) < 4 {
			t.Fatalf("audit entries for %s: %d %v", ref, len(entries), err)
		}
	})
}

// TestObjectionAboutAnEventIsUrgent is the done-means scenario through the API and the console: an
// objection about an event that comes before the hearing is flagged urgent for handler and resident.
func TestObjectionAboutAnEventIsUrgent(t *testing.T) {
	srv, a := startDemo(t, store.SQLite)
	seedForms(t, a)
	_, handlerToken := addStaff(t, a, "jurist@voorbeeld.nl", auth.RoleHandler)
	today := time.Now()
	body := map[string]any{"product": "bezwaar-maken", "fields": map[string]string{
		"kenmerk_besluit": "Evenementenvergunning Zomerfeest", "datum_besluit": today.AddDate(0, 0, -10).Format(time.DateOnly),
		"gaat_over_datum": "ja", "datum_gebeurtenis": today.AddDate(0, 0, 33).Format(time.DateOnly),
		"gronden": "Te veel geluid.", "horen": "ja", "naam": "Piet Bezwaar", "email": "piet@example.nl", "adres-x": ""}}
	code, resp := postJSON(t, srv.URL+"/api/v1/requests", body)
	if code != http.StatusUnprocessableEntity || !strings.Contains(resp, `"adres-x"`) || !strings.Contains(resp, `"adres"`) {
		t.Fatalf("unknown and missing fields: %d %s", code, resp)
	}
	fields := body["fields"].(map[string]string)
	delete(fields, "adres-x")
	fields["adres"] = "1234 AB 5"
	code, resp = postJSON(t, srv.URL+"/api/v1/requests", body)
	var created struct {
		Reference string `json:"reference"`
		Urgent    bool   `json:"urgent"`
		Late      bool   `json:"late"`
	}
	if code != http.StatusCreated || json.Unmarshal([]byte(resp), &created) != nil || !created.Urgent || created.Late {
		t.Fatalf("objection: %d %s", code, resp)
	}
	ref := created.Reference
	// A hearing after the event is refused with the latest sensible day; kept when the handler insists.
	hearing := map[string]string{"datum": today.AddDate(0, 0, 40).Format(time.DateOnly), "tijd": "14:00", "plaats": "Stadhuis, zaal 2"}
	if code, _, body := postMultipart(t, srv.URL+"/beheer/aanvragen/"+ref+"/hoorzitting", handlerToken, hearing); code != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Plan de hoorzitting uiterlijk op") {
		t.Fatalf("hearing after the event: %d, want a warning", code)
	}
	hearing["toch"] = "ja"
	if code, _, body := postMultipart(t, srv.URL+"/beheer/aanvragen/"+ref+"/hoorzitting", handlerToken, hearing); code != http.StatusSeeOther {
		t.Fatalf("plan hearing anyway: %d %s", code, body)
	}
	code, page := getWith(t, srv.URL+"/beheer/aanvragen?team=", handlerToken)
	spoed := page[strings.Index(page, `id="spoed"`):strings.Index(page, `id="werkvoorraad"`)]
	if code != 200 || !strings.Contains(spoed, ref) {
		t.Fatalf("the objection is not in the urgent list: %d", code)
	}
	_, page = getWith(t, srv.URL+"/beheer/aanvragen/"+ref, handlerToken)
	if !strings.Contains(page, "valt vóór de hoorzitting") {
		t.Fatal("the case page does not say the event comes before the hearing")
	}
	_, page = get(t, srv.URL+statusPath(t, resp))
	if !strings.Contains(page, "voorlopige voorziening") || !strings.Contains(page, `href="/producten/voorlopige-voorziening"`) {
		t.Fatal("the resident is not told about the provisional measure")
	}
	// A late objection is flagged.
	fields["datum_besluit"] = today.AddDate(0, 0, -60).Format(time.DateOnly)
	code, resp = postJSON(t, srv.URL+"/api/v1/requests", body)
	if code != http.StatusCreated || !strings.Contains(resp, `"late":true`) {
		t.Fatalf("late objection: %d %s", code, resp)
	}
}

// statusPath is the path of the status_url in an API answer (the test server's base URL differs from
// the configured one).
func statusPath(t *testing.T, resp string) string {
	var v struct {
		StatusURL string `json:"status_url"`
	}
	if err := json.Unmarshal([]byte(resp), &v); err != nil || v.StatusURL == "" {
		t.Fatalf("no status_url in %s", resp)
	}
	u, err := url.Parse(v.StatusURL)
	if err != nil || !strings.HasPrefix(u.Path, "/mijn-aanvraag/") {
		t.Fatalf("status_url %q", v.StatusURL)
	}
	return u.Path
}

func postJSON(t *testing.T, u string, v any) (int, string) {
	t.Helper()
	b, _ := json.Marshal(v)
	req, _ := http.NewRequest(http.MethodPost, u, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	code, _, body := doRequest(t, req)
	return code, body
}

func TestFormAPIAndEditor(t *testing.T) {
	srv, a := startDemo(t, store.SQLite)
	seedForms(t, a)
	_, editorToken := addStaff(t, a, "redacteur@voorbeeld.nl", auth.RoleEditor)
	code, body := get(t, srv.URL+"/api/v1/products/kapvergunning/form")
	var f struct {
		request.Form
		DeadlineDays int `json:"deadline_days"`
	}
	if code != 200 || json.Unmarshal([]byte(body), &f) != nil || f.Product != "kapvergunning" || f.DeadlineDays != 56 || len(f.Steps) == 0 {
		t.Fatalf("form API: %d %s", code, body)
	}
	if code, _ := get(t, srv.URL+"/api/v1/products/paspoort/form"); code != 404 {
		t.Fatalf("product without a form: %d", code)
	}
	body = strings.Replace(body, `,"deadline_days":56}`, "}", 1) // the editor takes the form without the API's extra
	bad := strings.Replace(body, `"type":"address"`, `"type":"adres"`, 1)
	form := url.Values{"definitie": {bad}}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/beheer/formulieren/kapvergunning", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+editorToken)
	code, _, page := doRequest(t, req)
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, `stap 1, veld &#34;standplaats&#34;`) || !strings.Contains(page, "Onbekend type &#34;adres&#34;") {
		t.Fatalf("invalid form: %d\n%s", code, page)
	}
	good := strings.Replace(body, "Kapvergunning aanvragen", "Boom kappen", 1)
	req, _ = http.NewRequest(http.MethodPost, srv.URL+"/beheer/formulieren/kapvergunning", strings.NewReader(url.Values{"definitie": {good}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+editorToken)
	if code, _, page := doRequest(t, req); code != http.StatusSeeOther {
		t.Fatalf("valid form: %d %s", code, page)
	}
	if _, body := get(t, srv.URL+"/producten/kapvergunning/aanvragen"); !strings.Contains(body, "Boom kappen") {
		t.Fatal("the changed form is not what residents see")
	}
}
