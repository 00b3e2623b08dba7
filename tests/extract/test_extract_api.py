"""extract_page contract: bad input errors, overrides, metadata sources, page types; the CLI entry."""

from __future__ import annotations

import gzip
import io
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ingest.extract import BadOverrideError, NotHtmlError, extract_page
from ingest.extract.cli import extract_command

KYIV = ZoneInfo("Europe/Kyiv")
PARAGRAPHS = [
    "Upon the instruction of the President, the first round of consultations with Italy has commenced.",
    "The Ukrainian negotiating team is led by Deputy Head of the Office of the President Igor Zhovkva.",
    "The negotiators discussed approaches to the content and format of the future bilateral agreement.",
]
ARTICLE = f"""<!doctype html><html lang="uk"><head><title>Переговори з Італією | Сайт</title>
<meta property="og:site_name" content="Сайт">
<link rel="canonical" href="/news/talks-123"><link rel="alternate" hreflang="en" href="/en/news/talks-123">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Переговори з Італією",
 "author": [{{"@type": "Person", "name": "Олена Мухіна"}}]}}</script>
<style>.x {{ color: red }}</style></head><body>
<header><nav><a href="/">Головна</a> <a href="/news">Новини</a></nav></header>
<div class="layout"><article><h1>Переговори з Італією</h1><p class="date">13 листопада 2023 року - 20:34</p>
<div class="text">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}<script>var leaked = "script text";</script></div>
</article>
<aside><section class="widget widget_recent_entries" id="recent-posts-2"><nav role="navigation" aria-label="Свіжі дописи">
<h2>Свіжі дописи</h2><ul><li><a href="/a">Інша новина про щось зовсім інше</a></li><li><a href="/b">Ще одна новина</a></li></ul>
</nav></section></aside></div>
<div class="cookie-notice">Цей сайт використовує Cookies.</div><footer>© 2024</footer></body></html>"""


def test_article_fields() -> None:
    page = extract_page(ARTICLE, "https://www.example.gov.ua/news/talks-123")
    assert page.body == "\n\n".join(PARAGRAPHS)
    assert page.title == "Переговори з Італією"
    assert page.published == datetime(2023, 11, 13, 20, 34, tzinfo=KYIV)
    assert page.authors == ("Олена Мухіна",)
    assert page.language == "en"  # the text is English although the page declares uk
    assert page.canonical_url == "https://www.example.gov.ua/news/talks-123"
    assert page.alternates == (("en", "https://www.example.gov.ua/en/news/talks-123"),)
    assert "script text" not in page.body and "color" not in page.body
    assert "Свіжі дописи" not in page.body and "Cookies" not in page.body


def test_overrides_win() -> None:
    html = ARTICLE.replace(
        '<p class="date">', '<span id="when">2 December 2023, 09:00</span><p class="date">'
    )
    page = extract_page(
        html, None, {"title": "title", "date": "#when", "body": "div.text", "timezone": "UTC"}
    )
    assert page.title == "Переговори з Італією | Сайт"
    assert page.published == datetime(2023, 12, 2, 9, 0, tzinfo=ZoneInfo("UTC"))
    assert page.body == "\n\n".join(PARAGRAPHS)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"bodyy": "div"}, "unknown override"),
        ({"body": ""}, "non-empty"),
        ({"body": "div[[["}, "invalid CSS selector"),
        ({"timezone": "Mars/Olympus"}, "IANA zone"),
    ],
)
def test_bad_overrides_are_named(overrides: dict[str, str], message: str) -> None:
    with pytest.raises(BadOverrideError, match=message):
        extract_page(ARTICLE, None, overrides)


@pytest.mark.parametrize("html", ["", "   \n", "\x00\x01binary"])
def test_not_html(html: str) -> None:
    with pytest.raises(NotHtmlError):
        extract_page(html)


def test_not_a_string() -> None:
    with pytest.raises(NotHtmlError, match="must be str"):
        extract_page(b"<html></html>")  # type: ignore[arg-type]


def _listing(n: int) -> str:
    items = "".join(
        f'<div class="item"><h3><a href="/news/story-{i}">Story number {i} about the security agreement talks</a></h3>'
        f"<p>{i} May 2024</p></div>"
        for i in range(n)
    )
    return f"<html><head><title>News</title></head><body><h1>News</h1>{items}</body></html>"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example.com/", "home"),
        ("https://www.example.com/en/", "home"),
        ("https://www.example.com/tag/security/", "tag"),
        ("https://www.example.com/news/all?page=3", "listing"),
        ("https://www.example.com/section/politics", "listing"),
        (None, "listing"),
    ],
)
def test_page_types_of_listings(url: str | None, expected: str) -> None:
    assert extract_page(_listing(20), url).page_type == expected


def test_article_page_type() -> None:
    assert extract_page(ARTICLE, "https://www.example.gov.ua/news/talks-123").page_type == "article"


def test_cli_reads_html_and_gz(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html.gz").write_bytes(
        gzip.compress(
            ARTICLE.encode("cp1251").replace(
                b'<html lang="uk"><head>', b'<html lang="uk"><head><meta charset="windows-1251">'
            )
        )
    )
    (tmp_path / "notes.txt").write_text("not html", encoding="utf-8")
    out = io.StringIO()
    assert extract_command([str(tmp_path)], "https://www.example.gov.ua/news/talks-123", out) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [Path(r["path"]).name for r in rows] == ["a.html", "b.html.gz"]
    for row in rows:
        assert row["title"] == "Переговори з Італією"
        assert row["published"] == "2023-11-13T20:34:00+02:00"
        assert row["body"] == "\n\n".join(PARAGRAPHS)
        assert row["page_type"] == "article"
        assert set(row) >= {"title", "published", "modified", "authors", "language", "canonical_url", "body"}


def test_cli_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert extract_command([str(tmp_path / "missing.html")], None, io.StringIO()) == 2
    assert "missing.html" in json.loads(capsys.readouterr().err)["error"]
    (tmp_path / "broken.html.gz").write_bytes(b"not gzip at all")
    (tmp_path / "empty.html").write_text("", encoding="utf-8")
    (tmp_path / "ok.html").write_text(ARTICLE, encoding="utf-8")
    out = io.StringIO()
    assert extract_command([str(tmp_path)], None, out) == 1
    assert len(out.getvalue().splitlines()) == 1  # ok.html still extracted
    errors = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert {Path(e["path"]).name for e in errors} == {"broken.html.gz", "empty.html"}
