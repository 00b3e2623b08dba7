"""Builders of the dedup benchmark data.

1. A labelled syndication set from real article texts: the gold main_content of WCXB dev-split articles
   (/work/shared/extraction-dev/wcxb-dev/ground-truth). Some articles get copies with the edits syndicators make
   (new lead, added background paragraphs with or without a header, dropped paragraphs, truncation,
   transliteration / spelling / typography variants, another headline, light rewording, page chrome); hard
   negatives are real different articles on the same topic (same WCXB tag) plus "follow-up" stories that quote
   one paragraph of another article. Deterministic for a seed.
2. Synthetic 600-word articles for the speed run (Zipf vocabulary, generated in chunks to keep memory flat).
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

WCXB = Path("/work/shared/extraction-dev/wcxb-dev/ground-truth")


@dataclass(frozen=True, slots=True)
class LabelledDoc:
    doc_id: str
    text: str
    story: str  # documents with the same story are copies of one article
    kind: str  # original | copy:<edits> | followup | single


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def _articles(min_words: int) -> list[tuple[str, str, tuple[str, ...], str]]:
    """Gold article bodies; an article that shares half its word 3-grams with an earlier one is left out
    (the dev split holds a few pages twice, e.g. one URL with and without a trailing slash)."""
    found = []
    kept_shingles: list[set[tuple[str, ...]]] = []
    owner: dict[tuple[str, ...], list[int]] = {}
    for path in sorted(WCXB.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        page_type = record.get("_internal", {}).get("page_type", {})
        gold = record.get("ground_truth", {})
        body = gold.get("main_content") or ""
        if page_type.get("primary") != "article" or len(body.split()) < min_words:
            continue
        shingles = _shingles(body)
        overlap: dict[int, int] = {}
        for s in shingles:
            for k in owner.get(s, ()):
                overlap[k] = overlap.get(k, 0) + 1
        if any(n >= 0.5 * min(len(shingles), len(kept_shingles[k])) for k, n in overlap.items()):
            continue
        for s in shingles:
            owner.setdefault(s, []).append(len(kept_shingles))
        kept_shingles.append(shingles)
        found.append((record.get("file_id", path.stem), body, tuple(page_type.get("tags", [])), gold.get("title") or ""))
    return found


_SPELLING = [("Kyiv", "Kiev"), ("Zelenskyy", "Zelensky"), ("Ihor", "Igor"), ("Andrii", "Andriy"), ("color", "colour"),
             ("organization", "organisation"), ("center", "centre"), ("analyze", "analyse"), ("percent", "per cent"),
             ("—", " - "), ("’", "'"), ("“", '"'), ("”", '"'), ("é", "e"), ("ö", "o"), ("ü", "u")]
_CHROME = ["Share this article", "Read more:", "Top article", "Related Posts", "This site uses cookies.", "Advertisement"]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]


def _edit(rng: random.Random, paras: list[str], title: str, donor: list[str], donor_titles: list[str]) -> tuple[str, str]:
    edits = rng.sample(["lead", "background", "drop", "truncate", "spelling", "headline", "reword", "chrome"], k=rng.randint(1, 3))
    out = list(paras)
    if "drop" in edits and len(out) > 4:
        for _ in range(rng.randint(1, 2)):
            out.pop(rng.randrange(1, len(out)))
    if "truncate" in edits and len(out) > 3:
        keep = max(2, int(len(out) * rng.uniform(0.35, 0.7)))
        out = out[:keep]
        out[-1] = " ".join(out[-1].split()[: max(8, len(out[-1].split()) // 2)])
    if "reword" in edits:
        reworded = []
        for p in out:
            words = p.split()
            for _ in range(max(1, len(words) // 25)):
                i = rng.randrange(len(words))
                if rng.random() < 0.5:
                    words.pop(i)
                else:
                    words[i] = rng.choice(["reportedly", "also", "now", "further", "notably"])
                if not words:
                    break
            reworded.append(" ".join(words))
        out = reworded
    if "spelling" in edits:
        joined = "\n\n".join(out)
        for a, b in _SPELLING:
            joined = joined.replace(a, b)
        out = joined.split("\n\n")
    if "lead" in edits:
        out.insert(0, rng.choice(["According to reports, ", "As the outlet reported, ", "Wire: "]) + _first_sentence(rng.choice(donor)))
    if "headline" in edits:
        out.insert(0, rng.choice(["UPDATE: ", "Exclusive: ", ""]) + " ".join(reversed(title.split())) if title else "Breaking news")
    if "background" in edits and donor:
        # a few sentences of a related article: at most a quarter of its words and half as many words as the
        # copy's own text, so the copy is not a copy of the donor (which is a story of the set itself)
        sentences = [s for p in donor for s in re.split(r"(?<=[.!?])\s+", p) if s]
        own = sum(len(p.split()) for p in out)
        budget = min(0.25 * sum(len(s.split()) for s in sentences), 0.5 * own)
        start = rng.randrange(len(sentences))
        extra, used = [], 0
        for s in sentences[start:]:
            if used + len(s.split()) > budget:
                break
            extra.append(s)
            used += len(s.split())
        extra = [" ".join(extra[i : i + 4]) for i in range(0, len(extra), 4)]
        out += (["Background"] if rng.random() < 0.3 else []) + extra
    if "chrome" in edits:
        out += [rng.choice(_CHROME[:1])] + ["Read more:"] + donor_titles[:3]
    return "\n\n".join(out), "+".join(sorted(edits))


def labelled_set(seed: int = 7, min_words: int = 150, with_copies: float = 0.55) -> list[LabelledDoc]:
    """All WCXB dev articles of >= min_words words as stories; about `with_copies` of them get 1-4 copies."""
    rng = random.Random(seed)
    everything = _articles(min_words)
    reserved = set(rng.sample(range(len(everything)), k=len(everything) // 10))
    followup_bodies = [everything[i][1] for i in sorted(reserved)]
    articles = [a for i, a in enumerate(everything) if i not in reserved]
    by_tag: dict[str, list[int]] = {}
    for i, (_, _, tags, _) in enumerate(articles):
        for tag in tags:
            by_tag.setdefault(tag, []).append(i)
    docs: list[LabelledDoc] = []
    for i, (file_id, body, tags, title) in enumerate(articles):
        paras = _paragraphs(body)
        same_topic = [j for t in tags for j in by_tag.get(t, []) if j != i] or [j for j in range(len(articles)) if j != i]
        donor_index = rng.choice(same_topic)
        donor = _paragraphs(articles[donor_index][1])
        donor_titles = [articles[j][3] for j in rng.sample(same_topic, k=min(3, len(same_topic))) if articles[j][3]]
        story = f"s{file_id}"
        if rng.random() < with_copies:
            docs.append(LabelledDoc(f"{file_id}-orig", body, story, "original"))
            for c in range(rng.randint(1, 4)):
                text, edits = _edit(rng, paras, title, donor, donor_titles)
                docs.append(LabelledDoc(f"{file_id}-copy{c}", text, story, f"copy:{edits}"))
        else:
            docs.append(LabelledDoc(f"{file_id}-single", body, story, "single"))
        if followup_bodies and rng.random() < 0.15:
            # a different story (an article kept out of the set) that quotes one paragraph of this one
            follow = _paragraphs(followup_bodies.pop())
            total = sum(len(p.split()) for p in paras)
            quotable = [p for p in paras if 15 <= len(p.split()) <= 0.25 * total] or [min(paras, key=len)]
            follow.insert(rng.randrange(1, len(follow) + 1), rng.choice(quotable))
            docs.append(LabelledDoc(f"{file_id}-followup", "\n\n".join(follow), f"f{file_id}", "followup"))
    return docs


def zipf_vocabulary(size: int, seed: int) -> tuple[list[str], np.ndarray]:
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    lengths = rng.integers(2, 11, size=size)
    words = ["".join(letters[rng.integers(0, 26, size=n)]) for n in lengths]
    weights = 1.0 / np.arange(1, size + 1) ** 1.05
    return words, np.cumsum(weights / weights.sum())


def synthetic_articles(count: int, seed: int, chunk: int = 10_000, words: int = 600) -> Iterator[list[str]]:
    """`count` synthetic articles of `words` words (10 paragraphs of sentences of 6-20 words), in chunks."""
    vocab, cdf = zipf_vocabulary(50_000, 12345)
    vocab_arr = np.array(vocab, dtype=object)
    rng = np.random.default_rng(seed)
    made = 0
    while made < count:
        n = min(chunk, count - made)
        texts = []
        for lo in range(0, n, 2000):
            picks = np.searchsorted(cdf, rng.random((min(2000, n - lo), words)))
            for row in vocab_arr[picks]:
                texts.append("\n\n".join(" ".join(row[p : p + 60]).capitalize() + "." for p in range(0, words, 60)))
        del picks
        made += n
        yield texts


def write_labelled_jsonl(path: Path, seed: int = 7) -> int:
    docs = labelled_set(seed)
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for d in docs:
            handle.write(json.dumps({"id": d.doc_id, "text": d.text, "story": d.story, "kind": d.kind}) + "\n")
    return len(docs)
