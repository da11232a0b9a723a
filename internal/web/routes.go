package web

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Handler is the complete HTTP surface of loket: one flat route table per surface.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	pub := &publicHandler{s}
	api := &apiHandler{s}
	con := &staffHandler{s}
	s.staffRoutes = nil

	// Operations.
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", promhttp.Handler())
	mux.HandleFunc("GET /static/{hash}/{path...}", s.serveStatic)

	// Public site.
	mux.HandleFunc("GET /{$}", pub.showHome)
	mux.HandleFunc("GET /thema/{slug}", pub.showTheme)
	mux.HandleFunc("GET /producten/{id}", pub.showArticle)
	mux.HandleFunc("GET /vragen/{id}", pub.showArticle)
	mux.HandleFunc("POST /feedback/{id}", pub.saveFeedback)
	mux.HandleFunc("GET /zoeken", pub.showSearch)
	mux.HandleFunc("GET /zoeken/klik", pub.followSearchResult)
	mux.HandleFunc("GET /toptaken", pub.showTopTasks)
	mux.HandleFunc("POST /toptaken", pub.saveTopTasks)

	// Online requests: form steps (draft behind an unguessable link), sending, and the status page.
	mux.HandleFunc("GET /producten/{id}/aanvragen", pub.showRequestStart)
	mux.HandleFunc("POST /producten/{id}/aanvragen", pub.startRequest)
	mux.HandleFunc("GET /aanvraag/{token}", pub.showDraft)
	mux.HandleFunc("POST /aanvraag/{token}", pub.saveDraftStep)
	mux.HandleFunc("POST /aanvraag/{token}/versturen", pub.submitRequest)
	mux.HandleFunc("POST /aanvraag/{token}/link", pub.mailDraftLink)
	mux.HandleFunc("GET /mijn-aanvraag/{token}", pub.showRequestStatus)
	mux.HandleFunc("POST /mijn-aanvraag/{token}/bericht", pub.saveRequesterMessage)
	mux.HandleFunc("GET /mijn-aanvraag/{token}/bestand/{file}", pub.showRequesterFile)

	// Contact form with suggested answers, and the satisfaction question after closing.
	mux.HandleFunc("GET /contact", pub.showContactForm)
	mux.HandleFunc("POST /contact", pub.sendContactForm)
	mux.HandleFunc("GET /contact/suggesties", pub.suggestContactAnswers)
	mux.HandleFunc("POST /contact/gebeurtenis", pub.recordContactEvent)
	mux.HandleFunc("GET /tevredenheid/{token}", pub.showSatisfaction)
	mux.HandleFunc("POST /tevredenheid/{token}", pub.saveSatisfaction)

	// Live chat widget (WebSocket) and the WhatsApp Business webhook.
	mux.HandleFunc("GET /chat/status", pub.showChatStatus)
	mux.HandleFunc("POST /chat/start", pub.startChat)
	mux.HandleFunc("GET /chat/verbinding", pub.openChatSocket)
	mux.HandleFunc("GET /webhooks/whatsapp", pub.verifyWhatsAppWebhook)
	mux.HandleFunc("POST /webhooks/whatsapp", pub.receiveWhatsAppWebhook)

	// Public JSON API.
	mux.HandleFunc("GET /api/v1/articles", api.listArticles)
	mux.HandleFunc("GET /api/v1/articles/{id}", api.showArticle)
	mux.HandleFunc("GET /api/v1/search", api.search)
	mux.HandleFunc("GET /api/v1/suggest", api.suggest)
	mux.HandleFunc("GET /api/v1/openapi.json", api.showOpenAPI)
	mux.HandleFunc("GET /api/v1/products/{id}/form", api.showProductForm)
	mux.HandleFunc("POST /api/v1/requests", api.createRequest)
	mux.HandleFunc("POST /api/v1/contact", api.createContact)

	// Staff console: sign-in is open, everything else checks the role on every request.
	mux.HandleFunc("GET /beheer/inloggen", con.showLogin)
	mux.HandleFunc("POST /beheer/inloggen", con.login)
	mux.HandleFunc("POST /beheer/uitloggen", con.logout)
	s.staffRoute(mux, "GET /beheer", anyStaff, con.showHome)
	s.staffRoute(mux, "GET /beheer/tokens", anyStaff, con.showTokens)
	s.staffRoute(mux, "POST /beheer/tokens", anyStaff, con.createToken)
	s.staffRoute(mux, "POST /beheer/tokens/{id}/intrekken", anyStaff, con.deleteToken)
	s.staffRoute(mux, "GET /beheer/gebruikers", adminOnly, con.showUsers)
	s.staffRoute(mux, "POST /beheer/gebruikers", adminOnly, con.addUser)
	s.staffRoute(mux, "GET /beheer/audit", adminOnly, con.showAudit)
	s.staffRoute(mux, "GET /beheer/audit/export", adminOnly, con.exportAudit)
	// Editorial workflow: articles, versions, review work lists, broken links, synonyms.
	s.staffRoute(mux, "GET /beheer/artikelen", editors, con.showArticles)
	s.staffRoute(mux, "GET /beheer/nieuw-artikel", editors, con.showNewArticle)
	s.staffRoute(mux, "POST /beheer/nieuw-artikel", editors, con.createArticle)
	s.staffRoute(mux, "GET /beheer/artikelen/{id}", editors, con.showArticleEditor)
	s.staffRoute(mux, "POST /beheer/artikelen/{id}", editors, con.updateArticle)
	s.staffRoute(mux, "GET /beheer/artikelen/{id}/versies", editors, con.showArticleVersions)
	s.staffRoute(mux, "GET /beheer/artikelen/{id}/versies/{version}", editors, con.showArticleVersion)
	s.staffRoute(mux, "POST /beheer/artikelen/{id}/versies/{version}/herstellen", editors, con.restoreArticleVersion)
	s.staffRoute(mux, "POST /beheer/artikelen/{id}/gecontroleerd", editors, con.confirmReview)
	s.staffRoute(mux, "POST /beheer/redactie/voorbeeld", editors, con.previewArticle)
	s.staffRoute(mux, "POST /beheer/redactie/taal", editors, con.checkLanguage)
	s.staffRoute(mux, "GET /beheer/redactie/upl", editors, con.searchUPL)
	s.staffRoute(mux, "GET /beheer/controle", editors, con.showReviewList)
	s.staffRoute(mux, "GET /beheer/controle/teams", reviewers, con.showReviewTeams)
	s.staffRoute(mux, "GET /beheer/links", editors, con.showBrokenLinks)
	s.staffRoute(mux, "GET /beheer/synoniemen", editors, con.showSynonyms)
	s.staffRoute(mux, "POST /beheer/synoniemen", editors, con.saveSynonyms)
	s.staffRoute(mux, "GET /beheer/aanvragen", handlers, con.showRequestQueue)
	s.staffRoute(mux, "GET /beheer/aanvragen/{ref}", handlers, con.showRequest)
	s.staffRoute(mux, "GET /beheer/aanvragen/{ref}/bestand/{file}", handlers, con.showRequestFile)
	s.staffRoute(mux, "POST /beheer/aanvragen/{ref}/oppakken", handlers, con.takeRequest)
	s.staffRoute(mux, "POST /beheer/aanvragen/{ref}/informatie", handlers, con.askInformation)
	s.staffRoute(mux, "POST /beheer/aanvragen/{ref}/ontvangen", handlers, con.markInformationReceived)
	s.staffRoute(mux, "POST /beheer/aanvragen/{ref}/verlengen", handlers, con.extendRequest)
	s.staffRoute(mux, "POST /beheer/aanvragen/{ref}/hoorzitting", handlers, con.planHearing)
	s.staffRoute(mux, "POST /beheer/aanvragen/{ref}/besluit", handlers, con.decideRequest)
	s.staffRoute(mux, "POST /beheer/aanvragen/{ref}/bericht", handlers, con.writeToRequester)
	s.staffRoute(mux, "GET /beheer/formulieren", editors, con.showForms)
	s.staffRoute(mux, "GET /beheer/formulieren/{product}", editors, con.showFormEditor)
	s.staffRoute(mux, "POST /beheer/formulieren/{product}", editors, con.saveForm)
	// Insight: dashboards (add ?formaat=csv or xlsx to export a table), task catalogue, staffing.
	s.staffRoute(mux, "GET /beheer/inzicht", insightViewers, con.showInsight)
	s.staffRoute(mux, "POST /beheer/inzicht/bijwerken", managers, con.rollupInsight)
	s.staffRoute(mux, "GET /beheer/inzicht/kanalen", managers, con.showChannels)
	s.staffRoute(mux, "POST /beheer/inzicht/kanalen", managers, con.saveChannelSettings)
	s.staffRoute(mux, "GET /beheer/inzicht/toptaken", managers, con.showTopTaskResults)
	s.staffRoute(mux, "GET /beheer/inzicht/taken", insightViewers, con.showTasks)
	s.staffRoute(mux, "POST /beheer/inzicht/taken", editors, con.createTask)
	s.staffRoute(mux, "GET /beheer/inzicht/taken/{id}", insightViewers, con.showTask)
	s.staffRoute(mux, "POST /beheer/inzicht/taken/{id}", editors, con.updateTask)
	s.staffRoute(mux, "POST /beheer/inzicht/taken/{id}/verwijderen", editors, con.deleteTask)
	s.staffRoute(mux, "POST /beheer/inzicht/taken/{id}/taaktest", insightViewers, con.addTaskTest)
	s.staffRoute(mux, "GET /beheer/inzicht/werklijst", insightViewers, con.showWorkList)
	s.staffRoute(mux, "GET /beheer/inzicht/zoeken", insightViewers, con.showSearchInsight)
	s.staffRoute(mux, "GET /beheer/inzicht/hiaten", insightViewers, con.showGaps)
	s.staffRoute(mux, "GET /beheer/inzicht/bezetting", managers, con.showStaffing)
	// Contact: one inbox for every written channel.
	s.staffRoute(mux, "GET /beheer/inbox", agents, con.showInbox)
	s.staffRoute(mux, "GET /beheer/gesprekken/{id}", agents, con.showConversation)
	s.staffRoute(mux, "POST /beheer/gesprekken/{id}/antwoord", agents, con.replyConversation)
	s.staffRoute(mux, "POST /beheer/gesprekken/{id}/notitie", agents, con.addConversationNote)
	s.staffRoute(mux, "POST /beheer/gesprekken/{id}/toewijzen", agents, con.assignConversation)
	s.staffRoute(mux, "POST /beheer/gesprekken/{id}/status", agents, con.setConversationState)
	s.staffRoute(mux, "POST /beheer/gesprekken/{id}/onderwerp", agents, con.setConversationTopic)
	s.staffRoute(mux, "POST /beheer/gesprekken/{id}/samenvoegen", agents, con.mergeConversation)
	s.staffRoute(mux, "POST /beheer/gesprekken/{id}/taak", agents, con.addConversationTask)
	s.staffRoute(mux, "GET /beheer/gesprekken/{id}/bijlagen/{aid}", agents, con.downloadAttachment)
	s.staffRoute(mux, "GET /beheer/serviceniveaus", managers, con.showServiceLevels)
	// Chat, WhatsApp templates, phone and counter registrations, and the teams' task lists.
	s.staffRoute(mux, "GET /beheer/chat", agents, con.showChatConsole)
	s.staffRoute(mux, "GET /beheer/chat/verbinding", agents, con.openAgentChatSocket)
	s.staffRoute(mux, "POST /beheer/chat/{id}/terugbellen", agents, con.turnChatIntoCallback)
	s.staffRoute(mux, "POST /beheer/gesprekken/{id}/whatsapp-sjabloon", agents, con.sendWhatsAppTemplate)
	s.staffRoute(mux, "GET /beheer/registreren", agents, con.showRegistration)
	s.staffRoute(mux, "POST /beheer/registreren", agents, con.saveRegistration)
	s.staffRoute(mux, "GET /beheer/registreren/personen", agents, con.searchParties)
	s.staffRoute(mux, "GET /beheer/taken", anyStaff, con.showTeamTasks)
	s.staffRoute(mux, "POST /beheer/taken/{id}/status", anyStaff, con.setTaskState)

	// Staff JSON API (bearer tokens).
	s.staffRoute(mux, "GET /api/v1/me", anyStaff, api.showMe)
	s.staffRoute(mux, "PUT /api/v1/articles/{id}", editors, api.saveArticle)
	s.staffRoute(mux, "DELETE /api/v1/articles/{id}", editors, api.deleteArticle)
	s.staffRoute(mux, "GET /api/v1/requests/{reference}", handlers, api.showRequestAPI)
	s.staffRoute(mux, "GET /api/v1/insight/channels", managers, api.channels)
	s.staffRoute(mux, "GET /api/v1/insight/tasks", managers, api.tasks)
	s.staffRoute(mux, "GET /api/v1/insight/staffing", managers, api.staffing)
	s.staffRoute(mux, "GET /api/v1/conversations", agents, api.listConversations)
	s.staffRoute(mux, "GET /api/v1/conversations/{id}", agents, api.showConversation)
	s.staffRoute(mux, "POST /api/v1/conversations/{id}/replies", agents, api.replyConversation)
	s.staffRoute(mux, "POST /api/v1/suggestions", agents, api.suggestAnswerList)
	s.staffRoute(mux, "POST /api/v1/registrations", agents, api.createRegistration)
	s.staffRoute(mux, "GET /api/v1/tasks", anyStaff, api.listTasksAPI)
	s.staffRoute(mux, "PATCH /api/v1/tasks/{id}", anyStaff, api.setTaskStateAPI)
	s.staffRoute(mux, "POST /api/v1/tasks/{id}/state", anyStaff, api.setTaskStateAPI)

	mux.HandleFunc("/", s.notFound)

	csrf := http.NewCrossOriginProtection()
	return securityHeaders(s.observe(csrf.Handler(mux)))
}

type publicHandler struct{ *Server }

type apiHandler struct{ *Server }

type staffHandler struct{ *Server }
