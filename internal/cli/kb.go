package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"loket/internal/config"
	"loket/internal/kb"
	"loket/internal/store"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// runKBImport imports a file (or "-" for standard input) through the knowledge-base service, which checks
// every rule the console checks; nothing changes when any item is invalid, and every wrong item is listed.
func runKBImport(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	fs, err := parseFlags(e, "kb import", args, &cfg, []string{"db"}, nil)
	if err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, "usage: loket kb import [--db DB] FILE   (FILE may be - for standard input)")
		return errUsage
	}
	in := e.stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	articles, err := kb.ParseImport(in)
	if err != nil {
		return fmt.Errorf("nothing imported: %w", err)
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	national := st // national content: an inheriting article's own fields follow the import
	if cfg.Tenant != "" {
		host, err := store.Open(ctx, cfg.DB)
		if err != nil {
			return err
		}
		defer host.Close()
		national = host
	}
	res, err := kb.NewService(st, st.Clock()).WithNational(national).Import(ctx, "import", articles)
	if err != nil {
		return fmt.Errorf("nothing imported: %w", err)
	}
	fmt.Fprintf(e.stdout, "Imported %d articles: %d created, %d updated, %d unchanged.\n",
		len(articles), res.Created, res.Updated, res.Unchanged)
	return nil
}

func runKBExport(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	var published bool
	_, err := parseFlags(e, "kb export", args, &cfg, []string{"db"}, func(fs *flag.FlagSet) {
		fs.BoolVar(&published, "published", false, "export only published articles")
	})
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	articles, err := st.ListArticles(ctx, store.ArticleFilter{PublishedOnly: published})
	if err != nil {
		return err
	}
	return kb.WriteExport(e.stdout, articles)
}
