-- The body variables of a WhatsApp template message ({{1}}, {{2}}, ...), as a JSON array of strings;
-- empty for free text and for templates without variables.
ALTER TABLE outbox ADD COLUMN template_params TEXT NOT NULL DEFAULT '';
