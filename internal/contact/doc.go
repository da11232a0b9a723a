// Package contact is loket's inbox for every written channel (contact form, e-mail, later chat, WhatsApp,
// phone and counter registrations). Its vocabulary follows the VNG Klantinteracties model: a partij (Party)
// reaches the municipality through a digitaal adres, a klantcontact (Conversation) has betrokkenen
// (the parties involved), an onderwerpobject (Topic: the knowledge-base article or task it is about) and
// interne taken (Task, a callback request for a back-office team).
//
// The package holds the domain: types, validation, reference numbers, service-level clocks and the text of
// the e-mails loket sends. It never imports net/http or the store; the store persists these types.
package contact
