package public

import "net/http"

// Routes registers the public site's routes; every path no other surface claims ends in its 404 page.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", h.showHome)
	mux.HandleFunc("GET /thema/{slug}", h.showTheme)
	mux.HandleFunc("GET /producten/{id}", h.showArticle)
	mux.HandleFunc("GET /vragen/{id}", h.showArticle)
	mux.HandleFunc("POST /feedback/{id}", h.saveFeedback)
	mux.HandleFunc("GET /zoeken", h.showSearch)
	mux.HandleFunc("GET /zoeken/klik", h.followSearchResult)
	mux.HandleFunc("GET /toptaken", h.showTopTasks)
	mux.HandleFunc("POST /toptaken", h.saveTopTasks)

	// The municipality's own look: its theme colours and logo (municipality settings).
	mux.HandleFunc("GET /gemeente/thema.css", h.showThemeCSS)
	mux.HandleFunc("GET /gemeente/logo", h.showLogo)

	// Online requests: form steps (draft behind an unguessable link), sending, and the status page.
	mux.HandleFunc("GET /producten/{id}/aanvragen", h.showRequestStart)
	mux.HandleFunc("POST /producten/{id}/aanvragen", h.startRequest)
	mux.HandleFunc("GET /aanvraag/{token}", h.showDraft)
	mux.HandleFunc("POST /aanvraag/{token}", h.saveDraftStep)
	mux.HandleFunc("POST /aanvraag/{token}/versturen", h.submitRequest)
	mux.HandleFunc("POST /aanvraag/{token}/link", h.mailDraftLink)
	mux.HandleFunc("GET /mijn-aanvraag/{token}", h.showRequestStatus)
	mux.HandleFunc("POST /mijn-aanvraag/{token}/bericht", h.saveRequesterMessage)
	mux.HandleFunc("GET /mijn-aanvraag/{token}/bestand/{file}", h.showRequesterFile)
	mux.HandleFunc("POST /mijn-aanvraag/{token}/ingebrekestelling", h.saveNoticeOfDefault)
	mux.HandleFunc("GET /mijn-aanvraag/{token}/besluit.pdf", h.showDecisionLetter)
	mux.HandleFunc("GET /mijn-aanvraag/{token}/hoorzitting.ics", h.showHearingCalendar)

	// Contact form with suggested answers, and the satisfaction question after closing.
	mux.HandleFunc("GET /contact", h.showContactForm)
	mux.HandleFunc("POST /contact", h.sendContactForm)
	mux.HandleFunc("GET /contact/verstuurd", h.showContactSent)
	mux.HandleFunc("GET /contact/suggesties", h.suggestContactAnswers)
	mux.HandleFunc("POST /contact/gebeurtenis", h.recordContactEvent)
	mux.HandleFunc("GET /tevredenheid/{token}", h.showSatisfaction)
	mux.HandleFunc("POST /tevredenheid/{token}", h.saveSatisfaction)

	// Appointments: book (what, where, a day, a time, who, then a summary; a product paid at booking goes
	// to the provider first), and the change link's page to move or cancel, with the calendar file.
	mux.HandleFunc("GET /afspraak", h.showAppointmentBooking)
	mux.HandleFunc("POST /afspraak/controleren", h.checkAppointmentBooking)
	mux.HandleFunc("POST /afspraak", h.saveAppointmentBooking)
	mux.HandleFunc("GET /afspraak/{token}", h.showAppointment)
	mux.HandleFunc("POST /afspraak/{token}/verzetten", h.moveAppointment)
	mux.HandleFunc("POST /afspraak/{token}/afzeggen", h.cancelAppointment)
	mux.HandleFunc("GET /afspraak/{token}/agenda.ics", h.showAppointmentCalendar)
	mux.HandleFunc("GET /betalen/afspraak/{token}", h.showAppointmentPaid) // back from paying at booking (only reads)

	// Live chat widget (WebSocket), and the files and photos a resident sends in a chat.
	mux.HandleFunc("GET /chat/status", h.showChatStatus)
	mux.HandleFunc("POST /chat/start", h.startChat)
	mux.HandleFunc("GET /chat/verbinding", h.openChatSocket)
	mux.HandleFunc("POST /chat/bestand", h.sendChatFile)
	mux.HandleFunc("POST /chat/bestand/ophalen", h.showChatFile)

	// Identity: login with DigiD / eHerkenning through the broker, logout there too, and Mijn loket.
	mux.HandleFunc("GET /inloggen", h.showLogin)
	mux.HandleFunc("GET /inloggen/terug", h.finishLogin)
	mux.HandleFunc("GET /inloggen/{means}", h.startLogin)
	mux.HandleFunc("POST /uitloggen", h.logout)
	mux.HandleFunc("GET /uitgelogd", h.showLoggedOut)
	mux.HandleFunc("GET /mijn-loket", h.showMijnLoket)
	mux.HandleFunc("POST /mijn-loket/sessie", h.keepSessionAlive)
	// Identity: the person's questions on every channel, the e-mail addresses they confirmed, replies.
	mux.HandleFunc("POST /mijn-loket/adressen", h.startAddress)
	mux.HandleFunc("POST /mijn-loket/adressen/{id}/bevestigen", h.confirmAddress)
	mux.HandleFunc("POST /mijn-loket/adressen/{id}/verwijderen", h.removeAddress)
	mux.HandleFunc("GET /mijn-loket/vragen/{id}", h.showMyQuestion)
	mux.HandleFunc("POST /mijn-loket/vragen/{id}/bericht", h.replyToMyQuestion)

	// Payment: the browser's return from the provider (it only reads) and a new attempt after a failure.
	mux.HandleFunc("GET /betalen/terug/{token}", h.showPaymentReturn)
	mux.HandleFunc("POST /betalen/terug/{token}/opnieuw", h.retryPayment)

	mux.HandleFunc("/", h.NotFound)
}
