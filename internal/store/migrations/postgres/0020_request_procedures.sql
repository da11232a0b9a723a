-- Legal procedures: each request names the procedure it follows (a copy of it lives in data), a
-- municipality keeps its own by-law procedures, and a mail may carry one attachment (a hearing's
-- calendar file) beside its outbox row.
ALTER TABLE requests ADD COLUMN procedure_id TEXT NOT NULL DEFAULT '';
CREATE INDEX requests_procedure ON requests (procedure_id, received_at);

CREATE TABLE request_procedures (
	id         TEXT PRIMARY KEY,
	data       TEXT NOT NULL,
	updated_at TIMESTAMP NOT NULL
);

CREATE TABLE request_mail_attachments (
	mail_id      TEXT PRIMARY KEY,
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL,
	data         BYTEA NOT NULL
);
