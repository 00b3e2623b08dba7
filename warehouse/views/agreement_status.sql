-- agreement_status: one row per partner (a country or the EU) of Ukraine's bilateral security agreements.
-- Built from the extracted facts (events) and their mentions (event_mentions):
--   negotiations_started_on  earliest date on which talks were reported to have started (with its precision:
--                            a month-precision date is stored as the first of the month)
--   rounds_seen              numbered or dated negotiation rounds reported (the first round counts as one
--                            when it is reported as the start of talks)
--   highest_round            the highest round number any article states
--   signed_date              date of the signing (the date most articles state)
--   current_status           signed > planned (a signing announced or being prepared) > negotiating > mentioned
--   independent_sources      distinct stories (syndication clusters) that mention the partner: copies of one
--                            press release count once
--   latest_evidence(_url)    the newest sentence supporting the current status (one with the status date,
--                            stated, first), and the article it comes from
-- partner_name and the official tally flag come from reference_agreements when the partner is listed there.
with facts as (
    select * from events where partner is not null
),

partners as (
    select distinct partner from facts
),

started as (
    select partner, min(event_date) as negotiations_started_on,
           arg_min(date_precision, event_date) as negotiations_started_precision, max(ordinal) as start_round
    from facts
    where event_type = 'negotiations_started'
    group by partner
),

rounds as (
    select partner, count(*) as round_facts, max(ordinal) as highest_numbered_round
    from facts
    where event_type = 'negotiation_round'
    group by partner
),

signed as (
    select partner, event_date as signed_date, date_precision as signed_date_precision,
           source_count as signed_sources
    from facts
    where event_type = 'agreement_signed'
),

planned as (
    select partner, max(last_seen_at) as last_planned_seen_at,
           max(event_date) filter (where event_date is not null) as planned_for
    from facts
    where event_type = 'agreement_planned'
    group by partner
),

mention_sources as (
    select m.partner, count(distinct coalesce(c.cluster_id, m.article_url)) as independent_sources,
           count(*) as mentions
    from event_mentions m
    left join clusters c on c.article_url = m.article_url
    where m.partner is not null
    group by m.partner
),

status as (
    select
        p.partner,
        case
            when sg.partner is not null then 'signed'
            when pl.partner is not null then 'planned'
            when st.partner is not null or rd.partner is not null then 'negotiating'
            else 'mentioned'
        end as current_status,
        case
            when sg.partner is not null then sg.signed_date
            when pl.partner is not null then pl.planned_for
            else st.negotiations_started_on
        end as status_date
    from partners p
    left join started st using (partner)
    left join rounds rd using (partner)
    left join signed sg using (partner)
    left join planned pl using (partner)
),

latest as (
    -- the newest sentence that supports the current status (any sentence about the partner if none does),
    -- preferring one dated as the status is, and one that states that date itself
    select m.partner, m.evidence, m.article_url, a.published_at,
           row_number() over (
               partition by m.partner
               order by
                   case
                       when s.current_status = 'signed' and m.event_type = 'agreement_signed' then 0
                       when s.current_status = 'planned' and m.event_type = 'agreement_planned' then 0
                       when s.current_status = 'negotiating'
                            and m.event_type in ('negotiations_started', 'negotiation_round') then 0
                       else 1
                   end,
                   case when m.event_date = s.status_date then 0 else 1 end,
                   m.date_is_event desc,
                   a.published_at desc nulls last, m.confidence desc, m.article_url, m.mention_no
           ) as rn
    from event_mentions m
    join status s on s.partner = m.partner
    left join articles a on a.url = m.article_url
),

final as (
    select
        p.partner,
        r.partner as partner_name,
        st.negotiations_started_on,
        st.negotiations_started_precision,
        coalesce(rd.round_facts, 0) + case when st.start_round = 1 then 1 else 0 end as rounds_seen,
        greatest(rd.highest_numbered_round, st.start_round) as highest_round,
        sg.signed_date,
        sg.signed_date_precision,
        s.current_status,
        pl.planned_for,
        ms.independent_sources,
        ms.mentions,
        r.counted_in_official_tally,
        l.evidence as latest_evidence,
        l.article_url as latest_evidence_url,
        l.published_at as latest_evidence_published_at
    from partners p
    join status s using (partner)
    left join started st using (partner)
    left join rounds rd using (partner)
    left join signed sg using (partner)
    left join planned pl using (partner)
    left join mention_sources ms using (partner)
    left join latest l on l.partner = p.partner and l.rn = 1
    left join reference_agreements r on r.iso2 = p.partner
    order by sg.signed_date nulls last, p.partner
)

select * from final
