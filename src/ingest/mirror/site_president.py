"""www.president.gov.ua: EN (/en/news/<slug>-<id>) and UK (/news/<slug>-<id>) editions on one host."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ingest.mirror.catalog import KYIV, Catalog, Listed
from ingest.mirror.html_parts import EN_MONTHS, UK_MONTHS_GEN, blocks_html, esc, first_paragraph, og_meta, rss
from ingest.mirror.protocol import MirrorRequest, MirrorResponse
from ingest.mirror.responses import RSS, document, not_found, redirect
from ingest.mirror.site_base import SourceSite

PER_PAGE = 10
FEED_ITEMS = 20


def date_en(when: datetime) -> str:
    local = when.astimezone(KYIV)
    return f"{local.day} {EN_MONTHS[local.month - 1]} {local.year} - {local:%H:%M}"


def date_uk(when: datetime) -> str:
    local = when.astimezone(KYIV)
    return f"{local.day} {UK_MONTHS_GEN[local.month - 1]} {local.year} року - {local:%H:%M}"


def parse_filter_date(value: str | None) -> date | None:
    """DD-MM-YYYY as the site's date filter takes it; anything else is ignored like the real site does."""
    if not value:
        return None
    try:
        return datetime.strptime(value, "%d-%m-%Y").date()
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Edition:
    """The fixed strings of one language edition of the site."""

    site: str
    brand: str
    menu: tuple[str, ...]
    all_news: str
    latest: str
    share: str
    footer: str
    subscribe: str
    locale: str
    other: str


_TEXT = {
    "en": Edition(
        site="Official website of the President of Ukraine",
        brand="President of Ukraine Volodymyr Zelenskyy",
        menu=("News", "Speeches", "Documents", "Administration", "Activity", "Symbols"),
        all_news="All news", latest="Latest news", share="Share:",
        footer="All content on this site is licensed under a Creative Commons Attribution 4.0 International "
               "license.",
        subscribe="Subscribe to the newsletter", locale="en_US", other="Українська",
    ),
    "uk": Edition(
        site="Офіційне інтернет-представництво Президента України",
        brand="Президент України Володимир Зеленський",
        menu=("Новини", "Звернення", "Документи", "Офіс Президента", "Діяльність", "Символи"),
        all_news="Усі новини", latest="Останні новини", share="Поділитися:",
        footer="Усі матеріали сайту доступні за ліцензією Creative Commons Attribution 4.0 International.",
        subscribe="Підписатися на розсилку", locale="uk_UA", other="English",
    ),
}


