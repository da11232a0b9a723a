// Package email is loket's e-mail channel: an SMTP listener that accepts mail for the municipality's
// addresses and answers 250 only after the message is committed, MIME parsing with sanitized HTML and
// attachment limits, recognition of auto-replies and bounces, and the outbound sender that delivers the
// outbox through an SMTP relay with retries and exponential back-off.
package email
