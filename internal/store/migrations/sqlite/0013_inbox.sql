-- Inbox at any volume: the due time of the next service-level target is kept on the conversation (the
-- contact service computes it in business hours), so the inbox sorts and pages by it with an index.
-- Conversations whose clock does not run (waiting, closed) carry 9999-12-31 and sort last. Conversations
-- from before this migration start with their arrival time, oldest first, until they change.
ALTER TABLE contact_conversations ADD COLUMN due_at TIMESTAMP NOT NULL DEFAULT '9999-12-31 00:00:00+00:00';
UPDATE contact_conversations SET due_at = created_at WHERE state IN ('new', 'open') AND merged_into IS NULL;

-- Keyset paging: every sort order has an index that ends in the id, per state and over all active ones.
CREATE INDEX contact_conversations_active_due ON contact_conversations (due_at, id) WHERE state <> 'closed';
CREATE INDEX contact_conversations_active_id ON contact_conversations (id) WHERE state <> 'closed';
CREATE INDEX contact_conversations_state_due ON contact_conversations (state, due_at, id);
CREATE INDEX contact_conversations_state_id ON contact_conversations (state, id);
CREATE INDEX contact_conversations_active_team_due ON contact_conversations (team, due_at, id) WHERE state <> 'closed';
CREATE INDEX contact_conversations_active_assignee_due ON contact_conversations (assignee_id, due_at, id) WHERE state <> 'closed';
CREATE INDEX contact_conversations_active_channel_due ON contact_conversations (channel, due_at, id) WHERE state <> 'closed';
-- Counts of the work to do, read from one small covering index.
CREATE INDEX contact_conversations_active_counts ON contact_conversations (state, channel, team, assignee_id) WHERE state <> 'closed';
CREATE INDEX contact_conversations_assignee ON contact_conversations (assignee_id, state);

-- Search by words: reference, subject, the party's name and addresses, and the text of every message.
CREATE VIRTUAL TABLE contact_search USING fts5(doc, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO contact_search (rowid, doc)
SELECT c.id, c.reference || ' ' || c.subject || ' ' || p.name || ' ' ||
	COALESCE((SELECT group_concat(a.address, ' ') FROM contact_digital_addresses a WHERE a.party_id = c.party_id), '') || ' ' ||
	COALESCE((SELECT group_concat(m.body, ' ') FROM contact_messages m WHERE m.conversation_id = c.id AND m.kind IN ('in', 'out')), '')
FROM contact_conversations c JOIN contact_parties p ON p.id = c.party_id;
