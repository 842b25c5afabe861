-- Schema version 2: full-text search over everything (FTS5, inside the
-- encrypted file). Rows are kept current by store.search.reindex_*.
CREATE VIRTUAL TABLE search_index USING fts5 (
    source UNINDEXED,       -- 'entry' | 'contact' | 'person' | 'traject'
    ref UNINDEXED,          -- id in that table
    kind UNINDEXED,         -- entry kind, or the source
    occurred_on UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
