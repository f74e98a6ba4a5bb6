-- Office-wide settings shared by the window and the CLI (the office profile, later the drop
-- folder and mail server). Per-user view preferences (language, theme) live with the window.
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
