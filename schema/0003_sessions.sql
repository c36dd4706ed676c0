-- Admin-page sessions, shared by every server process: the id only as its SHA-256, the signed-in
-- user as the actor it acts as, the session's CSRF token, and times in Unix seconds.
CREATE TABLE page_sessions (
  id_hash TEXT PRIMARY KEY,
  actor TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'agency', 'trainer')),
  agency_id BIGINT REFERENCES agencies (id),
  csrf TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen BIGINT NOT NULL
);
CREATE INDEX page_sessions_last_seen ON page_sessions (last_seen);
CREATE INDEX page_sessions_created_at ON page_sessions (created_at);
