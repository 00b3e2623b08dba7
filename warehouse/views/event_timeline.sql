-- event_timeline: every extracted fact of the security-agreement track in date order.
-- One row per fact (a signing, a start of talks, a negotiation round, an announced signing, a printed count),
-- however many articles state it; mention_count counts the statements, source_count the independent stories
-- (syndicated copies of one release count once). date_precision says whether event_date is a day, a month
-- or a year; facts without any date come last. count and count_scope are set for count claims
-- ("Ukraine has signed 17 agreements" = 17, signed; "preparing 10 more" = 10, planned).
with facts as (
    select * from events
),

final as (
    select
        f.event_date,
        f.date_precision,
        f.event_type,
        f.partner,
        r.partner as partner_name,
        f.ordinal,
        f.count,
        f.count_scope,
        f.mention_count,
        f.source_count,
        f.first_seen_at,
        f.last_seen_at,
        f.latest_evidence,
        f.latest_evidence_url,
        f.fact_key
    from facts f
    left join reference_agreements r on r.iso2 = f.partner
    order by f.event_date nulls last,
             case f.event_type
                 when 'negotiations_started' then 1 when 'negotiation_round' then 2
                 when 'agreement_planned' then 3 when 'agreement_signed' then 4 else 5
             end,
             f.partner nulls last, f.fact_key
)

select * from final
