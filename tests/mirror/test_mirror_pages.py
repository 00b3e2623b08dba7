"""Every manifest page (and URL variant) is served with its title and its body text; seeds are verbatim."""

from __future__ import annotations

import re
from importlib import resources

from selectolax.lexbor import LexborHTMLParser

from ingest.mirror import Manifest

SEED_CHROME = {
    "000": ["Top article", "Share this article", "About past, present and future of Ukraine", "odessajournal"],
    "001": [],  # the seed text holds no chrome
    "002": ["Свіжі дописи", "Генштаб: ворог найактивніше штурмував", "Цей сайт використовує Cookies.",
            "Photo: Office of the President"],
    "003": ["You could close this page.", "Related Posts", "disabling your ad blocker",
            "Please leave your suggestions or corrections here", "Read more:"],
    "004": ["You could close this page.", "Become a patron or see other ways to support.", "Read more:"],
}


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def page_text(html: str) -> str:
    tree = LexborHTMLParser(html)
    assert tree.body is not None
    return norm(tree.body.text(separator=" "))


def test_every_page_and_variant_is_served_with_its_title(client, manifest: Manifest) -> None:
    checked = 0
    for page in manifest.pages:
        for url in (page.url, *page.url_variants):
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.headers["content-type"].startswith("text/html")
            tree = LexborHTMLParser(response.text)
            h1 = tree.css_first("h1")
            assert h1 is not None and norm(h1.text()) == norm(page.title), url
            canonical = tree.css_first('link[rel="canonical"]')
            assert canonical is not None and canonical.attributes["href"] == page.url, url
            checked += 1
    assert checked > len(manifest.pages)  # variants were checked too


def test_page_text_holds_every_body_paragraph(client, manifest: Manifest) -> None:
    for page in manifest.pages:
        text = page_text(client.get(page.url).text)
        for paragraph in page.body.split("\n\n"):
            assert norm(paragraph) in text, (page.url, paragraph[:60])


def test_page_language_and_hreflang(client, manifest: Manifest) -> None:
    by_url = manifest.by_url()
    for page in manifest.pages:
        tree = LexborHTMLParser(client.get(page.url).text)
        html = tree.css_first("html")
        assert html is not None and html.attributes["lang"].split("-")[0] == page.language
        if page.translation_of:
            alternates = {n.attributes["hreflang"]: n.attributes["href"]
                          for n in tree.css('link[rel="alternate"][hreflang]')}
            other = by_url[page.translation_of]
            assert alternates[other.language] == other.url
            assert alternates[page.language] == page.url


def test_visible_dates_use_each_sites_format(client, manifest: Manifest) -> None:
    formats = {
        "president-en": r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|"
                        r"December) \d{4} - \d{2}:\d{2}",
        "president-uk": r"\d{1,2} [а-яіїє]+ \d{4} року - \d{2}:\d{2}",
        "rubryka-en": r"\d{2}:\d{2} \d{1,2} [A-Z][a-z]{2} \d{4}",
        "euromaidanpress": r"\d{2}/\d{2}/\d{4}",
        "ukrinform-en": r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}",
    }
    for page in manifest.pages:
        pattern = formats.get(page.source)
        if pattern is None:
            continue
        html = client.get(page.url).text
        day, month, year = page.published[8:10], page.published[5:7], page.published[:4]
        found = re.search(pattern, page_text(html))
        assert found is not None, page.url
        if page.source == "euromaidanpress":
            assert found.group(0) == f"{day}/{month}/{year}"
        if page.source == "ukrinform-en":
            assert found.group(0).startswith(f"{day}.{month}.{year}")


def test_wordpress_pages_carry_published_time_and_json_ld(client, manifest: Manifest) -> None:
    for page in manifest.pages:
        if page.source not in ("rubryka-en", "euromaidanpress"):
            continue
        tree = LexborHTMLParser(client.get(page.url).text)
        meta = tree.css_first('meta[property="article:published_time"]')
        assert meta is not None and meta.attributes["content"] == page.published
        assert tree.css_first('script[type="application/ld+json"]') is not None


def _seed_text(seed: str) -> str:
    folder = resources.files("ingest.mirror") / "content" / "seeds"
    matches = [e for e in folder.iterdir() if e.name.startswith(f"{seed}_")]
    assert len(matches) == 1
    return norm(matches[0].read_text(encoding="utf-8").replace("•", " "))


def test_seed_bodies_are_verbatim_and_chrome_stays_out_of_the_body(client, manifest: Manifest) -> None:
    seeds = {page.seed: page for page in manifest.pages if page.seed}
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]
    for seed, page in seeds.items():
        original = _seed_text(seed)
        for paragraph in page.body.split("\n\n"):
            assert norm(paragraph) in original, (seed, paragraph[:60])
        text = page_text(client.get(page.url).text)
        for chrome in SEED_CHROME[seed]:
            assert chrome in original, (seed, chrome)
            assert chrome in text, (seed, chrome)  # the page shows the chrome ...
            assert chrome not in page.body, (seed, chrome)  # ... but the truth body does not hold it


INLINE_CHROME = {"odessajournal 0", "Photo: Office of the President", "https://twitter.com/i/status/1785740607530344796"}  # embeds/captions between paragraphs


def _raw_seed_lines(seed: str) -> list[str]:
    folder = resources.files("ingest.mirror") / "content" / "seeds"
    entry = next(e for e in folder.iterdir() if e.name.startswith(f"{seed}_"))
    return [norm(line.replace("•", " ")) for line in entry.read_text(encoding="utf-8").splitlines()]


def test_seed_article_sentences_are_all_in_the_body(manifest: Manifest) -> None:
    """Every line of the seed from its first to its last body paragraph is in the body, bar inline chrome."""
    for page in manifest.pages:
        if not page.seed:
            continue
        lines = _raw_seed_lines(page.seed)
        paragraphs = [norm(p) for p in page.body.split("\n\n")]
        start = lines.index(paragraphs[0])
        end = lines.index(paragraphs[-1])
        body = norm(page.body)
        chrome = INLINE_CHROME | {norm(page.title)}
        kept = [line for line in lines[start:end + 1]
                if line and line not in chrome and not line.endswith("Photo: president.gov.ua")]
        assert len(kept) >= 4
        for line in kept:
            assert line in body, (page.seed, line)
