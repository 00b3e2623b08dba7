"""odessa-journal.com: custom CMS; one article under /<slug>, /public/<slug> and /public/index.php/<slug>."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import xxhash

from ingest.mirror.catalog import KYIV, Catalog, Listed
from ingest.mirror.content import load_chrome
from ingest.mirror.html_parts import EN_MONTHS, blocks_html, esc, og_meta, urlset
from ingest.mirror.protocol import MirrorRequest, MirrorResponse
from ingest.mirror.responses import XML, document
from ingest.mirror.site_base import SourceSite

PER_PAGE = 10
TAGLINE = "About past, present and future of Ukraine"
CATEGORIES = ("Diplomacy", "War", "Business", "Society", "Culture", "Sport", "Odesa", "Weather")


def date_odessa(when: datetime) -> str:
    local = when.astimezone(KYIV)
    return f"{local.day} {EN_MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"


def views(key: str) -> int:
    return 150 + xxhash.xxh32_intdigest(key.encode()) % 2400


def _trim(title: str, width: int = 45) -> str:
    return title if len(title) <= width else title[:width].rstrip() + " ..."


class OdessaSite(SourceSite):
    canonical_host = "odessa-journal.com"
    alias_hosts = ("www.odessa-journal.com",)
    sources = ("odessa-journal",)
    robots_txt = "User-agent: *\nDisallow: /admin\nDisallow: /search\n\nSitemap: https://odessa-journal.com/sitemap.xml\n"

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        self.chrome: dict[str, Any] = load_chrome("odessa-journal")
        self.by_category: dict[str, list[Listed]] = {}
        for item in catalog.by_source["odessa-journal"]:
            self.by_category.setdefault(item.category.lower(), []).append(item)

    def article_path(self, item: Listed) -> str:
        return f"/{item.slug}"

    def variant_paths(self, item: Listed) -> tuple[str, ...]:
        return (f"/public/{item.slug}", f"/public/index.php/{item.slug}")

    def sitemap_url(self, item: Listed) -> str:
        """The URL the sitemap lists: the CMS leaks its /public/ forms for part of the articles."""
        pick = xxhash.xxh32_intdigest(item.key.encode()) % 4
        if pick == 1:
            return self.origin + f"/public/{item.slug}"
        if pick == 2:
            return self.origin + f"/public/index.php/{item.slug}"
        return self.article_url(item)

    def _frame(self, title: str, head: str, main: str) -> bytes:
        menu = "".join(f'<li><a href="/{c.lower()}">{c}</a></li>' for c in CATEGORIES)
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n{head}\n"
            '<link rel="stylesheet" href="/public/oj/css/app.css">\n</head>\n<body>\n'
            '<header class="header"><div class="header__top">'
            '<a class="logo" href="/"><img src="/public/oj/img/logo.svg" alt="The Odessa Journal"></a>'
            f'<p class="header__tagline">{TAGLINE}</p>'
            '<div class="search-mobile"><button>Search mobile</button></div></div>'
            f'<nav class="header__menu"><ul>{menu}</ul></nav></header>\n'
            f'<main class="main">\n{main}\n</main>\n'
            '<footer class="footer"><p>© The Odessa Journal. All rights reserved.</p>'
            '<p><a href="/about">About us</a> <a href="/contacts">Contacts</a></p></footer>\n'
            '<script src="/public/oj/js/app.js"></script>\n</body>\n</html>\n'
        ).encode("utf-8")

    def _top_articles(self) -> str:
        rows = []
        for teaser in self.chrome["top_article"]:
            rows.append(
                f'<div class="top-item"><a href="/{esc(teaser["slug"])}"><img src="/public/oj/img/news/t.jpg" '
                f'alt="{esc(teaser["title"])}"><p class="top-item__title">{esc(teaser["title"])}</p></a>'
                f'<span class="top-item__cat">{esc(teaser["category"])}</span>'
                f'<p class="top-item__short">{esc(_trim(teaser["title"]))}</p></div>'
            )
        return f'<section class="top-articles"><h2>Top article</h2>{"".join(rows)}</section>'

    def render_article(self, key: str, requested_path: str) -> bytes:
        spec = self.catalog.spec(key)
        item = self.catalog.by_key[key]
        url = self.article_url(item)
        head = "\n".join([
            f'<meta name="description" content="{esc(spec.title)}">',
            og_meta(spec, url, "The Odessa Journal", "en_US", f"{self.origin}/public/oj/img/news/{spec.slug}.jpg",
                    False),
            f'<link rel="canonical" href="{esc(url)}">',
        ])
        # the CMS drops a social embed after the second paragraph
        blocks = spec.blocks
        cut = 2 if len(blocks) > 3 else len(blocks)
        embed = ('<div class="embed-social"><span class="embed-social__name">odessajournal</span> '
                 '<span class="embed-social__count">0</span></div>')
        category = spec.category
        main = (
            f'<div class="breadcrumbs"><a href="/">Main</a> <a href="/{category.lower()}">{esc(category)}</a> '
            f"<span>{esc(spec.title)}</span></div>\n"
            f'<article class="article"><div class="article__category">{esc(category)}</div>\n'
            f'<h1 class="article__title">{esc(spec.title)}</h1>\n'
            f'<div class="article__meta"><span class="article__date">{date_odessa(spec.published)}</span> '
            f'<span class="article__views"><i class="icon-eye"></i> {views(key)}</span></div>\n'
            f'<figure class="article__image"><img src="/public/oj/img/news/{esc(spec.slug)}.jpg" '
            f'alt="{esc(spec.title)}"><figcaption>{esc(spec.title)}</figcaption></figure>\n'
            '<div class="article__share">Share this article</div>\n'
            f'<div class="article__text">\n{blocks_html(blocks[:cut])}\n{embed if cut < len(blocks) else ""}\n'
            f"{blocks_html(blocks[cut:])}\n</div>\n</article>\n"
            '<div class="more-articles"><a href="/">The Odessa Journal</a><a href="/diplomacy">more articles</a></div>\n'
            + self._top_articles()
        )
        return self._frame(f"{spec.title} | The Odessa Journal", head, main)

    def _listing(self, request: MirrorRequest, category: str, query: dict[str, str]) -> MirrorResponse:
        items = self.by_category.get(category, [])
        raw = query.get("page", "1")
        page = int(raw) if raw.isdigit() and int(raw) > 0 else 1
        shown = items[(page - 1) * PER_PAGE: page * PER_PAGE]
        last = max(1, -(-len(items) // PER_PAGE))
        rows = "\n".join(
            f'<div class="news-item"><a class="news-item__img" href="/{esc(i.slug)}"><img src="/public/oj/img/n.jpg" '
            f'alt=""></a><a class="news-item__title" href="/{esc(i.slug)}">{esc(i.title)}</a>'
            f'<span class="news-item__date">{date_odessa(i.published)}</span></div>'
            for i in shown
        )
        pages = "".join(
            f'<li class="{"active" if n == page else ""}"><a href="/{category}?page={n}">{n}</a></li>'
            for n in range(max(1, page - 3), min(last, page + 3) + 1)
        )
        main = (f'<h1 class="page-title">{esc(category.title())}</h1>\n<div class="news-list">\n{rows}\n</div>\n'
                f'<ul class="pagination">{pages}</ul>')
        return document(request, self._frame(f"{category.title()} | The Odessa Journal", "", main),
                        last_modified=shown[0].published if shown else None)

    def route(self, request: MirrorRequest, path: str, query: dict[str, str]) -> MirrorResponse | None:
        if path in ("/", "/public", "/public/"):
            return self._listing(request, "diplomacy", {})
        if path == "/sitemap.xml":
            items = self.catalog.by_source["odessa-journal"]
            body = urlset((self.sitemap_url(i), i.published) for i in items)
            return document(request, body, XML, items[0].published if items else None)
        name = path.strip("/")
        if name in self.by_category or name in (c.lower() for c in CATEGORIES):
            return self._listing(request, name, query)
        return None
