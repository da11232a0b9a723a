package email

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/prometheus/client_golang/prometheus"

	"loket/internal/config"
	"loket/internal/contact"
)

// IMAPConfig is where and how the IMAP fetcher reads mail.
type IMAPConfig struct {
	Addr            string           // host:port of the IMAP server
	User, Password  string           // login
	Mailbox         string           // folder that is read; INBOX when empty
	TLS             string           // "on" (implicit TLS), "starttls", "off"; "auto" or "": on for port 993
	Interval        time.Duration    // poll interval, and the longest IDLE before a fresh search; 1 m when zero
	MoveTo          string           // folder stored messages are moved to; empty: marked \Seen in place
	TLSConfig       *tls.Config      // nil: the system's roots, server name from Addr
	MaxMessageBytes int64            // larger messages are not fetched; 30 MB when zero, as the SMTP intake
	Limits          Limits           // attachment and text limits; DefaultLimits when unset
	Clock           func() time.Time // a receive time after it is not believed; time.Now when nil
}

// IMAPConfigFrom takes the --imap-* settings, which config.Load checked (a mailbox needs a login).
func IMAPConfigFrom(cfg config.Config) IMAPConfig {
	if cfg.IMAPAddr == "" {
		return IMAPConfig{}
	}
	return IMAPConfig{Addr: cfg.IMAPAddr, User: cfg.IMAPUser, Password: cfg.IMAPPassword, Mailbox: cfg.IMAPMailbox,
		TLS: cfg.IMAPTLS, Interval: cfg.IMAPInterval, MoveTo: cfg.IMAPMoveTo}
}

// Intake stores one incoming message and returns only after the commit: the contact service's Intake.
type Intake func(ctx context.Context, in contact.Inbound) (contact.Receipt, error)

// Fetcher reads the unseen messages of an IMAP mailbox into the inbox, through the same parsing and intake
// as the SMTP listener. A message is marked \Seen (or moved) only after its commit, so a failure leaves it
// for the next round, and a message fetched twice is stored once (by Message-ID).
type Fetcher struct {
	cfg    IMAPConfig
	intake Intake
	log    *slog.Logger
}

// NewFetcher builds a fetcher that hands every message it reads to intake.
func NewFetcher(cfg IMAPConfig, intake Intake, log *slog.Logger) *Fetcher {
	if cfg.Mailbox == "" {
		cfg.Mailbox = "INBOX"
	}
	if cfg.Interval <= 0 {
		cfg.Interval = time.Minute
	}
	if cfg.MaxMessageBytes <= 0 {
		cfg.MaxMessageBytes = 30 << 20
	}
	if cfg.Limits.AllowedTypes == nil {
		cfg.Limits = DefaultLimits()
	}
	if cfg.TLS == "" || cfg.TLS == "auto" {
		cfg.TLS = "off"
		if _, port, _ := net.SplitHostPort(cfg.Addr); port == "993" {
			cfg.TLS = "on"
		}
	}
	return &Fetcher{cfg: cfg, intake: intake, log: log.With("imap", cfg.Addr, "mailbox", cfg.Mailbox)}
}

var (
	imapMessages = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "loket_imap_messages_total",
		Help: "Messages read from the IMAP mailbox by result: stored, duplicate, unreadable (left flagged) or failed (left unseen).",
	}, []string{"result"})
	imapConnectionErrors = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "loket_imap_connection_errors_total", Help: "IMAP sessions that ended with an error and were retried.",
	})
)

func init() { prometheus.MustRegister(imapMessages, imapConnectionErrors) }

// IMAPBackoff is the wait after the n-th failed session in a row: 5 s doubling each time, at most 5 minutes.
func IMAPBackoff(n int) time.Duration {
	d := 5 * time.Second
	for i := 1; i < n && d < 5*time.Minute; i++ {
		d *= 2
	}
	return min(d, 5*time.Minute)
}

