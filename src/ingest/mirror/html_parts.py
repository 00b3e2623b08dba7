"""Small HTML/XML building blocks shared by the site templates."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, tzinfo
from html import escape

from ingest.mirror.model import ArticleSpec, Block

EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
EN_MON = tuple(m[:3] for m in EN_MONTHS)
UK_MONTHS_GEN = ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня",
                 "жовтня", "листопада", "грудня")


def esc(text: str) -> str:
    return escape(text, quote=True)


def blocks_html(blocks: Iterable[Block], lead_class: str = "lead") -> str:
    """Render body blocks; consecutive list items share one <ul>."""
    out: list[str] = []
    in_list = False
    for block in blocks:
        if block.kind == "li" and not in_list:
            out.append("<ul>")
            in_list = True
        elif block.kind != "li" and in_list:
            out.append("</ul>")
            in_list = False
        text = esc(block.text)
        if block.kind == "li":
            out.append(f"<li>{text}</li>")
        elif block.kind == "h":
            out.append(f"<h3>{text}</h3>")
        elif block.kind == "lead":
            out.append(f'<p class="{lead_class}"><strong>{text}</strong></p>')
        elif block.kind == "embed":
            out.append('<figure class="wp-block-embed is-type-rich"><div class="wp-block-embed__wrapper">'
                       f"{text}</div></figure>")
        elif block.kind == "quote":
            out.append(f"<blockquote><p>{text}</p></blockquote>")
        else:
            out.append(f"<p>{text}</p>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out)


def first_paragraph(spec: ArticleSpec, limit: int = 300) -> str:
    for block in spec.blocks:
        if block.kind in ("lead", "p"):
            text = block.text
            return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return spec.title


def og_meta(spec: ArticleSpec, url: str, site_name: str, locale: str, image: str,
            published_meta: bool) -> str:
    parts = [
        f'<meta property="og:locale" content="{locale}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{esc(spec.title)}">',
        f'<meta property="og:description" content="{esc(first_paragraph(spec, 200))}">',
        f'<meta property="og:url" content="{esc(url)}">',
        f'<meta property="og:site_name" content="{esc(site_name)}">',
        f'<meta property="og:image" content="{esc(image)}">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<meta name="twitter:title" content="{esc(spec.title)}">',
    ]
    if published_meta:
        parts.append(f'<meta property="article:published_time" content="{spec.published.isoformat()}">')
        parts.append(f'<meta property="article:modified_time" content="{spec.published.isoformat()}">')
    return "\n".join(parts)


def json_ld(spec: ArticleSpec, url: str, publisher: str, logo: str, image: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "NewsArticle",
                "@id": f"{url}#article",
                "isPartOf": {"@id": url},
                "headline": spec.title,
                "datePublished": spec.published.isoformat(),
                "dateModified": spec.published.isoformat(),
                "author": {"@type": "Person", "name": spec.author or publisher},
                "mainEntityOfPage": {"@id": url},
                "image": {"@type": "ImageObject", "url": image},
                "inLanguage": spec.language,
                "publisher": {"@type": "Organization", "name": publisher,
                              "logo": {"@type": "ImageObject", "url": logo}},
            },
            {"@type": "WebPage", "@id": url, "url": url, "name": spec.title,
             "datePublished": spec.published.isoformat()},
        ],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/ld+json" class="yoast-schema-graph">{text}</script>'


def rfc822(when: datetime) -> str:
    from email.utils import format_datetime
    return format_datetime(when)


def rss(channel_title: str, channel_link: str, self_url: str, description: str, language: str,
        items: Iterable[tuple[str, str, datetime, str]], wordpress: bool = False) -> bytes:
    """RSS 2.0; items are (title, link, published, description)."""
    ns = (' xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
          ' xmlns:atom="http://www.w3.org/2005/Atom"')
    rows = []
    newest: datetime | None = None
    for title, link, published, desc in items:
        newest = newest or published
        rows.append(
            "<item>"
            f"<title>{esc(title)}</title><link>{esc(link)}</link>"
            f'<guid isPermaLink="true">{esc(link)}</guid>'
            f"<pubDate>{rfc822(published)}</pubDate>"
            + ("<dc:creator><![CDATA[editor]]></dc:creator>" if wordpress else "")
            + f"<description>{esc(desc)}</description>"
            "</item>"
        )
    build = f"<lastBuildDate>{rfc822(newest)}</lastBuildDate>" if newest else ""
    generator = "<generator>https://wordpress.org/?v=6.4.3</generator>" if wordpress else ""
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"{ns}>\n<channel>\n'
        f"<title>{esc(channel_title)}</title>\n"
        f'<atom:link href="{esc(self_url)}" rel="self" type="application/rss+xml" />\n'
        f"<link>{esc(channel_link)}</link>\n<description>{esc(description)}</description>\n"
        f"{build}<language>{language}</language>{generator}\n" + "\n".join(rows) + "\n</channel>\n</rss>\n"
    )
    return xml.encode("utf-8")


def urlset(entries: Iterable[tuple[str, datetime]]) -> bytes:
    rows = "\n".join(
        f"<url><loc>{esc(loc)}</loc><lastmod>{when.isoformat()}</lastmod></url>" for loc, when in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + rows + "\n</urlset>\n"
    ).encode("utf-8")


def sitemap_index(entries: Iterable[tuple[str, datetime]]) -> bytes:
    rows = "\n".join(
        f"<sitemap><loc>{esc(loc)}</loc><lastmod>{when.isoformat()}</lastmod></sitemap>" for loc, when in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + rows + "\n</sitemapindex>\n"
    ).encode("utf-8")


SitemapEntry = tuple[str, datetime]  # (loc, lastmod)


def by_month(entries: Iterable[SitemapEntry], zone: tzinfo) -> dict[str, tuple[SitemapEntry, ...]]:
    """Sitemap entries grouped by the 'YYYY-MM' of their lastmod in `zone`; months ascending, entries oldest
    first. Only months that hold an entry appear, so a monthly index built from this has no empty child."""
    listed = list(entries)
    for loc, when in listed:
        if when.tzinfo is None:
            raise ValueError(f"sitemap entry {loc!r}: lastmod {when.isoformat()} has no UTC offset")
    months: dict[str, list[SitemapEntry]] = {}
    for loc, when in sorted(listed, key=lambda entry: entry[1]):
        months.setdefault(f"{when.astimezone(zone):%Y-%m}", []).append((loc, when))
    return {month: tuple(months[month]) for month in sorted(months)}
