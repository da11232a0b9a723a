package email

import (
	"context"
	"fmt"
	"strings"
	"time"

	"loket/internal/contact"
)

// AttachmentQuota keeps the attachment bytes stored from one sender address within a budget per day, so
// one address cannot fill the database with 30 MB mails. The message itself is always stored; the
// attachments past the budget are left out and named in the message's notes for the agent.
type AttachmentQuota struct {
	Bytes int64                                                                     // per address per 24 hours; 0: no quota
	Used  func(ctx context.Context, address string, since time.Time) (int64, error) // bytes stored since
	Clock func() time.Time
}

// Apply drops the attachments of in that do not fit the sender's remaining budget.
func (q AttachmentQuota) Apply(ctx context.Context, in *contact.Inbound) error {
	if q.Bytes <= 0 || len(in.Attachments) == 0 || in.Email == "" {
		return nil
	}
	now := time.Now
	if q.Clock != nil {
		now = q.Clock
	}
	used, err := q.Used(ctx, in.Email, now().Add(-24*time.Hour))
	if err != nil {
		return err
	}
	var kept []contact.Attachment
	var notes []string
	for _, a := range in.Attachments {
		if used+a.Size > q.Bytes {
			notes = append(notes, fmt.Sprintf("Bijlage %q is niet bewaard: dit adres heeft vandaag al meer dan %d MB aan bijlagen gestuurd.",
				a.Filename, q.Bytes>>20))
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
