"""Deterministic synthetic filler articles for large mirrors (build_site(generated=N)).

Each article is a distinct, unrelated local story (weather, culture, sport, business, city life) drawn
from the word lists in content/generator/words.toml. Only a light index entry is kept per article; the
body is rebuilt from (seed, index) when the page is requested.
"""

from __future__ import annotations

import random
import re
import tomllib
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any

from ingest.mirror.catalog import KYIV, Listed
from ingest.mirror.model import ArticleSpec, Block

START = datetime(2023, 7, 1, 6, 0, tzinfo=KYIV)
SPAN_MINUTES = int((datetime(2025, 1, 31, 22, 0, tzinfo=KYIV) - START).total_seconds() // 60)
# share of generated articles per source (cumulative thresholds out of 100)
SOURCE_SHARES = (("president-en", 18), ("president-uk", 33), ("odessa-journal", 48), ("rubryka-en", 64),
                 ("euromaidanpress", 80), ("ukrinform-en", 100))
KEY_PREFIX = "gen-"


@cache
def words() -> dict[str, Any]:
    entry = resources.files("ingest.mirror") / "content" / "generator" / "words.toml"
    return tomllib.loads(entry.read_text(encoding="utf-8"))


def _source_of(rng: random.Random) -> str:
    roll = rng.randrange(100)
    for source, limit in SOURCE_SHARES:
        if roll < limit:
            return source
    return SOURCE_SHARES[-1][0]


def _fill(template: str, slots: dict[str, str]) -> str:
    return template.format_map(slots)  # templates use {slot} fields only


@cache
def _synonym_pattern(language: str) -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    groups: dict[str, tuple[str, ...]] = {}
    for group in words()["vary"]["synonyms" if language == "en" else f"synonyms_{language}"]:
        for member in group:
            groups.setdefault(member.lower(), tuple(group))
    alternatives = sorted(groups, key=len, reverse=True)
    words_re = "|".join(re.escape(a) for a in alternatives)
    pattern = re.compile(r"(?<![{\w])(" + words_re + r")(?![}\w])", re.IGNORECASE)  # never inside {slots}
    return pattern, groups


@cache
def _template_parts(template: str, language: str) -> tuple[str | tuple[tuple[str, ...], bool], ...]:
    """A template cut into fixed text and (synonym group, capitalised) slots; parsed once per template."""
    pattern, groups = _synonym_pattern(language)
    parts: list[str | tuple[tuple[str, ...], bool]] = []
    at = 0
    for match in pattern.finditer(template):
        parts.append(template[at:match.start()])
        word = match.group(0)
        parts.append((groups[word.lower()], word[0].isupper()))
        at = match.end()
    parts.append(template[at:])
    return tuple(parts)


def _vary(template: str, rng: random.Random, language: str) -> str:
    """Swap every interchangeable word of a template for a random member of its synonym group."""
    out: list[str] = []
    for part in _template_parts(template, language):
        if isinstance(part, str):
            out.append(part)
        else:
            group, capital = part
            choice = group[int(rng.random() * len(group))]
            out.append(choice[0].upper() + choice[1:] if capital else choice)
    return "".join(out)


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:70].rstrip("-")


def _slots(rng: random.Random, lists: dict[str, Any], things: list[str]) -> dict[str, str]:
    cities = lists["cities"]
    return {
        "city": rng.choice(cities), "city2": rng.choice(cities), "name": rng.choice(lists["names"]),
        "org": rng.choice(words()["orgs"]), "adj": rng.choice(words()["adjs"]), "day": rng.choice(words()["days"]),
        "thing": rng.choice(things), "n": str(rng.randint(3, 480)), "m": str(rng.randint(2, 90)),
        "pct": str(rng.randint(4, 60)),
    }


def _rng(seed: int, index: int) -> random.Random:
    return random.Random(f"mirror-generated:{seed}:{index}")


def _title(rng: random.Random, source: str) -> tuple[str, str, dict[str, str], list[str]]:
    """(title, category, slots, sentence templates) for one article."""
    data = words()
    if source in ("president-uk", "president-en"):
        lists = data["uk" if source == "president-uk" else "en_president"]
        slots = _slots(rng, lists, lists["things"])
        return _fill(rng.choice(lists["titles"]), slots), "News", slots, lists["sentences"]
    topic = data["topic"][rng.choice(sorted(data["topic"]))]
    slots = _slots(rng, data, topic["things"])
    title = _fill(rng.choice(topic["titles"]), slots)
    return title[0].upper() + title[1:], topic["category"], slots, topic["sentences"]


def generate_listed(count: int, seed: int = 0) -> list[Listed]:
    """Index entries of `count` synthetic articles, spread over 2023-07..2025-01 and all sources."""
    items: list[Listed] = []
    for index in range(count):
        rng = _rng(seed, index)
        source = _source_of(rng)
        published = START + timedelta(minutes=rng.randrange(SPAN_MINUTES))
        title, category, _, _ = _title(rng, source)
        slug = f"{_slugify(title) if source != 'president-uk' else 'novyna'}-g{index}"
        num_id = 200000 + index if source.startswith("president") else 5000000 + index
        if source == "president-en":
            slug = f"novyna-g{index}"  # president.gov.ua slugs are transliterated Ukrainian titles
        items.append(Listed(
            key=f"{KEY_PREFIX}{seed}-{index}", source=source, published=published, title=title, slug=slug,
            num_id=num_id if source in ("president-en", "president-uk", "ukrinform-en") else None,
            language="uk" if source == "president-uk" else "en", category=category,
        ))
    return items


def build_generated_article(item: Listed, seed: int = 0) -> ArticleSpec:
    """The full article for a generated index entry (same bytes every time)."""
    index = int(item.key.rsplit("-", 1)[1])
    rng = _rng(seed, index)
    _source_of(rng)
    rng.randrange(SPAN_MINUTES)
    title, category, slots, sentences = _title(rng, item.source)
    picked = rng.sample(sentences, k=min(len(sentences), rng.randint(5, 8)))
    blocks: list[Block] = []
    at = 0
    while at < len(picked):
        size = rng.randint(1, 3)
        chosen = picked[at:at + size]
        chosen = [_vary(template, rng, item.language) for template in chosen]
        blocks.append(Block("p", " ".join(_fill(t, slots) for t in chosen)))
        at += size
    story = f"generated-{seed}-{index}"
    return ArticleSpec(
        key=item.key, source=item.source, story=story, title=title, published=item.published,
        language=item.language, slug=item.slug, blocks=tuple(blocks), num_id=item.num_id, category=category,
        generated=True,
    )
