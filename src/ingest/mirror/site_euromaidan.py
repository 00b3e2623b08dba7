"""euromaidanpress.com: WordPress; /YYYY/MM/DD/<slug>/ (also ?swcfpc=1), feed /feed/, Yoast sitemaps."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import xxhash

from ingest.mirror.catalog import KYIV, Catalog, Listed
from ingest.mirror.content import load_chrome
from ingest.mirror.html_parts import (
    blocks_html,
    esc,
    first_paragraph,
    json_ld,
    og_meta,
    rss,
    sitemap_index,
    urlset,
)
from ingest.mirror.protocol import MirrorRequest, MirrorResponse
from ingest.mirror.responses import RSS, XML, document, not_found
from ingest.mirror.site_base import SourceSite

FEED_ITEMS = 10
SITEMAP_SIZE = 1000
PER_PAGE = 10
LOGO = "https://euromaidanpress.com/wp-content/uploads/2019/03/emp-logo.png"


def date_emp(when: datetime) -> str:
    return f"{when.astimezone(KYIV):%d/%m/%Y}"


class EuromaidanSite(SourceSite):
    canonical_host = "euromaidanpress.com"
    alias_hosts = ("www.euromaidanpress.com",)
    sources = ("euromaidanpress",)
    robots_txt = (
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
        "Sitemap: https://euromaidanpress.com/sitemap_index.xml\n"
    )

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        self.chrome: dict[str, Any] = load_chrome("euromaidanpress")
        # Yoast lists posts oldest first, SITEMAP_SIZE per file
        self.oldest_first = list(reversed(catalog.by_source["euromaidanpress"]))

    def article_path(self, item: Listed) -> str:
        return f"/{item.published.astimezone(KYIV):%Y/%m/%d}/{item.slug}/"

    def variant_paths(self, item: Listed) -> tuple[str, ...]:
        return (self.article_path(item) + "?swcfpc=1",)

    def feed_url(self, item: Listed) -> str:
        """The cache plugin leaks ?swcfpc=1 into part of the feed links."""
        url = self.article_url(item)
        return url + "?swcfpc=1" if xxhash.xxh32_intdigest(item.key.encode()) % 5 == 0 else url

    def _frame(self, title: str, head: str, main: str) -> bytes:
        return (
            '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n{head}\n"
            "<link rel='stylesheet' id='td-theme-css' href='https://euromaidanpress.com/wp-content/themes/Newspaper/"
            "style.css?ver=12.6' type='text/css' media='all' />\n</head>\n<body class=\"post-template-default\">\n"
            '<div class="td-header-wrap"><div class="td-header-top-menu">'
            '<a href="https://euromaidanpress.com/donate/">Support us</a> '
            '<a href="https://euromaidanpress.com/about/">About</a></div>'
            f'<div class="td-logo"><a href="https://euromaidanpress.com/"><img src="{LOGO}" alt="Euromaidan Press">'
            '</a></div><nav class="td-main-menu"><ul>'
            '<li><a href="https://euromaidanpress.com/category/ukraine/">Ukraine</a></li>'
            '<li><a href="https://euromaidanpress.com/category/russia/">Russia</a></li>'
            '<li><a href="https://euromaidanpress.com/category/analysis/">Analysis</a></li>'
            '<li><a href="https://euromaidanpress.com/category/culture/">Culture</a></li></ul></nav></div>\n'
            f'<div class="td-main-content-wrap">\n{main}\n</div>\n'
            '<div class="td-footer-wrap"><div class="td-footer-text">Euromaidan Press is an independent online '
            'English-language newspaper.</div><div class="td-sub-footer-copy">'
            f'{esc(self.chrome["copyright"])}</div></div>\n</body>\n</html>\n'
        ).encode("utf-8")

    def render_article(self, key: str, requested_path: str) -> bytes:
        spec = self.catalog.spec(key)
        item = self.catalog.by_key[key]
        url = self.article_url(item)
        image = f"https://euromaidanpress.com/wp-content/uploads/{spec.published:%Y/%m}/{spec.slug[:30]}.jpg"
        head = "\n".join([
            f'<link rel="canonical" href="{esc(url)}">',
            og_meta(spec, url, "Euromaidan Press", "en_US", image, True),
            json_ld(spec, url, "Euromaidan Press", LOGO, image),
        ])
        blocks = spec.blocks
        lead = blocks[0] if blocks[0].kind == "lead" else None
        rest = blocks[1:] if lead else blocks
        caption = spec.caption or "Illustrative image. Photo: open sources"
        neighbours = self.catalog.neighbours(item, 6)
        read_more = "".join(f'<li><a href="{esc(self.article_url(n))}">{esc(n.title)}</a></li>'
                            for n in neighbours[:3])
        related = "".join(
            f'<div class="td_module_related_posts"><h3 class="entry-title td-module-title">'
            f'<a href="{esc(self.article_url(n))}">{esc(n.title)}</a></h3></div>'
            for n in neighbours[3:]
        )
        appeal = "".join(f"<p>{esc(p)}</p>" for p in self.chrome["donation"])
        author = spec.author or "Euromaidan Press"
        main = (
            '<article class="td-post-template-default">\n<div class="td-post-header">'
            f'<h1 class="entry-title">{esc(spec.title)}</h1>'
            + (f'<p class="td-post-sub-title">{esc(lead.text)}</p>' if lead else "")
            + f'<div class="td-module-meta-info"><div class="td-post-author-name">{esc(author)}</div>'
            f'<span class="td-post-date"><time class="entry-date updated td-module-date" '
            f'datetime="{spec.published.isoformat()}">{date_emp(spec.published)}</time></span></div></div>\n'
            f'<div class="td-post-featured-image"><figure><img src="{esc(image)}" alt="{esc(caption)}" '
            f'title="{esc(caption)}"><figcaption class="wp-caption-text">{esc(caption)}</figcaption></figure></div>\n'
            f'<div class="td-sticky-title">{esc(spec.title)}</div>\n'
            f'<div class="td-post-content tagdiv-type">\n{blocks_html(rest)}\n'
            f'<p><strong>Read more:</strong></p><ul class="read-more">{read_more}</ul>\n'
            f'<div class="emp-donate-appeal">{appeal}<a class="button" href="https://www.patreon.com/euromaidanpress">'
            "Become a Patron!</a></div>\n</div>\n"
            '<div class="emp-correction"><p>To suggest a correction or clarification, write to us here</p>'
            "<p>You can also highlight the text and press Ctrl + Enter</p>"
            "<p>Please leave your suggestions or corrections here</p></div>\n"
            f'<div class="emp-adblock"><h4>Euromaidan Press</h4><p>{esc(self.chrome["adblock"])}</p></div>\n'
            f'<div class="td_block_related_posts"><h4 class="td-related-title">Related Posts</h4>{related}</div>\n'
            "</article>"
        )
        return self._frame(f"{spec.title} - Euromaidan Press", head, main)

    def _sitemaps(self, request: MirrorRequest, path: str) -> MirrorResponse | None:
        posts = self.oldest_first
        chunks = max(1, -(-len(posts) // SITEMAP_SIZE))
        if path == "/sitemap_index.xml":
            entries = []
            for n in range(chunks):
                part = posts[n * SITEMAP_SIZE:(n + 1) * SITEMAP_SIZE]
                name = "post-sitemap.xml" if n == 0 else f"post-sitemap{n + 1}.xml"
                if part:
                    entries.append((f"https://euromaidanpress.com/{name}", part[-1].published))
            if posts:
                entries.append(("https://euromaidanpress.com/page-sitemap.xml", posts[0].published))
            return document(request, sitemap_index(entries), XML)
        if path == "/page-sitemap.xml":
            first = posts[0].published if posts else datetime(2014, 1, 1, tzinfo=KYIV)
            pages = [("https://euromaidanpress.com/", first), ("https://euromaidanpress.com/about/", first)]
            return document(request, urlset(pages), XML)
        name = path.lstrip("/")
        if name.startswith("post-sitemap") and name.endswith(".xml"):
            number = name.removeprefix("post-sitemap").removesuffix(".xml")
            if number == "":
                n = 0
            elif number.isdigit() and int(number) >= 2:
                n = int(number) - 1
            else:
                return None
            part = posts[n * SITEMAP_SIZE:(n + 1) * SITEMAP_SIZE]
            if not part:
                return not_found(path)
            return document(request, urlset((self.article_url(i), i.published) for i in part), XML,
                            part[-1].published)
        return None

    def route(self, request: MirrorRequest, path: str, query: dict[str, str]) -> MirrorResponse | None:
        if path in ("/feed/", "/feed"):
            items = self.catalog.newest("euromaidanpress", FEED_ITEMS)
            body = rss("Euromaidan Press", "https://euromaidanpress.com/", "https://euromaidanpress.com/feed/",
                       "News and views from Ukraine", "en-US",
                       ((i.title, self.feed_url(i), i.published, first_paragraph(self.catalog.spec(i.key)))
                        for i in items), wordpress=True)
            return document(request, body, RSS, items[0].published if items else None)
        if path.endswith(".xml"):
            return self._sitemaps(request, path)
        if path == "/":
            items = self.catalog.newest("euromaidanpress", PER_PAGE)
            rows = "".join(f'<h3 class="entry-title"><a href="{esc(self.article_url(i))}">{esc(i.title)}</a></h3>'
                           for i in items)
            return document(request, self._frame("Euromaidan Press - News and views from Ukraine", "", rows))
        if path in ("/about/", "/about"):
            main = ("<h1>About us</h1><p>Euromaidan Press is an independent online newspaper focused on Ukraine.</p>"
                    '<ul class="team"><li><a href="https://euromaidanpress.com/contact/">Contact</a></li>'
                    '<li><a href="https://euromaidanpress.com/support/">Support us</a></li></ul>')
            return document(request, self._frame("About us - Euromaidan Press", "", main))
        return None
