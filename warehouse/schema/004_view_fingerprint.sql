-- Which version of the views (warehouse/views/*.sql) this file holds: a hash of their SQL.
-- Opening the warehouse recreates the views only when the files changed, so runs that open it
-- from several threads at once do no catalog writes in each other's way.
create table view_fingerprint (
    fingerprint varchar not null,   -- sha256 of the view files' names and SQL
    applied_at  timestamptz not null default now()
);
