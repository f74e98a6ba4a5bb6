-- Phase 2, Identify: update catalogs (MSRC CVRF documents, old security bulletins, CISA KEV),
-- the admin's product-mapping overrides and suppressions, and the findings matching derives.

-- One catalog document: an MSRC release (`2022-Nov`, `Oct-OOB`, opaque ids) or one security
-- bulletin (`MS08-067`) from the Bulletin Search spreadsheet. A re-import with a newer
-- CurrentReleaseDate replaces the document's rows (cascade), so documents never duplicate.
CREATE TABLE catalog_documents (
    id               INTEGER PRIMARY KEY,
    source           TEXT NOT NULL,             -- 'msrc' or 'bulletin'
    doc_key          TEXT NOT NULL UNIQUE,      -- MSRC document ID or bulletin id
    title            TEXT NOT NULL,
    initial_release  TEXT NOT NULL,             -- RFC 3339 UTC
    current_release  TEXT NOT NULL,             -- the revision stored
    source_file      TEXT NOT NULL,
    source_format    TEXT NOT NULL,             -- 'cvrf-xml', 'cvrf-json', 'bulletin-csv' …
    imported_at      TEXT NOT NULL
);

-- Product names as the catalogs spell them; matching maps machines onto these.
CREATE TABLE catalog_products (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE
);

CREATE TABLE catalog_vulnerabilities (
    id                  INTEGER PRIMARY KEY,
    document_id         INTEGER NOT NULL REFERENCES catalog_documents(id) ON DELETE CASCADE,
    cve                 TEXT NOT NULL,          -- a CVE id, or the bulletin id when it names none
    title               TEXT NOT NULL,
    publicly_disclosed  INTEGER,                -- MSRC Exploit Status; NULL when not stated
    exploited           INTEGER,
    latest_release      TEXT,                   -- "Exploitation Detected", "Exploitation More Likely" …
    UNIQUE (document_id, cve)
);
CREATE INDEX catalog_vulnerabilities_cve ON catalog_vulnerabilities(cve);

-- One vulnerability × one affected product: MSRC rates severity and impact per product.
CREATE TABLE catalog_affected (
    vulnerability_id  INTEGER NOT NULL REFERENCES catalog_vulnerabilities(id) ON DELETE CASCADE,
    product_id        INTEGER NOT NULL REFERENCES catalog_products(id),
    msrc_product_id   TEXT,                     -- the document's own ProductID ("12097")
    severity          TEXT,                     -- Critical, Important, Moderate, Low
    impact            TEXT,
    cvss_base         REAL,
    cvss_vector       TEXT,
    PRIMARY KEY (vulnerability_id, product_id)
) WITHOUT ROWID;
CREATE INDEX catalog_affected_product ON catalog_affected(product_id);

-- Vendor fixes: the update that fixes one vulnerability on one product.
CREATE TABLE catalog_fixes (
    id                INTEGER PRIMARY KEY,
    vulnerability_id  INTEGER NOT NULL REFERENCES catalog_vulnerabilities(id) ON DELETE CASCADE,
    product_id        INTEGER NOT NULL REFERENCES catalog_products(id),
    kb                TEXT,                     -- "KB5022282"; NULL for "Click to Run", "Release Notes" …
    description       TEXT NOT NULL,            -- as published
    sub_type          TEXT,                     -- Security Update, Monthly Rollup, Security Only …
    restart_required  TEXT,                     -- Yes, No, Maybe
    fixed_build       TEXT,                     -- "10.0.19045.2486", a version, or a URL
    url               TEXT
);
CREATE INDEX catalog_fixes_product ON catalog_fixes(product_id);
CREATE INDEX catalog_fixes_vulnerability ON catalog_fixes(vulnerability_id);
CREATE INDEX catalog_fixes_kb ON catalog_fixes(kb) WHERE kb IS NOT NULL;

