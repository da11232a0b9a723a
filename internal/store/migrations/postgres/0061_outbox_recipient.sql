-- Confirmations per address are counted at every new conversation (at most 3 a day per address).
CREATE INDEX outbox_recipient_lower ON outbox (LOWER(recipient), created_at);
