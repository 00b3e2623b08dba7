-- Core tables of the ingest warehouse. Applied once, in a transaction, by ingest.warehouse.
-- Times are TIMESTAMPTZ (UTC instants); dates of events are DATE in Europe/Kyiv.

-- The configured sources, refreshed from sources.toml at the start of every run.
create table sources (
    name          varchar primary key,
    home          varchar not null,
    language      varchar not null,
    kind          varchar not null,          -- official | news
    allowed_hosts varchar[] not null
);

-- One row per pipeline run (daily, backfill, reprocess), with its outcome and totals.
create table runs (
    run_id        varchar primary key,
    kind          varchar not null,          -- daily | backfill | reprocess
    started_at    timestamptz not null,
    finished_at   timestamptz,
    status        varchar not null,          -- running | completed | partial | failed
    window_start  date,                      -- backfill date range (null for daily runs)
    window_end    date,
    sources       varchar[] not null,
    discovered    integer,
    fetched       integer,
    not_modified  integer,
    failed        integer,
    new_articles  integer,
    duplicates    integer,
    new_events    integer,
    message       varchar                    -- operator advice, e.g. a source that blocks scripted clients
);

-- Per run and source: the numbers of the run report.
create table run_sources (
    run_id          varchar not null,
    source          varchar not null,
    discovered      integer not null,
    fetched         integer not null,
    not_modified    integer not null,
    failed          integer not null,
    failed_by_kind  json,                    -- {"timeout": 2, "http_5xx": 1, ...}
    new_articles    integer not null,
    duplicates      integer not null,
    new_events      integer not null,
    status          varchar not null,        -- ok | degraded | failed
    advice          varchar,
    primary key (run_id, source)
);

-- One row per HTTP attempt: every try of every URL, successful or not.
create table fetches (
    run_id        varchar not null,
    source        varchar not null,
    url           varchar not null,
    attempt       integer not null,
    purpose       varchar not null,          -- discovery | article | robots
    status        integer,                   -- HTTP status; null when no response arrived
    bytes         bigint not null,
    elapsed_ms    double not null,
    error_kind    varchar,                   -- null on success
    error_detail  varchar,
    fetched_at    timestamptz not null,
    final_url     varchar
);

-- Per article URL: where fetching stands. Failed URLs stay pending and are retried by later runs until
-- they reach the retry limit and become dead.
create table url_state (
    url             varchar primary key,
    source          varchar not null,
    state           varchar not null,        -- pending | done | dead | skipped
    runs_attempted  integer not null,
    last_error_kind varchar,
    last_status     integer,
    first_seen_at   timestamptz not null,
    last_attempt_at timestamptz,
    etag            varchar,
    last_modified   varchar
);

-- Raw captures kept in WARC files beside the database.
create table raw_captures (
    url             varchar not null,
    fetched_at      timestamptz not null,
    status          integer not null,
    content_type    varchar,
    warc_file       varchar not null,
    warc_offset     bigint not null,
    payload_digest  varchar,
    run_id          varchar not null
);

-- One row per distinct canonical article URL.
create table articles (
    url             varchar primary key,     -- canonical form of the URL
    source          varchar not null,
    fetched_url     varchar not null,
    title           varchar,
    published_at    timestamptz,
    modified_at     timestamptz,
    authors         varchar[],
    language        varchar,
    body            varchar not null,
    body_hash       varchar not null,        -- sha256 of the normalised body
    canonical_link  varchar,                 -- rel=canonical as the page declares it
    alternates      json,                    -- [[hreflang, url], ...]
    payload_digest  varchar,
    first_seen_at   timestamptz not null,
    last_seen_at    timestamptz not null,
    run_id          varchar not null
);

-- Syndication clusters: article -> story. Cluster ids never change once loaded.
create table clusters (
    article_url   varchar primary key,
    cluster_id    varchar not null,
    is_canonical  boolean not null,
    copy_of       varchar,                   -- the article this one copies
    similarity    double,
    method        varchar not null,          -- new | url | exact | near
    run_id        varchar not null
);

-- Two clusters found to be one story: the older id is kept.
create table cluster_merges (
    kept_id     varchar not null,
    merged_id   varchar primary key,
    run_id      varchar not null
);

-- Editions of one release in different languages (not merged into one cluster).
create table translations (
    article_url     varchar not null,
    translation_url varchar not null,
    method          varchar not null,        -- hreflang | heuristic
    primary key (article_url, translation_url)
);

-- Every statement of an event in an article, with its evidence sentence.
create table event_mentions (
    article_url       varchar not null,
    mention_no        integer not null,
    event_type        varchar not null,
    partner           varchar,               -- ISO 3166-1 alpha-2 or EU; null for count claims
    event_date        date,
    date_precision    varchar not null,      -- day | month | year | unknown
    date_is_event     boolean not null,      -- false: the date is only the article's "as of" date
    evidence          varchar not null,
    evidence_start    integer not null,
    evidence_end      integer not null,
    confidence        double not null,
    extractor_version varchar not null,
    count             integer,
    ordinal           integer,
    people            varchar[],
    count_scope       varchar,
    primary key (article_url, mention_no)
);

-- Officially listed agreements, loaded from the operator-maintained CSV.
create table reference_agreements (
    partner                   varchar not null,
    iso2                      varchar primary key,
    signed_date               date,
    signatories               varchar,
    place                     varchar,
    duration_years            integer,
    official_title            varchar,
    official_ordinal          varchar,
    counted_in_official_tally boolean not null,
    source_url                varchar
);
