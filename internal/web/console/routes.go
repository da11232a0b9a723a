package console

import (
	"net/http"

	"loket/internal/web/staffauth"
)

// Routes registers every /beheer route: sign-in is open, everything else checks the role on every request.
// An unknown path under /beheer answers the console's 404 page.
func (h *Handler) Routes(mux *http.ServeMux) {
	// Sign-in.
	mux.HandleFunc("GET /beheer/inloggen", h.showLogin)
	mux.HandleFunc("POST /beheer/inloggen", h.login)
	mux.HandleFunc("POST /beheer/uitloggen", h.logout)
	// Identity: sign-in with the organisation's identity provider, and the code of a second factor.
	mux.HandleFunc("GET /beheer/inloggen/sso", h.startSSO)
	mux.HandleFunc("GET /beheer/inloggen/sso/terug", h.finishSSO)
	mux.HandleFunc("GET /beheer/inloggen/code", h.showCodeForm)
	mux.HandleFunc("POST /beheer/inloggen/code", h.verifyCode)
	mux.HandleFunc("GET /beheer/inloggen/tweede-stap", h.showEnrolAtLogin)
	mux.HandleFunc("POST /beheer/inloggen/tweede-stap", h.confirmEnrolAtLogin)
	staff := h.auth.Routes(mux, h)
	h.staff = staff
	staff.Handle("GET /beheer", staffauth.AnyStaff, h.showHome)
	staff.Handle("GET /beheer/tokens", staffauth.AnyStaff, h.showTokens)
	staff.Handle("POST /beheer/tokens", staffauth.AnyStaff, h.createToken)
	staff.Handle("POST /beheer/tokens/{id}/intrekken", staffauth.AnyStaff, h.deleteToken)
	staff.Handle("GET /beheer/gebruikers", staffauth.AdminOnly, h.showUsers)
	staff.Handle("POST /beheer/gebruikers", staffauth.AdminOnly, h.addUser)
	// Account life cycle (harden): block, role, new password, other users' tokens, one's own password.
	staff.Handle("POST /beheer/gebruikers/{id}/blokkeren", staffauth.AdminOnly, h.blockUser)
	staff.Handle("POST /beheer/gebruikers/{id}/deblokkeren", staffauth.AdminOnly, h.unblockUser)
	staff.Handle("POST /beheer/gebruikers/{id}/rol", staffauth.AdminOnly, h.changeUserRole)
	staff.Handle("POST /beheer/gebruikers/{id}/wachtwoord", staffauth.AdminOnly, h.resetUserPassword)
	staff.Handle("GET /beheer/gebruikers/{id}/tokens", staffauth.AdminOnly, h.showUserTokens)
	staff.Handle("GET /beheer/wachtwoord", staffauth.AnyStaff, h.showPasswordChange)
	staff.Handle("POST /beheer/wachtwoord", staffauth.AnyStaff, h.changePassword)
	// The municipality's settings: name, logo, colours, contact details, promises, prefixes, top tasks.
	staff.Handle("GET /beheer/gemeente", staffauth.AdminOnly, h.showMunicipality)
	staff.Handle("POST /beheer/gemeente", staffauth.AdminOnly, h.saveMunicipality)
	// Tenants: the municipality's own channels (e-mail, WhatsApp, login, staff SSO, payment).
	if h.deps.Channels != nil {
		staff.Handle("GET /beheer/kanalen", staffauth.AdminOnly, h.showMuniChannels)
		staff.Handle("POST /beheer/kanalen", staffauth.AdminOnly, h.saveMuniChannels)
	}
	// Tenants: the host's own console of municipalities, only on --host-admin-host (checked per request).
	if h.deps.Tenants != nil {
		staff.Handle("GET /beheer/gemeenten", staffauth.AdminOnly, h.showHostTenants)
		staff.Handle("POST /beheer/gemeenten", staffauth.AdminOnly, h.addHostTenant)
		staff.Handle("POST /beheer/gemeenten/{id}", staffauth.AdminOnly, h.changeHostTenant)
	}
	// National content: the host's national texts, edited on the host's console and propagated to tenants.
	if h.deps.National != nil {
		staff.Handle("GET /beheer/landelijke-teksten", staffauth.AdminOnly, h.showHostNational)
		staff.Handle("GET /beheer/landelijke-teksten/nieuw", staffauth.AdminOnly, h.showNewHostNational)
		staff.Handle("POST /beheer/landelijke-teksten/nieuw", staffauth.AdminOnly, h.createHostNational)
		staff.Handle("GET /beheer/landelijke-teksten/{upl}", staffauth.AdminOnly, h.showHostNationalEditor)
		staff.Handle("POST /beheer/landelijke-teksten/{upl}", staffauth.AdminOnly, h.updateHostNational)
	}
	staff.Handle("GET /beheer/audit", staffauth.AdminOnly, h.showAudit)
	staff.Handle("GET /beheer/audit/export", staffauth.AdminOnly, h.exportAudit)
	// Editorial workflow: articles, versions, review work lists, broken links, synonyms.
	staff.Handle("GET /beheer/artikelen", staffauth.Editors, h.showArticles)
	staff.Handle("GET /beheer/nieuw-artikel", staffauth.Editors, h.showNewArticle)
	staff.Handle("POST /beheer/nieuw-artikel", staffauth.Editors, h.createArticle)
	staff.Handle("GET /beheer/artikelen/{id}", staffauth.Editors, h.showArticleEditor)
	staff.Handle("POST /beheer/artikelen/{id}", staffauth.Editors, h.updateArticle)
	staff.Handle("GET /beheer/artikelen/{id}/versies", staffauth.Editors, h.showArticleVersions)
	staff.Handle("GET /beheer/artikelen/{id}/versies/{version}", staffauth.Editors, h.showArticleVersion)
	staff.Handle("POST /beheer/artikelen/{id}/versies/{version}/herstellen", staffauth.Editors, h.restoreArticleVersion)
	staff.Handle("POST /beheer/artikelen/{id}/gecontroleerd", staffauth.Editors, h.confirmReview)
	staff.Handle("POST /beheer/redactie/voorbeeld", staffauth.Editors, h.previewArticle)
	staff.Handle("POST /beheer/redactie/taal", staffauth.Editors, h.checkLanguage)
	staff.Handle("GET /beheer/redactie/upl", staffauth.Editors, h.searchUPL)
	staff.Handle("GET /beheer/controle", staffauth.Editors, h.showReviewList)
	staff.Handle("GET /beheer/controle/teams", reviewers, h.showReviewTeams)
	staff.Handle("GET /beheer/links", staffauth.Editors, h.showBrokenLinks)
	staff.Handle("GET /beheer/synoniemen", staffauth.Editors, h.showSynonyms)
	staff.Handle("POST /beheer/synoniemen", staffauth.Editors, h.saveSynonyms)
	// Knowledge base (kbinsight): an article offline and back, a restored concept published.
	staff.Handle("POST /beheer/artikelen/{id}/offline", staffauth.Editors, h.depublishArticle)
	staff.Handle("POST /beheer/artikelen/{id}/online", staffauth.Editors, h.republishArticle)
	staff.Handle("POST /beheer/artikelen/{id}/publiceren", staffauth.Editors, h.publishConcept)
	staff.Handle("POST /beheer/artikelen/{id}/links-controleren", staffauth.Editors, h.checkArticleLinks)
	staff.Handle("POST /beheer/links/controleren", staffauth.Editors, h.checkAllLinks)
	staff.Handle("GET /beheer/redactie/niet-gevonden", staffauth.Editors, h.showNotFound)
	staff.Handle("GET /beheer/inzicht/maandrapport", staffauth.Managers, h.showMonthReport)
	staff.Handle("GET /beheer/redactie/ambtelijke-woorden", staffauth.Editors, h.showPlainWords)
	staff.Handle("POST /beheer/redactie/ambtelijke-woorden", staffauth.Editors, h.savePlainWords)
	staff.Handle("POST /beheer/redactie/niet-gevonden/trefwoord", staffauth.Editors, h.addNotFoundKeyword)
	staff.Handle("POST /beheer/redactie/niet-gevonden/synoniem", staffauth.Editors, h.addNotFoundSynonym)
	// National content: the host's national texts, inherited and overridden per municipality.
	staff.Handle("GET /beheer/landelijk", staffauth.Editors, h.showNationalTexts)
	staff.Handle("POST /beheer/landelijk/overnemen", staffauth.Editors, h.inheritNationalText)
	staff.Handle("POST /beheer/artikelen/{id}/landelijk-overnemen", staffauth.Editors, h.takeNationalText)
	staff.Handle("POST /beheer/artikelen/{id}/landelijk-houden", staffauth.Editors, h.keepLocalText)
	// Search (issue 18): the national thesaurus to review, and proposals learned from residents' searches.
	staff.Handle("GET /beheer/thesaurus", staffauth.Editors, h.showThesaurus)
	staff.Handle("GET /beheer/zoeken/voorstellen", staffauth.Editors, h.showSearchProposals)
	staff.Handle("POST /beheer/zoeken/voorstellen", staffauth.Editors, h.decideSearchProposal)
	staff.Handle("GET /beheer/aanvragen", staffauth.Handlers, h.showRequestQueue)
	staff.Handle("GET /beheer/aanvragen/cijfers", staffauth.Handlers, h.showRequestFigures)
	staff.Handle("GET /beheer/aanvragen/{ref}", staffauth.Handlers, h.showRequest)
	staff.Handle("GET /beheer/aanvragen/{ref}/bestand/{file}", staffauth.Handlers, h.showRequestFile)
	staff.Handle("POST /beheer/aanvragen/{ref}/oppakken", staffauth.Handlers, h.takeRequest)
	staff.Handle("POST /beheer/aanvragen/{ref}/informatie", staffauth.Handlers, h.askInformation)
	staff.Handle("POST /beheer/aanvragen/{ref}/ontvangen", staffauth.Handlers, h.markInformationReceived)
	staff.Handle("POST /beheer/aanvragen/{ref}/verlengen", staffauth.Handlers, h.extendRequest)
	staff.Handle("POST /beheer/aanvragen/{ref}/hoorzitting", staffauth.Handlers, h.planHearing)
	staff.Handle("POST /beheer/aanvragen/{ref}/besluit", staffauth.Handlers, h.decideRequest)
	staff.Handle("POST /beheer/aanvragen/{ref}/bericht", staffauth.Handlers, h.writeToRequester)
	staff.Handle("GET /beheer/aanvragen/{ref}/besluit.pdf", staffauth.Handlers, h.showDecisionLetter)
	staff.Handle("GET /beheer/tweede-stap", staffauth.AnyStaff, h.showTOTP)
	staff.Handle("POST /beheer/tweede-stap", staffauth.AnyStaff, h.confirmTOTP)
	// Identity and payment: reveal a BSN with a reason, refund a fee, revenue per product, daily CSV.
	staff.Handle("POST /beheer/aanvragen/{ref}/bsn", staffauth.Handlers, h.revealBSN)
	staff.Handle("POST /beheer/aanvragen/{ref}/terugbetalen", staffauth.Handlers, h.refundRequest)
	staff.Handle("GET /beheer/betalingen", staffauth.Managers, h.showPayments)
	staff.Handle("GET /beheer/betalingen/dag.csv", staffauth.Managers, h.exportPaymentsOfDay)
	staff.Handle("GET /beheer/formulieren", staffauth.Editors, h.showForms)
	staff.Handle("GET /beheer/formulieren/{product}", staffauth.Editors, h.showFormEditor)
	staff.Handle("POST /beheer/formulieren/{product}", staffauth.Editors, h.saveForm)
	// Insight: dashboards (add ?formaat=csv or xlsx to export a table), task catalogue, staffing.
	staff.Handle("GET /beheer/inzicht", staffauth.InsightViewers, h.showInsight)
	staff.Handle("POST /beheer/inzicht/bijwerken", staffauth.Managers, h.rollupInsight)
	staff.Handle("GET /beheer/inzicht/kanalen", staffauth.Managers, h.showChannels)
	staff.Handle("POST /beheer/inzicht/kanalen", staffauth.Managers, h.saveChannelSettings)
	staff.Handle("GET /beheer/inzicht/toptaken", staffauth.Managers, h.showTopTaskResults)
	staff.Handle("GET /beheer/inzicht/taken", staffauth.InsightViewers, h.showTasks)
	staff.Handle("POST /beheer/inzicht/taken", staffauth.Editors, h.createTask)
	staff.Handle("GET /beheer/inzicht/taken/{id}", staffauth.InsightViewers, h.showTask)
	staff.Handle("POST /beheer/inzicht/taken/{id}", staffauth.Editors, h.updateTask)
	staff.Handle("POST /beheer/inzicht/taken/{id}/verwijderen", staffauth.Editors, h.deleteTask)
	staff.Handle("POST /beheer/inzicht/taken/{id}/taaktest", staffauth.InsightViewers, h.addTaskTest)
	staff.Handle("GET /beheer/inzicht/werklijst", staffauth.InsightViewers, h.showWorkList)
	staff.Handle("GET /beheer/inzicht/zoeken", staffauth.InsightViewers, h.showSearchInsight)
	staff.Handle("GET /beheer/inzicht/hiaten", staffauth.InsightViewers, h.showGaps)
	staff.Handle("GET /beheer/inzicht/bezetting", staffauth.Managers, h.showStaffing)
	// Contact: one inbox for every written channel.
	staff.Handle("GET /beheer/inbox", staffauth.Agents, h.showInbox)
	staff.Handle("POST /beheer/inbox/bulk", staffauth.Agents, h.bulkInbox)
	staff.Handle("GET /beheer/gesprekken/{id}", staffauth.Agents, h.showConversation)
	staff.Handle("POST /beheer/gesprekken/{id}/antwoord", staffauth.Agents, h.replyConversation)
	staff.Handle("POST /beheer/gesprekken/{id}/aanwezig", staffauth.Agents, h.lookAtConversation)
	staff.Handle("POST /beheer/gesprekken/{id}/notitie", staffauth.Agents, h.addConversationNote)
	staff.Handle("POST /beheer/gesprekken/{id}/toewijzen", staffauth.Agents, h.assignConversation)
	staff.Handle("POST /beheer/gesprekken/{id}/status", staffauth.Agents, h.setConversationState)
	staff.Handle("POST /beheer/gesprekken/{id}/onderwerp", staffauth.Agents, h.setConversationTopic)
	staff.Handle("POST /beheer/gesprekken/{id}/samenvoegen", staffauth.Agents, h.mergeConversation)
	staff.Handle("POST /beheer/gesprekken/{id}/taak", staffauth.Agents, h.addConversationTask)
	staff.Handle("GET /beheer/gesprekken/{id}/bijlagen/{aid}", staffauth.Agents, h.downloadAttachment)
	// Identity: an agent links a conversation to a resident's BSN or a KvK number for Mijn loket (audited).
	staff.Handle("POST /beheer/gesprekken/{id}/koppelen", staffauth.Agents, h.linkConversationToPerson)
	staff.Handle("GET /beheer/serviceniveaus", staffauth.Managers, h.showServiceLevels)
	staff.Handle("GET /beheer/sjablonen", staffauth.Agents, h.showTemplates)
	staff.Handle("POST /beheer/sjablonen", staffauth.Agents, h.saveTemplate)
	staff.Handle("POST /beheer/sjablonen/{id}/verwijderen", staffauth.Agents, h.deleteTemplate)
	// Chat, WhatsApp templates, phone and counter registrations, and the teams' task lists.
	staff.Handle("GET /beheer/chat", staffauth.Agents, h.showChatConsole)
	staff.Handle("GET /beheer/chat/verbinding", staffauth.Agents, h.openAgentChatSocket)
	staff.Handle("POST /beheer/chat/{id}/terugbellen", staffauth.Agents, h.turnChatIntoCallback)
	staff.Handle("POST /beheer/chat/{id}/bestand", staffauth.Agents, h.sendChatFile)
	staff.Handle("POST /beheer/gesprekken/{id}/whatsapp-sjabloon", staffauth.Agents, h.sendWhatsAppTemplate)
	staff.Handle("GET /beheer/registreren", staffauth.Agents, h.showRegistration)
	staff.Handle("POST /beheer/registreren", staffauth.Agents, h.saveRegistration)
	staff.Handle("GET /beheer/registreren/personen", staffauth.Agents, h.searchParties)
	// Appointments: the counter's day view (check-in, "niet verschenen", walk-in), booking, moving and
	// cancelling on a caller's behalf, the schedule set-up and the insight into appointments.
	staff.Handle("GET /beheer/afspraken", staffauth.Agents, h.showAppointmentDay)
	staff.Handle("POST /beheer/afspraken/{id}/aanmelden", staffauth.Agents, h.checkInAppointment)
	staff.Handle("POST /beheer/afspraken/{id}/niet-verschenen", staffauth.Agents, h.markAppointmentNoShow)
	staff.Handle("POST /beheer/afspraken/{id}/afzeggen", staffauth.Agents, h.cancelAppointmentForCaller)
	staff.Handle("POST /beheer/afspraken/{id}/verzetten", staffauth.Agents, h.moveAppointmentForCaller)
	staff.Handle("POST /beheer/afspraken/inloop", staffauth.Agents, h.registerWalkIn)
	staff.Handle("GET /beheer/afspraken/maken", staffauth.Agents, h.showAppointmentForCaller)
	staff.Handle("POST /beheer/afspraken/maken", staffauth.Agents, h.bookAppointmentForCaller)
	staff.Handle("GET /beheer/afspraken/instellingen", staffauth.Managers, h.showAppointmentSetup)
	staff.Handle("POST /beheer/afspraken/instellingen", staffauth.Managers, h.saveAppointmentSetup)
	staff.Handle("GET /beheer/afspraken/inzicht", staffauth.InsightViewers, h.showAppointmentInsight)
	staff.Handle("GET /beheer/taken", staffauth.AnyStaff, h.showTeamTasks)
	staff.Handle("POST /beheer/taken/{id}/status", staffauth.AnyStaff, h.setTaskState)

	// Workplace (issue 14): the console navigation's live counters.
	staff.Handle("GET /beheer/tellers", staffauth.AnyStaff, h.showNavCounts)

	mux.HandleFunc("/beheer", h.NotFound)
	mux.HandleFunc("/beheer/", h.NotFound)
}
