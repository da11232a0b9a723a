package cli

import (
	"context"
	"flag"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/municipality"
	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/tenant"
)

// hostList is a repeatable --host flag.
type hostList []string

func (h *hostList) String() string     { return strings.Join(*h, ",") }
func (h *hostList) Set(v string) error { *h = append(*h, v); return nil }

// runTenantAdd registers a municipality on this deployment, creates its database (a SQLite file beside the
// host's, or a PostgreSQL schema) and, with --admin, its first administrator. A running loket serves it
// within a second.
func runTenantAdd(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	var hosts hostList
	var id, name, admin string
	_, err := parseFlags(e, "tenant add", args, &cfg, []string{"db"}, func(fs *flag.FlagSet) {
		fs.Var(&hosts, "host", "host name the municipality's site answers (repeat for more)")
		fs.StringVar(&name, "name", "", "name of the municipality, e.g. \"Gemeente A\"")
		fs.StringVar(&id, "id", "", "id of the tenant (default: from the name, e.g. gemeente-a)")
		fs.StringVar(&admin, "admin", "", "e-mail address of its first administrator (password printed)")
	})
	if err != nil {
		return err
	}
	if id == "" {
		id = slug(name)
	}
	t := tenant.Tenant{ID: id, Name: name, Hosts: hosts}
	if err := t.Validate(); err != nil {
		return fmt.Errorf("%s", describe(err))
	}
	host, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer host.Close()
	if err := host.AddTenant(ctx, t); err != nil {
		return fmt.Errorf("%s", describe(err))
	}
	// The tenant's database is created and migrated now, so that it is ready when the server picks it up.
	st, err := store.OpenTenant(ctx, cfg.DB, t.ID)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := host.Audit(ctx, store.AuditEntry{Actor: "system", Action: "create", ObjectType: "tenant", ObjectID: t.ID,
		Detail: "hosts " + strings.Join(t.Hosts, ", ")}); err != nil {
		return err
	}
	// The tenant starts with its own name; its administrator sets the rest at Beheer → Gemeente.
	svc, err := municipality.NewService(ctx, st, nil)
	if err != nil {
		return err
	}
	set := svc.Current()
	set.Name, set.MailFromName = t.Name, t.Name
	if err := svc.Save(ctx, "system", set); err != nil {
		return fmt.Errorf("%s", describe(err))
	}
	fmt.Fprintf(e.stdout, "Tenant %s (%s) added for %s.\n", t.ID, t.Name, strings.Join(t.Hosts, ", "))
	if admin != "" {
		password := auth.GeneratePassword()
		if err := addUser(ctx, auth.NewAccounts(st.Accounts(), nil, 0), admin, "", "", auth.RoleAdmin, password); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Administrator %s. Password: %s\n", strings.ToLower(admin), password)
	}
	return nil
}

// runTenantList prints the tenants with their host names.
func runTenantList(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	if _, err := parseFlags(e, "tenant list", args, &cfg, []string{"db"}, nil); err != nil {
		return err
	}
	host, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer host.Close()
	list, err := host.Tenants(ctx)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "No tenants: this loket serves one municipality on every host name.")
	}
	for _, t := range list {
		fmt.Fprintf(e.stdout, "%-24s %-30s %s\n", t.ID, t.Name, strings.Join(t.Hosts, ", "))
	}
	return nil
}

// describe writes a problem for the command line: its message and each field's.
func describe(err error) string {
	fields := problem.FieldsOf(err)
	if len(fields) == 0 {
		return problem.MessageOf(err)
	}
	var parts []string
	for _, f := range []string{"id", "name", "hosts"} {
		if msg := fields[f]; msg != "" {
			parts = append(parts, "--"+strings.TrimSuffix(f, "s")+": "+msg)
		}
	}
	return strings.Join(parts, "; ")
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug makes a tenant id from a name: "Gemeente Súdwest-Fryslân" → "gemeente-sudwest-fryslan".
func slug(name string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, _ := transform.String(t, strings.ToLower(name))
	return strings.Trim(nonSlug.ReplaceAllString(folded, "-"), "-")
}

// openStore opens the database a command works on: the installation's, or with --tenant that tenant's.
func openStore(ctx context.Context, cfg config.Config) (*store.Store, error) {
	if cfg.Tenant == "" {
		return store.Open(ctx, cfg.DB)
	}
	host, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	list, err := host.Tenants(ctx)
	host.Close()
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(list, func(t tenant.Tenant) bool { return t.ID == cfg.Tenant }) {
		return nil, fmt.Errorf("there is no tenant %q here; \"loket tenant list\" shows them", cfg.Tenant)
	}
	return store.OpenTenant(ctx, cfg.DB, cfg.Tenant)
}
