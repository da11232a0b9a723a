package console

import (
	"net/http"
	"strings"

	"loket/internal/auth"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

// navSection is one entry of the console navigation. Every console page shows the sections the signed-in
// role may open; a page belongs to the section whose URL or one of its prefixes starts its path (the
// longest wins). Counters name keys of navCounts.
type navSection struct {
	Label, URL string
	roles      []auth.Role
	prefixes   []string // more paths that belong to the section
	counters   []navCounterSpec
}

// navCounterSpec says which count a section shows and in which words.
type navCounterSpec struct {
	Key, Word, Spoken string
}

// The counter keys, shared by the page, the JSON of GET /beheer/tellers and console-nav.js.
const (
	countInboxNobody = "inbox-nobody" // conversations not closed that nobody has taken
	countInboxMine   = "inbox-mine"   // conversations not closed assigned to the staff member
	countChatWaiting = "chat-waiting" // chats waiting in the queue
	countMyTasks     = "tasks-mine"   // the staff member's tasks not done
	countRequests    = "requests-due" // the team's requests past or near their deadline
)

// consoleNav is the console navigation, in order. A capability with a new console section adds one line
// here; the home page (/beheer) lists every page in detail.
var consoleNav = []navSection{
	{Label: "Inbox", URL: "/beheer/inbox", roles: staffauth.Agents, prefixes: []string{"/beheer/gesprekken", "/beheer/sjablonen"},
		counters: []navCounterSpec{
			{countInboxNobody, "nieuw", "nog door niemand opgepakt"},
			{countInboxMine, "van mij", "aan mij toegewezen"},
		}},
	{Label: "Chat", URL: "/beheer/chat", roles: staffauth.Agents,
		counters: []navCounterSpec{{countChatWaiting, "wachten", "wachten in de chat"}}},
	{Label: "Registreren", URL: "/beheer/registreren", roles: staffauth.Agents},
	{Label: "Taken", URL: "/beheer/taken", roles: staffauth.AnyStaff,
		counters: []navCounterSpec{{countMyTasks, "open", "open taken voor mij"}}},
	{Label: "Aanvragen", URL: "/beheer/aanvragen", roles: staffauth.Handlers,
		counters: []navCounterSpec{{countRequests, "bijna te laat", "aanvragen van mijn team die bijna of al te laat zijn"}}},
	{Label: "Afspraken", URL: "/beheer/afspraken", roles: staffauth.Agents},
	{Label: "Kennisbank", URL: "/beheer/artikelen", roles: staffauth.Editors,
		prefixes: []string{"/beheer/nieuw-artikel", "/beheer/controle", "/beheer/links", "/beheer/synoniemen",
			"/beheer/redactie", "/beheer/thesaurus", "/beheer/zoeken", "/beheer/formulieren", "/beheer/landelijk"}},
	{Label: "Inzicht", URL: "/beheer/inzicht", roles: staffauth.InsightViewers, prefixes: []string{"/beheer/serviceniveaus"}},
	{Label: "Beheer", URL: "/beheer", roles: staffauth.AnyStaff},
}

// navRefreshSeconds is how often an open console page asks for new counts; a new chat or chat message
// makes it ask at once.
const navRefreshSeconds = 15

// navSections are the sections st may open, in order.
func navSections(st auth.Staff) []navSection {
	var list []navSection
	for _, s := range consoleNav {
		if st.Can(s.roles...) {
			list = append(list, s)
		}
	}
	return list
}

// currentSection is the URL of the section a path belongs to: the longest URL or prefix that starts it
// at a path boundary. "/beheer" itself is only the home page.
func currentSection(sections []navSection, path string) string {
	best, bestLen := "", 0
	for _, s := range sections {
		for _, p := range append([]string{s.URL}, s.prefixes...) {
			match := path == p || (p != "/beheer" && strings.HasPrefix(path, p+"/"))
			if match && len(p) > bestLen {
				best, bestLen = s.URL, len(p)
			}
		}
	}
	return best
}

// nav builds the navigation of a console page for the signed-in staff member, with the counts as they
// are now (a count that could not be read is left for the page's script); nil without a session.
func (h *Handler) nav(r *http.Request) *render.ConsoleNav {
	st, ok := auth.StaffFrom(r.Context())
	if !ok || st.TokenScope != "" {
		return nil
	}
	sections := navSections(st)
	counts := h.navCounts(r.Context(), st, sections)
	current := currentSection(sections, r.URL.Path)
	nav := &render.ConsoleNav{CountsURL: "/beheer/tellers", Refresh: navRefreshSeconds}
	for _, s := range sections {
		item := render.NavItem{Label: s.Label, URL: s.URL, Current: s.URL == current}
		for _, c := range s.counters {
			n, known := counts[c.Key]
			item.Counters = append(item.Counters, render.NavCounter{Key: c.Key, Word: c.Word, Spoken: c.Spoken, Count: n, Known: known})
		}
		nav.Items = append(nav.Items, item)
	}
	return nav
}
