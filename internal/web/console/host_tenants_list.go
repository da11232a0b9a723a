package console

import (
	"net/http"

	"loket/internal/tenant"
	"loket/internal/web/render"
)

// hostTenantsData is the host's console of municipalities.
type hostTenantsData struct {
	Tenants []tenant.Tenant
	Errors  map[string]string // add form: field -> message
	Failed  string            // id of the tenant whose change was refused
	Refusal string            // why
	Form    struct{ ID, Name, Hosts, Prefix string }
}

// onHostAdminHost reports whether r came in on the host's own console host name; anything else is 404,
// so a tenant's site never shows the host's console, whatever route table it shares.
func (h *Handler) onHostAdminHost(w http.ResponseWriter, r *http.Request) bool {
	host, _ := tenant.NormalizeHost(r.Host)
	admin, _ := tenant.NormalizeHost(h.deps.HostAdminHost)
	if h.deps.Tenants == nil || admin == "" || host != admin {
		h.notFound(w, r)
		return false
	}
	return true
}

// showHostTenants lists the municipalities with their host names and the forms to change them.
func (h *Handler) showHostTenants(w http.ResponseWriter, r *http.Request) {
	if !h.onHostAdminHost(w, r) {
		return
	}
	flash := map[string]string{"toegevoegd": "De gemeente is toegevoegd. Haar website werkt binnen een seconde.",
		"gewijzigd": "De wijziging is opgeslagen."}[r.URL.Query().Get("gedaan")]
	h.renderHostTenants(w, r, http.StatusOK, flash, hostTenantsData{})
}

func (h *Handler) renderHostTenants(w http.ResponseWriter, r *http.Request, status int, flash string, data hostTenantsData) {
	list, err := h.deps.Tenants.List(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data.Tenants = list
	h.render(w, r, status, "staff_tenants", render.Page{Title: "Gemeenten op deze installatie", Flash: flash, Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Gemeenten", URL: ""}}})
}
