"""Pages whose text is split into sections: take the container of all of them, not one.

Recipes (ingredients, steps), product and FAQ pages, forum threads and long guides put each part in its
own box, often under the same content-like class. The chooser's scores then crown one box, and widening
(good text net of other text) stops below the common wrapper because markup indentation, counted as
text, weighs more in wrappers than in paragraphs. So when the choice holds under a third of the page's
article-like text, the ancestors are measured again on their visible characters only, and the one with
the most article text net of other text wins, provided links are under half its text (a teaser grid or
a page of link lists is no article, however much of the page's text it holds).
"""

from __future__ import annotations

from collections.abc import Sequence

from selectolax.lexbor import LexborNode

# The choice is one section among several when it holds less than this share of the page's good text.
SECTION_SHARE = 1.0 / 3.0
# An ancestor whose link text is this share of its text or more is a link list or teaser grid.
MAX_LINK_SHARE = 0.5
_NOT_ELEMENTS = frozenset({"-text", "-comment"})


def visible_len(text: str) -> int:
    """Characters of `text` other than spaces, tabs and line breaks (indentation is not text)."""
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t") - text.count("\r")


def holds_few_sections(good_chars: Sequence[int], choice_index: int) -> bool:
    """Whether the node at `choice_index` of a chain (innermost first, page root last) holds under
    SECTION_SHARE of the good text the root holds; `good_chars` is the good text under each."""
    return good_chars[choice_index] < SECTION_SHARE * good_chars[-1]


def whole_of_sections(
    chain: Sequence[LexborNode], good_chars: Sequence[int], start: int
) -> LexborNode | None:
    """The ancestor of `chain[start]` (`chain`: a node and its ancestors, innermost first, with the good
    text under each in `good_chars`) with the most good text net of other visible text, links under
    MAX_LINK_SHARE of its text; None when that is `chain[start]` itself.

    Text and link lengths are summed up the chain (a parent adds its other children's), so the page is
    read about once however deep the chain is.
    """
    best: LexborNode | None = None
    best_value = float("-inf")
    visible = linked = 0
    prev_id = -1
    for index in range(start, len(chain)):
        node = chain[index]
        if prev_id == -1:
            parts = [node]
        else:
            parts = [child for child in node.iter(include_text=True) if child.mem_id != prev_id]
        for part in parts:
            visible += visible_len(part.text())
            if part.tag not in _NOT_ELEMENTS:
                linked += sum(visible_len(link.text()) for link in part.css("a"))
        prev_id = node.mem_id
        if linked >= MAX_LINK_SHARE * visible:
            continue
        good = good_chars[index]
        value = good - (visible - good)
        if value >= best_value:  # on a tie the wrapper wins, as in the chooser's own widening
            best, best_value = node, value
    if best is None or best.mem_id == chain[start].mem_id:
        return None
    return best
