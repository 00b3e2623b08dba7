-- url_backlog: article URLs that could not be fetched yet.
-- pending URLs are tried again by the next runs; after INGEST_MAX_RUNS_PENDING runs (default 5) they are
-- dead and left alone. last_error_kind tells why the last attempt failed (timeout, http_5xx, blocked, ...).
with backlog as (
    select url, source, state, runs_attempted, last_error_kind, last_status, last_attempt_at
    from url_state
    where state in ('pending', 'dead')
),

final as (
    select * from backlog
    order by state, source, url
)

select * from final
