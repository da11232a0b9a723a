package whatsapp_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"loket/internal/channel/whatsapp"
)

// A text message as Meta documents it ("Webhooks payload examples: text messages").
const textPayload = `{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],
"messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}]},"field":"messages"}]}]}`

func TestParse(t *testing.T) {
	p, err := whatsapp.Parse([]byte(textPayload))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Messages) != 1 || p.Messages[0].From != "16505551234" || p.Messages[0].Name != "Sheena Nelson" ||
		p.Messages[0].Text != "Does it come in another color?" || p.Messages[0].At.Unix() != 1749416383 {
		t.Fatalf("parsed %+v", p)
	}
	bad := map[string]string{
		"other object":  `{"object":"page","entry":[]}`,
		"trailing data": `{"object":"whatsapp_business_account","entry":[]} {}`,
		"not json":      `<xml/>`,
	}
	for name, body := range bad {
		if _, err := whatsapp.Parse([]byte(body)); !errors.Is(err, whatsapp.ErrPayload) {
			t.Errorf("%s: err %v, want ErrPayload", name, err)
		}
	}
}

// TestParseSkipsOnlyWhatCannotBeStored: a message or status without the fields loket needs is left out,
// and the good message beside it in the same delivery is kept (before, the whole delivery was refused).
func TestParseSkipsOnlyWhatCannotBeStored(t *testing.T) {
	good := `{"from":"31600000001","id":"wamid.good","timestamp":"1749416383","type":"text","text":{"body":"Mijn pas is kwijt"}}`
	unusable := map[string]string{
		"no id":          `{"messages":[{"from":"31612345678","timestamp":"1","type":"text","text":{"body":"x"}},` + good + `]}`,
		"bad timestamp":  `{"messages":[{"from":"31612345678","id":"wamid.1","timestamp":"gisteren","type":"text","text":{"body":"x"}},` + good + `]}`,
		"unknown status": `{"statuses":[{"id":"wamid.1","status":"lost","timestamp":"1","recipient_id":"31612345678"}],"messages":[` + good + `]}`,
	}
	for name, value := range unusable {
		body := `{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":` + value + `}]}]}`
		p, err := whatsapp.Parse([]byte(body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(p.Messages) != 1 || p.Messages[0].ID != "wamid.good" || len(p.Skipped) != 1 {
			t.Errorf("%s: messages %+v, skipped %q; want only wamid.good kept and one skipped", name, p.Messages, p.Skipped)
		}
	}
}

// TestParseKeepsEveryResidentsText reproduces the lost delivery: one delivery carries a normal question
// and three texts the old parser refused (over 8,192 bytes, only non-breaking spaces, invalid UTF-8).
// Every message is kept; each changed text carries a note for the agent.
func TestParseKeepsEveryResidentsText(t *testing.T) {
	long := strings.Repeat("Ik wil bezwaar maken tegen de aanslag. ", 300) // 39 bytes × 300 = 11,700 bytes
	nbsp := "\u00a0\u00a0\u00a0"
	invalid := `Mijn adres is Dorpsstra\u00dfe 1 \xff\xfe`
	body := `{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[` +
		`{"from":"31600000001","id":"wamid.a","timestamp":"1749416383","type":"text","text":{"body":"Wanneer wordt het grofvuil opgehaald?"}},` +
		`{"from":"31600000002","id":"wamid.b","timestamp":"1749416384","type":"text","text":{"body":"` + long + `"}},` +
		`{"from":"31600000003","id":"wamid.c","timestamp":"1749416385","type":"text","text":{"body":"` + nbsp + `"}},` +
		`{"from":"31600000004","id":"wamid.d","timestamp":"1749416386","type":"text","text":{"body":"` + invalid + `"}}]}}]}]}`
	// The raw bytes 0xff 0xfe go into the body unescaped, as a broken client would send them.
	raw := []byte(strings.Replace(body, `\xff\xfe`, "\xff\xfe", 1))
	p, err := whatsapp.Parse(raw)
	if err != nil {
		t.Fatalf("the delivery was refused: %v", err)
	}
	if len(p.Messages) != 4 {
		t.Fatalf("kept %d of 4 messages", len(p.Messages))
	}
	byID := map[string]whatsapp.Message{}
	for _, m := range p.Messages {
		if !utf8.ValidString(m.Text) || strings.TrimSpace(m.Text) == "" {
			t.Errorf("%s: stored text %q is not valid or blank", m.ID, m.Text)
		}
		byID[m.ID] = m
	}
	if m := byID["wamid.a"]; m.Text != "Wanneer wordt het grofvuil opgehaald?" || m.Note != "" {
		t.Errorf("a normal text changed: %+v", m)
	}
	// 8,192 bytes of one-byte characters: the first 8,192 characters of the long text, then the note.
	if m := byID["wamid.b"]; !strings.HasPrefix(m.Text, long[:8192]+"\n\n") || !strings.Contains(m.Note, "ingekort tot de eerste 8192 tekens") {
		t.Errorf("long text: note %q, text starts %q", m.Note, m.Text[:40])
	}
	if m := byID["wamid.c"]; !strings.Contains(m.Text, "geen leesbare tekst") || m.Note == "" {
		t.Errorf("blank text: %+v", m)
	}
	if m := byID["wamid.d"]; !strings.HasPrefix(m.Text, "Mijn adres is Dorpsstraße 1 \uFFFD\uFFFD") || !strings.Contains(m.Note, "onleesbare tekens") {
		t.Errorf("invalid UTF-8: %+v", m)
	}
}

func TestVerifySignature(t *testing.T) {
	body := []byte(textPayload)
	good := whatsapp.Sign("geheim", body)
	cases := map[string]struct {
		header string
		ok     bool
	}{
		"valid": {good, true}, "missing": {"", false}, "other secret": {whatsapp.Sign("ander", body), false},
		"no prefix": {good[len("sha256="):], false}, "not hex": {"sha256=zz", false}, "short": {good[:20], false},
	}
	for name, c := range cases {
		err := whatsapp.VerifySignature("geheim", body, c.header)
		if (err == nil) != c.ok {
			t.Errorf("%s: err %v, want ok=%v", name, err, c.ok)
		}
	}
	if whatsapp.VerifySignature("", body, whatsapp.Sign("", body)) == nil {
		t.Error("an empty app secret must never verify")
	}
}

// FuzzParse feeds the parser arbitrary bodies: it must never panic, and whatever it accepts must have
// every field loket relies on.
func FuzzParse(f *testing.F) {
	f.Add([]byte(textPayload))
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"statuses":[{"id":"wamid.1","status":"read","timestamp":"1749416383","recipient_id":"31612345678"}]}}]}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := whatsapp.Parse(body)
		if err != nil {
			return
		}
		for _, m := range p.Messages {
			if m.ID == "" || m.From == "" || m.Type == "" || m.At.IsZero() || (m.Type == "text" && strings.TrimSpace(m.Text) == "") {
				t.Fatalf("accepted an incomplete message %+v", m)
			}
			if !utf8.ValidString(m.Text) || len(m.Text) > whatsapp.MaxTextBytes+500 {
				t.Fatalf("accepted an incomplete message %+v", m)
			}
		}
		for _, s := range p.Statuses {
			if s.ID == "" || s.Status == "" || s.At.IsZero() {
				t.Fatalf("accepted an incomplete status %+v", s)
			}
		}
	})
}
