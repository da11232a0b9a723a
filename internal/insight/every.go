package insight

import (
	"context"
	"log/slog"
	"time"
)

// Every runs job once right away and then every interval until ctx ends; failures are logged and the
// next run tries again. loket runs the rollup with it.
func Every(ctx context.Context, interval time.Duration, log *slog.Logger, name string, job func(context.Context) error) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if err := job(ctx); err != nil && ctx.Err() == nil {
			log.Error(name, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
