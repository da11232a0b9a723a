-- The monthly report's service levels per channel, one row per month and channel, counted in the background
-- (the current and the previous month every 5 minutes; an older month once, when first asked for) so that
-- the report reads a few rows instead of every conversation of its month; rolled_at labels their age.
CREATE TABLE service_level_months (
	month         TEXT NOT NULL,
	channel       TEXT NOT NULL,
	conversations BIGINT NOT NULL,
	first_met     BIGINT NOT NULL,
	first_decided BIGINT NOT NULL,
	final_met     BIGINT NOT NULL,
	final_decided BIGINT NOT NULL,
	PRIMARY KEY (month, channel)
);
CREATE TABLE service_level_month_state (
	month     TEXT PRIMARY KEY,
	rolled_at TIMESTAMP NOT NULL
);
-- Decisions of a period, for "decided in time": read by status and moment instead of every decision ever.
CREATE INDEX request_events_status_at ON request_events (status, at);
