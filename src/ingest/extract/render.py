"""Turn the chosen content nodes into clean text: one paragraph per block, separated by a blank line.

Inside the content it first drops what is still chrome (link lists, teaser lists after a "Read more"
style heading, hinted share/related boxes), then marks block boundaries with sentinel text nodes and
takes the text in one C call, so Python never walks the tree node by node.
"""

from __future__ import annotations

from collections.abc import Iterable

from selectolax.lexbor import LexborNode

from ingest.extract.link_tally import LinkTally, tally_links
from ingest.extract.phrases import END_MARKER, TEASER_MARKER, is_chrome_paragraph

BLOCK_TAGS = frozenset(
    "p div section article main header h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table thead tbody tfoot tr "
    "blockquote pre figure figcaption address hr details summary center form fieldset aside nav footer "
    "caption".split()
)
_PARA_SEP = "\x00"
_LINE_SEP = "\x02"


def clean_inline(text: str) -> str:
    """Whitespace runs (any Unicode space, zero-width space, BOM) collapsed to one space, ends trimmed."""
    if "\u200b" in text or "\ufeff" in text:
        text = text.replace("\u200b", " ").replace("\ufeff", " ")
    return " ".join(text.split())


def _is_link_block(node: LexborNode, after_stop: bool, tally: LinkTally) -> bool:
    """A list of links: mostly link text (more than 30% after an end-of-article label, else 60% with at
    least three links or under 200 chars). `tally` counts the links under `node`."""
    mid = node.mem_id
    links = tally.counts.get(mid, 0)
    if not links:
        return False
    text_len = len(node.text(strip=True))
    if text_len == 0:
        return False
    density = tally.chars.get(mid, 0) / text_len
    if after_stop and density > 0.3:
        return True
    return density > 0.6 and (links >= 3 or text_len < 200)


def _strip_tally(root: LexborNode) -> LinkTally:
    links = root.css("a")
    return tally_links(links, [len(link.text(strip=True)) for link in links], root)


def _outermost(doomed: list[LexborNode]) -> list[LexborNode]:
    ids = {n.mem_id for n in doomed}
    keep: list[LexborNode] = []
    for node in doomed:
        parent = node.parent
        nested = False
        while parent is not None:
            if parent.mem_id in ids:
                nested = True
                break
            parent = parent.parent
        if not nested:
            keep.append(node)
    return keep


# Blocks checked for being link lists (nested ones too: a teaser grid and each of its items).
_LINK_BLOCK_CANDIDATES = frozenset("ul ol dl table div section nav header".split())
_MARKER_TAGS = frozenset("h1 h2 h3 h4 h5 h6 p strong b span div li dt header summary legend".split())
_INLINE_MARKERS = frozenset({"strong", "b", "span"})
# Every element _prune looks at, found in one all-elements walk and sorted by tag in Python (cheaper than
# twenty tag selectors per element).
_PRUNE_TAGS = _LINK_BLOCK_CANDIDATES | _MARKER_TAGS | {"figcaption", "a"}


def _next_block(node: LexborNode) -> LexborNode | None:
    sib = node.next
    while sib is not None and sib.tag in ("-text", "-comment", "br"):
        sib = sib.next
    return sib


def _following(node: LexborNode, root: LexborNode) -> list[LexborNode]:
    """Every node after `node` inside `root`: its following siblings and those of its ancestors."""
    out: list[LexborNode] = []
    cur: LexborNode | None = node
    root_id = root.mem_id
    while cur is not None and cur.mem_id != root_id:
        sib = cur.next
        while sib is not None:
            if sib.tag != "-comment":
                out.append(sib)
            sib = sib.next
        cur = cur.parent
    return out


# A caption or a photo credit that is no <figcaption> but says so in its class name ("wp-caption-text",
# "figure__caption", "image-credits"). Only a short one (a long block so named is text, not a label), and
# only next to a picture: its parent or grandparent holds an image ("caption-s" is also a type size).
_NAMED_CAPTION = '[class*="caption"], [class*="credit"]'
_NAMED_CAPTION_MAX = 250


def _beside_picture(node: LexborNode) -> bool:
    holder = node.parent
    for _ in range(2):
        if holder is None:
            return False
        if holder.css_first("img, picture, video") is not None:
            return True
        holder = holder.parent
    return False


# More captioned pictures than this and the content is a gallery or a listing of captioned items, where
# the captions are the text (as they are when they hold a third of it).
_NAMED_CAPTION_PICTURES_MAX = 4


