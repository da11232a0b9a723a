package whatsapp

import (
	"context"
	"fmt"

	"loket/internal/contact"
)

// unsupportedText is what the agent sees for a message loket cannot show (an image, a voice note, ...).
const unsupportedText = "[Een bericht van het type %s. loket kan dit nog niet tonen; vraag de inwoner het als tekst te sturen.]"

// Inbound is the message as the contact intake takes it: the resident's number is the party's address and
// the wamid the key that stores a message Meta delivers twice only once.
func (m Message) Inbound() contact.Inbound {
	text := m.Text
	if m.Type != "text" {
		text = fmt.Sprintf(unsupportedText, m.Type)
	}
	return contact.Inbound{Channel: contact.ChannelWhatsApp, Name: m.Name, Phone: m.From, WhatsAppID: m.ID,
		Text: text, ReceivedAt: m.At}
}

// Intaker stores an incoming message under the contact rules and returns after the commit;
// *contact.Service implements it.
type Intaker interface {
	Intake(ctx context.Context, in contact.Inbound) (contact.Receipt, error)
}
