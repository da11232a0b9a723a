package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"strings"

	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/store"
)

// runUserAdd creates a staff account. The password is read from the first line of standard input; with
// --generate (or empty input) a password is generated and printed.
func runUserAdd(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	var role, name, team string
	var generate bool
	args, email := splitFirstArg(args)
	_, err := parseFlags(e, "user add", args, &cfg, []string{"db"}, func(fs *flag.FlagSet) {
		fs.StringVar(&role, "role", "", "agent, editor, handler, manager or admin (required)")
		fs.StringVar(&name, "name", "", "display name")
		fs.StringVar(&team, "team", "", "team, e.g. \"Team Burgerzaken\"")
		fs.BoolVar(&generate, "generate", false, "generate a password instead of reading one from standard input")
	})
	if err != nil {
		return err
	}
	if email == "" || !strings.Contains(email, "@") {
		fmt.Fprintln(e.stderr, "usage: loket user add EMAIL --role ROLE [--name NAME] [--team TEAM] [--generate] [--db DB] < password")
		return errUsage
	}
	r, err := auth.ParseRole(role)
	if err != nil {
		return err
	}
	password := ""
	if !generate {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			generate = true
		}
		password = strings.TrimRight(line, "\r\n")
	}
	if generate || password == "" {
		password = auth.GeneratePassword()
		generate = true
	}
	st, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := addUser(ctx, st, email, name, team, r, password); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Account %s created with role %s.\n", strings.ToLower(email), r)
	if generate {
		fmt.Fprintf(e.stdout, "Password: %s\n", password)
	}
	return nil
}

func addUser(ctx context.Context, st *store.Store, email, name, team string, role auth.Role, password string) error {
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	_, err = st.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: email, Name: name, Role: role}, Team: team, PasswordHash: hash})
	if err != nil {
		return err
	}
	return st.Audit(ctx, store.AuditEntry{Actor: "system", Action: "create", ObjectType: "user", ObjectID: strings.ToLower(email), Detail: "role " + string(role)})
}

// runTokenCreate creates an API token for a staff member and prints it as the last line.
func runTokenCreate(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	var name string
	args, email := splitFirstArg(args)
	_, err := parseFlags(e, "token create", args, &cfg, []string{"db"}, func(fs *flag.FlagSet) {
		fs.StringVar(&name, "name", "command line", "what the token is for")
	})
	if err != nil {
		return err
	}
	if email == "" {
		fmt.Fprintln(e.stderr, "usage: loket token create EMAIL [--name NAME] [--db DB]")
		return errUsage
	}
	st, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.StaffUserByEmail(ctx, email)
	if err != nil {
		return fmt.Errorf("no staff account %s: %w", email, err)
	}
	token := auth.NewToken()
	if _, err := st.AddAPIToken(ctx, u.ID, name, auth.HashSecret(token)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "API token for %s (role %s). It is shown only once:\n%s\n", u.Email, u.Role, token)
	return nil
}

// splitFirstArg takes a leading positional argument (EMAIL) so flags may follow it.
func splitFirstArg(args []string) ([]string, string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[1:], args[0]
	}
	return args, ""
}
