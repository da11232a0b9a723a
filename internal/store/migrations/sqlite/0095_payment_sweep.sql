-- The payment sweeper looks for payments a crash or a lost webhook left unfinished, by state and age.
CREATE INDEX payments_unfinished ON payments (state, created_at);
