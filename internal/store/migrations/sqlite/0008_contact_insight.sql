-- Contact-form counts move to the insight events (one mechanism for every channel): the old counts of
-- started and sent forms become events of their day, then the separate table goes.
INSERT INTO insight_events (day, type, channel, task_id, article_id, topic, n, value)
SELECT SUBSTR(at, 1, 10), kind, 'form', 0, '', '', COUNT(*), 0 FROM contact_events
WHERE kind IN ('form_started', 'form_sent') GROUP BY SUBSTR(at, 1, 10), kind;
DROP TABLE contact_events;

-- A closed conversation answered without a suggested article adds its words to the content gaps once.
ALTER TABLE contact_conversations ADD COLUMN question_recorded BOOLEAN NOT NULL DEFAULT FALSE;
