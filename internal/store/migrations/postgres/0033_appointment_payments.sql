-- Payment at booking. A product may require its fee (per person) to be paid online when booking, and
-- says what share a cancellation before the cut-off refunds. Such a booking is held: its desk cells are
-- taken while it is "awaiting_payment" until hold_until_unix; the provider's webhook confirms it (paid)
-- or releases it (failed, cancelled, expired), and a sweeper releases holds that ran out.
ALTER TABLE appointment_products ADD COLUMN fee_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE appointment_products ADD COLUMN pay_at_booking BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE appointment_products ADD COLUMN refund_percent INTEGER NOT NULL DEFAULT 100;
ALTER TABLE appointments ADD COLUMN hold_until_unix BIGINT NOT NULL DEFAULT 0;
ALTER TABLE appointments ADD COLUMN fee_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE appointments ADD COLUMN paid_cents BIGINT NOT NULL DEFAULT 0;
-- A refund owed after a cancellation (refund_cents), done when refunded_at is set; a sweeper retries.
ALTER TABLE appointments ADD COLUMN refund_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE appointments ADD COLUMN refunded_at TIMESTAMP;
CREATE INDEX appointments_hold ON appointments (state, hold_until_unix);
