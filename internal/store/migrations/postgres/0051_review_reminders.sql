-- Review reminders sent to owner teams: at most one a week per team, whichever instance sends it.
CREATE TABLE review_reminders (
	team     TEXT PRIMARY KEY,
	sent_at  TIMESTAMPTZ NOT NULL,
	articles INTEGER NOT NULL
);
