-- What deduplication keeps per article so that later runs compare new articles with every earlier one:
-- the MinHash signature and the facts used to tell copies, translations and different stories apart.
-- cluster_id is the id given at load time; later merges are resolved through cluster_merges.
create table dedup_signatures (
    url            varchar primary key,
    cluster_id     varchar not null,
    method         varchar not null,        -- new | exact | near
    signature      blob not null,           -- num_perm little-endian uint32
    shingle_count  integer not null,
    exact_key      varchar not null,        -- hash of the normalised token sequence
    published_at   timestamptz,
    source         varchar not null,
    source_kind    varchar not null,
    language       varchar,
    credits        varchar[],
    facts          varchar[],
    alternates     varchar[],
    sample         blob not null,           -- sorted distinct shingle hashes (uint32): all, or 1 in 8
    sample_full    boolean not null         -- true when sample holds every shingle of the text
);
