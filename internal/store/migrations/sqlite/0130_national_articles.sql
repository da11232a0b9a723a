-- National content. The host's database keeps the national base articles, one per UPL product, beside the
-- tenant registry; every version stays for the diffs editors see. The tables exist in every database (the
-- migrations are the same everywhere), but only the host's are read: a tenant reads the national texts
-- through the host's store and has no way to write them.
CREATE TABLE national_articles (
	upl        TEXT PRIMARY KEY,
	version    INTEGER NOT NULL,
	data       TEXT NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
CREATE TABLE national_article_versions (
	upl        TEXT NOT NULL,
	version    INTEGER NOT NULL,
	data       TEXT NOT NULL,
	author     TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	PRIMARY KEY (upl, version)
);

-- A tenant's article that inherits the national base article of its UPL product: the national version it
-- was last composed with, and for each field the tenant overrides, the national text that override was
-- made against (so a later national change can be shown beside the local text).
CREATE TABLE article_inheritance (
	article_id       TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
	upl              TEXT NOT NULL,
	national_version INTEGER NOT NULL,
	bases            TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX article_inheritance_upl ON article_inheritance (upl);
