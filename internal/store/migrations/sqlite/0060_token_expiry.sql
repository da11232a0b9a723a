-- API tokens get an end and a scope: "read" tokens may only read, "write" tokens may also change.
-- Tokens made before this migration have no end of their own; they stop working 90 days after creation.
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP;
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write';
CREATE INDEX api_tokens_user ON api_tokens (user_id);
