-- The registry of a shared deployment, kept in the host's own database: the tenants (municipalities) and
-- the host names each answers. A tenant's own data lives in its own database or schema.
CREATE TABLE tenants (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL
);
CREATE TABLE tenant_hosts (
	host      TEXT PRIMARY KEY,
	tenant_id TEXT NOT NULL REFERENCES tenants (id)
);
CREATE INDEX tenant_hosts_tenant ON tenant_hosts (tenant_id);
