package cli

import (
	"context"
	"flag"
	"fmt"
	"os"

	"loket/internal/demo"
	"loket/internal/search"
)

// runEvalSearch prints the search quality figures of the bundled demo knowledge base for a query set
// (query<TAB>ids) and, optionally, the suggestion quality for a message set.
func runEvalSearch(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("loket eval search", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	queries := fs.String("queries", "../shared/eval/queries-dev.tsv", "query set (TSV: query<TAB>ids)")
	messages := fs.String("messages", "", "message set for suggested answers (TSV: message<TAB>ids)")
	verbose := fs.Bool("v", false, "list every miss")
	if err := fs.Parse(args); err != nil {
		return err
	}
	articles, err := demo.Articles()
	if err != nil {
		return err
	}
	ix, err := search.New(nil)
	if err != nil {
		return err
	}
	if err := ix.Rebuild(articles); err != nil {
		return err
	}
	f, err := os.Open(*queries)
	if err != nil {
		return err
	}
	defer f.Close()
	m, err := search.Evaluate(ix, f)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "search:", m)
	if *verbose {
		printMisses(e, m.Misses)
	}
	if *messages == "" {
		return nil
	}
	mf, err := os.Open(*messages)
	if err != nil {
		return err
	}
	defer mf.Close()
	mm, err := search.EvaluateMessages(ix, mf)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "suggestions:", mm)
	if *verbose {
		printMisses(e, mm.Misses)
	}
	return nil
}

func printMisses(e env, misses []search.Miss) {
	for _, m := range misses {
		fmt.Fprintf(e.stdout, "  miss rank=%d answer=%q %q want %v got %v\n", m.Rank, m.Answer, m.Query, m.Want, m.Got)
	}
}
