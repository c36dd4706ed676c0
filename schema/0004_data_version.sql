-- One row, one number: bumped in the transaction of every committed change to what a server holds
-- in memory (the matching snapshot, verified tokens), so every process on this database can tell
-- with one indexed read whether its copy is stale.
CREATE TABLE data_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);
