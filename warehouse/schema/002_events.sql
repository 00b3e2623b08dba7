-- Event facts: one row per real-world event, aggregated from event_mentions. Rebuilt in the same
-- transaction as every load, so it always agrees with the mentions. Copies in one syndication cluster count
-- as one source.
create table events (
    fact_key            varchar primary key,  -- e.g. agreement_signed|GB, negotiation_round|US|3
    event_type          varchar not null,
    partner             varchar,
    event_date          date,
    date_precision      varchar not null,
    count               integer,
    ordinal             integer,
    count_scope         varchar,
    mention_count       integer not null,
    source_count        integer not null,     -- independent sources: distinct syndication clusters
    first_seen_at       timestamptz,
    last_seen_at        timestamptz,
    latest_evidence     varchar not null,
    latest_evidence_url varchar not null
);