class PresidentSite(SourceSite):
    canonical_host = "www.president.gov.ua"
    alias_hosts = ("president.gov.ua",)
    sources = ("president-en", "president-uk")
    robots_txt = "User-agent: *\nDisallow: /news/search\nDisallow: /en/news/search\nDisallow: /admin/\n"

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        # EN and UK editions share slug and id: find each article's other edition
        self.pair: dict[str, str] = {}
        by_id: dict[tuple[str, int | None], str] = {}
        for source in self.sources:
            for item in catalog.by_source[source]:
                by_id[(source, item.num_id)] = item.key
        for (source, num_id), key in by_id.items():
            other = by_id.get(("president-uk" if source == "president-en" else "president-en", num_id))
            if other is not None:
                self.pair[key] = other

    def article_path(self, item: Listed) -> str:
        prefix = "/en/news/" if item.source == "president-en" else "/news/"
        return f"{prefix}{item.slug}-{item.num_id}"

    def _lang(self, source: str) -> str:
        return "en" if source == "president-en" else "uk"

    def _header(self, lang: str, other_href: str) -> str:
        t = _TEXT[lang]
        home = "/en" if lang == "en" else "/ua"
        menu = "".join(f'<li><a href="{home}/news/all">{esc(m)}</a></li>' for m in t.menu)
        return (
            '<header class="header"><div class="container"><div class="row">'
            f'<div class="logo"><a href="https://{self.canonical_host}{home}"><img src="/img/logo.png" alt="">'
            f'<span>{esc(t.brand)}</span><span class="sub">{esc(t.site)}</span></a></div>'
            f'<div class="lang_switch"><a href="{esc(other_href)}">{esc(t.other)}</a></div>'
            '<div class="search"><form action="/news/search"><input name="query" type="text"></form></div>'
            f'</div><nav class="main_menu"><ul>{menu}</ul></nav></div></header>'
        )

    def _footer(self, lang: str) -> str:
        t = _TEXT[lang]
        return (
            '<footer class="footer"><div class="container">'
            f'<div class="subscribe"><a href="/subscribe">{esc(t.subscribe)}</a></div>'
            f'<p class="copy">{esc(t.footer)}</p>'
            '<ul class="social"><li><a href="https://www.facebook.com/zelenskyy.official">Facebook</a></li>'
            '<li><a href="https://t.me/V_Zelenskiy_official">Telegram</a></li>'
            '<li><a href="https://www.instagram.com/zelenskyy_official">Instagram</a></li></ul>'
            "</div></footer>"
        )

    def _item_html(self, item: Listed) -> str:
        when = date_en(item.published) if item.source == "president-en" else date_uk(item.published)
        return (
            '<div class="item_stat cat_stat"><div class="item_stat_headline">'
            f'<h3><a href="{esc(self.article_url(item))}">{esc(item.title)}</a></h3>'
            f'<p class="date">{when}</p></div></div>'
        )

    def _page(self, lang: str, title: str, head: str, main: str, sidebar: str, other_href: str) -> bytes:
        return (
            f'<!DOCTYPE html>\n<html lang="{"en" if lang == "en" else "uk"}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n{head}\n"
            '<link rel="stylesheet" href="/css/main.css">\n</head>\n<body>\n<div class="all">\n'
            f"{self._header(lang, other_href)}\n"
            '<div class="cat_section"><div class="container"><div class="catalog_container"><div class="row">\n'
            f'<div class="col-xs-8 home_left"><div class="left_part">\n{main}\n</div></div>\n'
            f'<div class="col-xs-4 home_right"><aside class="right_part">{sidebar}</aside></div>\n'
            f"</div></div></div></div>\n{self._footer(lang)}\n</div>\n"
            '<script src="/js/main.js"></script>\n</body>\n</html>\n'
        ).encode("utf-8")

    def _sidebar(self, lang: str, items: list[Listed]) -> str:
        rows = "".join(self._item_html(i) for i in items)
        return f'<div class="widget last_news"><h2>{esc(_TEXT[lang].latest)}</h2><div class="list">{rows}</div></div>'

    def render_article(self, key: str, requested_path: str) -> bytes:
        spec = self.catalog.spec(key)
        item = self.catalog.by_key[key]
        lang = self._lang(spec.source)
        url = self.article_url(item)
        pair_key = self.pair.get(key)
        alternates = [(lang, url)]
        other_href = "/en" if lang == "uk" else "/ua"
        if pair_key is not None:
            other = self.catalog.by_key[pair_key]
            alternates.append((self._lang(other.source), self.article_url(other)))
            other_href = self.article_url(other)
        head = "\n".join(
            [f'<meta name="description" content="{esc(first_paragraph(spec, 200))}">',
             og_meta(spec, url, _TEXT[lang].site, _TEXT[lang].locale,
                     f"https://{self.canonical_host}/storage/j-image-news/{spec.num_id}.jpg", False),
             f'<link rel="canonical" href="{esc(url)}">']
            + [f'<link rel="alternate" hreflang="{code}" href="{esc(href)}">' for code, href in sorted(alternates)]
        )
        when = date_en(spec.published) if lang == "en" else date_uk(spec.published)
        share = (f'<div class="share_block"><span>{esc(_TEXT[lang].share)}</span>'
                 '<a class="fb" href="#"><i class="fa fa-facebook"></i></a>'
                 '<a class="tw" href="#"><i class="fa fa-twitter"></i></a>'
                 '<a class="tg" href="#"><i class="fa fa-telegram"></i></a></div>')
        caption = f'<div class="img_wrap"><img src="/storage/j-image-news/{spec.num_id}.jpg" alt=""></div>'
        main = (
            f'<div class="article"><h1>{esc(spec.title)}</h1>\n<p class="date">{when}</p>\n{caption}\n'
            f'<div class="article_content">\n{blocks_html(spec.blocks, "short_desc")}\n</div>\n{share}</div>'
        )
        sidebar = self._sidebar(lang, self.catalog.neighbours(item, 5))
        return self._page(lang, f"{spec.title} — {_TEXT[lang].site}", head, main, sidebar, other_href)

    def _listing(self, request: MirrorRequest, source: str, query: dict[str, str]) -> MirrorResponse:
        lang = self._lang(source)
        start = parse_filter_date(query.get("date-from"))
        end = parse_filter_date(query.get("date-to"))
        page_raw = query.get("page", "1")
        page = int(page_raw) if page_raw.isdigit() and int(page_raw) > 0 else 1
        items = self.catalog.between(source, start, end)
        last = max(1, -(-len(items) // PER_PAGE))
        shown = items[(page - 1) * PER_PAGE: page * PER_PAGE]
        base = "/en/news/all" if lang == "en" else "/news/all"
        params = ""
        if "date-from" in query or "date-to" in query:
            params = f"date-from={query.get('date-from', '')}&date-to={query.get('date-to', '')}&"

        def link(n: int) -> str:
            return esc(f"https://{self.canonical_host}{base}?{params}page={n}")

        pag = []
        for n in range(max(1, page - 4), min(last, page + 4) + 1):
            cls = "pag act" if n == page else "pag"
            pag.append(f'<a class="{cls}" href="{link(n)}">{n}</a>')
        nxt = link(page + 1) if page < last else "javascript:void(0);"
        pag.append(f'<a class="pag" href="{nxt}">&raquo;</a>')
        main = (
            f'<h1 class="cat_title">{esc(_TEXT[lang].all_news)}</h1>\n<div class="cat_list">\n'
            + "\n".join(self._item_html(i) for i in shown)
            + f'\n</div>\n<div class="pagination">{"".join(pag)}</div>'
        )
        newest = shown[0].published if shown else None
        body = self._page(lang, f"{_TEXT[lang].all_news} — {_TEXT[lang].site}", "", main, "",
                          "/ua" if lang == "en" else "/en")
        return document(request, body, last_modified=newest)

    def _feed(self, request: MirrorRequest, source: str) -> MirrorResponse:
        lang = self._lang(source)
        items = self.catalog.newest(source, FEED_ITEMS)
        body = rss(
            _TEXT[lang].site, f"https://{self.canonical_host}/{'en' if lang == 'en' else 'ua'}",
            f"https://{self.canonical_host}{'/en' if lang == 'en' else ''}/rss/news/all.rss",
            _TEXT[lang].all_news, lang,
            ((i.title, self.article_url(i), i.published, first_paragraph(self.catalog.spec(i.key), 250))
             for i in items),
        )
        return document(request, body, RSS, items[0].published if items else None)

    def route(self, request: MirrorRequest, path: str, query: dict[str, str]) -> MirrorResponse | None:
        if path == "/":
            return redirect(f"https://{self.canonical_host}/ua", 302)
        if path in ("/en", "/ua", "/en/", "/ua/"):
            source = "president-en" if path.startswith("/en") else "president-uk"
            return self._listing(request, source, {})
        if path in ("/en/news/all", "/news/all"):
            return self._listing(request, "president-en" if path.startswith("/en") else "president-uk", query)
        if path == "/en/rss/news/all.rss":
            return self._feed(request, "president-en")
        if path == "/rss/news/all.rss":
            return self._feed(request, "president-uk")
        if path.startswith(("/en/news/", "/news/")):
            return not_found(path)
        return None
