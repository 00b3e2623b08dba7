"""www.ukrinform.net: /rubric-<rubric>/<id>-<slug>.html, feed /rss/block-lastnews, listing /block-lastnews,
sitemap index /sitemap.xml -> monthly /sitemap-YYYY-MM.xml."""

from __future__ import annotations

from datetime import datetime

from ingest.mirror.catalog import KYIV, Catalog, Listed
from ingest.mirror.html_parts import (
    blocks_html,
    by_month,
    esc,
    first_paragraph,
    json_ld,
    og_meta,
    rss,
)
from ingest.mirror.model import Block
from ingest.mirror.protocol import MirrorRequest, MirrorResponse
from ingest.mirror.responses import RSS, document
from ingest.mirror.site_base import SourceSite
from ingest.mirror.sitemaps import monthly_sitemaps

PER_PAGE = 20
FEED_ITEMS = 20
SITEMAP_PREFIX = "/sitemap-"  # + YYYY-MM.xml, one per Kyiv-local month that has articles
LOGO = "https://www.ukrinform.net/img/logo_eng.svg"
RUBRICS = {"News": "polytics", "Politics": "polytics", "Economy": "economy", "Society": "society",
           "Culture": "culture", "Sport": "sports", "Weather": "society", "War": "ato"}


def date_ukrinform(when: datetime) -> str:
    return f"{when.astimezone(KYIV):%d.%m.%Y %H:%M}"


class UkrinformSite(SourceSite):
    canonical_host = "www.ukrinform.net"
    alias_hosts = ("ukrinform.net",)
    sources = ("ukrinform-en",)
    robots_txt = (
        "User-agent: *\nDisallow: /search\nDisallow: /amp/search\n\n"
        "Sitemap: https://www.ukrinform.net/sitemap.xml\n"
    )

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        posts = catalog.by_source["ukrinform-en"]
        self.months = by_month(((self.article_url(i), i.published) for i in posts), KYIV)

    def _sitemaps(self, request: MirrorRequest, path: str) -> MirrorResponse | None:
        """Sitemap index of monthly sitemaps; each child lists its month's articles, oldest first."""
        return monthly_sitemaps(request, path, self.origin, "/sitemap.xml", SITEMAP_PREFIX, self.months)

    def article_path(self, item: Listed) -> str:
        return f"/rubric-{RUBRICS.get(item.category, 'polytics')}/{item.num_id}-{item.slug}.html"

    def variant_paths(self, item: Listed) -> tuple[str, ...]:
        return ("/amp" + self.article_path(item),)

    def _frame(self, title: str, head: str, main: str) -> bytes:
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{esc(title)}</title>\n{head}\n"
            '<link rel="stylesheet" href="/css/main.css">\n</head>\n<body>\n'
            '<header class="header"><a class="logo" href="/"><img src="/img/logo_eng.svg" alt="Ukrinform"></a>'
            '<nav class="menu"><a href="/rubric-polytics">Politics</a> <a href="/rubric-economy">Economy</a> '
            '<a href="/rubric-ato">War</a> <a href="/rubric-society">Society</a> '
            '<a href="/block-lastnews">Last news</a></nav></header>\n'
            f'<main class="mainContent">\n{main}\n</main>\n'
            '<footer class="footer"><p>All rights reserved. Citing and using of any materials on the Internet is '
            'allowed with a hyperlink to ukrinform.net.</p><p>© 2015-2024 Ukrinform.</p></footer>\n'
            "</body>\n</html>\n"
        ).encode("utf-8")

    def _read_also(self, n: Listed) -> str:
        return (f'<p class="read"><span>Read also: </span><a href="{esc(self.article_url(n))}">'
                f"{esc(n.title)}</a></p>")

    def render_article(self, key: str, requested_path: str) -> bytes:
        spec = self.catalog.spec(key)
        item = self.catalog.by_key[key]
        url = self.article_url(item)
        image = f"https://static.ukrinform.com/photos/{spec.published:%Y_%m}/thumb_files/630_360_{spec.num_id}.jpg"
        head = "\n".join([
            f'<link rel="canonical" href="{esc(url)}">',
            f'<link rel="amphtml" href="{esc(self.variant_urls(item)[0])}">',
            og_meta(spec, url, "Ukrinform", "en_US", image, True),
            json_ld(spec, url, "Ukrinform", LOGO, image),
        ])
        blocks = spec.blocks
        lead: Block | None = blocks[0] if blocks[0].kind == "lead" else None
        rest = list(blocks[1:] if lead else blocks)
        neighbours = self.catalog.neighbours(item, 2)
        parts = []
        for index, block in enumerate(rest):
            parts.append(blocks_html([block]))
            if index == 1 and neighbours:
                parts.append(self._read_also(neighbours[0]))
        if len(neighbours) > 1:
            parts.append(self._read_also(neighbours[1]))
        main = (
            '<article class="news">\n'
            f'<h1 class="newsTitle">{esc(spec.title)}</h1>\n'
            f'<div class="newsMetaBlock"><time datetime="{spec.published.isoformat()}">'
            f"{date_ukrinform(spec.published)}</time><span class=\"newsViews\"></span></div>\n"
            + (f'<div class="newsHeading">{esc(lead.text)}</div>\n' if lead else "")
            + f'<figure class="newsImage"><img src="{esc(image)}" alt=""></figure>\n'
            f'<div class="newsText"><div>\n{chr(10).join(parts)}\n</div></div>\n'
            '<div class="newsPrintBlock"><a href="#">Print</a></div>\n'
            '<div class="newsTags"><a href="/tag-security">security</a></div>\n</article>\n'
            f'<section class="otherNews"><h2>Other news</h2></section>'
        )
        return self._frame(f"{spec.title}", head, main)

    def route(self, request: MirrorRequest, path: str, query: dict[str, str]) -> MirrorResponse | None:
        if path.endswith(".xml"):
            return self._sitemaps(request, path)
        items = self.catalog.by_source["ukrinform-en"]
        if path in ("/block-lastnews", "/"):
            raw = query.get("page", "1")
            page = int(raw) if raw.isdigit() and int(raw) > 0 else 1
            shown = items[(page - 1) * PER_PAGE: page * PER_PAGE]
            last = max(1, -(-len(items) // PER_PAGE))
            rows = "\n".join(
                f'<article><time datetime="{i.published.isoformat()}">{date_ukrinform(i.published)}</time>'
                f'<h2><a href="{esc(self.article_path(i))}">{esc(i.title)}</a></h2></article>'
                for i in shown
            )
            pages = "".join(f'<a href="/block-lastnews?page={n}">{n}</a>'
                            for n in range(max(1, page - 3), min(last, page + 3) + 1))
            main = (f'<h1>Last news</h1>\n<div class="restMainNews">\n{rows}\n</div>\n'
                    f'<div class="pager">{pages}</div>')
            return document(request, self._frame("Last news - Ukrinform", "", main),
                            last_modified=shown[0].published if shown else None)
        if path == "/rss/block-lastnews":
            latest = items[:FEED_ITEMS]
            body = rss("Ukrinform - Last news", "https://www.ukrinform.net/",
                       "https://www.ukrinform.net/rss/block-lastnews", "Ukrinform news", "en",
                       ((i.title, self.article_url(i), i.published, first_paragraph(self.catalog.spec(i.key)))
                        for i in latest))
            return document(request, body, RSS, latest[0].published if latest else None)
        return None
