package demo

import (
	"context"

	"loket/internal/municipality"
	"loket/internal/store"
)

// Municipality is who the demo is for: gemeente Voorbeeld, set through the same settings an administrator
// uses in the console.
func Municipality() municipality.Settings {
	s := municipality.Defaults()
	s.Name, s.ShortName = "Gemeente Voorbeeld", "Voorbeeld"
	s.Colours = municipality.Colours{Primary: "#5c2d91", PrimaryText: "#ffffff", Link: "#5c2d91"}
	s.Contact = municipality.Contact{Phone: "14 0999", PhoneHours: "ma-vr 08:30-17:00",
		Address: "het Stadhuis, Marktplein 1, Voorbeeld", CounterHours: "ma-vr 09:00-16:00; do 18:00-20:00",
		ChatHours: "ma-vr 09:00-17:00", WhatsApp: "06 12345678", Email: "info@voorbeeld.nl"}
	s.AnswerDays = 5
	s.QuestionPrefix, s.RequestPrefix = "VB", "VB"
	s.MailFromName, s.MailFromUser, s.MailDomain = "Gemeente Voorbeeld", "info", "voorbeeld.nl"
	s.TopTasks = []string{"paspoort", "verhuizing-doorgeven", "grofvuil", "parkeervergunning", "rijbewijs",
		"uittreksel-brp", "afspraak-maken", "identiteitskaart"}
	return s
}

// SaveMunicipality sets gemeente Voorbeeld's name, contact details and top tasks through the settings
// service, as an administrator would; the top tasks must be imported (published) first.
func SaveMunicipality(ctx context.Context, st *store.Store) error {
	svc, err := municipality.NewService(ctx, st, func(ctx context.Context, id string) bool {
		a, err := st.Article(ctx, id)
		return err == nil && a.Published()
	})
	if err != nil {
		return err
	}
	return svc.Save(ctx, "demo", Municipality())
}
