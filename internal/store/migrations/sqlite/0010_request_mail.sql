-- Request e-mails go through the one outbox and its sender: an outbox row no longer needs a contact message.
-- SQLite cannot drop NOT NULL from a column, so the table is rebuilt with the same columns and indexes.
CREATE TABLE outbox_new (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	message_id      BIGINT REFERENCES contact_messages (id),
	mail_id         TEXT NOT NULL,
	recipient       TEXT NOT NULL,
	subject         TEXT NOT NULL,
	body            TEXT NOT NULL,
	in_reply_to     TEXT NOT NULL DEFAULT '',
	refs            TEXT NOT NULL DEFAULT '',
	state           TEXT NOT NULL,
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TIMESTAMP NOT NULL,
	last_error      TEXT NOT NULL DEFAULT '',
	created_at      TIMESTAMP NOT NULL,
	sent_at         TIMESTAMP,
	channel         TEXT NOT NULL DEFAULT 'email'
);
INSERT INTO outbox_new (id, message_id, mail_id, recipient, subject, body, in_reply_to, refs, state, attempts,
	next_attempt_at, last_error, created_at, sent_at, channel)
SELECT id, message_id, mail_id, recipient, subject, body, in_reply_to, refs, state, attempts,
	next_attempt_at, last_error, created_at, sent_at, channel FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_message ON outbox (message_id);
CREATE INDEX outbox_channel_due ON outbox (channel, state, next_attempt_at);
CREATE INDEX outbox_recipient ON outbox (recipient);

-- Mails waiting in the old request outbox move over; they were never sent, as nothing read that table.
INSERT INTO outbox (message_id, mail_id, recipient, subject, body, state, next_attempt_at, created_at, channel)
SELECT NULL, 'loket.request' || id || '@loket.invalid', to_addr, subject, body, 'queued', created_at, created_at, 'email'
FROM request_outbox WHERE sent_at IS NULL;
DROP TABLE request_outbox;
