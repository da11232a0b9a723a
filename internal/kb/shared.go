package kb

import "unique"

// Shared returns the article with its texts interned: a text that is the same in many knowledge bases
// (a national text that hundreds of tenants inherit) is then held in memory once, however many search
// indexes and caches keep the article. Interned texts are freed when no article uses them any more.
func (a Article) Shared() Article {
	for _, p := range []*string{&a.Title, &a.UPL, &a.Theme, &a.Summary, &a.Body, &a.Internal, &a.Cost, &a.LeadTime, &a.Owner, &a.ReviewBy} {
		*p = intern(*p)
	}
	for _, list := range [][]string{a.Audience, a.Keywords, a.Channels, a.Related, a.Questions} {
		for i := range list {
			list[i] = intern(list[i])
		}
	}
	if a.English != nil {
		e := EnglishText{Title: intern(a.English.Title), Summary: intern(a.English.Summary), Body: intern(a.English.Body)}
		a.English = &e
	}
	return a
}

func intern(s string) string {
	if s == "" {
		return ""
	}
	return unique.Make(s).Value()
}
