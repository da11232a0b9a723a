package api

import (
	"net/http"

	"loket/internal/web/staffauth"
)

// Routes registers every /api/v1 route; an unknown path under /api/ answers a JSON 404.
func (h *Handler) Routes(mux *http.ServeMux) {
	// Public JSON API.
	mux.HandleFunc("GET /api/v1/articles", h.listArticles)
	mux.HandleFunc("GET /api/v1/articles/{id}", h.showArticle)
	mux.HandleFunc("GET /api/v1/search", h.search)
	mux.HandleFunc("GET /api/v1/suggest", h.suggest)
	mux.HandleFunc("GET /api/v1/openapi.json", h.showOpenAPI)
	mux.HandleFunc("GET /api/v1/products/{id}/form", h.showProductForm)
	mux.HandleFunc("POST /api/v1/requests", h.createRequest)
	mux.HandleFunc("POST /api/v1/contact", h.createContact)

	// Appointments: free slots, booking (public, or with a staff token on a caller's behalf), and
	// cancelling with the secret of the change link.
	mux.HandleFunc("GET /api/v1/appointments/slots", h.listAppointmentSlots)
	mux.HandleFunc("POST /api/v1/appointments", h.createAppointment)
	mux.HandleFunc("DELETE /api/v1/appointments/{token}", h.deleteAppointment)

	// Staff JSON API (bearer tokens): the role is checked on every request.
	staff := h.auth.Routes(mux, h)
	h.staff = staff
	staff.Handle("GET /api/v1/me", staffauth.AnyStaff, h.showMe)
	staff.Handle("PUT /api/v1/articles/{id}", staffauth.Editors, h.saveArticle)
	staff.Handle("DELETE /api/v1/articles/{id}", staffauth.Editors, h.deleteArticle)
	// Knowledge base (kbinsight): offline and back, publish a concept, restore a version as a concept.
	staff.Handle("POST /api/v1/articles/{id}/offline", staffauth.Editors, h.depublishArticle)
	staff.Handle("POST /api/v1/articles/{id}/online", staffauth.Editors, h.republishArticle)
	staff.Handle("POST /api/v1/articles/{id}/publish", staffauth.Editors, h.publishArticle)
	staff.Handle("POST /api/v1/articles/{id}/versions/{version}/restore", staffauth.Editors, h.restoreArticleVersion)
	// National content: an article's national text, its changes, take-over and keep; inheriting one.
	staff.Handle("GET /api/v1/articles/{id}/national", staffauth.Editors, h.showArticleNational)
	staff.Handle("POST /api/v1/articles/{id}/national/take", staffauth.Editors, h.takeArticleNational)
	staff.Handle("POST /api/v1/articles/{id}/national/keep", staffauth.Editors, h.keepArticleNational)
	staff.Handle("POST /api/v1/national/inherit", staffauth.Editors, h.inheritNational)
	staff.Handle("GET /api/v1/requests/{reference}", staffauth.Handlers, h.showRequestAPI)
	staff.Handle("GET /api/v1/insight/channels", staffauth.Managers, h.channels)
	staff.Handle("GET /api/v1/insight/tasks", staffauth.Managers, h.tasks)
	staff.Handle("GET /api/v1/insight/staffing", staffauth.Managers, h.staffing)
	staff.Handle("GET /api/v1/conversations", staffauth.Agents, h.listConversations)
	staff.Handle("GET /api/v1/conversations/{id}", staffauth.Agents, h.showConversation)
	staff.Handle("POST /api/v1/conversations/{id}/replies", staffauth.Agents, h.replyConversation)
	staff.Handle("POST /api/v1/suggestions", staffauth.Agents, h.suggestAnswerList)
	staff.Handle("POST /api/v1/registrations", staffauth.Agents, h.createRegistration)
	staff.Handle("GET /api/v1/tasks", staffauth.AnyStaff, h.listTasksAPI)
	staff.Handle("PATCH /api/v1/tasks/{id}", staffauth.AnyStaff, h.setTaskStateAPI)
	staff.Handle("POST /api/v1/tasks/{id}/state", staffauth.AnyStaff, h.setTaskStateAPI)
	// Payment: a request's payments, revenue per product.
	staff.Handle("GET /api/v1/requests/{reference}/payments", staffauth.Handlers, h.listRequestPayments)
	staff.Handle("GET /api/v1/payments/revenue", staffauth.Managers, h.paymentRevenue)
	staff.Handle("POST /api/v1/requests/{reference}/refunds", staffauth.Handlers, h.refundRequestAPI)
	// Identity: the full BSN of whoever made a request, with a reason that is audited.
	staff.Handle("POST /api/v1/requests/{reference}/bsn", staffauth.Handlers, h.revealBSNAPI)

	mux.HandleFunc("/api/", h.NotFound)
}
