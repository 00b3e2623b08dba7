-- source_health: per source and run, what discovery and fetching achieved.
-- discovered = article URLs found on feeds, sitemaps and listings; fetched = pages received;
-- failed = URLs whose last attempt in the run failed (failed_by_kind says why); new = articles loaded for
-- the first time. status is ok, degraded (something failed) or failed (nothing could be fetched); advice
-- says what an operator can do about a blocked source.
with runs_of_sources as (
    select
        r.run_id,
        r.kind as run_kind,
        r.started_at,
        r.finished_at,
        s.source,
        s.discovered,
        s.fetched,
        s.not_modified,
        s.failed,
        s.failed_by_kind,
        s.new_articles as new,
        s.duplicates,
        s.new_events,
        s.status,
        s.advice
    from run_sources s
    join runs r using (run_id)
),

final as (
    select * from runs_of_sources
    order by started_at desc, source
)

select * from final
