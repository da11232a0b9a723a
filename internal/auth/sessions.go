package auth

import (
	"context"
	"log/slog"
	"time"
)

// PruneSessions deletes expired sessions every interval until ctx ends, so the sessions table holds only
// live sessions (a session id is worth nothing after its end, but the row says who was signed in when).
func PruneSessions(ctx context.Context, every time.Duration, clock func() time.Time,
	deleteExpired func(ctx context.Context, at time.Time) (int64, error), log *slog.Logger) {
	if clock == nil {
		clock = time.Now
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := deleteExpired(ctx, clock()); err != nil && ctx.Err() == nil {
			log.Error("delete expired sessions", "err", err)
		} else if n > 0 {
			log.Info("expired sessions deleted", "sessions", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
