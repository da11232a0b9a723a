-- The inbox over every state sorted by due time (the API's default) reads this index in order; waiting
-- and closed conversations (due 9999-12-31) come last.
CREATE INDEX IF NOT EXISTS contact_conversations_due ON contact_conversations (due_at, id);
