package contact

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// applyAttachmentQuota keeps the attachment bytes stored from one sender address within
// Settings.AttachmentQuota per 24 hours, so one address cannot fill the database with 30 MB mails. The
// message itself is always stored; the attachments past the budget are left out and named in the
// message's notes for the agent.
func (s *Service) applyAttachmentQuota(ctx context.Context, in *Inbound) error {
	quota := s.settings.AttachmentQuota
	if quota <= 0 || len(in.Attachments) == 0 || in.Email == "" {
		return nil
	}
	used, err := s.store.AttachmentBytesFrom(ctx, in.Email, s.now().Add(-24*time.Hour))
	if err != nil {
		return fmt.Errorf("attachment quota: %w", err)
	}
	var kept []Attachment
	var notes []string
	for _, a := range in.Attachments {
		if used+a.Size > quota {
			notes = append(notes, fmt.Sprintf("Bijlage %q is niet bewaard: dit adres heeft vandaag al meer dan %d MB aan bijlagen gestuurd.",
				a.Filename, quota>>20))
			continue
		}
		used += a.Size
		kept = append(kept, a)
	}
	in.Attachments = kept
	if len(notes) > 0 {
		in.Notes = strings.TrimSpace(in.Notes + "\n" + strings.Join(notes, "\n"))
	}
	return nil
}
