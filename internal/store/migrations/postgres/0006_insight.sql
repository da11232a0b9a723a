-- Insight: events (an intake queue, rolled up and removed), daily rollups, the task catalogue, the top-task
-- survey, task tests, channel staffing, unanswered questions reduced to words, and searches followed by a
-- contact. No table holds personal data.
CREATE TABLE insight_events (
	id         BIGSERIAL PRIMARY KEY,
	day        TEXT NOT NULL,
	type       TEXT NOT NULL,
	channel    TEXT NOT NULL,
	task_id    BIGINT NOT NULL DEFAULT 0,
	article_id TEXT NOT NULL DEFAULT '',
	topic      TEXT NOT NULL DEFAULT '',
	n          BIGINT NOT NULL,
	value      BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE insight_daily (
	day     TEXT NOT NULL,
	type    TEXT NOT NULL,
	channel TEXT NOT NULL,
	task_id BIGINT NOT NULL,
	n       BIGINT NOT NULL,
	value   BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (day, type, channel, task_id)
);
CREATE INDEX insight_daily_task ON insight_daily (task_id, day) INCLUDE (type, channel, n);

CREATE TABLE insight_rollup_state (
	source    TEXT PRIMARY KEY,
	mark      TEXT NOT NULL,
	rolled_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE insight_tasks (
	id             BIGSERIAL PRIMARY KEY,
	name           TEXT NOT NULL UNIQUE,
	description    TEXT NOT NULL DEFAULT '',
	target_seconds INTEGER NOT NULL DEFAULT 0,
	updated_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE insight_task_articles (
	task_id    BIGINT NOT NULL REFERENCES insight_tasks (id) ON DELETE CASCADE,
	article_id TEXT NOT NULL,
	PRIMARY KEY (task_id, article_id)
);

CREATE TABLE insight_task_topics (
	task_id BIGINT NOT NULL REFERENCES insight_tasks (id) ON DELETE CASCADE,
	topic   TEXT NOT NULL,
	PRIMARY KEY (task_id, topic)
);

-- One row per survey submission; its picks in insight_vote_tasks.
CREATE TABLE insight_votes (
	id  BIGSERIAL PRIMARY KEY,
	day TEXT NOT NULL
);

CREATE TABLE insight_vote_tasks (
	vote_id BIGINT NOT NULL REFERENCES insight_votes (id) ON DELETE CASCADE,
	task_id BIGINT NOT NULL REFERENCES insight_tasks (id) ON DELETE CASCADE,
	PRIMARY KEY (vote_id, task_id)
);
CREATE INDEX insight_vote_tasks_task ON insight_vote_tasks (task_id);

CREATE TABLE insight_task_tests (
	id           BIGSERIAL PRIMARY KEY,
	task_id      BIGINT NOT NULL REFERENCES insight_tasks (id) ON DELETE CASCADE,
	tested_on    TEXT NOT NULL,
	participants INTEGER NOT NULL,
	successes    INTEGER NOT NULL,
	median_secs  INTEGER NOT NULL,
	note         TEXT NOT NULL DEFAULT '',
	created_by   TEXT NOT NULL,
	created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX insight_task_tests_task ON insight_task_tests (task_id, tested_on);

CREATE TABLE insight_channel_settings (
	channel    TEXT PRIMARY KEY,
	fte        DOUBLE PRECISION NOT NULL,
	cost_cents BIGINT NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE insight_questions (
	id       BIGSERIAL PRIMARY KEY,
	day      TEXT NOT NULL,
	channel  TEXT NOT NULL,
	words    TEXT NOT NULL
);
CREATE INDEX insight_questions_day ON insight_questions (day);

CREATE TABLE search_contacts (
	search_id  TEXT NOT NULL,
	channel    TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX search_contacts_search ON search_contacts (search_id);
