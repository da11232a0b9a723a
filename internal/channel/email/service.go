package email

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"loket/internal/config"
	"loket/internal/contact"
	"loket/internal/outbox"
	"loket/internal/ratelimit"
	"loket/internal/store"
)

// Service is the e-mail channel of one loket instance: the SMTP intake (when --smtp-addr is set), the IMAP
// fetcher (when --imap-addr is set) and the outbox sender (when --smtp-relay is set).
type Service struct {
	intake Intake // the inbox this service stores mail in
	smtp   *Server
	ln     net.Listener
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// Start opens the SMTP listener and starts the IMAP fetcher and the outbox sender as configured. Every
// message that arrives is handed to intake, the contact service's Intake, which applies the intake rules
// (attachment quota, confirmation, counting new questions) and returns after the commit; only then does
// the SMTP client get its 250 and the IMAP message its move.
func Start(cfg config.Config, st *store.Store, intake Intake, log *slog.Logger) (*Service, error) {
	imapCfg := IMAPConfigFrom(cfg)
	imapCfg.Clock = st.Clock()
	ctx, cancel := context.WithCancel(context.Background())
	s := &Service{cancel: cancel, intake: intake}
	if cfg.SMTPAddr != "" {
		ln, err := net.Listen("tcp", cfg.SMTPAddr)
		if err != nil {
			cancel()
			return nil, fmt.Errorf("SMTP intake on %s: %w", cfg.SMTPAddr, err)
		}
		deliver := func(ctx context.Context, in contact.Inbound) error {
			_, err := intake(ctx, in)
			return err
		}
		s.ln = ln
		s.smtp = NewServer(ServerConfig{Domain: cfg.SMTPDomain, Recipients: cfg.SMTPRecipients,
			Limits: DefaultLimits(), MaxSessions: cfg.Security.SMTPMaxSessions,
			PerSource:        ratelimit.New(cfg.Security.SMTPPerSource, time.Hour, max(cfg.Security.SMTPPerSource/6, 1)), // ten minutes at once
			ConfirmPerSource: ratelimit.New(30, time.Hour, 30)}, deliver, log)
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			if err := s.smtp.Serve(ln); err != nil {
				log.Error("SMTP intake stopped", "err", err)
			}
		}()
		log.Info("SMTP intake is listening", "addr", ln.Addr().String(), "recipients", cfg.SMTPRecipients)
	}
	if imapCfg.Addr != "" {
		fetcher := NewFetcher(imapCfg, intake, log)
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			fetcher.Run(ctx)
		}()
		log.Info("IMAP fetch is on", "addr", imapCfg.Addr, "mailbox", fetcher.cfg.Mailbox, "tls", fetcher.cfg.TLS,
			"interval", fetcher.cfg.Interval, "move_to", imapCfg.MoveTo)
	}
	if cfg.SMTPRelay != "" {
		worker := &outbox.Worker[contact.OutMail]{Name: "email", Queue: st.MailQueue(), Log: log, Clock: st.Clock(), Poll: 500 * time.Millisecond,
			Sender: &SMTPSender{Clock: st.Clock(), Relay: cfg.SMTPRelay, From: cfg.MailFrom, HeloName: cfg.SMTPDomain, TLS: cfg.Security.SMTPRelayTLS,
				User: cfg.Security.SMTPRelayUser, Password: cfg.Security.SMTPRelayPassword}}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			worker.Run(ctx)
		}()
	} else {
		log.Info("no --smtp-relay: outbound e-mail stays in the outbox")
	}
	return s, nil
}

// Deliver stores one message in this service's inbox, as the SMTP intake does, and returns after the
// commit: the deployment's listener hands a tenant's mail to the tenant's service with it.
func (s *Service) Deliver(ctx context.Context, in contact.Inbound) error {
	_, err := s.intake(ctx, in)
	return err
}

// Route makes the SMTP listener (when this service has one) accept the recipients r knows, instead of the
// fixed --smtp-recipients.
func (s *Service) Route(r Router) {
	if s.smtp != nil {
		s.smtp.Route(r)
	}
}

// Addr is the address the SMTP intake listens on, or "" when it is off.
func (s *Service) Addr() string {
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// Close stops the intake (finishing messages being received), the IMAP fetcher and the sender.
func (s *Service) Close() error {
	s.cancel()
	var err error
	if s.smtp != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = s.smtp.Shutdown(ctx)
		cancel()
		if errors.Is(err, context.DeadlineExceeded) {
			err = nil
		}
	}
	s.wg.Wait()
	return err
}
