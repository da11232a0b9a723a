package email

import (
	"context"
	"log/slog"
)

// CheckLogin connects to the mailbox of cfg once, logs in, opens the folder (and the folder mail is moved
// to) and logs out: the console's connection test before a mailbox is put to use. It reads no mail.
func CheckLogin(ctx context.Context, cfg IMAPConfig) error {
	f := NewFetcher(cfg, nil, slog.New(slog.DiscardHandler))
	type result struct{ err error }
	done := make(chan result, 1)
	go func() {
		c, _, err := f.connect()
		if err == nil {
			err = c.Logout().Wait()
			c.Close()
		}
		done <- result{err}
	}()
	select {
	case r := <-done:
		return r.err
	case <-ctx.Done():
		return ctx.Err()
	}
}
