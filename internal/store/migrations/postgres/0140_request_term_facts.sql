-- The facts of each request's term that do not change with the date alone (request.TermFacts), so the
-- queue and the figures filter, count, sort and page in SQL. term_version 0 marks a row whose facts are
-- still to be derived (rows from before this migration); the store derives them before it reads the queue.
-- Dates are YYYY-MM-DD text, compared as text; '' is none.
ALTER TABLE requests ADD COLUMN term_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN term_moves BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE requests ADD COLUMN term_due TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN term_urgent BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE requests ADD COLUMN term_doc TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN received_month TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN procedure_name TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN product_title TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN decided_in_time BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE requests ADD COLUMN suspended_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN penalty_from TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN penalty_euros INTEGER NOT NULL DEFAULT 0;

-- The queue: open requests by deadline, per team, per handler and all together; term_urgent is carried so
-- that a section is read from the index alone (status too: SQLite reads the table for it otherwise).
CREATE INDEX requests_open_due ON requests (term_moves, term_due, id, term_urgent, status) WHERE status <> 'besloten';
CREATE INDEX requests_open_team_due ON requests (team, term_moves, term_due, id, term_urgent, status) WHERE status <> 'besloten';
CREATE INDEX requests_open_assignee_due ON requests (assignee, term_moves, term_due, id, term_urgent, status) WHERE status <> 'besloten';
CREATE INDEX requests_term_version ON requests (term_version);
CREATE INDEX requests_open_moving ON requests (id) WHERE status <> 'besloten' AND term_moves = TRUE;
-- The figures: every column they count, in the order they are grouped, so they are read from the index alone.
CREATE INDEX requests_figures ON requests (received_month, procedure_name, product_title, team, received_at, status,
	decided_in_time, term_moves, term_due, suspended_days, penalty_euros, penalty_from);
-- The figures' running penalties (penalty_from is set only while undecided and not moving): few rows.
CREATE INDEX requests_penalty_running ON requests (received_month, received_at, procedure_name, product_title, team, penalty_from)
	WHERE penalty_from <> '';
