-- The last check of every link (one row): when it started and ended and how far it got, so the console
-- shows progress while it runs and "last checked" even when no article has a link.
CREATE TABLE link_check_runs (
	id          INTEGER PRIMARY KEY CHECK (id = 1),
	started_at  TIMESTAMP NOT NULL,
	finished_at TIMESTAMP,
	links_total INTEGER NOT NULL DEFAULT 0,
	links_done  INTEGER NOT NULL DEFAULT 0,
	broken      INTEGER NOT NULL DEFAULT 0,
	started_by  TEXT NOT NULL DEFAULT ''
);
