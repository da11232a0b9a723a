-- Each message keeps the address it came from, shown to the agent. A Message-ID is unique per sender
-- address, not across all of them: a second sender reusing a Message-ID is stored, not dropped.
ALTER TABLE contact_messages ADD COLUMN from_address TEXT NOT NULL DEFAULT '';
UPDATE contact_messages SET from_address = COALESCE((SELECT b.address FROM contact_betrokkenen b
	WHERE b.conversation_id = contact_messages.conversation_id AND b.role = 'klant' ORDER BY b.id LIMIT 1), '')
	WHERE kind = 'in';
DROP INDEX contact_messages_mail_id;
CREATE UNIQUE INDEX contact_messages_mail_id_from ON contact_messages (mail_id, from_address);
