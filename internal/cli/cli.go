// Package cli implements loket's command line: serve, demo, kb import/export and the staff commands.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"loket/internal/app"
	"loket/internal/config"
)

// env bundles what a command reads and writes, so tests run commands in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

type command struct {
	name, usage string
	run         func(ctx context.Context, e env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "start the web server", runServe},
		{"demo", "start with a fresh demo database of gemeente Voorbeeld", runDemo},
		{"kb import", "import a knowledge-base JSON file (upsert by id, all or nothing)", runKBImport},
		{"kb export", "write the knowledge base as JSON to standard output", runKBExport},
		{"eval search", "print search quality figures: eval search [--queries FILE] [--messages FILE] [-v]", runEvalSearch},
		{"user add", "create a staff account: user add EMAIL --role ROLE (password on standard input)", runUserAdd},
		{"token create", "create an API token: token create EMAIL [--scope read|write] [--days N] (printed as the last line)", runTokenCreate},
		// account life cycle (harden): every change is audited as "system"
		{"user disable", "block an account, ending its sessions and tokens: user disable EMAIL", runUserDisable},
		{"user enable", "unblock an account: user enable EMAIL", runUserEnable},
		{"user role", "change an account's role: user role EMAIL ROLE", runUserRole},
		{"user reset-password", "give an account a new password (printed), ending its sessions and tokens: user reset-password EMAIL", runUserResetPassword},
		{"token list", "list an account's API tokens: token list EMAIL", runTokenList},
		{"token revoke", "revoke an API token by its number: token revoke ID", runTokenRevoke},
		{"tenant add", "add a municipality to this deployment: tenant add --host HOST --name NAME [--id ID] [--admin EMAIL]", runTenantAdd},
		{"tenant list", "list the municipalities of this deployment with their host names", runTenantList},
		{"tenant rename", "give a municipality another name: tenant rename ID NAME", runTenantChange("rename")},
		{"tenant add-host", "let a municipality answer another host name: tenant add-host ID HOST", runTenantChange("add-host")},
		{"tenant remove-host", "take a host name from a municipality (not its last): tenant remove-host ID HOST", runTenantChange("remove-host")},
		{"tenant disable", "switch a municipality off; its host names answer a neutral page: tenant disable ID", runTenantChange("disable")},
		{"tenant enable", "switch a municipality on again: tenant enable ID", runTenantChange("enable")},
		// national content: the host's base texts per UPL product, inherited by tenants
		{"national import", "store the host's national base articles (one per UPL product) and update every article that inherits them", runNationalImport},
		{"kb inherit", `make an article that inherits the national text of a UPL product: kb inherit --owner TEAM --review-by DATE "UPL"`, runKBInherit},
	}
}

// errUsage means the command line was wrong; the message has been printed.
var errUsage = errors.New("usage")

// Run executes one command and returns the process exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	e := env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	for _, c := range commands() {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == c.name {
			err := c.run(ctx, e, args[len(words):])
			switch {
			case err == nil:
				return 0
			case errors.Is(err, errUsage), errors.Is(err, flag.ErrHelp):
				return 2
			default:
				fmt.Fprintf(stderr, "loket %s: %v\n", c.name, err)
				return 1
			}
		}
	}
	printUsage(stderr)
	if len(args) == 1 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
		return 0
	}
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "Usage: loket COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.usage)
	}
	fmt.Fprintln(w, "\nEvery command takes --db (or LOKET_DB). Run \"loket COMMAND --help\" for its flags.")
}

// parseFlags parses a command's flags and loads the settings it uses from the environment.
func parseFlags(e env, name string, args []string, cfg *config.Config, settings []string, extra func(*flag.FlagSet)) (*flag.FlagSet, error) {
	fs := flag.NewFlagSet("loket "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	if slices.Contains(settings, "db") && !strings.HasPrefix(name, "tenant ") {
		settings = append(slices.Clone(settings), "tenant") // every command on a database can work on one tenant
	}
	config.Register(fs, cfg, settings...)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	// Every bad value at once: the settings config parses and those a capability parses.
	if err := errors.Join(config.Load(cfg, e.getenv), app.CheckSettings(*cfg)); err != nil {
		return nil, err
	}
	return fs, nil
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	l.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
