package console

import (
	"net/http"
	"strings"

	"loket/internal/problem"
	"loket/internal/tenant"
	"loket/internal/web/staffauth"
)

// addHostTenant registers a municipality from the host's console, through the same service as
// `loket tenant add`; refused input comes back with every reason and what was typed.
func (h *Handler) addHostTenant(w http.ResponseWriter, r *http.Request) {
	if !h.onHostAdminHost(w, r) || !h.parseForm(w, r, 16<<10) {
		return
	}
	var data hostTenantsData
	v := func(name string) string { return strings.TrimSpace(r.PostForm.Get(name)) }
	data.Form.ID, data.Form.Name, data.Form.Hosts, data.Form.Prefix = strings.ToLower(v("id")), v("name"), v("hosts"), strings.ToUpper(v("prefix"))
	t := tenant.Tenant{ID: data.Form.ID, Name: data.Form.Name, Hosts: strings.Fields(strings.ReplaceAll(data.Form.Hosts, ",", " "))}
	err := h.deps.Tenants.Add(r.Context(), staffauth.Staff(r).Email, t, data.Form.Prefix)
	if k := problem.KindOf(err); k == problem.Invalid || k == problem.Conflict {
		data.Errors = map[string]string{}
		for f, msg := range problem.FieldsOf(err) {
			data.Errors[f] = msg
		}
		if len(data.Errors) == 0 {
			data.Errors["hosts"] = problem.MessageOf(err)
		}
		h.renderHostTenants(w, r, http.StatusUnprocessableEntity, "", data)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/gemeenten?gedaan=toegevoegd", http.StatusSeeOther)
}
