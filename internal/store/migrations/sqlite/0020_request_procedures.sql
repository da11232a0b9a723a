-- Legal procedures: each request names the procedure it follows (a copy of it lives in data), and a
-- municipality keeps its own by-law procedures.
ALTER TABLE requests ADD COLUMN procedure_id TEXT NOT NULL DEFAULT '';
CREATE INDEX requests_procedure ON requests (procedure_id, received_at);

CREATE TABLE request_procedures (
	id         TEXT PRIMARY KEY,
	data       TEXT NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
