-- Responses to monthly proposals: who answered, and a free-text note beside the fixed reason.
ALTER TABLE match_proposals ADD COLUMN response_note TEXT;
ALTER TABLE match_proposals ADD COLUMN responded_by TEXT;
CREATE INDEX match_proposals_foster_parent ON match_proposals (foster_parent_id);
