-- Every committed change of what an index holds (a user's templates or groups, a group, a tenant as a whole),
-- written in the same transaction as the change itself. Nodes sharing one database follow it to keep their
-- indexes in step; a node that was down catches up from where it stopped. Rows are pruned after a while.
CREATE TABLE gallery_changes (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL,
  kind CHAR(1) NOT NULL,
  subject VARCHAR(255),
  created_ms BIGINT NOT NULL
);

CREATE INDEX gallery_changes_created ON gallery_changes (created_ms);
