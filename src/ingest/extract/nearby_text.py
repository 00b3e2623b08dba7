"""The text just after or just before an element in document order, read text node by text node
only as far as needed (a neighbouring element is often the whole article), whitespace collapsed."""

from __future__ import annotations

from collections.abc import Iterator

from selectolax.lexbor import LexborNode


def text_after(node: LexborNode, limit: int, longest_line: int | None = None) -> str:
    """The first `limit` characters of the text that follows `node` in document order (whitespace
    collapsed): its following siblings, then those of its ancestors. Text nodes are read one by one
    up to the limit (a following sibling is often the whole article); a text node that repeats the
    one just read (a dek or byline given twice, for two screen sizes) is skipped."""
    words: list[str] = []
    size = 0
    previous: list[str] = []
    cur: LexborNode | None = node
    while cur is not None and size < limit and cur.tag not in ("body", "html"):
        sib = cur.next
        while sib is not None and size < limit:
            for text_node in sib.traverse(include_text=True) if sib.tag != "-text" else (sib,):
                if text_node.tag == "-text":
                    text = text_node.text_content
                    if text and not text.isspace():
                        split = text.split()
                        if split == previous:
                            continue  # a second copy (for another screen size): read and counted once
                        previous = split
                        chars = sum(map(len, split)) + len(split)
                        size += chars
                        # a long run of text is prose, not a byline line: it counts, it is not read
                        words += ("|",) if longest_line is not None and chars > longest_line else split
                        if size >= limit:
                            break
            sib = sib.next
        cur = cur.parent
    return " ".join(words)[:limit]


def _text_nodes_backwards(node: LexborNode) -> Iterator[LexborNode]:
    """The text nodes of `node`'s subtree, last first (a lazy walk: only what is read is visited)."""
    stack = [node]
    while stack:
        cur = stack.pop()
        if cur.tag == "-text":
            yield cur
            continue
        child = cur.first_child
        while child is not None:  # pushed first to last: the last child is popped first
            stack.append(child)
            child = child.next


def text_before(node: LexborNode, limit: int, longest_line: int) -> str:
    """The last `limit` characters of the text before `node` in document order (its previous
    siblings, then those of its ancestors), runs of prose longer than `longest_line` shown as '|'."""
    runs: list[str] = []
    size = 0
    cur: LexborNode | None = node
    while cur is not None and size < limit and cur.tag not in ("body", "html"):
        sib = cur.prev
        while sib is not None and size < limit:
            for text_node in _text_nodes_backwards(sib):
                text = text_node.text_content
                if text and not text.isspace():
                    chars = len(" ".join(text.split())) + 1
                    size += chars
                    runs.append("|" if chars > longest_line else " ".join(text.split()))
                    if size >= limit:
                        break
            sib = sib.prev
        cur = cur.parent
    return " ".join(reversed(runs))[-limit:]
