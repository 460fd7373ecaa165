-- The embedding model each tenant's matching uses. A tenant switches to a new model only once all its
-- saved images have templates of that model (re-embedding), so its matches never mix models.
CREATE TABLE tenant_models (
  tenant_id BIGINT NOT NULL PRIMARY KEY REFERENCES api_users (id) ON DELETE CASCADE,
  model_name VARCHAR(128) NOT NULL,
  model_version VARCHAR(64) NOT NULL,
  updated_ms BIGINT NOT NULL
);

CREATE INDEX gallery_faces_image ON gallery_faces (image_id);
