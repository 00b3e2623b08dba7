"""The sentence splitter's hand-written scans agree with the regular expressions they replace."""

from __future__ import annotations

import random
import re

from ingest.events.sentences import _next_word, _word_before

# word characters of every kind re's \w accepts (letters, digits, other numerics, "_"), and neighbours it does not
_POOL = "ab_.9 ,-’'“«(Ж٣²½\u0301\u00a0\u2003\t\x1c"


def _strings(seed: int) -> list[tuple[str, int]]:
    rng = random.Random(seed)
    out = []
    for _ in range(20000):
        s = "".join(rng.choice(_POOL) for _ in range(rng.randint(0, 12)))
        out.append((s, rng.randint(0, len(s))))
    return out


def test_word_before_is_the_word_and_dot_run_ending_there() -> None:
    pattern = re.compile(r"([\w.]+)$")
    for s, pos in _strings(1):
        m = pattern.search(s, 0, pos)
        assert _word_before(s, pos) == (m.group(1) if m else ""), (s, pos)
    assert _word_before("Mr. J. Biden met Gen.", 20) == "Gen"


def test_next_word_skips_spaces_and_an_opening_quote() -> None:
    pattern = re.compile(r"[\"'“‘«(\[]?([\w’'-]*)")
    for s, pos in _strings(2):
        m = pattern.match(s[pos:].lstrip())
        assert _next_word(s, pos) == (m.group(1) if m else ""), (s, pos)
    assert _next_word('said.  «Угоду підписано»', 5) == "Угоду"
