package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestContactFormPostRedirectGetAndDuplicates: sending the contact form redirects to a confirmation that
// can be reloaded without sending again; the same question posted twice (a double click, the back button
// and send again) is one conversation with one reference.
func TestContactFormPostRedirectGetAndDuplicates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		site := startInbox(t, st)
		jar, _ := cookiejar.New(nil)
		noFollow := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		form := url.Values{"naam": {"Anna de Vries"}, "email": {"anna@example.org"}, "onderwerp": {"Container kapot"},
			"vraag": {"Mijn groene container is kapot. Kan ik een nieuwe krijgen?"}}
		var refs []string
		for range 2 {
			resp, err := noFollow.PostForm(site.URL+"/contact", form)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/contact/verstuurd" {
				t.Fatalf("POST /contact: %d to %q, want 303 to /contact/verstuurd", resp.StatusCode, resp.Header.Get("Location"))
			}
			for range 2 { // the confirmation, and a reload of it
				resp, err := noFollow.Get(site.URL + "/contact/verstuurd")
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				ref := regexp.MustCompile(`VB-C-\d{4}-\d{6}`).FindString(string(body))
				if resp.StatusCode != 200 || ref == "" {
					t.Fatalf("confirmation: %d without a reference", resp.StatusCode)
				}
				refs = append(refs, ref)
			}
		}
		if refs[0] != refs[1] || refs[1] != refs[2] || refs[2] != refs[3] {
			t.Fatalf("references %v, want one", refs)
		}
		page, err := site.App.Contact.Inbox(context.Background(), contact.InboxQuery{Text: "anna@example.org"})
		if err != nil || len(page.Conversations) != 1 {
			t.Fatalf("conversations of Anna: %d, %v; want 1", len(page.Conversations), err)
		}
		// Without having sent anything, the confirmation shows no number (and none from the address bar).
		code, body := get(t, site.URL+"/contact/verstuurd?nummer="+refs[0])
		if code != 200 || strings.Contains(body, refs[0]) {
			t.Fatalf("a fresh browser on the confirmation: %d, shows the reference: %v", code, strings.Contains(body, refs[0]))
		}
	})
}