// Run reads the mailbox until ctx ends: at once when the server reports new mail (IDLE), else every
// Interval. A lost connection or a failed round is retried with exponential back-off.
func (f *Fetcher) Run(ctx context.Context) {
	if f.cfg.TLS == "off" && !isLoopback(f.cfg.Addr) {
		f.log.Warn("IMAP password is sent without TLS; set --imap-tls on or starttls")
	}
	failures := 0
	for {
		err := f.session(ctx, func() { failures = 0 })
		if ctx.Err() != nil {
			return
		}
		failures++
		imapConnectionErrors.Inc()
		wait := IMAPBackoff(failures)
		f.log.Warn("IMAP fetch failed; unread messages stay in the mailbox", "err", err, "attempt", failures, "retry_in", wait)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// FetchOnce logs in, takes every unseen message once and logs out.
func (f *Fetcher) FetchOnce(ctx context.Context) (Round, error) {
	c, _, err := f.connect()
	if err != nil {
		return Round{}, err
	}
	defer c.Close()
	r, err := f.round(ctx, c)
	if err != nil {
		return r, err
	}
	return r, c.Logout().Wait()
}

// session keeps one connection: a round, then waiting for new mail, until ctx ends or something fails.
func (f *Fetcher) session(ctx context.Context, healthy func()) error {
	c, updates, err := f.connect()
	if err != nil {
		return err
	}
	defer c.Close()
	f.log.Info("IMAP mailbox opened", "idle", c.Caps().Has(imap.CapIdle), "move_to", f.cfg.MoveTo)
	for {
		if _, err := f.round(ctx, c); err != nil {
			return err
		}
		healthy()
		if err := f.wait(ctx, c, updates); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return c.Logout().Wait()
		}
	}
}

// connect dials, logs in and selects the mailbox. The channel signals that the server reported new mail.
func (f *Fetcher) connect() (*imapclient.Client, <-chan struct{}, error) {
	updates := make(chan struct{}, 1)
	opts := &imapclient.Options{TLSConfig: f.cfg.TLSConfig, UnilateralDataHandler: &imapclient.UnilateralDataHandler{
		Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages != nil {
				select {
				case updates <- struct{}{}:
				default:
				}
			}
		},
	}}
	c, err := f.dial(opts)
	if err != nil {
		return nil, nil, fmt.Errorf("connect to %s (tls %s): %w", f.cfg.Addr, f.cfg.TLS, err)
	}
	if err := c.Login(f.cfg.User, f.cfg.Password).Wait(); err != nil {
		c.Close()
		return nil, nil, fmt.Errorf("log in as %s: %w", f.cfg.User, err)
	}
	if _, err := c.Select(f.cfg.Mailbox, nil).Wait(); err != nil {
		c.Close()
		return nil, nil, fmt.Errorf("open folder %s: %w", f.cfg.Mailbox, err)
	}
	if f.cfg.MoveTo != "" {
		if _, err := c.Status(f.cfg.MoveTo, &imap.StatusOptions{NumMessages: true}).Wait(); err != nil {
			c.Close()
			return nil, nil, fmt.Errorf("folder --imap-move-to %s: %w", f.cfg.MoveTo, err)
		}
	}
	return c, updates, nil
}

func (f *Fetcher) dial(opts *imapclient.Options) (*imapclient.Client, error) {
	switch f.cfg.TLS {
	case "on":
		return imapclient.DialTLS(f.cfg.Addr, opts)
	case "starttls":
		return imapclient.DialStartTLS(f.cfg.Addr, opts)
	case "off":
		return imapclient.DialInsecure(f.cfg.Addr, opts)
	}
	return nil, fmt.Errorf("unknown TLS mode %q", f.cfg.TLS)
}

// wait returns when new mail is reported (IDLE), the interval has passed, or ctx ends.
func (f *Fetcher) wait(ctx context.Context, c *imapclient.Client, updates <-chan struct{}) error {
	timer := time.NewTimer(f.cfg.Interval)
	defer timer.Stop()
	if !c.Caps().Has(imap.CapIdle) {
		select {
		case <-ctx.Done():
		case <-timer.C:
		case <-c.Closed():
			return errConnectionClosed
		}
		return nil
	}
	idle, err := c.Idle()
	if err != nil {
		return fmt.Errorf("IDLE: %w", err)
	}
	select {
	case <-ctx.Done():
	case <-timer.C:
	case <-updates:
	case <-c.Closed():
		idle.Close()
		return errConnectionClosed
	}
	if err := idle.Close(); err != nil {
		return fmt.Errorf("end IDLE: %w", err)
	}
	return idle.Wait()
}

var errConnectionClosed = errors.New("the IMAP server closed the connection")

func isLoopback(addr string) bool {
	host, _, _ := net.SplitHostPort(addr)
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func uidString(uid imap.UID) string { return strconv.FormatUint(uint64(uid), 10) }

// now is the fetcher's clock (the store's in the app).
func (f *Fetcher) now() time.Time {
	if f.cfg.Clock == nil {
		return time.Now() // no clock given (a bare fetcher in a test): the wall clock
	}
	return f.cfg.Clock()
}
