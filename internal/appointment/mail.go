package appointment

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"loket/internal/kb"
	"loket/internal/payment"
)

// ProductInfo is what a resident reads about a product in the confirmation: from its article.
type ProductInfo struct {
	ID    string
	Title string
	Bring []string // "Wat moet u meenemen?"
	Cost  string
}

// Info reads the product articles of an appointment; a product without an article keeps its own title.
func (s *Service) Info(ctx context.Context, sched Schedule, products []string) ([]ProductInfo, error) {
	list := make([]ProductInfo, 0, len(products))
	for _, id := range products {
		p, _ := sched.Product(id)
		info := ProductInfo{ID: id, Title: p.Title}
		if s.articles != nil {
			art, err := s.articles.Article(ctx, id)
			switch {
			case err == nil:
				info.Bring, info.Cost = Section(art.Body, "Wat moet u meenemen"), art.Cost
				if info.Title == "" {
					info.Title = art.Title
				}
			case !errors.Is(err, kb.ErrNotFound):
				return nil, err
			}
		}
		list = append(list, info)
	}
	return list, nil
}

// Section returns the list items (or the lines) under the Markdown heading that starts with title.
func Section(body, title string) []string {
	var items []string
	in := false
	for _, line := range strings.Split(body, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "#") {
			in = strings.HasPrefix(strings.ToLower(strings.TrimLeft(t, "# ")), strings.ToLower(title))
			continue
		}
		if in && t != "" {
			items = append(items, strings.TrimSpace(strings.TrimLeft(t, "-*")))
		}
	}
	return items
}

// Details are the location and product information of an appointment, for its page.
func (s *Service) Details(ctx context.Context, a Appointment) (Location, []ProductInfo, error) {
	sched, err := s.store.AppointmentSchedule(ctx)
	if err != nil {
		return Location{}, nil, err
	}
	infos, err := s.Info(ctx, sched, a.Products)
	loc, _ := sched.Location(a.LocationID)
	return loc, infos, err
}

// CalendarFile is the appointment's calendar file (RFC 5545) with its change link, for download.
func (s *Service) CalendarFile(ctx context.Context, a Appointment, token string) ([]byte, error) {
	sched, err := s.store.AppointmentSchedule(ctx)
	if err != nil {
		return nil, err
	}
	l, err := s.letter(ctx, sched, a, token)
	if err != nil {
		return nil, err
	}
	return s.event(l, a.State == StateCancelled).ICS(), nil
}

// Summary names the products and persons: "Paspoort aanvragen, 4 personen".
func Summary(infos []ProductInfo, persons int) string {
	titles := make([]string, len(infos))
	for i, in := range infos {
		titles[i] = in.Title
	}
	who := "1 persoon"
	if persons != 1 {
		who = fmt.Sprintf("%d personen", persons)
	}
	return strings.Join(titles, " en ") + ", " + who
}

// letter holds the parts every appointment mail shares.
type letter struct {
	a     Appointment
	loc   Location
	infos []ProductInfo
	link  string
}

func (s *Service) letter(ctx context.Context, sched Schedule, a Appointment, token string) (letter, error) {
	infos, err := s.Info(ctx, sched, a.Products)
	if err != nil {
		return letter{}, err
	}
	loc, _ := sched.Location(a.LocationID)
	l := letter{a: a, loc: loc, infos: infos}
	if token != "" {
		l.link = s.ChangeLink(token)
	}
	return l, nil
}

// details is the block with what, when, where, what to bring and the cost.
func (l letter) details() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Waarvoor: %s\nDatum: %s\nTijd: %s tot %s uur\nWaar: %s, %s\nNummer van uw afspraak: %s\n",
		Summary(l.infos, l.a.Persons), DutchDate(l.a.Start), Clock(l.a.Start), Clock(l.a.End), l.loc.Name, l.loc.Address(), l.a.Reference)
	for _, in := range l.infos {
		if len(in.Bring) > 0 {
			fmt.Fprintf(&b, "\nNeem mee voor %s:\n", lower(in.Title))
			for _, item := range in.Bring {
				fmt.Fprintf(&b, "- %s\n", item)
			}
		}
	}
	var costs []string
	for _, in := range l.infos {
		if in.Cost != "" {
			costs = append(costs, fmt.Sprintf("- %s: %s", in.Title, in.Cost))
		}
	}
	switch {
	case l.a.PaidCents > 0:
		fmt.Fprintf(&b, "\nBetaald bij het maken van de afspraak: %s.\n", payment.Euro(l.a.PaidCents))
	case len(costs) > 0:
		fmt.Fprintf(&b, "\nKosten (per persoon, u betaalt aan de balie):\n%s\n", strings.Join(costs, "\n"))
	}
	return b.String()
}

