-- Request e-mails go through the one outbox and its sender: an outbox row no longer needs a contact message.
ALTER TABLE outbox ALTER COLUMN message_id DROP NOT NULL;
CREATE INDEX outbox_recipient ON outbox (recipient);

-- Mails waiting in the old request outbox move over; they were never sent, as nothing read that table.
INSERT INTO outbox (message_id, mail_id, recipient, subject, body, state, next_attempt_at, created_at, channel)
SELECT NULL, 'loket.request' || id || '@loket.invalid', to_addr, subject, body, 'queued', created_at, created_at, 'email'
FROM request_outbox WHERE sent_at IS NULL;
DROP TABLE request_outbox;