def _drop_named_captions(roots: list[LexborNode]) -> None:
    """Remove the class-named captions next to pictures in the content, unless the content is made of
    captioned pictures (counted over all `roots`: a listing is often chosen as one root per item)."""
    found = [
        node
        for root in roots
        for node in root.css(_NAMED_CAPTION)
        if len(node.text(strip=True)) <= _NAMED_CAPTION_MAX and _beside_picture(node)
    ]
    if not found:
        return
    found = _outermost(found)
    if len(found) > _NAMED_CAPTION_PICTURES_MAX:
        return
    caption_chars = sum(len(node.text(strip=True)) for node in found)
    if 3 * caption_chars > sum(len(root.text(strip=True)) for root in roots):
        return
    root_ids = {root.mem_id for root in roots}
    for node in found:
        if node.mem_id not in root_ids:
            node.decompose()


def _prune(root: LexborNode) -> None:
    """Remove chrome inside the content: what follows an end-of-article heading ("Related posts",
    "Comments", "About the author"), "Read also" labels with their link lists, link lists, link-only
    paragraphs. (Hinted boxes were removed page-wide by boilerplate.remove_chrome.)"""
    markers: list[LexborNode] = []
    captions: list[LexborNode] = []
    blocks: list[LexborNode] = []
    paragraphs: list[LexborNode] = []
    links: list[LexborNode] = []
    for node in root.css("*"):
        tag = node.tag
        if tag not in _PRUNE_TAGS:
            continue
        if tag == "a":
            links.append(node)
            continue
        if tag in _MARKER_TAGS:
            markers.append(node)
            if tag == "p":
                paragraphs.append(node)
        if tag in _LINK_BLOCK_CANDIDATES:
            blocks.append(node)
        elif tag == "figcaption":
            captions.append(node)
    tally = tally_links(links, [len(link.text(strip=True)) for link in links], root)
    doomed: list[LexborNode] = []
    root_chars = -1  # measured when first needed (the tree is not changed before the end)
    truncated = False
    for node in markers:
        tag = node.tag
        text = node.text(deep=tag not in ("div", "span"), strip=True)
        if not text or len(text) > 60:
            continue
        text = clean_inline(text)
        ends = END_MARKER.match(text)
        if ends and not truncated and tag not in _INLINE_MARKERS:
            rest = _following(node, root)
            if root_chars < 0:
                root_chars = len(root.text())
            if sum(len(n.text()) for n in rest) <= 0.6 * root_chars:
                doomed.append(node)
                doomed.extend(rest)
                truncated = True
                continue
        if ends or TEASER_MARKER.match(text):
            doomed.append(node)
            sib = _next_block(node)
            if sib is not None and sib.tag in ("ul", "ol", "div", "section", "dl", "table", "p"):
                # (the root's own next sibling lies outside the root: its links are counted apart)
                sib_links = tally if node.mem_id != root.mem_id else _strip_tally(sib)
                if _is_link_block(sib, True, sib_links):
                    doomed.append(sib)
    doomed.extend(captions)  # captions and photo credits are not article text
    for node in blocks:
        if _is_link_block(node, False, tally):
            doomed.append(node)
    for node in paragraphs:
        link_chars = tally.chars.get(node.mem_id, 0)
        if link_chars:  # (a paragraph without links is never a link-only one)
            text_len = len(node.text(strip=True))
            if 0 < text_len < 160 and link_chars > 0.8 * text_len:
                doomed.append(node)
    for node in _outermost(doomed):
        if node.mem_id != root.mem_id:
            node.decompose()


def render_text(nodes: Iterable[LexborNode]) -> str:
    """Text of the nodes with paragraphs separated by a blank line (modifies the nodes' subtree)."""
    paragraphs: list[str] = []
    roots = list(nodes)
    _drop_named_captions(roots)
    for root in roots:
        _prune(root)
        # every element, sorted by tag in Python (cheaper than ~40 tag selectors per element); the
        # result does not depend on the order of the insertions
        for node in root.css("*"):
            tag = node.tag
            if tag == "br":
                node.insert_before(_LINE_SEP)
            elif tag in BLOCK_TAGS:
                node.insert_before(_PARA_SEP)
                node.insert_after(_PARA_SEP)
        for chunk in root.text().split(_PARA_SEP):
            if not chunk or chunk.isspace():
                continue
            if _LINE_SEP in chunk:
                lines = [clean_inline(line) for line in chunk.split(_LINE_SEP)]
                text = "\n".join(line for line in lines if line)
            else:
                text = clean_inline(chunk)
            if text and not is_chrome_paragraph(text):
                paragraphs.append(text)
    return "\n\n".join(paragraphs)
