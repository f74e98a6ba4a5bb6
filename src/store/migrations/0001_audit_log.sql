-- Every decision an admin makes (approve, decline, halt, rollback, send, ...) is kept here.
-- Rows are append-only: the triggers refuse edits and deletions.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,            -- RFC 3339, UTC
    user    TEXT NOT NULL,            -- the OS user who acted
    action  TEXT NOT NULL,            -- stable identifier, e.g. 'database.backup'
    object  TEXT NOT NULL,            -- what the action was about
    reason  TEXT                      -- the admin's words, when given
);
CREATE INDEX audit_log_at ON audit_log(at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
