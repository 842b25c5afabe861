-- Schema version 4: every search-index row gets a rowid derived from what it
-- indexes (ref * 4 + source code, see store.search.index_rowid), so updating
-- or forgetting one row is a rowid lookup instead of a scan of the whole index
-- over its UNINDEXED columns. Also: indexes on the detail tables that are
-- read per entry (index text, entry details, letters).
CREATE TEMP TABLE search_index_move AS
    SELECT (CAST(ref AS INTEGER) * 4 + CASE source WHEN 'entry' THEN 0 WHEN 'contact' THEN 1
                                                   WHEN 'person' THEN 2 ELSE 3 END) AS key,
           max(rowid) AS old_rowid
    FROM search_index GROUP BY key;
CREATE TEMP TABLE search_index_rows AS
    SELECT m.key, s.source, s.ref, s.kind, s.occurred_on, s.title, s.body
    FROM search_index_move AS m JOIN search_index AS s ON s.rowid = m.old_rowid;
DELETE FROM search_index;
INSERT INTO search_index (rowid, source, ref, kind, occurred_on, title, body)
    SELECT key, source, ref, kind, occurred_on, title, body FROM search_index_rows;
DROP TABLE search_index_rows;
DROP TABLE search_index_move;

CREATE INDEX participant_entry ON participant (entry_id);
CREATE INDEX agreement_entry ON agreement (entry_id);
CREATE INDEX attachment_entry ON attachment (entry_id);
CREATE INDEX deadline_source_entry ON deadline (source_entry_id);
CREATE INDEX deadline_rule_status ON deadline (rule_id, status, due_date);
CREATE INDEX document_kind ON document (doc_kind);
CREATE INDEX contact_role ON contact (role);
