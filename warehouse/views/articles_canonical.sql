-- articles_canonical: one row per story.
-- A story is a syndication cluster: a press release and its copies on other outlets count once. The row
-- shows the cluster's canonical article (the earliest published; on ties the official source) and how many
-- copies of it the warehouse holds. Editions in another language are their own stories (see translations).
with members as (
    select cluster_id, count(*) as articles, count(distinct a.source) as outlets
    from clusters c
    join articles a on a.url = c.article_url
    group by cluster_id
),

canonical as (
    select c.cluster_id, a.*
    from clusters c
    join articles a on a.url = c.article_url
    where c.is_canonical
),

final as (
    select
        canonical.cluster_id,
        canonical.url,
        canonical.source,
        canonical.title,
        canonical.published_at,
        canonical.language,
        canonical.authors,
        canonical.body,
        members.articles - 1 as copies,
        members.outlets
    from canonical
    join members using (cluster_id)
)

select * from final
