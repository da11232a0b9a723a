package cli

import (
	"context"
	"flag"
	"fmt"

	"loket/internal/config"
	"loket/internal/kb"
	"loket/internal/store"
)

// runNationalImport stores the host's national base articles (one product article per UPL name, in the
// knowledge-base format) and brings every article that inherits one up to date, in the host's knowledge
// base and in every tenant's. A running deployment on PostgreSQL reindexes through the tenants' article
// notifications.
func runNationalImport(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	fs, err := parseFlags(e, "national import", args, &cfg, []string{"db"}, nil)
	if err != nil {
		return err
	}
	articles, err := readArticlesFile(e, fs, "national import")
	if err != nil {
		return err
	}
	host, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer host.Close()
	upls, err := kb.NewNational(host).Import(ctx, "import", articles)
	if err != nil {
		return fmt.Errorf("national import: %w", err)
	}
	followed, err := propagateToAll(ctx, cfg.DB, host, upls)
	fmt.Fprintf(e.stdout, "National texts: %d of %d changed; %d inheriting articles updated.\n", len(upls), len(articles), followed)
	return err
}

// propagateToAll applies national changes to the host's own knowledge base and every tenant's.
func propagateToAll(ctx context.Context, dsn string, host *store.Store, upls []string) (int, error) {
	if len(upls) == 0 {
		return 0, nil
	}
	total, err := kb.Propagate(ctx, upls, []*kb.Service{kb.NewService(host, host.Clock()).WithNational(host)})
	if err != nil {
		return total, err
	}
	tenants, err := host.Tenants(ctx)
	if err != nil {
		return total, err
	}
	for _, t := range tenants {
		st, err := store.OpenTenant(ctx, dsn, t.ID)
		if err != nil {
			return total, err
		}
		n, err := kb.Propagate(ctx, upls, []*kb.Service{kb.NewService(st, st.Clock()).WithNational(host)})
		st.Close()
		total += n
		if err != nil {
			return total, fmt.Errorf("tenant %s: %w", t.ID, err)
		}
	}
	return total, nil
}

// runKBInherit makes an article of this knowledge base (--tenant for a tenant's) that inherits the
// national base article of a UPL product.
func runKBInherit(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	var local kb.Article
	fs, err := parseFlags(e, "kb inherit", args, &cfg, []string{"db"}, func(fs *flag.FlagSet) {
		fs.StringVar(&local.ID, "id", "", "the article's id (default: the national article's)")
		fs.StringVar(&local.Owner, "owner", "", "the team that keeps the article current")
		fs.StringVar(&local.ReviewBy, "review-by", "", "review date, YYYY-MM-DD")
	})
	if err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, `usage: loket kb inherit [--db DB] [--tenant ID] --owner TEAM --review-by DATE "UPL NAME"`)
		return errUsage
	}
	host, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer host.Close()
	st := host
	if cfg.Tenant != "" {
		if st, err = openStore(ctx, cfg); err != nil {
			return err
		}
		defer st.Close()
	}
	saved, err := kb.NewService(st, st.Clock()).WithNational(host).Inherit(ctx, "import", fs.Arg(0), local)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "The article inherits the national text of %q (version %d).\n", fs.Arg(0), saved.Version)
	return nil
}
