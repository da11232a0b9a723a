-- Indexes that held a row for every message or mail but served only a few: e-mails and confirmations have
-- no chat sequence number and no client id (NULL, never a conflict), and the look-up by recipient is only
-- for mails without a contact message (a request's mails). As partial indexes they keep their uniqueness
-- and their queries (each query names the condition), and intake no longer writes them: four index entries
-- fewer per e-mail and its confirmation.
DROP INDEX contact_messages_seq;
CREATE UNIQUE INDEX contact_messages_seq ON contact_messages (conversation_id, seq) WHERE seq IS NOT NULL;
DROP INDEX contact_messages_client_id;
CREATE UNIQUE INDEX contact_messages_client_id ON contact_messages (conversation_id, client_id) WHERE client_id IS NOT NULL;
DROP INDEX outbox_recipient;
CREATE INDEX outbox_recipient ON outbox (recipient) WHERE message_id IS NULL;
