-- The service-level page's figures per channel over its period, computed in the background so that the page
-- reads a few rows instead of every conversation of the period; rolled_at labels their age.
CREATE TABLE service_level_rollup (
	channel       TEXT PRIMARY KEY,
	conversations BIGINT NOT NULL,
	first_met     BIGINT NOT NULL,
	first_decided BIGINT NOT NULL,
	final_met     BIGINT NOT NULL,
	final_decided BIGINT NOT NULL
);
CREATE TABLE service_level_rollup_state (
	id        INTEGER PRIMARY KEY CHECK (id = 1),
	since     TIMESTAMPTZ NOT NULL,
	rolled_at TIMESTAMPTZ NOT NULL
);
