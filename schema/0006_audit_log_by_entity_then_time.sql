-- Every audited read appends a row, tens of thousands a second under load. Keyed (entity,
-- entity_id, id), each row landed beside the last row of its own subject: reads rotating over
-- thousands of needs or homes dirtied a different page per row, so each group commit wrote (and
-- fsynced) about one page per request, and more as the log grew (candidates at 50,000 homes fell
-- from 35,000 to 22,000 a second within a minute). Keyed (entity, id), rows of one kind append at
-- one edge; a subject's newest entries are found walking its kind's entries newest first, with
-- entity_id checked in the index itself.
DROP INDEX audit_log_entity;
CREATE INDEX audit_log_entity_newest ON audit_log (entity, id, entity_id);
