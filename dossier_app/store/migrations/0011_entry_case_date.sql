-- Schema version 11 (issue 25): a traject's entries by date, so "the newest beschikking (verslag, …)
-- of this traject" is read from the newest entries down instead of sorting all of the traject's.
CREATE INDEX entry_case_date ON entry (case_id, occurred_on);
