package whatsapp_test

import (
	"errors"
	"testing"

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
		"other object":      `{"object":"page","entry":[]}`,
		"no id":             `{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"from":"31612345678","timestamp":"1","type":"text","text":{"body":"x"}}]}}]}]}`,
		"text without body": `{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"from":"31612345678","id":"wamid.1","timestamp":"1","type":"text"}]}}]}]}`,
		"bad timestamp":     `{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"from":"31612345678","id":"wamid.1","timestamp":"gisteren","type":"text","text":{"body":"x"}}]}}]}]}`,
		"unknown status":    `{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"statuses":[{"id":"wamid.1","status":"lost","timestamp":"1","recipient_id":"31612345678"}]}}]}]}`,
		"trailing data":     `{"object":"whatsapp_business_account","entry":[]} {}`,
		"not json":          `<xml/>`,
	}
	for name, body := range bad {
		if _, err := whatsapp.Parse([]byte(body)); !errors.Is(err, whatsapp.ErrPayload) {
			t.Errorf("%s: err %v, want ErrPayload", name, err)
		}
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
			if m.ID == "" || m.From == "" || m.Type == "" || m.At.IsZero() || (m.Type == "text" && m.Text == "") {
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
