package kb

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// National content: the host of a shared deployment keeps one national base article per UPL product (the
// national product list). A tenant's article can inherit one: the tenant's row then holds the national
// text composed with the tenant's local overrides, field by field (ComposeNational). The tenant keeps its
// own id, owner team, review date, internal note, related articles and state; every other public field
// is national until the tenant changes it.

// NationalArticle is the host's base article of one UPL product, with its version.
type NationalArticle struct {
	Article   Article // type product; its UPL names the product and is the key
	Version   int
	UpdatedAt time.Time
}

// NationalVersion is one saved state of a national article.
type NationalVersion struct {
	UPL       string
	Version   int
	Author    string
	CreatedAt time.Time
	Article   Article
}

// Inheritance says that a tenant's article inherits the national article of a UPL product: the national
// version its row was last composed with, and for every field the tenant overrides, the national text
// the override was made against (Bases). A field without a base is the national text.
type Inheritance struct {
	ArticleID       string
	UPL             string
	NationalVersion int
	Bases           map[string]string
}

// Overrides returns the fields the tenant overrides, in the order of NationalFields.
func (in Inheritance) Overrides() []string {
	var out []string
	for _, f := range NationalFields {
		if _, ok := in.Bases[f.Name]; ok {
			out = append(out, f.Name)
		}
	}
	return out
}

// NationalField is one field of an article that a tenant inherits from the national article unless it
// overrides it.
type NationalField struct {
	Name  string // the field's name in the import format
	Label string // what editors call it
	text  func(a *Article) string
	copy  func(dst *Article, src *Article)
}

// Text is the field's value as one text, for comparing and for showing a diff (lists one item a line).
func (f NationalField) Text(a Article) string { return f.text(&a) }

// NationalFields are the fields a tenant inherits, in the order the editor shows them.
var NationalFields = []NationalField{
	{"title", "Titel", func(a *Article) string { return a.Title }, func(d, s *Article) { d.Title = s.Title }},
	{"summary", "Samenvatting", func(a *Article) string { return a.Summary }, func(d, s *Article) { d.Summary = s.Summary }},
	{"body", "Tekst", func(a *Article) string { return a.Body }, func(d, s *Article) { d.Body = s.Body }},
	{"cost", "Kosten", func(a *Article) string { return a.Cost }, func(d, s *Article) { d.Cost = s.Cost }},
	{"lead_time", "Doorlooptijd", func(a *Article) string { return a.LeadTime }, func(d, s *Article) { d.LeadTime = s.LeadTime }},
	{"deadline_days", "Wettelijke termijn in dagen", func(a *Article) string { return days(a.DeadlineDays) },
		func(d, s *Article) { d.DeadlineDays = s.DeadlineDays }},
	{"theme", "Thema", func(a *Article) string { return a.Theme }, func(d, s *Article) { d.Theme = s.Theme }},
	{"audience", "Doelgroep", func(a *Article) string { return lines(a.Audience) },
		func(d, s *Article) { d.Audience = slices.Clone(s.Audience) }},
	{"channels", "Aanvragen via", func(a *Article) string { return lines(a.Channels) },
		func(d, s *Article) { d.Channels = slices.Clone(s.Channels) }},
	{"keywords", "Zoekwoorden", func(a *Article) string { return lines(a.Keywords) },
		func(d, s *Article) { d.Keywords = slices.Clone(s.Keywords) }},
	{"questions", "Zo vragen inwoners het", func(a *Article) string { return lines(a.Questions) },
		func(d, s *Article) { d.Questions = slices.Clone(s.Questions) }},
	{"english", "Engelse tekst", englishField, func(d, s *Article) {
		d.English = nil
		if s.English != nil {
			e := *s.English
			d.English = &e
		}
	}},
}

// NationalFieldByName returns the inherited field called name.
func NationalFieldByName(name string) (NationalField, bool) {
	i := slices.IndexFunc(NationalFields, func(f NationalField) bool { return f.Name == name })
	if i < 0 {
		return NationalField{}, false
	}
	return NationalFields[i], true
}

func days(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func lines(list []string) string { return strings.Join(list, "\n") }

func englishField(a *Article) string {
	if a.English == nil {
		return ""
	}
	return strings.TrimSpace(a.English.Title + "\n\n" + a.English.Summary + "\n\n" + a.English.Body)
}

// ComposeNational is the article a tenant publishes: local with every inherited field that it does not
// override (in.Bases) taken from the national article. The tenant's own fields (id, owner team, review
// date, internal note, related articles, state) stay local; type and UPL are the national product's.
func ComposeNational(national Article, local Article, in Inheritance) Article {
	out := local
	out.Type, out.UPL = TypeProduct, national.UPL
	for _, f := range NationalFields {
		if _, overridden := in.Bases[f.Name]; !overridden {
			f.copy(&out, &national)
		}
	}
	return out
}

// overridesOf works out which fields of a tenant's text a differ from the national article now: those are
// its overrides. A field that was overridden keeps the national text it was based on; a field newly
// overridden is based on the national text of now; a field equal to the national text is inherited again.
func overridesOf(a, national Article, before map[string]string) map[string]string {
	bases := map[string]string{}
	for _, f := range NationalFields {
		now := f.Text(national)
		if f.Text(a) == now {
			continue
		}
		if base, ok := before[f.Name]; ok {
			bases[f.Name] = base
		} else {
			bases[f.Name] = now
		}
	}
	return bases
}

// NationalChange is one overridden field whose national text changed since the tenant's override was
// made or last kept: the national text then, the national text now, and the tenant's own text.
type NationalChange struct {
	Field       string
	Label       string
	OldNational string
	NewNational string
	Local       string
}

// NationalStatus is how a tenant's article relates to its national article, for the editor.
type NationalStatus struct {
	Inherited bool
	UPL       string
	Version   int      // the national article's version now
	Overrides []string // labels of the fields the tenant has its own text for
	Changes   []NationalChange
}

// Changed reports whether the national text changed under one of the tenant's overrides.
func (st NationalStatus) Changed() bool { return len(st.Changes) > 0 }

// pendingChanges lists the overridden fields whose national text moved away from the override's base.
func pendingChanges(a, national Article, in Inheritance) []NationalChange {
	var out []NationalChange
	for _, f := range NationalFields {
		base, ok := in.Bases[f.Name]
		if !ok {
			continue
		}
		if now := f.Text(national); now != base {
			out = append(out, NationalChange{Field: f.Name, Label: f.Label, OldNational: base, NewNational: now, Local: f.Text(a)})
		}
	}
	return out
}