-- "kb replaces supersedes", as each document states it (the source spells it Supercedence).
CREATE TABLE catalog_supersedence (
    document_id  INTEGER NOT NULL REFERENCES catalog_documents(id) ON DELETE CASCADE,
    kb           TEXT NOT NULL,
    supersedes   TEXT NOT NULL,
    PRIMARY KEY (kb, supersedes, document_id)
) WITHOUT ROWID;
CREATE INDEX catalog_supersedence_old ON catalog_supersedence(supersedes);
CREATE INDEX catalog_supersedence_document ON catalog_supersedence(document_id);

-- CISA Known Exploited Vulnerabilities: the newest catalog imported (one row), and its entries.
CREATE TABLE kev_catalog (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    catalog_version  TEXT NOT NULL,
    date_released    TEXT,
    entries          INTEGER NOT NULL,
    source_file      TEXT NOT NULL,
    imported_at      TEXT NOT NULL
);
CREATE TABLE kev_entries (
    cve                  TEXT PRIMARY KEY,
    vendor_project       TEXT NOT NULL,
    product              TEXT NOT NULL,
    name                 TEXT NOT NULL,
    date_added           TEXT NOT NULL,         -- YYYY-MM-DD
    due_date             TEXT,
    ransomware           INTEGER NOT NULL,      -- known ransomware campaign use
    required_action      TEXT NOT NULL
) WITHOUT ROWID;

-- The admin's corrections to product mapping: add a product the inventory cannot show, or
-- remove one PatchDesk guessed wrongly. Audited (product_mapping.override).
CREATE TABLE product_overrides (
    id          INTEGER PRIMARY KEY,
    machine_id  INTEGER NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
    product     TEXT NOT NULL,                  -- a catalog product name
    action      TEXT NOT NULL CHECK (action IN ('add', 'remove')),
    reason      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    UNIQUE (machine_id, product)
);

-- "Not applicable here": a finding (machine × CVE) or an update (KB), on one machine or on
-- all (machine_id NULL), with a reason and an optional expiry. Lifting keeps the row.
CREATE TABLE suppressions (
    id          INTEGER PRIMARY KEY,
    machine_id  INTEGER REFERENCES machines(id) ON DELETE CASCADE,
    cve         TEXT,
    kb          TEXT,
    reason      TEXT NOT NULL,
    expires     TEXT,                           -- YYYY-MM-DD; NULL = until lifted
    created_at  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    lifted_at   TEXT,
    CHECK ((cve IS NULL) <> (kb IS NULL))
);

-- What matching found: every missing or unknown fix (fixed ones are recomputed on demand by
-- explanations). Rows are replaced per machine on each rematch. Deliberately narrow (5,000
-- machines × hundreds of findings must be written in well under a second): severity, CVE and
-- release date are joined from the catalog tables when read. No foreign key to the catalog:
-- replacing a document deletes its findings explicitly, then rematches the machines.
CREATE TABLE findings (
    machine_id        INTEGER NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
    vulnerability_id  INTEGER NOT NULL,         -- catalog_vulnerabilities.id
    product_id        INTEGER NOT NULL,         -- catalog_products.id
    status            TEXT NOT NULL,            -- 'missing' or 'unknown'
    kb                TEXT,                     -- the update that fixes it
    PRIMARY KEY (machine_id, vulnerability_id, product_id)
) WITHOUT ROWID;

-- What each machine was last matched with, so that rematching can skip unchanged machines.
CREATE TABLE match_state (
    machine_id   INTEGER PRIMARY KEY REFERENCES machines(id) ON DELETE CASCADE,
    inputs       TEXT NOT NULL,                 -- scans and overrides the match used
    products     TEXT NOT NULL,                 -- JSON: the product mapping used
    matched_at   TEXT NOT NULL,
    fixed        INTEGER NOT NULL,
    missing      INTEGER NOT NULL,
    unknown      INTEGER NOT NULL
);
