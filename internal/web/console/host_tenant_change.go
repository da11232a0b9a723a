package console

import (
	"errors"
	"net/http"
	"strings"

	"loket/internal/problem"
	"loket/internal/web/staffauth"
)

// changeHostTenant renames a municipality, adds or removes a host name, or switches it off or on.
func (h *Handler) changeHostTenant(w http.ResponseWriter, r *http.Request) {
	if !h.onHostAdminHost(w, r) || !h.parseForm(w, r, 8<<10) {
		return
	}
	ctx, actor, id := r.Context(), staffauth.Staff(r).Email, r.PathValue("id")
	v := func(name string) string { return strings.TrimSpace(r.PostForm.Get(name)) }
	var err error
	switch r.PostForm.Get("actie") {
	case "hernoemen":
		err = h.deps.Tenants.Rename(ctx, actor, id, v("name"))
	case "host-toevoegen":
		err = h.deps.Tenants.AddHost(ctx, actor, id, v("host"))
	case "host-weghalen":
		err = h.deps.Tenants.RemoveHost(ctx, actor, id, v("host"))
	case "uitzetten":
		err = h.deps.Tenants.SetDisabled(ctx, actor, id, true)
	case "aanzetten":
		err = h.deps.Tenants.SetDisabled(ctx, actor, id, false)
	default:
		h.badRequest(w, r, "Kies wat u wilt wijzigen.")
		return
	}
	if errors.Is(err, problem.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if k := problem.KindOf(err); k == problem.Invalid || k == problem.Conflict {
		msg := problem.MessageOf(err)
		for _, m := range problem.FieldsOf(err) {
			msg = m
		}
		h.renderHostTenants(w, r, http.StatusUnprocessableEntity, "", hostTenantsData{Failed: id, Refusal: msg})
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/gemeenten?gedaan=gewijzigd", http.StatusSeeOther)
}
