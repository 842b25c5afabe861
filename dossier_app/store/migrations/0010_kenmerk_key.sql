-- Schema version 10 (issue 25): the kenmerk as a lookup key (case and spaces ignored, see
-- store/kenmerken.py), indexed, so the duplicate check of an import is an index look-up. NULL: not
-- computed yet (filled by this migration's follow-up); changing a kenmerk clears its key.
ALTER TABLE document ADD COLUMN kenmerk_key TEXT;
CREATE INDEX document_kenmerk_key ON document (kenmerk_key);
CREATE TRIGGER document_kenmerk_changed AFTER UPDATE OF kenmerk ON document
BEGIN
    UPDATE document SET kenmerk_key = NULL WHERE entry_id = NEW.entry_id;
END;
