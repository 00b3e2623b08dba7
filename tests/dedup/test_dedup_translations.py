from dedup_helpers import OTHER_STORY, RELEASE, doc, fixture

from ingest.dedup import DedupConfig, DedupIndex, assign_clusters

CONFIG = DedupConfig()
EN = "https://www.president.gov.ua/en/news/rozpochato-peregovori-z-italiyeyu-87001"
UK = "https://www.president.gov.ua/news/rozpochato-peregovori-z-italiyeyu-87001"
UK_TEXT = fixture("release_it_uk.txt")


def test_hreflang_links_editions_without_merging_them() -> None:
    docs = [doc(EN, RELEASE, 0, "president-en", "official", "en", (("uk", UK + "/"), ("en", EN))),
            doc(UK, UK_TEXT, 0.1, "president-uk", "official", "uk", (("en", EN),))]
    result = assign_clusters(docs, DedupIndex(CONFIG), CONFIG)
    assert [(t.method, {t.article_url, t.translation_url}) for t in result.translations] == [("hreflang", {EN, UK})]
    assert result.assignments[0].cluster_id != result.assignments[1].cluster_id


def test_hreflang_link_to_an_edition_loaded_earlier() -> None:
    index = DedupIndex(CONFIG)
    first = assign_clusters([doc(UK, UK_TEXT, 0, "president-uk", "official", "uk", (("en", EN),))], index, CONFIG)
    index.add(first.rows, first.merges)
    assert first.translations == ()
    later = assign_clusters([doc(EN, RELEASE, 1, "president-en", "official", "en")], index, CONFIG)
    assert [(t.article_url, t.translation_url, t.method) for t in later.translations] == [(EN, UK, "hreflang")]


def test_heuristic_link_needs_family_time_and_facts() -> None:
    index = DedupIndex(CONFIG)
    en = doc(EN, RELEASE, 0, "president-en", "official", "en")
    uk = doc(UK, UK_TEXT, 2, "president-uk", "official", "uk")
    result = assign_clusters([en, uk, doc("https://www.president.gov.ua/en/news/nl-1", OTHER_STORY, 1, "president-en", "official", "en")],
                             index, CONFIG)
    assert [(t.method, {t.article_url, t.translation_url}) for t in result.translations] == [("heuristic", {EN, UK})]
    too_late = assign_clusters([en, doc(UK, UK_TEXT, 24 * 5, "president-uk", "official", "uk")], DedupIndex(CONFIG), CONFIG)
    assert too_late.translations == ()
    other_outlet = assign_clusters([en, doc("https://rubryka.com/2023/11/28/x", UK_TEXT, 1, "rubryka-uk", "news", "uk")],
                                   DedupIndex(CONFIG), CONFIG)
    assert other_outlet.translations == ()
    unrelated_uk = "Сьогодні у Львові відкрили нову бібліотеку, розповів міський голова. Вона працюватиме щодня."
    assert assign_clusters([en, doc(UK, unrelated_uk, 1, "president-uk", "official", "uk")], DedupIndex(CONFIG), CONFIG).translations == ()
