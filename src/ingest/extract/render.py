"""Turn the chosen content nodes into clean text: one paragraph per block, separated by a blank line.

Inside the content it first drops what is still chrome (link lists, teaser lists after a "Read more"
style heading, hinted share/related boxes), then marks block boundaries with sentinel text nodes and
takes the text in one C call, so Python never walks the tree node by node.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from selectolax.lexbor import LexborNode

BLOCK_TAGS = frozenset(
    "p div section article main header h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table thead tbody tfoot tr "
    "blockquote pre figure figcaption address hr details summary center form fieldset aside nav footer "
    "caption".split()
)
_BLOCK_CSS = ", ".join(sorted(BLOCK_TAGS))
_PARA_SEP = "\x00"
_LINE_SEP = "\x02"
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u2009\u202f\u200b\ufeff]+")

# A short block that announces the end of the article (what follows is teasers/related links).
STOP_HEADING = re.compile(
    r"^\W*(?:read (?:more|also|next)|more (?:articles|stories|news|from [\w ]+)|related(?: \w+)?|see also|"
    r"you (?:may|might) (?:also )?(?:like|enjoy|be interested(?: in)?)|recommended(?: for you| reading)?|"
    r"top articles?|popular(?: \w+)?|most (?:read|popular|viewed)|latest(?: news| posts| articles)?|"
    r"recent posts|also (?:read|on \w+)|further reading|trending(?: now)?|"
    r"свіжі дописи|читайте також|читайте більше|більше новин|останні новини|популярне|схожі новини|"
    r"інші новини|по темі|новини по темі|последние новости|читайте также|похожие новости|по теме|"
    r"weitere artikel|mehr zum thema|das könnte sie auch interessieren|lesen sie auch|auch interessant)"
    r"\W*$",
    re.IGNORECASE,
)
# A line that is chrome wherever it appears.
CHROME_LINE = re.compile(
    r"^\W*(?:share(?: this)?(?: article| post| story| page)?(?: on \w+)?|tweet|print(?: this)?|e-?mail|"
    r"subscribe(?: now| to our newsletter)?|sign up(?: for (?:our|the) newsletter)?|"
    r"follow us(?: on \w+)?|advertisement|sponsored|cookie settings|accept(?: all)?(?: cookies)?|"
    r"поділитися|поширити|підписатися|реклама|поделиться|werbung|teilen|anzeige|"
    r"facebook|twitter|x|telegram|whatsapp|linkedin|pinterest|reddit|viber|copy link)\W*$",
    re.IGNORECASE,
)
CHROME_PHRASE = re.compile(
    r"(?:we use cookies|this (?:site|website) uses cookies|by continuing to (?:use|browse)|"
    r"you could close this page|help us produce more|support of readers like you|"
    r"support (?:our|independent) journalism|become a patron|donate now|"
    r"please (?:consider )?(?:donat|support us)|subscribe to our newsletter|"
    r"використовуємо (?:файли )?cookie|використовує cookies|підтримайте (?:нас|редакцію)|задонатити)",
    re.IGNORECASE,
)


def clean_inline(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _link_chars(node: LexborNode) -> int:
    return sum(len(a.text(strip=True)) for a in node.css("a"))


def _is_link_block(node: LexborNode, after_stop: bool) -> bool:
    text_len = len(node.text(strip=True))
    if text_len == 0:
        return False
    links = node.css("a")
    if not links:
        return False
    density = sum(len(a.text(strip=True)) for a in links) / text_len
    if after_stop and density > 0.3:
        return True
    return density > 0.6 and (len(links) >= 3 or text_len < 200)


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


def _prune(root: LexborNode) -> None:
    """Remove chrome inside the content: link lists, "Read more" headings and their lists.

    (Hinted boxes were removed page-wide by boilerplate.remove_chrome.)"""
    doomed: list[LexborNode] = []
    for node in root.css("h1, h2, h3, h4, h5, h6, p, strong, b, span, div"):
        text = node.text(deep=node.tag not in ("div", "span"), strip=True)
        if not text or len(text) > 60 or not STOP_HEADING.match(clean_inline(text)):
            continue
        doomed.append(node)
        # the block holding the heading, or the next sibling block, is the teaser list
        sib = node.next
        while sib is not None and sib.tag in ("-text", "-comment", "br"):
            sib = sib.next
        if sib is not None and sib.tag in ("ul", "ol", "div", "section", "dl", "table"):
            if _is_link_block(sib, after_stop=True):
                doomed.append(sib)
    for node in root.css("ul, ol, dl, table, div, section, nav, header"):
        if _is_link_block(node, after_stop=False):
            doomed.append(node)
    for node in root.css("p"):
        text_len = len(node.text(strip=True))
        if 0 < text_len < 160 and _link_chars(node) > 0.8 * text_len:
            doomed.append(node)
    for node in _outermost(doomed):
        if node.mem_id != root.mem_id:
            node.decompose()


def _keep_paragraph(text: str) -> bool:
    if len(text) < 120 and (CHROME_LINE.match(text) or STOP_HEADING.match(text)):
        return False
    return not (len(text) < 400 and CHROME_PHRASE.search(text))


def render_text(nodes: Iterable[LexborNode]) -> str:
    """Text of the nodes with paragraphs separated by a blank line (modifies the nodes' subtree)."""
    paragraphs: list[str] = []
    for root in nodes:
        _prune(root)
        for block in root.css(_BLOCK_CSS):
            block.insert_before(_PARA_SEP)
            block.insert_after(_PARA_SEP)
        for br in root.css("br"):
            br.insert_before(_LINE_SEP)
        for chunk in root.text().split(_PARA_SEP):
            if not chunk or chunk.isspace():
                continue
            lines = [clean_inline(line) for line in chunk.split(_LINE_SEP)]
            text = "\n".join(line for line in lines if line)
            if text and _keep_paragraph(text):
                paragraphs.append(text)
    return "\n\n".join(paragraphs)
