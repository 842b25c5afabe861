-- Schema version 8 (issue 16): what the parents' guides tell a family to keep.
-- Per person: whether they have gezag (parental authority: 'ja', 'nee' or ''
-- not filled in) and, for a child, what the child says it needs itself.
-- Per contact: for a jeugdhulpaanbieder its waiting list, whether the gemeente
-- contracted it (zorg in natura: 'ja', 'nee' or '') and how the help is paid;
-- for a gemeente where its verordening and beleidsregels are (a link, a date).
-- And the consent register (toestemming): to whom, for what, given on, the
-- written confirmation (an attachment), withdrawn on and how.
ALTER TABLE person ADD COLUMN gezag TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN own_voice TEXT NOT NULL DEFAULT '';
ALTER TABLE contact ADD COLUMN waiting_list TEXT NOT NULL DEFAULT '';
ALTER TABLE contact ADD COLUMN contracted TEXT NOT NULL DEFAULT '';
ALTER TABLE contact ADD COLUMN payment TEXT NOT NULL DEFAULT '';
ALTER TABLE contact ADD COLUMN regulations TEXT NOT NULL DEFAULT '';

CREATE TABLE consent (
    id                  INTEGER PRIMARY KEY,
    recipient           TEXT NOT NULL,                 -- to whom (free text, or the contact's name)
    contact_id          INTEGER REFERENCES contact (id) ON DELETE SET NULL,
    purpose             TEXT NOT NULL DEFAULT '',      -- for what
    given_on            DATE,
    confirmation_id     INTEGER REFERENCES attachment (id) ON DELETE SET NULL,
    withdrawn_on        DATE,
    withdrawn_how       TEXT NOT NULL DEFAULT '',      -- 'mondeling' | 'email' | 'brief' | ''
    notes               TEXT NOT NULL DEFAULT '',
    created_at          DATETIME NOT NULL
);
CREATE INDEX consent_contact ON consent (contact_id);
