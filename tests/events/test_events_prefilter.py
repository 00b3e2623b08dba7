"""The word-list prefilters (ingest.events.prefilter) never hide a match of the rule they guard.

Each rule's regex is sampled: random strings built from its own syntax tree (every alternative, letters in
random case, in random context), kept when the rule matches them; the rule's word list must then say "may
match" for the string's view. The mirror's sentences, in three casings, are checked the same way, and
against the article-level list (cues.ARTICLE_GATE). The syntax trees come from re's private parser: a
Python whose parser differs fails these tests loudly (errors, or too few samples), never passes them empty.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import pytest

from ingest.events import cues
from ingest.events.classify import classify_sentence, mentions_topic
from ingest.events.prefilter import literal_view, may_match, words
from ingest.events.sentences import split_sentences
from ingest.mirror import build_site, load_manifest

NEGOTIATION_RULES = [cues.ROUND, cues.NEGOTIATION_START, cues.HELD_TALKS, cues.AGREED_TO_START]
GUARDS: list[tuple[str, re.Pattern[str], list[re.Pattern[str]]]] = [
    ("ANY_CUE", cues.ANY_CUE_GATE, [cues.ANY_CUE]),
    ("TOPIC", cues.TOPIC_GATE, [cues.TOPIC]),
    ("DISTRACTOR_WORDS", cues.DISTRACTOR_GATE, [cues.DISTRACTOR_WORDS]),
    ("NEGATED", cues.NEGATED_GATE, [cues.NEGATED]),
    ("PLANNED", cues.PLANNED_GATE, [cues.PLANNED, cues.PLANNED_HEADLINE]),
    ("PREP_START", cues.PREP_GATE, [cues.PREP_START]),
    ("signed", cues.SIGNED_GATE, [cues.SIGN_VERB, cues.SIGN_RELATIVE, cues.SIGN_PASSIVE, cues.HAVE_AGREEMENTS]),
    ("topicless signed", cues.TOPICLESS_SIGNED_GATE, [cues.SECURITY_WORDS, cues.HAVE_AGREEMENTS]),
    ("negotiation", cues.NEGOTIATION_GATE, NEGOTIATION_RULES),
    ("count number", cues.NUMBER_GATE, cues.COUNT_SIGNED + cues.COUNT_PLANNED),
    ("count noun", cues.COUNT_NOUN_GATE, cues.COUNT_SIGNED + cues.COUNT_PLANNED),
    *[
        (f"{kind} count {i}", gate, [pattern])
        for kind, patterns, gates in (
            ("signed", cues.COUNT_SIGNED, cues.COUNT_SIGNED_GATES),
            ("planned", cues.COUNT_PLANNED, cues.COUNT_PLANNED_GATES),
        )
        for i, (pattern, gate) in enumerate(zip(patterns, gates, strict=True))
    ],
]

_POOL = {
    sre.CATEGORY_DIGIT: "0123456789",
    sre.CATEGORY_WORD: "abzAZ09_іїєґабвЖ",
    sre.CATEGORY_SPACE: " \t\n\u00a0",
}
_ANY = "aZ 0.,;:'’-іЇ"


def _in_class(ch: str, items: list[tuple[Any, Any]]) -> bool:
    for op, av in items:
        if op is sre.LITERAL and ch.lower() == chr(av).lower():
            return True
        if op is sre.RANGE and av[0] <= ord(ch.lower()) <= av[1]:
            return True
        if op is sre.CATEGORY and ch in _POOL.get(av, ""):
            return True
    return False


def _sample(tree: Any, rng: random.Random, out: list[str]) -> None:
    for op, av in tree:
        if op is sre.LITERAL:
            ch = chr(av)
            out.append(ch.upper() if rng.random() < 0.3 else ch)
        elif op is sre.NOT_LITERAL:
            out.append(rng.choice([c for c in _ANY if ord(c) != av]))
        elif op is sre.ANY:
            out.append(rng.choice(_ANY))
        elif op is sre.IN:
            negate = any(o is sre.NEGATE for o, _ in av)
            items = [(o, a) for o, a in av if o is not sre.NEGATE]
            if negate:
                out.append(rng.choice([c for c in _ANY if not _in_class(c, items)]))
                continue
            o, a = rng.choice(items)
            if o is sre.LITERAL:
                out.append(chr(a))
            elif o is sre.RANGE:
                out.append(chr(rng.randint(a[0], a[1])))
            else:
                out.append(rng.choice(_POOL[a]))
        elif op is sre.BRANCH:
            _sample(rng.choice(av[1]), rng, out)
        elif op is sre.SUBPATTERN:
            _sample(av[3], rng, out)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            for _ in range(rng.randint(lo, min(hi, lo + 3))):
                _sample(sub, rng, out)
        # AT (boundaries), ASSERT and ASSERT_NOT generate nothing: the rule itself filters the samples


def samples(rule: re.Pattern[str], n: int, seed: int) -> Iterator[str]:
    """Up to `n` random strings that `rule` matches, from its own syntax tree, in random context."""
    rng = random.Random(seed)
    tree = sre_parse.parse(rule.pattern, rule.flags)
    contexts = ["", " ", "The ", "Україна ", "x ", '"']
    for _ in range(n * 4):
        out: list[str] = []
        _sample(tree, rng, out)
        text = rng.choice(contexts) + "".join(out) + rng.choice(["", ".", " today.", " з Україною.", "s"])
        if rule.search(text):
            yield text
            n -= 1
            if n == 0:
                return


@pytest.mark.parametrize(("name", "gate", "rules"), GUARDS, ids=[g[0] for g in GUARDS])
def test_sampled_rule_matches_pass_their_word_list(name: str, gate: re.Pattern[str], rules: list[re.Pattern[str]]) -> None:
    checked = 0
    for r, rule in enumerate(rules):
        for text in samples(rule, 400, seed=r):
            assert may_match(gate, literal_view(text)), f"{name}: {rule.pattern[:60]!r} matches {text!r}"
            checked += 1
    assert checked >= 100 * len(rules)  # the sampler reached the rules (a broken sampler must not pass)


def test_mirror_sentences_in_any_case_pass_the_word_lists_of_rules_they_match() -> None:
    sentences = [s.text for p in load_manifest().pages for s in split_sentences(p.body)]
    matched = 0
    for text in sentences:
        for variant in (text, text.upper(), text.title()):
            view = literal_view(variant)
            for name, gate, rules in GUARDS:
                if any(rule.search(variant) for rule in rules):
                    matched += 1
                    assert may_match(gate, view), f"{name}: {variant!r}"
    assert matched > 1000


def test_case_traps_get_no_view() -> None:
    """Every character that re.IGNORECASE matches to a letter of a word list either lower-cases to exactly
    that letter or makes literal_view give up (then every rule runs)."""
    letters = sorted({ch for _, gate, _ in GUARDS for ch in gate.pattern if ch.isalpha()})
    any_letter = re.compile("[" + "".join(letters) + "]", re.IGNORECASE)
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        if not any_letter.fullmatch(ch):
            continue
        equal = [p for p in letters if re.fullmatch(re.escape(p), ch, re.IGNORECASE)]
        if equal != [ch.lower()]:
            assert literal_view(f"Security {ch} guarantees") is None, (hex(cp), equal, ch.lower())
    assert literal_view("Ukraine SIGNED") == "ukraine signed"
    assert literal_view("Україна ПІДПИСАЛА") == "україна підписала"


def test_word_lists_reject_what_they_cannot_hold() -> None:
    with pytest.raises(ValueError, match="lower-case"):
        words("Security")
    with pytest.raises(ValueError, match="non-empty"):
        words("")
    gate = words("sign", digits=True)
    assert may_match(gate, "they signed") and may_match(gate, "in 2024") and not may_match(gate, "they met")
    assert may_match(gate, None)  # no view: the rule has to run


def test_sentences_that_state_events_off_topic_or_speak_of_the_topic_pass_the_article_word_list() -> None:
    """extract_mentions skips an article without ARTICLE_GATE words: none of its sentences may then give a
    finding in an off-topic article, nor make the article on topic."""
    pages = load_manifest(build_site(generated=300)).pages
    sentences = {s.text for p in pages for s in split_sentences(p.body)}
    stating = 0
    for text in sentences:
        for variant in (text, text.upper(), text.lower()):
            view = literal_view(variant)
            findings = classify_sentence(variant, on_topic=False) or classify_sentence(variant, False, headline=True)
            if findings or mentions_topic(variant, view):
                stating += 1
                assert may_match(cues.ARTICLE_GATE, view), variant
    assert stating > 300
