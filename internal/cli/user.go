package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/problem"
	"loket/internal/store"
)

// system is who the command line acts as: an administrator without an account of its own.
var system = auth.Staff{Email: "system", Role: auth.RoleAdmin}

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
	return withAccounts(ctx, cfg, func(st *store.Store, acc *auth.Accounts) error {
		if err := addUser(ctx, acc, email, name, team, r, password); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Account %s created with role %s.\n", strings.ToLower(email), r)
		if generate {
			fmt.Fprintf(e.stdout, "Password: %s\n", password)
		}
		return nil
	})
}

func addUser(ctx context.Context, acc *auth.Accounts, email, name, team string, role auth.Role, password string) error {
	_, err := acc.Create(ctx, system.Email, auth.Account{Staff: auth.Staff{Email: email, Name: name, Role: role}, Team: team}, password)
	return explain(err)
}

// explain turns a problem into the message a person at the command line reads, fields included.
func explain(err error) error {
	if err == nil || problem.KindOf(err) == problem.Internal {
		return err
	}
	msg := problem.MessageOf(err)
	for field, m := range problem.FieldsOf(err) {
		msg += " " + field + ": " + m
	}
	return fmt.Errorf("%s", msg)
}

// withAccounts opens the store and the account service for one command.
func withAccounts(ctx context.Context, cfg config.Config, fn func(*store.Store, *auth.Accounts) error) error {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st, auth.NewAccounts(st.Accounts(), nil, cfg.Security.TokenMaxAge))
}

// accountCommand parses "COMMAND EMAIL [ARG]" and runs fn with the account.
func accountCommand(ctx context.Context, e env, name, usage string, args []string, wantArg bool,
	fn func(st *store.Store, acc *auth.Accounts, u store.StaffUser, arg string) error) error {
	var cfg config.Config
	args, email := splitFirstArg(args)
	arg := ""
	if wantArg {
		args, arg = splitFirstArg(args)
	}
	if _, err := parseFlags(e, name, args, &cfg, []string{"db"}, nil); err != nil {
		return err
	}
	if email == "" || (wantArg && arg == "") {
		fmt.Fprintln(e.stderr, "usage: loket "+usage)
		return errUsage
	}
	return withAccounts(ctx, cfg, func(st *store.Store, acc *auth.Accounts) error {
		u, err := st.StaffUserByEmail(ctx, email)
		if err != nil {
			return fmt.Errorf("no staff account %s: %w", email, err)
		}
		return explain(fn(st, acc, u, arg))
	})
}

func runUserDisable(ctx context.Context, e env, args []string) error {
	return accountCommand(ctx, e, "user disable", "user disable EMAIL [--db DB]", args, false,
		func(_ *store.Store, acc *auth.Accounts, u store.StaffUser, _ string) error {
			if err := acc.SetDisabled(ctx, system, u.ID, true); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Account %s is blocked; its sessions and API tokens have ended.\n", u.Email)
			return nil
		})
}

func runUserEnable(ctx context.Context, e env, args []string) error {
	return accountCommand(ctx, e, "user enable", "user enable EMAIL [--db DB]", args, false,
		func(_ *store.Store, acc *auth.Accounts, u store.StaffUser, _ string) error {
			if err := acc.SetDisabled(ctx, system, u.ID, false); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Account %s is unblocked.\n", u.Email)
			return nil
		})
}

func runUserRole(ctx context.Context, e env, args []string) error {
	return accountCommand(ctx, e, "user role", "user role EMAIL ROLE [--db DB]", args, true,
		func(_ *store.Store, acc *auth.Accounts, u store.StaffUser, role string) error {
			r, err := auth.ParseRole(role)
			if err != nil {
				return err
			}
			if err := acc.SetRole(ctx, system, u.ID, r); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Account %s now has role %s.\n", u.Email, r)
			return nil
		})
}

func runUserResetPassword(ctx context.Context, e env, args []string) error {
	return accountCommand(ctx, e, "user reset-password", "user reset-password EMAIL [--db DB]", args, false,
		func(_ *store.Store, acc *auth.Accounts, u store.StaffUser, _ string) error {
			password, err := acc.ResetPassword(ctx, system.Email, u.ID)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "New password for %s; its sessions and API tokens have ended. It is shown only once:\n%s\n", u.Email, password)
			return nil
		})
}

// runTokenCreate creates an API token for a staff member and prints it as the last line.
func runTokenCreate(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	var name, scope string
	var days int
	args, email := splitFirstArg(args)
	_, err := parseFlags(e, "token create", args, &cfg, []string{"db", "token-max-age"}, func(fs *flag.FlagSet) {
		fs.StringVar(&name, "name", "command line", "what the token is for")
		fs.StringVar(&scope, "scope", auth.ScopeWrite, "read (only reading) or write (reading and changing)")
		fs.IntVar(&days, "days", 90, "how many days the token works (at most --token-max-age)")
	})
	if err != nil {
		return err
	}
	if email == "" {
		fmt.Fprintln(e.stderr, "usage: loket token create EMAIL [--name NAME] [--scope read|write] [--days N] [--db DB]")
		return errUsage
	}
	return withAccounts(ctx, cfg, func(st *store.Store, acc *auth.Accounts) error {
		u, err := st.StaffUserByEmail(ctx, email)
		if err != nil {
			return fmt.Errorf("no staff account %s: %w", email, err)
		}
		token, t, err := acc.CreateToken(ctx, system.Email, u.ID, name, scope, time.Duration(days)*24*time.Hour)
		if err != nil {
			return explain(err)
		}
		fmt.Fprintf(e.stdout, "API token %d for %s (role %s, scope %s, until %s). It is shown only once:\n%s\n",
			t.ID, u.Email, u.Role, t.Scope, t.ExpiresAt.Format(time.DateOnly), token)
		return nil
	})
}

func runTokenList(ctx context.Context, e env, args []string) error {
	return accountCommand(ctx, e, "token list", "token list EMAIL [--db DB]", args, false,
		func(st *store.Store, _ *auth.Accounts, u store.StaffUser, _ string) error {
			list, err := st.APITokens(ctx, u.ID)
			if err != nil {
				return err
			}
			for _, t := range list {
				until := "90 days after creation"
				if !t.ExpiresAt.IsZero() {
					until = t.ExpiresAt.Format(time.DateOnly)
				}
				fmt.Fprintf(e.stdout, "%d\t%s\t%s\tuntil %s\n", t.ID, t.Name, t.Scope, until)
			}
			return nil
		})
}

func runTokenRevoke(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	args, idText := splitFirstArg(args)
	if _, err := parseFlags(e, "token revoke", args, &cfg, []string{"db"}, nil); err != nil {
		return err
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		fmt.Fprintln(e.stderr, "usage: loket token revoke ID [--db DB] (ID from token list)")
		return errUsage
	}
	return withAccounts(ctx, cfg, func(_ *store.Store, acc *auth.Accounts) error {
		if err := acc.RevokeToken(ctx, system, id); err != nil {
			return explain(err)
		}
		fmt.Fprintf(e.stdout, "API token %d is revoked.\n", id)
		return nil
	})
}

// splitFirstArg takes a leading positional argument (EMAIL) so flags may follow it.
func splitFirstArg(args []string) ([]string, string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[1:], args[0]
	}
	return args, ""
}
