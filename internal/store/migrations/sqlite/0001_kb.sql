-- Knowledge base: the current version of every article, its history, and residents' feedback.
CREATE TABLE articles (
	id         TEXT PRIMARY KEY,
	type       TEXT NOT NULL,
	theme      TEXT NOT NULL,
	title      TEXT NOT NULL,
	state      TEXT NOT NULL,
	owner      TEXT NOT NULL DEFAULT '',
	review_by  TEXT NOT NULL DEFAULT '',
	version    INTEGER NOT NULL,
	data       TEXT NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
CREATE INDEX articles_theme ON articles (theme, type);
CREATE INDEX articles_review ON articles (owner, review_by);

CREATE TABLE article_versions (
	article_id TEXT NOT NULL,
	version    INTEGER NOT NULL,
	state      TEXT NOT NULL,
	data       TEXT NOT NULL,
	author     TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	PRIMARY KEY (article_id, version)
);

CREATE TABLE feedback (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	article_id TEXT NOT NULL,
	useful     BOOLEAN NOT NULL,
	comment    TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX feedback_article ON feedback (article_id);

-- Searches without personal data: the query text, how many results, whether a direct answer was shown.
CREATE TABLE search_log (
	id         TEXT PRIMARY KEY,
	query      TEXT NOT NULL,
	results    INTEGER NOT NULL,
	answered   BOOLEAN NOT NULL,
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX search_log_created ON search_log (created_at);

CREATE TABLE search_clicks (
	search_id  TEXT NOT NULL,
	article_id TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX search_clicks_search ON search_clicks (search_id);
