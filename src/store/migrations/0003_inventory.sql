-- Phase 1, Assess: machines, what each import said about them (scans), and groups/rings.

-- A machine keeps one identity across renames and re-imports: its SMBIOS UUID or serial number
-- when a source reports one, else its NetBIOS name (host_key). The state columns are derived
-- from the scans (newest value of each field) so that listing 5,000 machines is one query.
CREATE TABLE machines (
    id                  INTEGER PRIMARY KEY,
    hostname            TEXT NOT NULL,          -- as last printed (may be an FQDN)
    host_key            TEXT NOT NULL,          -- upper-case NetBIOS name, for matching
    domain              TEXT,
    serial_number       TEXT,
    smbios_uuid         TEXT,
    first_seen          TEXT NOT NULL,          -- RFC 3339 UTC
    last_scan           TEXT,                   -- scanned_at of the newest scan
    os_name             TEXT,
    os_edition          TEXT,
    os_display_version  TEXT,
    os_build            TEXT,                   -- "10.0.19045" or "10.0.19045.2486"
    architecture        TEXT,
    installation_type   TEXT,
    updates_scan_id     INTEGER,                -- newest scan that listed installed updates
    programs_scan_id    INTEGER                 -- newest scan that listed programs
);
CREATE INDEX machines_host_key ON machines(host_key);
CREATE INDEX machines_serial ON machines(serial_number) WHERE serial_number IS NOT NULL;
CREATE INDEX machines_uuid ON machines(smbios_uuid) WHERE smbios_uuid IS NOT NULL;

CREATE TABLE scans (
    id                      INTEGER PRIMARY KEY,
    machine_id              INTEGER NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
    scanned_at              TEXT NOT NULL,      -- when the source was written (or imported)
    imported_at             TEXT NOT NULL,
    source_file             TEXT NOT NULL,
    source_format           TEXT NOT NULL,
    hostname                TEXT NOT NULL,      -- as this source printed it
    os_name                 TEXT,
    os_edition              TEXT,
    os_display_version      TEXT,
    os_build                TEXT,
    architecture            TEXT,
    installation_type       TEXT,
    lists_updates           INTEGER NOT NULL,   -- 1 when the source enumerates installed updates
    lists_programs          INTEGER NOT NULL,
    system_drive_free_bytes INTEGER,
    last_boot               TEXT,
    pending_reboot          INTEGER,
    update_service_state    TEXT,
    registered_owner        TEXT
);
CREATE INDEX scans_machine ON scans(machine_id, scanned_at);

CREATE TABLE scan_updates (
    scan_id       INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    kb            TEXT NOT NULL,                -- "KB5022282"
    installed_on  TEXT,                         -- YYYY-MM-DD
    description   TEXT,
    PRIMARY KEY (scan_id, kb)
) WITHOUT ROWID;
CREATE INDEX scan_updates_kb ON scan_updates(kb);

CREATE TABLE scan_programs (
    scan_id    INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    version    TEXT,
    publisher  TEXT
);
CREATE INDEX scan_programs_scan ON scan_programs(scan_id);

-- Groups by role or location, and rollout rings (pilot, wave 1 … n) in order.
-- Members are kept by machine id, so assignments survive re-imports and renames; a hostname
-- pattern adds every matching machine, now and at later imports.
CREATE TABLE groups (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE COLLATE NOCASE,
    is_ring           INTEGER NOT NULL DEFAULT 0,
    ring_order        INTEGER,
    hostname_pattern  TEXT,                     -- e.g. "SOUMU-*"; NULL for manual groups
    created_at        TEXT NOT NULL
);

CREATE TABLE group_members (
    group_id    INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    machine_id  INTEGER NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, machine_id)
) WITHOUT ROWID;
CREATE INDEX group_members_machine ON group_members(machine_id);

-- Files seen in the drop folder (Settings), so that each is imported once, and again only when
-- it changes. A file that failed keeps its reason and is retried only when it changes too.
CREATE TABLE drop_folder_files (
    path      TEXT PRIMARY KEY,
    size      INTEGER NOT NULL,
    modified  TEXT NOT NULL,
    seen_at   TEXT NOT NULL,
    outcome   TEXT NOT NULL                     -- 'imported' or why it was not
) WITHOUT ROWID;
