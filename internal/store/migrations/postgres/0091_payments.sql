-- Fees paid online: one row per payment attempt for a draft request. The request is sent only after the
-- provider's webhook confirms payment (state waiting -> submitting -> submitted, claimed once); the
-- browser's return only reads. Refunds are kept beside their payment.
CREATE TABLE payments (
	id             BIGSERIAL PRIMARY KEY,
	return_hash    TEXT NOT NULL UNIQUE,
	draft_hash     TEXT NOT NULL,
	product_id     TEXT NOT NULL,
	product_title  TEXT NOT NULL,
	cents          BIGINT NOT NULL,
	description    TEXT NOT NULL,
	provider       TEXT NOT NULL,
	provider_id    TEXT UNIQUE,
	checkout_url   TEXT NOT NULL DEFAULT '',
	status         TEXT NOT NULL,
	state          TEXT NOT NULL DEFAULT 'waiting',
	request_ref    TEXT NOT NULL DEFAULT '',
	method         TEXT NOT NULL DEFAULT '',
	person_sealed  TEXT NOT NULL DEFAULT '',
	refunded_cents BIGINT NOT NULL DEFAULT 0,
	created_at     TIMESTAMPTZ NOT NULL,
	updated_at     TIMESTAMPTZ NOT NULL,
	paid_at        TIMESTAMPTZ,
	claimed_at     TIMESTAMPTZ
);
CREATE INDEX payments_draft ON payments (draft_hash);
CREATE INDEX payments_paid ON payments (paid_at);
CREATE INDEX payments_request ON payments (request_ref);

CREATE TABLE payment_refunds (
	id          BIGSERIAL PRIMARY KEY,
	payment_id  BIGINT NOT NULL REFERENCES payments (id),
	provider_id TEXT NOT NULL,
	cents       BIGINT NOT NULL,
	reason      TEXT NOT NULL,
	actor       TEXT NOT NULL,
	status      TEXT NOT NULL,
	created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX payment_refunds_payment ON payment_refunds (payment_id);
