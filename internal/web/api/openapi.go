package api

import (
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"loket/internal/auth"
	"loket/internal/contact"
	"loket/internal/kb"
	"loket/internal/web/respond"
	"loket/internal/web/staffauth"
)

// apiDoc documents one /api/v1 route. Every route in routes.go under /api/v1 needs one line here (a test
// checks it); the OpenAPI document at /api/v1/openapi.json is generated from this table.
type apiDoc struct {
	Route    string      // "METHOD /api/v1/path", as in routes.go
	Summary  string      // one line: what the route does
	Roles    []auth.Role // who may call it with a bearer token; nil for public routes
	Query    []string    // query parameters as "name: description"
	Body     any         // a value of the JSON request body type, or nil
	Response any         // a value of the JSON success body type (a struct, slice or map[string]any), or nil
	Status   int         // success status; 200 when zero
	Errors   []int       // error statuses besides 401/403 (added for staff routes) and 500
}

// apiDocs is the table of every /api/v1 route. Colleagues: add your route here with one line.
var apiDocs = []apiDoc{
	{Route: "GET /api/v1/appointments/slots", Summary: "Free counter appointment slots for products and persons (times in Europe/Amsterdam).",
		Query: []string{"products: product ids, comma-separated (paspoort,identiteitskaart)", "persons: number of persons (default 1)",
			"location: only this location (default every location)", "from: date YYYY-MM-DD or RFC 3339 time (default now)",
			"to: date or time, exclusive (default the booking horizon)"},
		Response: map[string]any{"slots": []apiSlot{}}, Errors: []int{404, 422, 429}},
	{Route: "POST /api/v1/appointments", Summary: "Book a counter appointment: 201 with its change link after the commit, 409 when the slot was taken meanwhile, 422 with a message per field. A staff token books on a caller's behalf. A product paid at booking gives state awaiting_payment with fee_cents and checkout_url: the time is held until hold_until and booked once the provider confirms the payment (503 when the provider cannot be reached).",
		Body: apiAppointmentBody{}, Response: apiAppointment{}, Status: http.StatusCreated, Errors: []int{400, 401, 409, 422, 429, 503}},
	{Route: "DELETE /api/v1/appointments/{token}", Summary: "Cancel an appointment with the secret of one of its change links; the slot is free again at once and every link of the appointment ends (404 afterwards). A cancellation before the cut-off refunds the product's share of what was paid at booking.",
		Status: http.StatusNoContent, Errors: []int{404, 409, 429}},
	{Route: "POST /api/v1/registrations", Summary: "Register a phone call or counter visit; result callback also makes a task and e-mails the team.",
		Roles: staffauth.Agents, Body: apiRegistrationBody{}, Response: apiRegistrationCreated{}, Status: http.StatusCreated, Errors: []int{400, 422}},
	{Route: "GET /api/v1/tasks", Summary: "Interne taken (callback requests), open first and by due time, 100 a page; next is the following page's URL.", Roles: staffauth.AnyStaff,
		Query:    []string{"team: only this team", "state: open, in_progress or done", "page: 1, 2, …"},
		Response: map[string]any{"tasks": []apiTeamTask{}, "next": "/api/v1/tasks?page=2"}, Errors: []int{400}},
	{Route: "PATCH /api/v1/tasks/{id}", Summary: "Move a task to open, in_progress or done.", Roles: staffauth.AnyStaff,
		Body: apiTaskState{}, Response: apiTeamTask{}, Errors: []int{400, 404, 422}},
	{Route: "POST /api/v1/tasks/{id}/state", Summary: "Move a task to open, in_progress or done (for clients without PATCH).", Roles: staffauth.AnyStaff,
		Body: apiTaskState{}, Response: apiTeamTask{}, Errors: []int{400, 404, 422}},
	{Route: "GET /api/v1/articles", Summary: "List published articles.", Query: []string{"theme: only this theme", "type: product or vac"},
		Response: map[string]any{"articles": []apiArticle{}}, Errors: []int{400}},
	{Route: "GET /api/v1/articles/{id}", Summary: "One article; with a staff token also drafts and the internal note.",
		Response: apiArticle{}, Errors: []int{401, 404}},
	{Route: "PUT /api/v1/articles/{id}", Summary: "Create (201) or update (200) an article in the import format; 422 lists every wrong field. \"state\": \"draft\" on a published article saves a concept beside it.", Roles: staffauth.Editors,
		Body: kb.Article{}, Response: apiArticle{}, Errors: []int{400, 413, 422}},
	{Route: "DELETE /api/v1/articles/{id}", Summary: "Delete an article; its versions stay for the audit trail.", Roles: staffauth.Editors,
		Status: http.StatusNoContent, Errors: []int{404}},
	{Route: "POST /api/v1/articles/{id}/offline", Summary: "Take an article offline (audited); its text and any concept stay.", Roles: staffauth.Editors,
		Response: apiArticleChange{}, Errors: []int{404}},
	{Route: "POST /api/v1/articles/{id}/online", Summary: "Put an article that was taken offline back with the text it had (audited).", Roles: staffauth.Editors,
		Response: apiArticleChange{}, Errors: []int{404, 422}},
	{Route: "POST /api/v1/articles/{id}/publish", Summary: "Publish the newest version (a concept) of an article.", Roles: staffauth.Editors,
		Response: apiArticleChange{}, Errors: []int{404, 422}},
	{Route: "POST /api/v1/articles/{id}/versions/{version}/restore", Summary: "Put an earlier version back as a concept; residents keep the published text.", Roles: staffauth.Editors,
		Response: apiArticleChange{}, Errors: []int{404, 422}},
	{Route: "GET /api/v1/articles/{id}/national", Summary: "How an article inherits its national text: the fields with the municipality's own text, and where the national text changed under them (old, new, local).", Roles: staffauth.Editors,
		Response: apiNational{}, Errors: []int{404}},
	{Route: "POST /api/v1/articles/{id}/national/take", Summary: "Take the national text over where it changed under the municipality's own text (a new version, audited).", Roles: staffauth.Editors,
		Response: apiArticleChange{}, Errors: []int{400, 404}},
	{Route: "POST /api/v1/articles/{id}/national/keep", Summary: "Keep the municipality's own text where the national text changed (audited).", Roles: staffauth.Editors,
		Response: apiArticleChange{}, Errors: []int{400, 404}},
	{Route: "POST /api/v1/national/inherit", Summary: "Create an article that inherits the national text of a UPL product; the team and review date are the municipality's.", Roles: staffauth.Editors,
		Body: apiInherit{}, Response: apiArticleChange{}, Status: http.StatusCreated, Errors: []int{400, 422}},
	{Route: "GET /api/v1/search", Summary: "Search the published articles.", Query: []string{"q: the question", "limit: at most this many results (1-50)"},
		Response: apiSearchResponse{}, Errors: []int{400}},
	{Route: "GET /api/v1/suggest", Summary: "Suggestions while typing a search.", Query: []string{"q: what was typed so far", "limit: at most this many (1-20)"},
		Response: map[string]any{"query": "", "suggestions": []apiSuggestion{}}, Errors: []int{400}},
	{Route: "GET /api/v1/me", Summary: "The staff member the token belongs to.", Roles: staffauth.AnyStaff,
		Response: map[string]any{"id": int64(0), "email": "", "name": "", "role": ""}},
	{Route: "GET /api/v1/openapi.json", Summary: "This OpenAPI document.", Response: map[string]any{}},
	{Route: "POST /api/v1/contact", Summary: "Ask a question, like the contact form: 201 after the commit, 422 with a message per field.",
		Body: contact.Question{}, Response: apiContactCreated{}, Status: http.StatusCreated, Errors: []int{400, 422, 429}},
	{Route: "GET /api/v1/conversations", Summary: "The inbox, one page at a time: every matching conversation is reachable through next (audit-logged).", Roles: staffauth.Agents,
		Query: []string{"q: a reference (VB-C-2026-000005), e-mail address, phone number, name or words",
			"state: new, open, waiting, closed, or active (everything not closed)", "channel: form, email, chat, whatsapp, phone or counter",
			"team: only this team", "assignee: me, none or a staff id",
			"sort: due (default: what breaches its service level first), oldest or newest",
			"cursor: from next of the previous page", "limit: 1-200 per page (default 50)"},
		Response: apiConversationPage{Conversations: []apiConversation{}, Next: new(string)}, Errors: []int{400}},
	{Route: "GET /api/v1/conversations/{id}", Summary: "A conversation with its messages and the three best answers, best first (audit-logged).", Roles: staffauth.Agents,
		Response: map[string]any{"conversation": apiConversation{}, "messages": []apiMessage{}, "suggestions": []apiAnswerSuggestion{}}, Errors: []int{404}},
	{Route: "POST /api/v1/conversations/{id}/replies", Summary: "Answer a conversation: said at once in a chat in progress, otherwise sent by its channel (e-mail through the outbox, with the files as attachments).", Roles: staffauth.Agents,
		Body: apiReplyBody{}, Response: apiReplyCreated{}, Status: http.StatusCreated, Errors: []int{400, 404, 409, 422}},
	{Route: "POST /api/v1/suggestions", Summary: "The three best knowledge-base answers to any text, best first.", Roles: staffauth.Agents,
		Body: apiTextBody{}, Response: map[string]any{"suggestions": []apiAnswerSuggestion{}}, Errors: []int{400, 422}},
	{Route: "GET /api/v1/products/{id}/form", Summary: "The online request form of a published product.",
		Response: apiForm{}, Errors: []int{404}},
	{Route: "POST /api/v1/requests", Summary: "Submit a request for a product; answered after the commit.",
		Body: apiRequestBody{}, Response: apiRequestCreated{}, Status: http.StatusCreated, Errors: []int{400, 422, 429}},
	{Route: "GET /api/v1/insight/channels", Summary: "Contacts per channel against staff, for a period.", Roles: staffauth.Managers,
		Query: []string{"from: first day (YYYY-MM-DD)", "to: last day (YYYY-MM-DD)"}, Response: apiChannels{}, Errors: []int{400}},
	{Route: "GET /api/v1/insight/tasks", Summary: "Top-task performance for a period.", Roles: staffauth.Managers,
		Query: []string{"from: first day (YYYY-MM-DD)", "to: last day (YYYY-MM-DD)"}, Response: map[string]any{"from": "", "to": "", "tasks": []any{}}, Errors: []int{400}},
	{Route: "GET /api/v1/insight/staffing", Summary: "Erlang C staffing: agents needed for a service level.", Roles: staffauth.Managers,
		Query: []string{"calls_per_hour: arrivals per hour (required)", "aht_seconds: average handling time (required)",
			"target: share answered in time, e.g. 0.8", "within_seconds: answer time target", "shrinkage: share of time not available, e.g. 0.3",
			"concurrency: contacts one agent handles at once"},
		Response: apiStaffing{}, Errors: []int{400}},
	{Route: "GET /api/v1/requests/{reference}", Summary: "Where a request stands and how much time is left.", Roles: staffauth.Handlers,
		Response: apiRequest{}, Errors: []int{404}},
	{Route: "GET /api/v1/requests/{reference}/payments", Summary: "The payments of a request's fee, with refunds.", Roles: staffauth.Handlers,
		Response: apiPayments{}, Errors: []int{404}},
	{Route: "POST /api/v1/requests/{reference}/refunds", Summary: "Refund (part of) the fee of a decided request, as the product's rules allow; audited.",
		Roles: staffauth.Handlers, Body: apiRefundBody{}, Response: apiPayments{}, Status: http.StatusCreated, Errors: []int{400, 404, 422}},
	{Route: "POST /api/v1/conversations/{id}/person", Summary: "Link a conversation to a resident (BSN) or company (KvK number), so it shows in their Mijn loket; the reason is audited.",
		Roles: staffauth.Agents, Body: apiPersonLinkBody{}, Response: apiPersonLinked{}, Errors: []int{400, 404, 422}},
	{Route: "POST /api/v1/requests/{reference}/bsn", Summary: "The full BSN of whoever made the request while logged in; the reason is audited.",
		Roles: staffauth.Handlers, Body: apiRevealBody{}, Response: apiRevealed{}, Errors: []int{400, 404, 422}},
	{Route: "GET /api/v1/payments/revenue", Summary: "Fees paid per product for a period.", Roles: staffauth.Managers,
		Query: []string{"from: first day (YYYY-MM-DD)", "to: last day (YYYY-MM-DD)"}, Response: apiRevenue{}, Errors: []int{400, 404}},
}

