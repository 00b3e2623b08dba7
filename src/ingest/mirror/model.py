"""Typed records of the mirror's content: articles, their body blocks and the events they state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

BlockKind = Literal["lead", "p", "h", "li", "quote", "embed"]
EventKind = Literal[
    "negotiations_started", "negotiation_round", "agreement_signed", "agreement_planned", "count_claim"
]
Precision = Literal["day", "month", "year", "unknown"]
SOURCES = ("president-en", "president-uk", "odessa-journal", "rubryka-en", "euromaidanpress", "ukrinform-en")


class ContentError(ValueError):
    """A content file holds something the mirror cannot serve; the message names the page and field."""


@dataclass(frozen=True, slots=True)
class Block:
    """One block of an article: a standfirst, paragraph, sub-heading, list item, block quote or embed."""

    kind: BlockKind
    text: str


@dataclass(frozen=True, slots=True)
class EventSpec:
    """An event the article body states (the truth the events stage is scored against)."""

    type: EventKind
    partner: str | None  # ISO 3166-1 alpha-2 or "EU"; None for count claims
    date: str | None  # ISO date (YYYY-MM-DD, YYYY-MM or YYYY) or None
    date_precision: Precision
    ordinal: int | None = None
    count: int | None = None
    count_scope: str | None = None  # signed | planned, for count claims


@dataclass(frozen=True, slots=True)
class ArticleSpec:
    """One article page of a mirrored source."""

    key: str  # unique content key
    source: str  # source name from sources.toml
    story: str  # story id; copies share it, translations do not
    title: str
    published: datetime  # timezone-aware
    language: str
    slug: str
    blocks: tuple[Block, ...]
    num_id: int | None = None  # numeric id in the URL (president.gov.ua, ukrinform)
    category: str = "News"
    author: str | None = None
    seed: str | None = None
    copy_of: str | None = None  # key of the article this one copies
    translation_of: str | None = None  # key of the other-language edition
    events: tuple[EventSpec, ...] = ()
    caption: str | None = None  # photo caption (page chrome, not body)
    generated: bool = False

    @property
    def body(self) -> str:
        """The article text exactly as the page shows it, paragraphs separated by a blank line."""
        return "\n\n".join(block.text for block in self.blocks if block.kind != "embed")


def parse_blocks(text: str, where: str) -> tuple[Block, ...]:
    """Body markup: paragraphs split by blank lines; '> ' standfirst, '## ' heading, '- ' list item, '| ' quote,
    '@ ' an embed or inline photo caption inside the article (shown on the page, not part of the body text)."""
    blocks: list[Block] = []
    for chunk in text.strip().split("\n\n"):
        para = " ".join(line.strip() for line in chunk.strip().splitlines())
        if not para:
            continue
        kind: BlockKind = "p"
        for prefix, name in (("> ", "lead"), ("## ", "h"), ("- ", "li"), ("| ", "quote"), ("@ ", "embed")):
            if para.startswith(prefix):
                kind, para = name, para[len(prefix):].strip()  # type: ignore[assignment]
                break
        if not para:
            raise ContentError(f"{where}: empty {kind} block")
        blocks.append(Block(kind, para))
    if not blocks:
        raise ContentError(f"{where}: body is empty")
    return tuple(blocks)
