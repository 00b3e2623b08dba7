"""rubryka.com/en: WordPress; /en/YYYY/MM/DD/<slug>/ (+ /amp), feed /en/feed/, listing /en/news/page/N/,
Yoast sitemap index /sitemap_index.xml -> monthly /en/post-sitemap-YYYY-MM.xml."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import xxhash

from ingest.mirror.catalog import KYIV, Catalog, Listed
from ingest.mirror.content import load_chrome
from ingest.mirror.html_parts import (
    EN_MON,
    blocks_html,
    by_month,
    esc,
    first_paragraph,
    json_ld,
    og_meta,
    rss,
)
from ingest.mirror.protocol import MirrorRequest, MirrorResponse
from ingest.mirror.responses import RSS, document, not_found
from ingest.mirror.site_base import SourceSite
from ingest.mirror.sitemaps import monthly_sitemaps

PER_PAGE = 10
FEED_ITEMS = 10
SITEMAP_PREFIX = "/en/post-sitemap-"  # + YYYY-MM.xml, one per Kyiv-local month that has articles
LOGO = "https://rubryka.com/wp-content/themes/rubryka/img/logo.svg"
FBPX = ('<noscript><img height="1" width="1" style="display: none;" '
        'src="https://www.facebook.com/tr?id=1500297823554&amp;ev=PageView&amp;noscript=1" alt="fbpx"></noscript>')


def date_rubryka(when: datetime) -> str:
    local = when.astimezone(KYIV)
    return f"{local:%H:%M} {local.day} {EN_MON[local.month - 1]} {local.year}"


class RubrykaSite(SourceSite):
    canonical_host = "rubryka.com"
    alias_hosts = ("www.rubryka.com",)
    sources = ("rubryka-en",)
    robots_txt = (
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
        "Sitemap: https://rubryka.com/sitemap_index.xml\n"
    )

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        self.chrome: dict[str, Any] = load_chrome("rubryka")
        posts = catalog.by_source["rubryka-en"]
        self.months = by_month(((self.article_url(i), i.published) for i in posts), KYIV)

    def _sitemaps(self, request: MirrorRequest, path: str) -> MirrorResponse | None:
        """Yoast-style index of monthly post sitemaps; each child lists its month's articles, oldest first."""
        return monthly_sitemaps(request, path, self.origin, "/sitemap_index.xml", SITEMAP_PREFIX, self.months)

    def article_path(self, item: Listed) -> str:
        local = item.published.astimezone(KYIV)
        return f"/en/{local:%Y/%m/%d}/{item.slug}/"

    def variant_paths(self, item: Listed) -> tuple[str, ...]:
        return (self.article_path(item) + "amp",)

    def _recent_posts(self) -> str:
        rows = "".join(
            f'<li><span class="cat">{esc(p["category"])}</span><a href="{esc(p["href"])}">{esc(p["title"])}</a>'
            f'<p class="excerpt">{esc(p["excerpt"])} <a class="more" href="{esc(p["href"])}">Читати більше</a></p>'
            f'<span class="post-date">{esc(p["date"])}</span></li>'
            for p in self.chrome["recent_posts"]
        )
        return (
            '<section class="widget widget_recent_entries" id="recent-posts-2">'
            f'<nav role="navigation" aria-label="{esc(self.chrome["recent_title"])}">'
            f'<h2 class="widget-title">{esc(self.chrome["recent_title"])}</h2><ul>{rows}</ul></nav></section>'
        )

    def _frame(self, title: str, head: str, main: str, body_class: str) -> bytes:
        return (
            '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="UTF-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n{head}\n"
            "<link rel='stylesheet' id='rubryka-style-css' href='https://rubryka.com/wp-content/themes/rubryka/"
            "style.css?ver=6.4.3' media='all' />\n"
            "<script>!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){};}(window, document,'script',"
            "'https://connect.facebook.net/en_US/fbevents.js');fbq('init', '1500297823554');</script>\n"
            f'</head>\n<body class="{body_class}">\n{FBPX}\n'
            '<header id="masthead" class="site-header"><a class="logo" href="https://rubryka.com/en/">'
            f'<img src="{LOGO}" alt="Rubryka"></a><nav class="main-navigation"><ul>'
            '<li><a href="https://rubryka.com/en/news/">News</a></li><li><a href="https://rubryka.com/en/solutions/">'
            'Solutions</a></li><li><a href="https://rubryka.com/en/war/">War</a></li>'
            '<li><a href="https://rubryka.com/">UA</a></li></ul></nav></header>\n'
            f'<main id="main" class="site-main">\n{main}\n</main>\n'
            f'<aside id="secondary" class="widget-area">{self._recent_posts()}</aside>\n'
            '<footer id="colophon" class="site-footer"><p>© 2014–2024 Rubryka. Solutions journalism.</p>'
            '<p><a href="https://rubryka.com/en/about/">About</a> <a href="https://rubryka.com/en/contacts/">'
            'Contacts</a></p></footer>\n'
            f'<div id="cookie-notice" role="dialog"><span id="cn-notice-text">{esc(self.chrome["cookie"])}</span>'
            '<a href="#" id="cn-accept-cookie">OK</a></div>\n'
            "</body>\n</html>\n"
        ).encode("utf-8")

    def render_article(self, key: str, requested_path: str) -> bytes:
        spec = self.catalog.spec(key)
        item = self.catalog.by_key[key]
        url = self.article_url(item)
        image = f"https://rubryka.com/wp-content/uploads/{spec.published:%Y/%m}/{spec.slug[:40]}.jpg"
        if requested_path.endswith("/amp"):
            return self._amp(spec.title, url, blocks_html(spec.blocks), date_rubryka(spec.published))
        head = "\n".join([
            f'<link rel="canonical" href="{esc(url)}">',
            f'<link rel="amphtml" href="{esc(url)}amp">',
            og_meta(spec, url, "Rubryka", "en_GB", image, True),
            json_ld(spec, url, "Rubryka", LOGO, image),
        ])
        tags = "".join(f'<a href="https://rubryka.com/en/tag/{t}/" rel="tag">{t}</a>'
                       for t in ("security-guarantees", "ukraine") if not self.catalog.is_generated(key))
        main = (
            f'<article id="post-{xxhash.xxh32_intdigest(spec.slug.encode()) % 10**6}" class="post type-post status-publish">\n'
            '<header class="entry-header">'
            f'<div class="post-date">{date_rubryka(spec.published)}</div>'
            f'<h1 class="entry-title">{esc(spec.title)}</h1></header>\n'
            f'<figure class="post-thumbnail"><img src="{esc(image)}" alt="">'
            + (f'<figcaption>{esc(spec.caption)}</figcaption>' if spec.caption else "")
            + "</figure>\n"

            f'<div class="entry-content">\n{blocks_html(spec.blocks)}\n</div>\n'
            f'<footer class="entry-footer"><div class="tags-links">{tags}</div>'
            '<div class="share">Share: <a href="#">Facebook</a> <a href="#">Telegram</a> <a href="#">X</a></div>'
            '</footer>\n</article>'
        )
        return self._frame(f"{spec.title} - Rubryka", head, main, "post-template-default single single-post")

    def _amp(self, title: str, url: str, content: str, when: str) -> bytes:
        return (
            '<!doctype html>\n<html amp lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{esc(title)} - Rubryka</title>\n<link rel="canonical" href="{esc(url)}">\n'
            '<script async src="https://cdn.ampproject.org/v0.js"></script>\n</head>\n<body>\n'
            '<header class="amp-wp-header"><a href="https://rubryka.com/en/">Rubryka</a></header>\n'
            f'<article class="amp-wp-article"><header class="amp-wp-article-header"><h1 class="amp-wp-title">'
            f'{esc(title)}</h1><div class="amp-wp-meta amp-wp-posted-on">{when}</div></header>\n'
            f'<div class="amp-wp-article-content">\n{content}\n</div></article>\n'
            '<footer class="amp-wp-footer"><p>© Rubryka</p></footer>\n</body>\n</html>\n'
        ).encode("utf-8")

    def _listing(self, request: MirrorRequest, page: int) -> MirrorResponse:
        items = self.catalog.by_source["rubryka-en"]
        shown = items[(page - 1) * PER_PAGE: page * PER_PAGE]
        if not shown and page > 1:
            return not_found(f"page {page}")
        last = max(1, -(-len(items) // PER_PAGE))
        rows = "\n".join(
            '<article class="post type-post">'
            f'<div class="post-date">{date_rubryka(i.published)}</div>'
            f'<h2 class="entry-title"><a href="{esc(self.article_url(i))}" rel="bookmark">{esc(i.title)}</a></h2>'
            "</article>"
            for i in shown
        )
        nav = []
        if page > 1:
            prev = "https://rubryka.com/en/news/" if page == 2 else f"https://rubryka.com/en/news/page/{page - 1}/"
            nav.append(f'<a class="prev page-numbers" href="{prev}">Previous</a>')
        if page < last:
            nav.append(f'<a class="next page-numbers" href="https://rubryka.com/en/news/page/{page + 1}/">Next</a>')
        main = (f'<h1 class="page-title">News</h1>\n<div class="posts">\n{rows}\n</div>\n'
                f'<nav class="navigation pagination"><div class="nav-links">{"".join(nav)}</div></nav>')
        body = self._frame("News - Rubryka", '<link rel="canonical" href="https://rubryka.com/en/news/">', main,
                           "archive category")
        return document(request, body, last_modified=shown[0].published if shown else None)

    def route(self, request: MirrorRequest, path: str, query: dict[str, str]) -> MirrorResponse | None:
        if path.endswith(".xml"):
            return self._sitemaps(request, path)
        if path in ("/en/", "/en", "/en/news/", "/en/news"):
            return self._listing(request, 1)
        if path.startswith("/en/news/page/"):
            number = path.removeprefix("/en/news/page/").strip("/")
            if not number.isdigit() or int(number) < 1:
                return None
            return self._listing(request, int(number))
        if path in ("/en/feed/", "/en/feed"):
            items = self.catalog.newest("rubryka-en", FEED_ITEMS)
            body = rss("Rubryka", "https://rubryka.com/en/", "https://rubryka.com/en/feed/",
                       "Solutions journalism from Ukraine", "en-GB",
                       ((i.title, self.article_url(i), i.published, first_paragraph(self.catalog.spec(i.key)))
                        for i in items), wordpress=True)
            return document(request, body, RSS, items[0].published if items else None)
        if path == "/":
            main = '<h1>Рубрика</h1><p>Українська версія сайту. <a href="https://rubryka.com/en/">English</a></p>'
            return document(request, self._frame("Рубрика", "", main, "home"))
        return None
