from dedup_helpers import OTHER_STORY, RELEASE, doc, fixture

from ingest.dedup import DedupConfig, DedupIndex, assign_clusters, new_cluster_id

CONFIG = DedupConfig()


def clusters_of(docs: list) -> dict[str, str]:
    result = assign_clusters(docs, DedupIndex(CONFIG), CONFIG)
    return {a.article_url: a.cluster_id for a in result.assignments}


def test_seed_000_and_001_cluster_together_003_and_004_do_not() -> None:
    docs = [doc(f"https://s.example/{i}", fixture(f"seed_00{i}.txt"), hours=i) for i in range(5)]
    got = clusters_of(docs)
    assert got["https://s.example/0"] == got["https://s.example/1"]
    assert got["https://s.example/3"] != got["https://s.example/4"]
    assert len(set(got.values())) == 4


def test_syndicators_edits_join_the_original() -> None:
    paragraphs = RELEASE.split("\n\n")
    background = "\n\n".join([
        "Background", OTHER_STORY.replace("Netherlands", "Denmark"), fixture("seed_003.txt").split("Read more")[0],
    ])
    copies = {
        "lead": "Ukraine opened talks with Rome on security guarantees, the presidential office said on Tuesday.\n\n" + RELEASE,
        "background": RELEASE + "\n\n" + background.replace("Netherlands", "Sweden"),
        "truncated": "\n\n".join(paragraphs[:2]) + "\n\n" + paragraphs[2][:200],
        "dropped": "\n\n".join(paragraphs[:2] + paragraphs[3:]),
        "translit": RELEASE.replace("Ihor", "Igor").replace("Ukraine", "Ukraine").replace("President of Ukraine", "President Zelensky"),
        "added_paragraphs": RELEASE + "\n\n" + "\n\n".join(fixture("seed_004.txt").split("Read more")[0].splitlines()[2:]),
    }
    docs = [doc("https://www.president.gov.ua/en/news/it-talks-1", RELEASE, 0, "president-en", "official")]
    docs += [doc(f"https://copy.example/{k}", text, 1) for k, text in copies.items()]
    docs.append(doc("https://other.example/nl", OTHER_STORY, 2))
    got = clusters_of(docs)
    original = got["https://www.president.gov.ua/en/news/it-talks-1"]
    assert original == new_cluster_id("https://www.president.gov.ua/en/news/it-talks-1")
    for key in copies:
        assert got[f"https://copy.example/{key}"] == original, key
    assert got["https://other.example/nl"] != original


def test_same_topic_different_stories_stay_apart() -> None:
    week_later = OTHER_STORY.replace("Netherlands", "Finland").replace("Kharkiv", "Kyiv").replace("Friday", "Wednesday")
    rewritten = (
        "A week after the Dutch deal, Helsinki followed. Finland and Ukraine concluded a bilateral security "
        "agreement in Kyiv on Wednesday, President Zelenskyy announced, calling it the eighth under the G7 "
        "declaration. Finnish President Alexander Stubb promised air-defence deliveries and a long-term "
        "training mission."
    )
    got = clusters_of([doc("https://a.example/nl", OTHER_STORY), doc("https://b.example/fi", rewritten, 170)])
    assert got["https://a.example/nl"] != got["https://b.example/fi"]
    assert len(set(got.values())) == 2 and week_later != OTHER_STORY


def test_exact_and_url_duplicates() -> None:
    first = doc("https://a.example/x", RELEASE)
    same_body = doc("https://b.example/y", "Share this article\n" + RELEASE.upper() + "\n\nTop article\nteaser", 1)
    same_url = doc("https://a.example/x", RELEASE + " Updated.", 2)
    result = assign_clusters([first, same_body, same_url], DedupIndex(CONFIG), CONFIG)
    by_method = {a.method for a in result.assignments}
    assert by_method == {"new", "exact", "url"}
    assert len({a.cluster_id for a in result.assignments}) == 1
    assert [r.url for r in result.rows] == ["https://a.example/x", "https://b.example/y"]
    assert result.counts.seen == 3 and result.counts.skipped == 1


def test_empty_and_tiny_texts_never_match_each_other() -> None:
    docs = [doc("https://a.example/1", ""), doc("https://a.example/2", "", 1), doc("https://a.example/3", "Photo", 2),
            doc("https://a.example/4", "Ukraine", 3)]
    assert len(set(clusters_of(docs).values())) == 4


def test_result_does_not_depend_on_batch_order() -> None:
    docs = [doc(f"https://s.example/{i}", fixture(f"seed_00{i}.txt"), hours=i) for i in range(5)]
    docs.append(doc("https://s.example/copy", RELEASE, 0.5))
    forward = assign_clusters(docs, DedupIndex(CONFIG), CONFIG)
    backward = assign_clusters(list(reversed(docs)), DedupIndex(CONFIG), CONFIG)
    assert sorted(forward.assignments, key=lambda a: a.article_url) == sorted(backward.assignments, key=lambda a: a.article_url)
    assert forward.rows == backward.rows
