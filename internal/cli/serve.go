package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/demo"
	"loket/internal/kb"
	"loket/internal/store"
)

func runServe(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	if _, err := parseFlags(e, "serve", args, &cfg, nil, nil); err != nil {
		return err
	}
	return serve(ctx, e, cfg)
}

func serve(ctx context.Context, e env, cfg config.Config) error {
	log := newLogger(e.stderr, cfg.LogLevel)
	d, err := app.OpenDeployment(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Serve(ctx)
}

// runDemo starts from a fresh demo database: it removes the SQLite file, imports the bundled knowledge
// base and serves. On PostgreSQL it imports into the given database without removing anything.
func runDemo(ctx context.Context, e env, args []string) error {
	cfg := config.Config{DB: "loket-demo.db"}
	if _, err := parseFlags(e, "demo", args, &cfg, nil, nil); err != nil {
		return err
	}
	if cfg.SMTPAddr == "" && e.getenv("LOKET_SMTP_ADDR") == "" {
		cfg.SMTPAddr = "127.0.0.1:2525" // the demo receives e-mail for info@voorbeeld.nl
	}
	if !store.IsPostgresURL(cfg.DB) {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(cfg.DB + suffix); err != nil && !os.IsNotExist(err) {
				return err
			}
		}
	}
	// The demo's test login (DigiD, eHerkenning, staff SSO with test persons); only here, never in serve.
	testLogin, err := demo.StartTestLogin(cfg.BaseURL, "")
	if err != nil {
		return err
	}
	defer testLogin.Close()
	testLogin.Configure(&cfg)
	if err := loadDemo(ctx, e, cfg); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\nTest login (test DigiD, eHerkenning and staff SSO, at the test broker %s):\n"+
		"  residents: %s/inloggen  (Jan Jansen, BSN 999993653; Piet Bakker, KvK 90001234; ...)\n"+
		"  staff:     %s/beheer/inloggen, \"Inloggen met het account van uw organisatie\" (Mira Medewerker gets the role handler)\n",
		testLogin.Provider.Issuer, cfg.BaseURL, cfg.BaseURL)
	fmt.Fprintf(e.stdout, "Demo van gemeente Voorbeeld: %s\n", cfg.BaseURL)
	return serve(ctx, e, cfg)
}

func loadDemo(ctx context.Context, e env, cfg config.Config) error {
	st, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	articles, err := kb.ParseImport(bytesReader(demo.KnowledgeBase))
	if err != nil {
		return fmt.Errorf("bundled demo knowledge base: %w", err)
	}
	res, err := kb.NewService(st, st.Clock()).Import(ctx, "demo", articles)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Demo knowledge base: %d articles created, %d updated.\n", res.Created, res.Updated)
	forms, err := demo.RequestForms()
	if err != nil {
		return fmt.Errorf("bundled demo request forms: %w", err)
	}
	if cfg.DemoTestLogin {
		demo.RequireLogin(forms) // the parking permit asks for DigiD Midden, the terrace permit for eHerkenning
	}
	for _, f := range forms {
		if err := st.SaveRequestForm(ctx, f, "demo"); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "Demo request forms: %d products can be requested online.\n", len(forms))
	linked, err := demo.LoadNational(ctx, st) // national content: the host's base texts, inherited
	if err != nil {
		return fmt.Errorf("demo national texts: %w", err)
	}
	fmt.Fprintf(e.stdout, "Demo national texts: %d articles inherit a national text (/beheer/landelijk).\n", linked)
	if err := demo.SaveMunicipality(ctx, st); err != nil {
		return fmt.Errorf("demo municipality settings: %w", err)
	}
	activity, err := demo.LoadActivity(ctx, st, st.Clock()())
	if err != nil {
		return fmt.Errorf("demo activity: %w", err)
	}
	fmt.Fprintf(e.stdout, "Demo activity: %d tasks, %d recorded events, %d searches, %d survey votes.\n",
		activity.Tasks, activity.Events, activity.Searches, activity.Votes)
	appointments, err := demo.LoadAppointments(ctx, st, st.Clock()())
	if err != nil {
		return fmt.Errorf("demo appointments: %w", err)
	}
	fmt.Fprintf(e.stdout, "Demo appointments: %d locations, %d desks, %d counter products, %d bookings (/afspraak).\n",
		appointments.Locations, appointments.Desks, appointments.Products, appointments.Booked)
	return addDemoStaff(ctx, e, st)
}

// demoStaff are the demo's staff accounts, one per role, with passwords generated on every start.
var demoStaff = []struct {
	email, name, team string
	role              auth.Role
}{
	{"kcc@voorbeeld.nl", "Karin Klantcontact", "Team Klantcontact", auth.RoleAgent},
	{"redacteur@voorbeeld.nl", "Ravi Redactie", "Team Online", auth.RoleEditor},
	{"behandelaar@voorbeeld.nl", "Bo Behandelaar", "Team Vergunningen", auth.RoleHandler},
	{"manager@voorbeeld.nl", "Mira Manager", "Team Klantcontact", auth.RoleManager},
	{"beheerder@voorbeeld.nl", "Ben Beheer", "Team Informatiebeheer", auth.RoleAdmin},
}

func addDemoStaff(ctx context.Context, e env, st *store.Store) error {
	fmt.Fprintln(e.stdout, "\nLog in on /beheer/inloggen with one of these demo accounts:")
	for _, u := range demoStaff {
		password := auth.GeneratePassword()
		existing, err := st.StaffUserByEmail(ctx, u.email)
		switch {
		case err == nil:
			hash, herr := auth.HashPassword(password)
			if herr != nil {
				return herr
			}
			err = st.SetStaffPassword(ctx, existing.ID, hash)
		case errors.Is(err, store.ErrNotFound):
			err = addUser(ctx, auth.NewAccounts(st.Accounts(), nil, 0), u.email, u.name, u.team, u.role, password)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "  %-10s %-26s %s\n", u.role, u.email, password)
	}
	return nil
}
