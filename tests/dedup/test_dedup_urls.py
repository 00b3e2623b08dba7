import pytest

from ingest.dedup import InvalidUrlError, canonical_url

BASE_OJ = "https://odessa-journal.com/at-the-presidents-directive-negotiations-have-started-with-italy"
BASE_EMP = "https://euromaidanpress.com/2024/06/14/zelenskyy-ukraine-negotiating-with-ten-more-countries"
BASE_UKR = "https://www.ukrinform.net/rubric-polytics/3793420-ukraine-and-italy-start-talks.html"


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        (BASE_OJ, BASE_OJ),
        ("https://odessa-journal.com/public/at-the-presidents-directive-negotiations-have-started-with-italy", BASE_OJ),
        ("https://odessa-journal.com/public/index.php/at-the-presidents-directive-negotiations-have-started-with-italy", BASE_OJ),
        ("https://www.odessa-journal.com/at-the-presidents-directive-negotiations-have-started-with-italy/", BASE_OJ),
        ("HTTPS://ODESSA-JOURNAL.COM/at-the-presidents-directive-negotiations-have-started-with-italy#comments", BASE_OJ),
        (BASE_EMP + "/", BASE_EMP),
        (BASE_EMP + "/?swcfpc=1", BASE_EMP),
        (BASE_EMP + "/?utm_source=fb&utm_medium=social&fbclid=IwAR0abc", BASE_EMP),
        (BASE_EMP + "/amp/", BASE_EMP),
        (BASE_EMP + "/amp", BASE_EMP),
        ("http://euromaidanpress.com:80/2024/06/14/zelenskyy-ukraine-negotiating-with-ten-more-countries/?gclid=x", BASE_EMP),
        ("https://www.ukrinform.net/amp/rubric-polytics/3793420-ukraine-and-italy-start-talks.html", BASE_UKR),
        ("https://ukrinform.net/rubric-polytics/3793420-ukraine-and-italy-start-talks.html?utm_campaign=rss", BASE_UKR),
        ("https://www.pravda.com.ua/eng/news/2024/03/1/7444556/index.amp", "https://www.pravda.com.ua/eng/news/2024/03/1/7444556"),
        ("https://pravda.com.ua/eng/news/2024/03/1/7444556/", "https://www.pravda.com.ua/eng/news/2024/03/1/7444556"),
        ("https://rubryka.com/en/2023/11/28/bezpekovi-garantiyi/amp/", "https://rubryka.com/en/2023/11/28/bezpekovi-garantiyi"),
        ("https://www.president.gov.ua/en/news/all?page=2&date-from=01-01-2024", "https://www.president.gov.ua/en/news/all?date-from=01-01-2024&page=2"),
        ("https://example.com/a%7eb/%d0%bd%D0%BE%D0%B2%D0%B8%D0%BD%D0%B8", "https://example.com/a~b/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B8"),
        ("https://example.com/новини", "https://example.com/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B8"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com:8443//a//b/", "https://example.com:8443/a/b"),
    ],
)
def test_variant_forms_share_one_key(variant: str, expected: str) -> None:
    assert canonical_url(variant) == expected
    assert canonical_url(expected) == expected  # idempotent


def test_meaningful_query_parameters_are_kept() -> None:
    assert canonical_url("https://x.org/news?id=5&utm_source=a") == "https://x.org/news?id=5"
    assert canonical_url("https://x.org/news?id=5") != canonical_url("https://x.org/news?id=6")


def test_rel_canonical_used_only_on_the_same_site() -> None:
    page = "https://odessa-journal.com/public/index.php/some-story?fbclid=1"
    assert canonical_url(page, rel_canonical="https://odessa-journal.com/some-story") == "https://odessa-journal.com/some-story"
    assert canonical_url(page, rel_canonical="/some-story/") == "https://odessa-journal.com/some-story"
    assert canonical_url("https://euromaidanpress.com/a/", rel_canonical="https://www.euromaidanpress.com/b/") == "https://euromaidanpress.com/b"
    assert canonical_url(page, rel_canonical="https://www.president.gov.ua/en/news/x-1") == "https://odessa-journal.com/some-story"


@pytest.mark.parametrize("bad", ["", "   ", "odessa-journal.com/x", "ftp://x.org/a", "mailto:a@b.c", "https:///path", "http://x.org:99999/"])
def test_bad_urls_raise_a_clear_error(bad: str) -> None:
    with pytest.raises(InvalidUrlError):
        canonical_url(bad)
