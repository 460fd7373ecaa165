-- A gallery user's faces: one template per enrolled image, tagged with the embedding model that made it.
-- image_id has no foreign key: Derby refuses a second delete path from api_users with another rule, so
-- the stores delete a face's image themselves.
CREATE TABLE gallery_faces (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES api_users (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES gallery_users (id) ON DELETE CASCADE,
  image_id BIGINT,
  model_name VARCHAR(128) NOT NULL,
  model_version VARCHAR(64) NOT NULL,
  template BLOB(64K) NOT NULL,
  created_ms BIGINT NOT NULL
);

CREATE INDEX gallery_faces_user ON gallery_faces (user_id);

CREATE TABLE user_groups (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES api_users (id) ON DELETE CASCADE,
  name VARCHAR(255) NOT NULL,
  created_ms BIGINT NOT NULL,
  CONSTRAINT user_groups_name UNIQUE (tenant_id, name)
);

CREATE TABLE user_group_members (
  group_id BIGINT NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES gallery_users (id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
);

-- The history of users outlives them: it references them by reference, not by id.
CREATE TABLE user_logs (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES api_users (id) ON DELETE CASCADE,
  user_reference VARCHAR(255) NOT NULL,
  type VARCHAR(16) NOT NULL,
  created_ms BIGINT NOT NULL
);

CREATE INDEX user_logs_created ON user_logs (tenant_id, created_ms);

-- Gallery (kind G) and ID (kind I) matching transactions.
CREATE TABLE matches (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES api_users (id) ON DELETE CASCADE,
  kind CHAR(1) NOT NULL,
  match_key VARCHAR(64) NOT NULL,
  created_ms BIGINT NOT NULL,
  status INT NOT NULL,
  message VARCHAR(255) NOT NULL,
  score DOUBLE NOT NULL,
  saffe_grade DOUBLE NOT NULL,
  user_reference VARCHAR(255),
  image_id BIGINT,
  second_image_id BIGINT,
  liveness_score DOUBLE,
  liveness_threshold DOUBLE,
  CONSTRAINT matches_key UNIQUE (match_key)
);

CREATE INDEX matches_created ON matches (tenant_id, kind, created_ms);

-- Each tenant's template secret, sealed under the platform's master key (never stored in clear).
CREATE TABLE tenant_secrets (
  tenant_id BIGINT NOT NULL PRIMARY KEY REFERENCES api_users (id) ON DELETE CASCADE,
  sealed_secret VARCHAR(1024) NOT NULL,
  updated_ms BIGINT NOT NULL
);
