-- Learning from residents (issue 18): a search remembers the search it reformulates (the previous search on
-- the same results page, never who searched), and editors' decisions on proposed variants and synonym
-- rules are kept so a rejected proposal does not come back.
ALTER TABLE search_log ADD COLUMN previous_id TEXT NOT NULL DEFAULT '';
CREATE INDEX search_log_previous ON search_log (previous_id);

CREATE TABLE search_proposal_decisions (
	kind       TEXT NOT NULL,
	article_id TEXT NOT NULL,
	from_text  TEXT NOT NULL,
	to_text    TEXT NOT NULL,
	accepted   BOOLEAN NOT NULL,
	decided_by TEXT NOT NULL,
	decided_at TIMESTAMP NOT NULL,
	PRIMARY KEY (kind, article_id, from_text, to_text)
);
