-- syndication: one row per story that other outlets copied, and who copied it how fast.
-- A story is a syndication cluster (see clusters). canonical_* describe the article the copies derive from
-- (the cluster's canonical member, or else its earliest article); copies lists every other member with its
-- outlet, publication time, delay after the canonical in minutes, similarity and how it was matched
-- (url | exact | near). Stories nobody copied are left out. translations lists editions of the canonical
-- article in other languages, which are their own stories.
with members as (
    select c.cluster_id, c.article_url, c.is_canonical, c.copy_of, c.similarity, c.method,
           a.source, a.title, a.published_at
    from clusters c
    join articles a on a.url = c.article_url
),

canonical as (
    select *
    from (
        select m.*,
               row_number() over (
                   partition by cluster_id
                   order by is_canonical desc, published_at nulls last, article_url
               ) as rn
        from members m
    )
    where rn = 1
),

copies as (
    select
        m.cluster_id,
        list(
            struct_pack(
                url := m.article_url,
                outlet := m.source,
                published_at := m.published_at,
                delay_minutes := round(epoch(m.published_at - k.published_at) / 60.0, 1),
                similarity := m.similarity,
                method := m.method
            )
            order by m.published_at nulls last, m.article_url
        ) as copies,
        count(*) as copy_count,
        list(distinct m.source) as outlets,
        max(round(epoch(m.published_at - k.published_at) / 60.0, 1)) as max_delay_minutes
    from members m
    join canonical k using (cluster_id)
    where m.article_url <> k.article_url
    group by m.cluster_id
),

translated as (
    select article_url, list(translation_url order by translation_url) as translations
    from translations
    group by article_url
),

final as (
    select
        k.cluster_id,
        k.article_url as canonical_url,
        k.source as canonical_outlet,
        k.title as canonical_title,
        k.published_at as canonical_published_at,
        c.copy_count,
        c.outlets,
        c.max_delay_minutes,
        c.copies,
        t.translations
    from canonical k
    join copies c using (cluster_id)
    left join translated t on t.article_url = k.article_url
    order by k.published_at, k.cluster_id
)

select * from final
