-- Schema version 1: the family, contacts, cases (trajecten), timeline entries
-- with their detail tables, agreements and attachments.
CREATE TABLE dossier_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE person (
    id          INTEGER PRIMARY KEY,
    role        TEXT NOT NULL,              -- 'ouder' | 'kind'
    name        TEXT NOT NULL,
    street      TEXT NOT NULL DEFAULT '',
    postcode    TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    birth_date  DATE,
    bsn         TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL
);

CREATE TABLE contact (
    id              INTEGER PRIMARY KEY,
    role            TEXT NOT NULL,          -- see store.vocabulary.CONTACT_ROLES
    name            TEXT NOT NULL,
    organisation    TEXT NOT NULL DEFAULT '',
    department      TEXT NOT NULL DEFAULT '',
    contact_person  TEXT NOT NULL DEFAULT '',
    salutation      TEXT NOT NULL DEFAULT '',
    street          TEXT NOT NULL DEFAULT '',
    postcode        TEXT NOT NULL DEFAULT '',
    city            TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL
);

CREATE TABLE traject (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    child_id    INTEGER REFERENCES person (id) ON DELETE SET NULL,
    status      TEXT NOT NULL,              -- see store.vocabulary.CASE_STATUSES
    opened_on   DATE NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL
);

CREATE TABLE entry (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,             -- gesprek|document|opname|termijn|brief|notitie
    case_id      INTEGER REFERENCES traject (id) ON DELETE SET NULL,
    occurred_on  DATE NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE INDEX entry_occurred_on ON entry (occurred_on);
CREATE INDEX entry_case ON entry (case_id);

CREATE TABLE conversation (
    entry_id       INTEGER PRIMARY KEY REFERENCES entry (id) ON DELETE CASCADE,
    location       TEXT NOT NULL DEFAULT '',
    topic          TEXT NOT NULL DEFAULT '',
    report_status  TEXT NOT NULL DEFAULT 'niet toegezegd',
    recording_id   INTEGER REFERENCES entry (id) ON DELETE SET NULL
);

CREATE TABLE participant (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
    contact_id  INTEGER REFERENCES contact (id) ON DELETE SET NULL,
    person_id   INTEGER REFERENCES person (id) ON DELETE SET NULL,
    name        TEXT NOT NULL
);

CREATE TABLE document (
    entry_id       INTEGER PRIMARY KEY REFERENCES entry (id) ON DELETE CASCADE,
    doc_kind       TEXT NOT NULL,          -- see store.vocabulary.DOCUMENT_KINDS
    direction      TEXT NOT NULL DEFAULT 'ontvangen',
    sender         TEXT NOT NULL DEFAULT '',
    kenmerk        TEXT NOT NULL DEFAULT '',
    decision_date  DATE,
    received_on    DATE,
    inaccuracies   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE recording (
    entry_id          INTEGER PRIMARY KEY REFERENCES entry (id) ON DELETE CASCADE,
    duration_seconds  INTEGER NOT NULL DEFAULT 0,
    consent           INTEGER NOT NULL DEFAULT 0,
    external_path     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE deadline (
    entry_id         INTEGER PRIMARY KEY REFERENCES entry (id) ON DELETE CASCADE,
    rule_id          TEXT NOT NULL DEFAULT '',
    start_date       DATE,
    due_date         DATE NOT NULL,
    status           TEXT NOT NULL DEFAULT 'open',   -- open|gedaan
    basis            TEXT NOT NULL DEFAULT '',
    explanation      TEXT NOT NULL DEFAULT '',
    next_step        TEXT NOT NULL DEFAULT '',
    source_entry_id  INTEGER REFERENCES entry (id) ON DELETE SET NULL,
    done_on          DATE
);

CREATE TABLE letter (
    entry_id            INTEGER PRIMARY KEY REFERENCES entry (id) ON DELETE CASCADE,
    kind                TEXT NOT NULL,
    template_version    TEXT NOT NULL DEFAULT '',
    final_text          TEXT NOT NULL DEFAULT '',
    recipient_id        INTEGER REFERENCES contact (id) ON DELETE SET NULL,
    enclosures          TEXT NOT NULL DEFAULT '[]',
    sent_on             DATE,
    send_method         TEXT NOT NULL DEFAULT '',
    tracking_number     TEXT NOT NULL DEFAULT '',
    receipt_confirmed_on DATE
);

CREATE TABLE agreement (
    id         INTEGER PRIMARY KEY,
    entry_id   INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
    who        TEXT NOT NULL,
    what       TEXT NOT NULL,
    due_date   DATE,
    done       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE attachment (
    id            INTEGER PRIMARY KEY,
    entry_id      INTEGER REFERENCES entry (id) ON DELETE CASCADE,
    filename      TEXT NOT NULL,
    media_type    TEXT NOT NULL DEFAULT 'application/octet-stream',
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    file_key      BLOB NOT NULL,
    storage_name  TEXT NOT NULL UNIQUE,
    created_at    DATETIME NOT NULL
);
