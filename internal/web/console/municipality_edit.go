package console

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"loket/internal/municipality"
	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

type municipalityData struct {
	Set      municipality.Settings
	TopTasks string            // one article id per line, as typed
	Errors   map[string]string // field -> message
	Articles []articleChoice   // published articles to pick top tasks from
}

type articleChoice struct{ ID, Title string }

const municipalitySaved = "De gegevens van de gemeente zijn opgeslagen. Alle pagina's en e-mails gebruiken ze nu."

// showMunicipality is the administrator's form for who the municipality is.
func (h *Handler) showMunicipality(w http.ResponseWriter, r *http.Request) {
	set := h.deps.Municipality.Current()
	flash := ""
	if r.URL.Query().Get("gedaan") == "gemeente" {
		flash = municipalitySaved
	}
	h.renderMunicipality(w, r, http.StatusOK, flash, municipalityData{Set: set, TopTasks: strings.Join(set.TopTasks, "\n")})
}

func (h *Handler) renderMunicipality(w http.ResponseWriter, r *http.Request, status int, flash string, data municipalityData) {
	list, err := h.deps.Store.ListArticles(r.Context(), store.ArticleFilter{PublishedOnly: true})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	for _, a := range list {
		data.Articles = append(data.Articles, articleChoice{ID: a.ID, Title: a.Title})
	}
	h.render(w, r, status, "staff_municipality", render.Page{Title: "Gegevens van de gemeente", Flash: flash, Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Gemeente", URL: ""}}})
}

// saveMunicipality checks every field at once and saves; refused input comes back with all messages and
// everything the administrator typed.
func (h *Handler) saveMunicipality(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, municipality.MaxLogoBytes+64<<10)
	if err := r.ParseMultipartForm(municipality.MaxLogoBytes + 64<<10); err != nil {
		h.badRequest(w, r, "Het formulier is te groot (het logo mag hoogstens 256 kB zijn) of niet goed verstuurd.")
		return
	}
	set, typed := h.deps.Municipality.Current(), r.PostForm.Get("top_tasks")
	set = settingsFromForm(set, r)
	var extra problem.Fields
	if logo, reason := logoFromForm(r); reason != "" {
		extra.Add("logo", reason)
	} else if logo != nil {
		set.Logo = *logo
	}
	if r.PostForm.Get("logo_remove") == "ja" {
		set.Logo = municipality.Logo{}
	}
	err := extra.Err()
	if err == nil {
		err = h.deps.Municipality.Save(r.Context(), staffauth.Staff(r).Email, set)
	}
	if problem.KindOf(err) == problem.Invalid {
		fields := map[string]string{}
		for k, msg := range problem.FieldsOf(err) {
			_, name, found := strings.Cut(k, ".") // colours.primary is the form's primary
			if !found {
				name = k
			}
			fields[name] = msg
		}
		h.renderMunicipality(w, r, http.StatusUnprocessableEntity, "", municipalityData{Set: set, TopTasks: typed, Errors: fields})
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/gemeente?gedaan=gemeente", http.StatusSeeOther)
}

func settingsFromForm(set municipality.Settings, r *http.Request) municipality.Settings {
	v := func(name string) string { return strings.TrimSpace(r.PostForm.Get(name)) }
	set.Name, set.ShortName = v("name"), v("short_name")
	set.Colours = municipality.Colours{Primary: strings.ToLower(v("primary")), PrimaryText: strings.ToLower(v("primary_text")), Link: strings.ToLower(v("link"))}
	set.Contact = municipality.Contact{Phone: v("phone"), PhoneHours: v("phone_hours"), Address: v("address"),
		CounterHours: v("counter_hours"), ChatHours: v("chat_hours"), WhatsApp: v("whatsapp"), Email: v("email")}
	set.AnswerDays, _ = strconv.Atoi(v("answer_days"))
	set.QuestionPrefix, set.RequestPrefix = strings.ToUpper(v("question_prefix")), strings.ToUpper(v("request_prefix"))
	set.MailFromName, set.MailDomain, set.MailFromUser = v("mail_from_name"), strings.ToLower(v("mail_domain")), v("mail_from_user")
	set.Footer = municipality.Footer{Privacy: v("privacy"), Accessibility: v("accessibility"), Cookies: v("cookies")}
	set.TopTasks = nil
	for _, line := range strings.Split(r.PostForm.Get("top_tasks"), "\n") {
		if id := strings.TrimSpace(line); id != "" {
			set.TopTasks = append(set.TopTasks, id)
		}
	}
	return set
}

// logoFromForm reads an uploaded logo, or nil when none was chosen. The checks on what it is are the
// service's (Validate); here only reading can fail.
func logoFromForm(r *http.Request) (*municipality.Logo, string) {
	f, hdr, err := r.FormFile("logo")
	if errors.Is(err, http.ErrMissingFile) {
		return nil, ""
	}
	if err != nil {
		return nil, "Het logo kon niet worden gelezen. Kies het bestand opnieuw."
	}
	defer f.Close()
	if hdr.Size > municipality.MaxLogoBytes {
		return nil, "Het logo is groter dan 256 kB. Maak het bestand kleiner."
	}
	data, err := io.ReadAll(io.LimitReader(f, municipality.MaxLogoBytes+1))
	if err != nil {
		return nil, "Het logo kon niet worden gelezen. Kies het bestand opnieuw."
	}
	ct := "image/svg+xml"
	if strings.HasPrefix(string(data), "\x89PNG") {
		ct = "image/png"
	}
	return &municipality.Logo{ContentType: ct, Data: data}, ""
}
