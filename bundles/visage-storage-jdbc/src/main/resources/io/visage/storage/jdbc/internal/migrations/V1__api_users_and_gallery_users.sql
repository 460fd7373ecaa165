-- Times are epoch milliseconds (BIGINT): portable across databases and free of time-zone conversion.
CREATE TABLE api_users (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  key_hash VARCHAR(512) NOT NULL,
  enabled BOOLEAN NOT NULL,
  roles VARCHAR(256) NOT NULL,
  created_ms BIGINT NOT NULL,
  CONSTRAINT api_users_name UNIQUE (name)
);

-- Every gallery row carries its tenant; no query reads a row without a tenant_id predicate.
CREATE TABLE gallery_users (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES api_users (id) ON DELETE CASCADE,
  user_reference VARCHAR(255) NOT NULL,
  created_ms BIGINT NOT NULL,
  CONSTRAINT gallery_users_reference UNIQUE (tenant_id, user_reference)
);

CREATE INDEX gallery_users_created ON gallery_users (tenant_id, created_ms);
