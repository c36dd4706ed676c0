-- Which households each data version changed, so a server can reload only those into its matching
-- snapshot. Rows are written pending (data_version 0) by the repositories that write a household,
-- its trainings or its placements, and stamped with the new version by the bump that commits them.
-- foster_parent_id 0 means "everything" (regions, travel times, agencies; or the log's start after
-- pruning): a reader whose snapshot is older than that row rebuilds in full.
CREATE TABLE household_changes (
  data_version BIGINT NOT NULL,
  foster_parent_id BIGINT NOT NULL
);
CREATE INDEX household_changes_version ON household_changes (data_version, foster_parent_id);
-- Versions before this log existed are not covered.
INSERT INTO household_changes (data_version, foster_parent_id)
  SELECT version, 0 FROM data_version WHERE id = 1;
