package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket/internal/channel/email/mailtest"
)

var satisfactionLink = regexp.MustCompile(`http://\S+/tevredenheid/([A-Za-z0-9_-]{43})\?cijfer=4`)

// TestSatisfactionIsOneClickButNotForScanners: after an agent closes a question, the resident's e-mail has
// a link per score. A mail scanner that opens the link records nothing; the resident's click in a browser
// records the score at once.
func TestSatisfactionIsOneClickButNotForScanners(t *testing.T) {
	site, relay := startInboxSite(t)
	body, _ := json.Marshal(map[string]string{"name": "Sanne Vos", "email": "sanne@example.nl",
		"subject": "Grofvuil", "message": "Wanneer halen jullie grofvuil op in de Beukenlaan?"})
	resp, err := http.Post(site.URL+"/api/v1/contact", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var created struct {
		ConversationID int64 `json:"conversation_id"`
	}
	json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || created.ConversationID == 0 {
		t.Fatalf("contact: %d", resp.StatusCode)
	}

	email, password := addInboxAgent(t, site)
	jar, _ := cookiejar.New(nil)
	agent := &http.Client{Jar: jar}
	if resp, err := agent.PostForm(site.URL+"/beheer/inloggen", url.Values{"email": {email}, "wachtwoord": {password}}); err != nil || resp.StatusCode != 200 {
		t.Fatalf("agent login: %v", err)
	}
	resp, err = agent.PostForm(fmt.Sprintf("%s/beheer/gesprekken/%d/status", site.URL, created.ConversationID), url.Values{"status": {"closed"}})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("close the conversation: %v", err)
	}
	resp.Body.Close()

	// The mail is quoted-printable: undo soft line breaks and the escaped "=" before looking for the link.
	unquote := strings.NewReplacer("=\r\n", "", "=3D", "=").Replace
	msg := relay.WaitFor(t, 10*time.Second, func(m mailtest.Message) bool {
		return satisfactionLink.MatchString(unquote(string(m.Raw)))
	})
	m := satisfactionLink.FindStringSubmatch(unquote(string(msg.Raw)))
	link, token := m[0], m[1]

	// A scanner fetches the link without running scripts.
	if resp, err := http.Get(link); err != nil || resp.StatusCode != 200 {
		t.Fatalf("scanner GET: %v", err)
	}
	sat, err := site.App.Store.SatisfactionByToken(context.Background(), token)
	if err != nil || sat.Score != 0 {
		t.Fatalf("a plain GET of the link recorded score %d (%v)", sat.Score, err)
	}

	ctx := NewTab(t, 30*time.Second)
	do(t, ctx, "resident opens the link", chromedp.Navigate(link),
		chromedp.WaitVisible(`//p[contains(., "We hebben uw cijfer 4 opgeslagen")]`))
	CheckAccessibility(t, ctx, "satisfaction page")
	sat, err = site.App.Store.SatisfactionByToken(context.Background(), token)
	if err != nil || sat.Score != 4 {
		t.Fatalf("after the resident's click: score %d (%v), want 4", sat.Score, err)
	}
}
