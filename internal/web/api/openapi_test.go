package api

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// apiRoutePattern finds the /api/v1 routes registered in routes.go.
var apiRoutePattern = regexp.MustCompile(`"((?:GET|POST|PUT|PATCH|DELETE) /api/v1/[^"]*)"`)

// TestEveryAPIRouteIsDocumented fails when a route in routes.go has no line in apiDocs, or the other way
// round, so the OpenAPI document cannot fall behind the routes.
func TestEveryAPIRouteIsDocumented(t *testing.T) {
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	var registered []string
	for _, m := range apiRoutePattern.FindAllStringSubmatch(string(src), -1) {
		registered = append(registered, m[1])
	}
	if len(registered) < 5 {
		t.Fatalf("found only %d API routes in routes.go; did the pattern break?", len(registered))
	}
	var documented []string
	for _, d := range apiDocs {
		documented = append(documented, d.Route)
	}
	for _, r := range registered {
		if !slices.Contains(documented, r) {
			t.Errorf("%s is in routes.go but not in apiDocs (openapi.go): add one line for it", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(registered, d) {
			t.Errorf("%s is in apiDocs but not registered in routes.go", d)
		}
	}
}

func TestOpenAPIDocument(t *testing.T) {
	b, err := json.Marshal(buildOpenAPI(apiDocs))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Security   []map[string]any `json:"security"`
			Parameters []struct {
				Name, In string
			} `json:"parameters"`
			RequestBody *struct {
				Content map[string]struct {
					Schema struct {
						Properties map[string]any `json:"properties"`
						Required   []string       `json:"required"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"requestBody"`
			Responses map[string]any `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	put := doc.Paths["/api/v1/articles/{id}"]["put"]
	if put.Security == nil || put.Responses["401"] == nil || put.Responses["403"] == nil || put.Responses["422"] == nil {
		t.Errorf("PUT article must need a token and document 401, 403 and 422: %+v", put)
	}
	if len(put.Parameters) != 1 || put.Parameters[0].Name != "id" || put.Parameters[0].In != "path" {
		t.Errorf("PUT article path parameter: %+v", put.Parameters)
	}
	body := put.RequestBody.Content["application/json"].Schema
	for _, field := range []string{"id", "title", "body", "internal", "review_by", "owner", "state"} {
		if body.Properties[field] == nil {
			t.Errorf("article body schema lacks %q", field)
		}
	}
	if slices.Contains(body.Required, "state") || !slices.Contains(body.Required, "title") {
		t.Errorf("required fields %v: state is optional, title is not", body.Required)
	}
	get := doc.Paths["/api/v1/articles"]["get"]
	if get.Security != nil || len(get.Parameters) != 2 {
		t.Errorf("public list: security %v, parameters %+v", get.Security, get.Parameters)
	}
	if got := doc.Paths["/api/v1/articles/{id}"]["delete"].Responses["204"]; got == nil {
		t.Error("DELETE article must document 204")
	}
	if !strings.Contains(string(b), `"bearer"`) {
		t.Error("no bearer security scheme")
	}
}
