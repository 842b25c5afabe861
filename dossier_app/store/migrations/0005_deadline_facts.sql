-- Schema version 4: facts that change a running deadline, kept so the date can
-- be computed again: the organisation's notice of verdaging (with its date), an
-- opschorting period, uitstel met instemming, an AVG extension notice (as JSON
-- in deadline.options); and whether a traject's bezwaar goes to an
-- adviescommissie (bezwaarcommissie), which makes the beslistermijn twelve weeks.
ALTER TABLE deadline ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
ALTER TABLE traject ADD COLUMN objection_committee INTEGER NOT NULL DEFAULT 0;
