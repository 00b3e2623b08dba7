-- count_claims: every printed statement of how many agreements Ukraine has signed (or is preparing), checked
-- against the signings this warehouse knows as of the claim's date.
--   claimed                  the number as printed (wrong figures are kept, that is the point)
--   known_signed_before      signings known to have happened before the claim's day
--   known_signed_through     the same, up to and including the claim's day
--   official_before/through  the same, leaving out partners the reference marks as outside the official
--                            G7-declaration tally (Croatia)
--   A signing whose date no article states counts from the day the warehouse first saw it mentioned.
--   verdict                  consistent   the claim equals the known count through that day (official or all)
--                            stale        it misses some of that day's signings (between before and through)
--                            understated  lower than the count before that day
--                            overstated   higher than any known count
--                            not checked  counts of agreements in preparation, or undated claims
-- Claims come from events (one row per claim: copies of one release count once); the printing articles are
-- in event_mentions.
with claims as (
    select
        fact_key,
        event_date as claim_date,
        count as claimed,
        coalesce(count_scope, 'signed') as count_scope,
        mention_count,
        source_count,
        latest_evidence,
        latest_evidence_url
    from events
    where event_type = 'count_claim'
),

signings as (
    select
        e.partner,
        coalesce(e.event_date, cast(timezone('Europe/Kyiv', e.first_seen_at) as date)) as event_date,
        coalesce(r.counted_in_official_tally, true) as in_tally
    from events e
    left join reference_agreements r on r.iso2 = e.partner
    where e.event_type = 'agreement_signed' and coalesce(e.event_date, e.first_seen_at) is not null
),

known as (
    select
        c.fact_key,
        count(s.partner) filter (where s.event_date < c.claim_date) as known_signed_before,
        count(s.partner) filter (where s.event_date <= c.claim_date) as known_signed_through,
        count(s.partner) filter (where s.event_date < c.claim_date and s.in_tally) as official_before,
        count(s.partner) filter (where s.event_date <= c.claim_date and s.in_tally) as official_through
    from claims c
    left join signings s on true
    group by c.fact_key
),

final as (
    select
        c.claim_date,
        c.count_scope,
        c.claimed,
        k.known_signed_before,
        k.known_signed_through,
        k.official_before,
        k.official_through,
        case
            when c.count_scope <> 'signed' or c.claim_date is null then 'not checked'
            when c.claimed in (k.official_through, k.known_signed_through) then 'consistent'
            when c.claimed > greatest(k.official_through, k.known_signed_through) then 'overstated'
            when c.claimed >= least(k.official_before, k.known_signed_before) then 'stale'
            else 'understated'
        end as verdict,
        c.mention_count,
        c.source_count,
        c.latest_evidence,
        c.latest_evidence_url,
        c.fact_key
    from claims c
    join known k using (fact_key)
    order by c.claim_date nulls last, c.count_scope, c.claimed
)

select * from final
