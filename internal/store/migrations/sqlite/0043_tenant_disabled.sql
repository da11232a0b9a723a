-- A host administrator can switch a tenant off: its host names then answer a neutral page, its data stays.
ALTER TABLE tenants ADD COLUMN disabled_at TIMESTAMP;
