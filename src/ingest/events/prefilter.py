"""Cheap necessary conditions tried before the rules' regular expressions (speed only, never the result).

The rules in cues.py are case-insensitive and most alternatives open with \\b or a lookbehind, so Python's
re engine tries every alternative at every position of a sentence. Every match of a rule contains one of a
few literal words, though, and a case-sensitive search for those words in the lower-cased sentence is an
order of magnitude faster. A word list is a superset test: it may say "may match" when the rule then does
not match, never "cannot match" when the rule would match. So a sentence whose view holds none of a rule's
words can skip that rule, with the same outcome.

Lower-casing keeps every case-insensitive match of a lower-case literal except for a few characters that
re.IGNORECASE treats as another letter although str.lower() keeps them apart (dotted capital I, dotless i,
long s, Cyrillic small-letter variants); a text holding one of them gets no view, and every rule runs.
"""

from __future__ import annotations

import re

# Characters that re.IGNORECASE matches to an ASCII or Cyrillic letter that str.lower() does not give:
# İ (-> "i̇", two characters), ı and ſ (re's extra equivalents of i and s), and the Cyrillic small-letter
# variants U+1C80..U+1C88 (equivalents of в, д, о, с, т, ъ, ѣ, ꙋ). tests/events/test_events_prefilter.py
# checks every code point.
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u1c80-\u1c88]")


def literal_view(text: str) -> str | None:
    """`text` lower-cased for the word lists, or None when lower-casing could hide a match (see above)."""
    if text.isascii():
        return text.lower()
    if _CASE_TRAPS.search(text):
        return None
    return text.lower()


def _trie(literals: list[str]) -> str:
    """A regex alternation of `literals` factored into a character trie: at each position of a text the
    engine follows one branch per character instead of trying every word."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in literals:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        if "" in node:
            return ""  # a word ends here: any longer word through this node holds it, so it need not be spelt out
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(root)


def words(*literals: str, digits: bool = False) -> re.Pattern[str]:
    """A word list: any of the lower-case `literals` (anywhere, no word boundaries), or any digit."""
    for w in literals:
        if w != w.lower() or not w:
            raise ValueError(f"word-list entries must be non-empty and lower-case, got {w!r}")
    pattern = _trie(sorted(set(literals)))
    if digits:
        pattern = pattern + r"|\d" if pattern else r"\d"
    return re.compile(pattern)


def may_match(word_list: re.Pattern[str], view: str | None) -> bool:
    """False only when a rule guarded by `word_list` cannot match the text `view` was made from."""
    return view is None or word_list.search(view) is not None
