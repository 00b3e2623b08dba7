"""Bind an extracted page to its source: the article record the warehouse keeps."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from ingest.config import SourceConfig
from ingest.dedup import body_hash, canonical_url
from ingest.records import Article, ExtractedPage, Page


def article_key(page: Page, extracted: ExtractedPage, source: SourceConfig) -> str:
    """The canonical URL of the article: the page's rel=canonical when it stays on the source's hosts,
    otherwise the fetched URL, in canonical form either way."""
    declared = extracted.canonical_url
    if declared:
        absolute = urljoin(page.final_url or page.url, declared)
        if (urlsplit(absolute).hostname or "").lower() in source.allowed_hosts:
            return canonical_url(absolute)
    return canonical_url(page.url)


def article_from_page(page: Page, extracted: ExtractedPage, source: SourceConfig) -> tuple[Article | None, str | None]:
    """(article, None), or (None, reason) when the page is not an article worth loading."""
    if extracted.page_type != "article":
        return None, f"page_type_{extracted.page_type}"
    if not extracted.body.strip():
        return None, "empty_body"
    return Article(
        url=article_key(page, extracted, source),
        source=source.name,
        fetched_url=page.url,
        title=extracted.title,
        published_at=extracted.published,
        modified_at=extracted.modified,
        authors=extracted.authors,
        language=extracted.language or source.language,
        body=extracted.body,
        body_hash=body_hash(extracted.body),
        canonical_link=extracted.canonical_url,
        alternates=extracted.alternates,
        fetched_at=page.fetched_at,
        payload_digest=page.payload_digest,
    ), None