func (l letter) changeText() string {
	if l.link == "" {
		return "Wilt u de afspraak wijzigen of afzeggen? Bel 14 0999.\n"
	}
	return "Wijzigen of afzeggen kan via deze link:\n" + l.link + "\n"
}

func (s *Service) compose(l letter, subject, intro string, ics bool, cancelled bool) Mail {
	body := fmt.Sprintf("Beste %s,\n\n%s\n\n%s\n%s\nMet vriendelijke groet,\n%s\n", l.a.Name, intro, l.details(), l.changeText(), s.mail.Municipality)
	if cancelled {
		body = fmt.Sprintf("Beste %s,\n\n%s\n\n%s\nMet vriendelijke groet,\n%s\n", l.a.Name, intro, l.details(), s.mail.Municipality)
	}
	m := Mail{To: l.a.Email, Subject: subject, Body: body}
	if ics {
		m.Attachments = []Attachment{{Filename: "afspraak.ics", ContentType: "text/calendar; charset=utf-8; method=" + icsMethod(cancelled),
			Data: s.event(l, cancelled).ICS()}}
	}
	return m
}

func icsMethod(cancelled bool) string {
	if cancelled {
		return "CANCEL"
	}
	return "PUBLISH"
}

// event is the calendar event of an appointment; its UID stays the same when it moves.
func (s *Service) event(l letter, cancelled bool) ICSEvent {
	domain := s.mail.Domain
	if domain == "" {
		domain = "loket.invalid"
	}
	desc := l.details()
	if l.link != "" && !cancelled {
		desc += "\nWijzigen of afzeggen: " + l.link
	}
	return ICSEvent{UID: "afspraak-" + l.a.Reference + "@" + domain, Sequence: l.a.Sequence, Stamp: s.now(),
		Start: l.a.Start, End: l.a.End, Summary: "Afspraak " + s.mail.Municipality + ": " + Summary(l.infos, l.a.Persons),
		Location: l.loc.Name + ", " + l.loc.Address(), Description: desc, URL: l.link, Cancelled: cancelled}
}

func (s *Service) confirmationMail(ctx context.Context, sched Schedule, a Appointment, token string) (Mail, error) {
	l, err := s.letter(ctx, sched, a, token)
	if err != nil {
		return Mail{}, err
	}
	return s.compose(l, "Uw afspraak op "+DutchDate(a.Start)+" om "+Clock(a.Start)+" uur",
		"U hebt een afspraak gemaakt. In de bijlage staat de afspraak voor uw agenda.", true, false), nil
}

func (s *Service) changeMail(ctx context.Context, sched Schedule, a Appointment, token string) (Mail, error) {
	l, err := s.letter(ctx, sched, a, token)
	if err != nil {
		return Mail{}, err
	}
	return s.compose(l, "Uw afspraak is verzet naar "+DutchDate(a.Start)+" om "+Clock(a.Start)+" uur",
		"Uw afspraak is verzet. Dit is de nieuwe tijd. De bijlage zet de afspraak in uw agenda op de nieuwe tijd.", true, false), nil
}

func (s *Service) cancelMail(ctx context.Context, sched Schedule, a Appointment, refund int64) (Mail, error) {
	l, err := s.letter(ctx, sched, a, "")
	if err != nil {
		return Mail{}, err
	}
	a.Sequence++
	l.a = a
	intro := "Uw afspraak is afgezegd. U hoeft niet te komen. Wilt u toch een afspraak? Maak dan een nieuwe afspraak op de website."
	switch {
	case refund > 0:
		intro += fmt.Sprintf(" U krijgt %s terug op de rekening waarmee u betaalde.", payment.Euro(refund))
	case a.PaidCents > 0:
		intro += " Het bedrag dat u betaalde, krijgt u niet terug: u zegde af na de uiterste tijd."
	}
	return s.compose(l, "Uw afspraak op "+DutchDate(a.Start)+" is afgezegd", intro, true, true), nil
}

// reminderMail is the reminder with a fresh change link: only the hashes of earlier links are kept, so
// the mail cannot repeat them; they keep working beside it.
func (s *Service) reminderMail(ctx context.Context, sched Schedule, a Appointment) (Mail, error) {
	token, hash := newToken()
	l, err := s.letter(ctx, sched, a, token)
	if err != nil {
		return Mail{}, err
	}
	m := s.compose(l, "Herinnering: morgen om "+Clock(a.Start)+" uur uw afspraak",
		"Morgen hebt u een afspraak bij de balie. Hieronder staat wat u moet meenemen.", false, false)
	m.Link = Link{Hash: hash, Expires: a.End}
	return m, nil
}