var openAPIDoc = sync.OnceValue(func() map[string]any { return buildOpenAPI(apiDocs) })

func (h *Handler) showOpenAPI(w http.ResponseWriter, r *http.Request) {
	// The document is built once and shared by every request: add the server to a copy, never to it.
	doc := maps.Clone(openAPIDoc())
	doc["servers"] = []any{map[string]any{"url": h.deps.BaseURL}}
	respond.JSON(w, http.StatusOK, doc)
}

var pathParams = regexp.MustCompile(`\{([^}]+)\}`)

// buildOpenAPI turns the table into an OpenAPI 3.1 document.
func buildOpenAPI(docs []apiDoc) map[string]any {
	paths := map[string]any{}
	for _, d := range docs {
		method, path, _ := strings.Cut(d.Route, " ")
		item, _ := paths[path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[path] = item
		}
		item[strings.ToLower(method)] = operation(d, path)
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "loket API", "version": "1",
			"description": "The JSON API of loket. Staff routes need `Authorization: Bearer TOKEN`; create a token in the console under API-tokens or with `loket token create`."},
		"paths": paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas":         map[string]any{"Error": schemaOf(reflect.TypeOf(respond.Error{}))},
		},
	}
}

func operation(d apiDoc, path string) map[string]any {
	op := map[string]any{"summary": d.Summary, "operationId": operationID(d.Route)}
	var params []any
	for _, m := range pathParams.FindAllStringSubmatch(path, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
	}
	for _, q := range d.Query {
		name, desc, _ := strings.Cut(q, ":")
		params = append(params, map[string]any{"name": strings.TrimSpace(name), "in": "query",
			"description": strings.TrimSpace(desc), "schema": map[string]any{"type": "string"}})
	}
	if params != nil {
		op["parameters"] = params
	}
	if d.Body != nil {
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
			"application/json": map[string]any{"schema": schemaOfValue(d.Body)}}}
	}
	status := d.Status
	if status == 0 {
		status = http.StatusOK
	}
	success := map[string]any{"description": http.StatusText(status)}
	if d.Response != nil {
		success["content"] = map[string]any{"application/json": map[string]any{"schema": schemaOfValue(d.Response)}}
	}
	responses := map[string]any{strconv.Itoa(status): success}
	errs := slices.Clone(d.Errors)
	if d.Roles != nil {
		var names []string
		for _, r := range d.Roles {
			names = append(names, string(r))
		}
		op["security"] = []any{map[string]any{"bearer": []any{}}}
		op["description"] = "Roles: " + strings.Join(names, ", ") + "."
		errs = append(errs, http.StatusUnauthorized, http.StatusForbidden)
	}
	for _, code := range append(errs, http.StatusInternalServerError) {
		responses[strconv.Itoa(code)] = map[string]any{"description": http.StatusText(code), "content": map[string]any{
			"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	}
	op["responses"] = responses
	return op
}

// operationID names an operation from its route: "PUT /api/v1/articles/{id}" becomes "put_articles_id".
func operationID(route string) string {
	method, path, _ := strings.Cut(route, " ")
	path = strings.TrimPrefix(path, "/api/v1/")
	path = strings.NewReplacer("{", "", "}", "", "/", "_", ".", "_", "-", "_").Replace(path)
	return strings.ToLower(method) + "_" + path
}

// schemaOfValue is the JSON Schema of a value: maps are described by their entries, the rest by type.
func schemaOfValue(v any) map[string]any {
	if m, ok := v.(map[string]any); ok {
		props := map[string]any{}
		var required []string
		for k, val := range m {
			props[k] = schemaOfValue(val)
			required = append(required, k)
		}
		slices.Sort(required)
		s := map[string]any{"type": "object", "properties": props}
		if len(required) > 0 {
			s["required"] = required
		}
		return s
	}
	return schemaOf(reflect.TypeOf(v))
}

var timeType = reflect.TypeOf(time.Time{})

// schemaOf describes a Go type as JSON Schema, following encoding/json's rules for field names.
func schemaOf(t reflect.Type) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t.Kind() == reflect.Pointer:
		s := schemaOf(t.Elem())
		s["type"] = []any{s["type"], "null"}
		return s
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem())}
	case reflect.Struct:
		props := map[string]any{}
		var required []string
		collectFields(t, props, &required)
		s := map[string]any{"type": "object", "properties": props}
		if len(required) > 0 {
			slices.Sort(required)
			s["required"] = required
		}
		return s
	}
	return map[string]any{}
}

// collectFields adds a struct's JSON fields; fields of embedded structs count unless an outer field
// has the same name, as in encoding/json.
func collectFields(t reflect.Type, props map[string]any, required *[]string) {
	var embedded []reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() && !f.Anonymous {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			embedded = append(embedded, f.Type)
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = schemaOf(f.Type)
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			*required = append(*required, name)
		}
	}
	for _, e := range embedded {
		inner := map[string]any{}
		var innerReq []string
		collectFields(e, inner, &innerReq)
		for k, v := range inner {
			if _, shadowed := props[k]; !shadowed {
				props[k] = v
				if slices.Contains(innerReq, k) {
					*required = append(*required, k)
				}
			}
		}
	}
}
