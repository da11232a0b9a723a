-- Meta can report a status (delivered, read) before loket has stored the id Meta gave the message: the webhook
-- races the sender that records it. Such a status waits here and is applied when the id is stored.
CREATE TABLE whatsapp_early_statuses (
	wa_id     TEXT PRIMARY KEY,
	status    TEXT NOT NULL,
	status_at TIMESTAMP NOT NULL,
	error     TEXT NOT NULL DEFAULT ''
);
