-- agreements_vs_reference: the signings extracted from articles compared with the operator-maintained
-- reference list (warehouse/reference/agreements.csv, loaded into reference_agreements).
--   status  ok             extracted with the reference date
--           date_mismatch  extracted, but with another date (days_off = extracted - reference)
--           undated        extracted (e.g. from a list of signatories), but no article states the date
--           missing        in the reference, never extracted
--           extra          extracted, not in the reference (a new agreement, or an extraction error)
-- The evidence columns show the sentence behind the extracted signing, to judge a mismatch quickly.
with reference as (
    select iso2 as partner, partner as partner_name, signed_date, signatories, place,
           counted_in_official_tally
    from reference_agreements
),

extracted as (
    select partner, event_date, date_precision, mention_count, source_count, latest_evidence,
           latest_evidence_url
    from events
    where event_type = 'agreement_signed' and partner is not null
),

final as (
    select
        coalesce(r.partner, x.partner) as partner,
        r.partner_name,
        r.signed_date as reference_date,
        x.event_date as extracted_date,
        x.date_precision as extracted_precision,
        case
            when x.partner is null then 'missing'
            when r.partner is null then 'extra'
            when x.event_date = r.signed_date then 'ok'
            when x.event_date is null then 'undated'
            else 'date_mismatch'
        end as status,
        x.event_date - r.signed_date as days_off,
        r.counted_in_official_tally,
        r.signatories,
        r.place,
        x.mention_count,
        x.source_count,
        x.latest_evidence,
        x.latest_evidence_url
    from reference r
    full outer join extracted x on x.partner = r.partner
    order by coalesce(r.signed_date, x.event_date) nulls last, partner
)

select * from final
