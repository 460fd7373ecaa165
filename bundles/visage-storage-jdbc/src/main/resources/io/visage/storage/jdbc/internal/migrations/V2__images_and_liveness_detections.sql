-- Saved images live in the database, so that a transaction stores its record and its image together
-- and a backup of the database is a backup of everything.
CREATE TABLE images (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES api_users (id) ON DELETE CASCADE,
  image_key VARCHAR(64) NOT NULL,
  content BLOB(64M) NOT NULL,
  created_ms BIGINT NOT NULL,
  CONSTRAINT images_key UNIQUE (image_key)
);

CREATE INDEX images_tenant ON images (tenant_id);

CREATE TABLE liveness_detections (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES api_users (id) ON DELETE CASCADE,
  detection_key VARCHAR(64) NOT NULL,
  created_ms BIGINT NOT NULL,
  status INT NOT NULL,
  message VARCHAR(255) NOT NULL,
  score DOUBLE NOT NULL,
  threshold DOUBLE NOT NULL,
  CONSTRAINT liveness_detections_key UNIQUE (detection_key)
);

CREATE INDEX liveness_detections_created ON liveness_detections (tenant_id, created_ms);

-- Which saved images belong to which liveness transaction (image and image2).
CREATE TABLE liveness_detection_images (
  detection_id BIGINT NOT NULL REFERENCES liveness_detections (id) ON DELETE CASCADE,
  image_id BIGINT NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  position INT NOT NULL,
  PRIMARY KEY (detection_id, position)
);
