-- Schema version 3: the letter log keeps the generated .docx (as an encrypted
-- attachment) and its SHA-256; drafts keep what the user typed in a form.
ALTER TABLE letter ADD COLUMN docx_attachment_id INTEGER REFERENCES attachment (id) ON DELETE SET NULL;
ALTER TABLE letter ADD COLUMN docx_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE letter ADD COLUMN deadline_rule TEXT NOT NULL DEFAULT '';
ALTER TABLE letter ADD COLUMN deadline_start DATE;
ALTER TABLE letter ADD COLUMN subject TEXT NOT NULL DEFAULT '';

CREATE TABLE draft (
    id          INTEGER PRIMARY KEY,
    form        TEXT NOT NULL,
    ref         TEXT NOT NULL DEFAULT '',
    payload     TEXT NOT NULL,
    updated_at  DATETIME NOT NULL,
    UNIQUE (form, ref)
);
