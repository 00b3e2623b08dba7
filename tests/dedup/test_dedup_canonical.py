from dedup_helpers import RELEASE, doc

from ingest.dedup import DedupConfig, DedupIndex, assign_clusters

CONFIG = DedupConfig()
OFFICIAL = "https://www.president.gov.ua/en/news/it-talks-1"


def by_url(result):  # type: ignore[no-untyped-def]
    return {a.article_url: a for a in result.assignments}


def test_earliest_published_is_canonical_and_copies_point_to_it() -> None:
    docs = [doc("https://copy.example/late", "Kyiv.\n\n" + RELEASE, 5), doc("https://copy.example/early", RELEASE + "\n\nEnd.", 1),
            doc(OFFICIAL, RELEASE, 2, "president-en", "official")]
    got = by_url(assign_clusters(docs, DedupIndex(CONFIG), CONFIG))
    assert got["https://copy.example/early"].is_canonical
    assert got[OFFICIAL].copy_of == "https://copy.example/early" and not got[OFFICIAL].is_canonical
    assert got["https://copy.example/late"].copy_of == "https://copy.example/early"
    assert 0.5 < (got["https://copy.example/late"].similarity or 0) <= 1.0


def test_ties_prefer_the_official_source_then_the_credited_outlet() -> None:
    docs = [doc("https://a-news.example/x", RELEASE + "\n\nMore.", 3), doc(OFFICIAL, RELEASE, 3, "president-en", "official")]
    assert by_url(assign_clusters(docs, DedupIndex(CONFIG), CONFIG))[OFFICIAL].is_canonical
    credited = [
        doc("https://a.example/wire", RELEASE, 3, source="aaa-en"),
        doc("https://www.ukrinform.net/rubric-polytics/1-x.html", RELEASE + "\n\nKyiv.", 3, source="ukrinform-en"),
        doc("https://z.example/repost", RELEASE + "\n\nAccording to Ukrinform.", 3, source="zzz-en"),
    ]
    got = by_url(assign_clusters(credited, DedupIndex(CONFIG), CONFIG))
    assert got["https://www.ukrinform.net/rubric-polytics/1-x.html"].is_canonical
    assert got["https://a.example/wire"].copy_of == "https://www.ukrinform.net/rubric-polytics/1-x.html"


def test_an_earlier_copy_arriving_later_takes_over_and_old_members_are_updated() -> None:
    index = DedupIndex(CONFIG)
    run1 = assign_clusters([doc(OFFICIAL, RELEASE, 4, "president-en", "official"),
                            doc("https://b.example/copy", "Kyiv.\n\n" + RELEASE, 6)], index, CONFIG)
    index.apply(run1)
    assert by_url(run1)[OFFICIAL].is_canonical
    run2 = assign_clusters([doc("https://early.example/scoop", RELEASE + "\n\nMore soon.", 1)], index, CONFIG)
    new = run2.assignments[0]
    assert new.is_canonical and new.cluster_id == by_url(run1)[OFFICIAL].cluster_id
    updated = {a.article_url: a for a in run2.updated}
    assert set(updated) == {OFFICIAL, "https://b.example/copy"}
    assert not updated[OFFICIAL].is_canonical and updated[OFFICIAL].copy_of == "https://early.example/scoop"
    assert updated["https://b.example/copy"].copy_of == "https://early.example/scoop"
