-- The figures' counts that change only with an event, per month of receipt, procedure, product and team,
-- kept in the transaction of every change to a request (request_figures.go). Rows still without term
-- facts (term_version 0) are added when their facts are derived.
CREATE TABLE request_figure_counts (
	received_month  TEXT NOT NULL,
	procedure_name  TEXT NOT NULL,
	product_title   TEXT NOT NULL,
	team            TEXT NOT NULL,
	received        INTEGER NOT NULL DEFAULT 0,
	decided         INTEGER NOT NULL DEFAULT 0,
	decided_in_time INTEGER NOT NULL DEFAULT 0,
	suspended_days  INTEGER NOT NULL DEFAULT 0,
	penalty_euros   INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (received_month, procedure_name, product_title, team)
);
-- Open requests past their deadline, per key: what the figures count on the day they are asked.
CREATE INDEX requests_open_late ON requests (received_month, procedure_name, product_title, team, term_moves, term_due, status)
	WHERE status <> 'besloten';
