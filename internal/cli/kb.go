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

// readArticlesFile reads the one file argument of an import command (or "-" for standard input) in the
// knowledge-base format; a wrong argument count prints the command's usage.
func readArticlesFile(e env, fs *flag.FlagSet, command string) ([]kb.Article, error) {
	if fs.NArg() != 1 {
		fmt.Fprintf(e.stderr, "usage: loket %s [--db DB] FILE   (FILE may be - for standard input)\n", command)
		return nil, errUsage
	}
	in := e.stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		in = f
	}
	articles, err := kb.ParseImport(in)
	if err != nil {
		return nil, fmt.Errorf("nothing imported: %w", err)
	}
	return articles, nil
}

// runKBImport imports a file (or "-" for standard input) through the knowledge-base service, which checks
// every rule the console checks; nothing changes when any item is invalid, and every wrong item is listed.
func runKBImport(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	fs, err := parseFlags(e, "kb import", args, &cfg, []string{"db"}, nil)
	if err != nil {
		return err
	}
	articles, err := readArticlesFile(e, fs, "kb import")
	if err != nil {
		return err
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
