package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/tenant"
)

// hostList is a repeatable --host flag.
type hostList []string

func (h *hostList) String() string     { return strings.Join(*h, ",") }
func (h *hostList) Set(v string) error { *h = append(*h, v); return nil }

// runTenantAdd registers a municipality on this deployment through tenant.Service (the same checks as the
// host's console), creates its database (a SQLite file beside the host's, or a PostgreSQL schema) and, with
// --admin, its first administrator. A running loket serves it within a second.
func runTenantAdd(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	var hosts hostList
	var id, name, admin, prefix string
	_, err := parseFlags(e, "tenant add", args, &cfg, []string{"db"}, func(fs *flag.FlagSet) {
		fs.Var(&hosts, "host", "host name the municipality's site answers (repeat for more)")
		fs.StringVar(&name, "name", "", "name of the municipality, e.g. \"Gemeente A\"")
		fs.StringVar(&id, "id", "", "id of the tenant (default: from the name, e.g. gemeente-a)")
		fs.StringVar(&admin, "admin", "", "e-mail address of its first administrator (password printed)")
		fs.StringVar(&prefix, "prefix", "", "reference prefix of its questions and requests, 2-6 capitals, unique on the deployment")
	})
	if err != nil {
		return err
	}
	if id == "" {
		id = slug(name)
	}
	t := tenant.Tenant{ID: id, Name: name, Hosts: hosts}
	host, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer host.Close()
	svc := tenantService(host, cfg.DB)
	if err := svc.Add(ctx, "system", t, strings.ToUpper(prefix)); err != nil {
		return fmt.Errorf("%s", describe(err))
	}
	fmt.Fprintf(e.stdout, "Tenant %s (%s) added for %s.\n", t.ID, t.Name, strings.Join(t.Hosts, ", "))
	if admin != "" {
		st, err := store.OpenTenant(ctx, cfg.DB, t.ID)
		if err != nil {
			return err
		}
		defer st.Close()
		password := auth.GeneratePassword()
		if err := addUser(ctx, auth.NewAccounts(st.Accounts(), nil, 0), admin, "", "", auth.RoleAdmin, password); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Administrator %s. Password: %s\n", strings.ToLower(admin), password)
	}
	return nil
}

// tenantService is the service the host's console uses too, on the host's database.
func tenantService(host *store.Store, hostDSN string) *tenant.Service {
	return &tenant.Service{Admin: host, Setup: app.SetupTenant(hostDSN), Prefixes: app.TenantPrefixes(host, hostDSN)}
}

// runTenantChange runs one change of a tenant's registry entry: rename, add-host, remove-host, disable, enable.
func runTenantChange(action string) func(ctx context.Context, e env, args []string) error {
	return func(ctx context.Context, e env, args []string) error {
		var cfg config.Config
		args, id := splitFirstArg(args)
		arg := ""
		if action != "disable" && action != "enable" {
			args, arg = splitFirstArg(args)
		}
		if _, err := parseFlags(e, "tenant "+action, args, &cfg, []string{"db"}, nil); err != nil {
			return err
		}
		if id == "" || (action != "disable" && action != "enable" && arg == "") {
			fmt.Fprintln(e.stderr, "usage: loket tenant "+action+" ID"+map[bool]string{true: "", false: " VALUE"}[action == "disable" || action == "enable"]+" [--db DB]")
			return errUsage
		}
		host, err := store.Open(ctx, cfg.DB)
		if err != nil {
			return err
		}
		defer host.Close()
		svc := tenantService(host, cfg.DB)
		switch action {
		case "rename":
			err = svc.Rename(ctx, "system", id, arg)
		case "add-host":
			err = svc.AddHost(ctx, "system", id, arg)
		case "remove-host":
			err = svc.RemoveHost(ctx, "system", id, strings.ToLower(arg))
		case "disable":
			err = svc.SetDisabled(ctx, "system", id, true)
		case "enable":
			err = svc.SetDisabled(ctx, "system", id, false)
		}
		if errors.Is(err, problem.ErrNotFound) {
			return fmt.Errorf("there is no tenant %q here (or it has no such host name); \"loket tenant list\" shows them", id)
		}
		if err != nil {
			return fmt.Errorf("%s", describe(err))
		}
		fmt.Fprintf(e.stdout, "Tenant %s: %s done.\n", id, action)
		return nil
	}
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
		state := ""
		if t.Disabled {
			state = " (switched off)"
		}
		fmt.Fprintf(e.stdout, "%-24s %-30s %s%s\n", t.ID, t.Name, strings.Join(t.Hosts, ", "), state)
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
	for _, f := range []string{"id", "name", "hosts", "host", "prefix"} {
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
