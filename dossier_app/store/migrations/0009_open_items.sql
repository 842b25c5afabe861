-- Schema version 9 (issue 25): the Overzicht reads the open afspraken and terms a page at a time,
-- soonest first, and counts them; these indexes let SQLite read only that page (not every row).
CREATE INDEX agreement_open ON agreement (done, due_date);
CREATE INDEX deadline_open ON deadline (status, due_date);
