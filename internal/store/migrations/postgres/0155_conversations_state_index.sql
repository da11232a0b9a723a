-- The index on (state, updated_at) served no query: none filters or sorts conversations by updated_at, and
-- a look-up by state alone uses contact_conversations_state_id (state, id). It cost a write on every
-- intake and on every change of updated_at (each message resumes its conversation).
DROP INDEX contact_conversations_state;
