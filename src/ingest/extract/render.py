"""Turn the chosen content nodes into clean text: one paragraph per block, separated by a blank line.

Inside the content it drops what is still chrome: link lists, teaser lists after a "Read more" style
heading, share/subscribe/donation/cookie lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from selectolax.lexbor import LexborNode

from ingest.extract.boilerplate import is_hinted_chrome

BLOCK_TAGS = frozenset(
    "p div section article main header h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table thead tbody tfoot tr "
    "blockquote pre figure figcaption address hr br details summary center form fieldset body".split()
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LISTS = frozenset({"ul", "ol", "dl"})
_BLOCK_CSS = ", ".join(sorted(BLOCK_TAGS - {"body"}))
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2009\u202f\u200b]+")
_NEWLINES = re.compile(r"\s*\n\s*")

# A short block that announces the end of the article (what follows is teasers/related links).
STOP_HEADING = re.compile(
    r"^\W*(?:read (?:more|also|next)|more (?:articles|stories|news|from)|related(?: \w+)?|see also|"
    r"you (?:may|might) (?:also )?(?:like|enjoy|be interested)|recommended(?: for you)?|top articles?|"
    r"popular(?: \w+)?|most (?:read|popular|viewed)|latest(?: news| posts| articles)?|recent posts|"
    r"also (?:read|on)|further reading|trending|"
    r"свіжі дописи|читайте також|читайте більше|більше новин|останні новини|популярне|схожі новини|"
    r"інші новини|по темі|последние новости|читайте также|похожие новости|по теме|"
    r"weitere artikel|mehr zum thema|das könnte sie auch interessieren|lesen sie auch|auch interessant)"
    r"\W*$",
    re.IGNORECASE,
)
# A line that is chrome wherever it appears.
CHROME_LINE = re.compile(
    r"^\W*(?:share(?: this)?(?: article| post| story)?(?: on \w+)?|share on \w+|tweet|print|email|"
    r"subscribe(?: now| to our newsletter)?|sign up(?: for (?:our|the) newsletter)?|"
    r"follow us(?: on \w+)?|advertisement|sponsored|cookie settings|accept(?: all)?(?: cookies)?|"
    r"поділитися|поширити|підписатися|реклама|поделиться|реклама|werbung|teilen|anzeige)\W*$",
    re.IGNORECASE,
)
CHROME_PHRASE = re.compile(
    r"(?:we use cookies|this (?:site|website) uses cookies|by continuing to (?:use|browse)|"
    r"you could close this page|support (?:our|independent) journalism|become a patron|donate now|"
    r"please (?:consider )?(?:donat|support us)|subscribe to our newsletter|"
    r"використовуємо (?:файли )?cookie|підтримайте (?:нас|редакцію)|задонатити)",
    re.IGNORECASE,
)


def clean_inline(text: str) -> str:
    return _SPACES.sub(" ", _NEWLINES.sub(" ", text)).strip()


class _Renderer:
    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.inline: list[str] = []
        self.stopped_lists = False
        self.root_chars = 0

    def flush(self) -> None:
        if self.inline:
            text = clean_inline("".join(self.inline))
            self.inline.clear()
            self.emit(text)

    def emit(self, text: str) -> None:
        if not text:
            return
        if len(text) < 120 and (CHROME_LINE.match(text) or STOP_HEADING.match(text)):
            if STOP_HEADING.match(text):
                self.stopped_lists = True
            return
        if len(text) < 400 and CHROME_PHRASE.search(text):
            return
        self.blocks.append(text)

    def render(self, node: LexborNode, root: bool = False) -> None:
        tag = node.tag
        if tag == "-text":
            self.inline.append(node.text_content or "")
            return
        if tag in ("-comment", "#comment") or tag is None:
            return
        if tag not in BLOCK_TAGS:
            if node.css_first(_BLOCK_CSS) is None:
                self.inline.append(node.text())
                return
            for child in node.iter(include_text=True):
                self.render(child)
            return
        # block element
        self.flush()
        if tag in ("br", "hr"):
            return
        if (
            not root
            and tag not in ("article", "main")
            and is_hinted_chrome(node, strong_only=True)
            and len(node.text()) < 0.3 * self.root_chars
        ):
            return
        if tag in _LISTS or tag in ("table", "div", "section"):
            if self._is_link_block(node):
                return
        if tag in _HEADINGS or tag == "p":
            text = node.text() if node.css_first(_BLOCK_CSS) is None else None
            if text is not None:
                cleaned = clean_inline(text)
                if tag in _HEADINGS and STOP_HEADING.match(cleaned):
                    self.stopped_lists = True
                    return
                if tag == "p" and cleaned and self._mostly_links(node, len(cleaned)) and len(cleaned) < 160:
                    return
                self.emit(cleaned)
                return
        for child in node.iter(include_text=True):
            self.render(child)
        self.flush()

    def _mostly_links(self, node: LexborNode, text_len: int) -> bool:
        linked = sum(len(clean_inline(a.text())) for a in node.css("a"))
        return text_len > 0 and linked / text_len > 0.8

    def _is_link_block(self, node: LexborNode) -> bool:
        text = clean_inline(node.text())
        if not text:
            return True
        links = node.css("a")
        if not links:
            return False
        linked = sum(len(clean_inline(a.text())) for a in links)
        density = linked / len(text)
        if self.stopped_lists and density > 0.3:
            return True
        return density > 0.6 and (len(links) >= 3 or len(text) < 200)


def render_text(nodes: Iterable[LexborNode]) -> str:
    """Text of the nodes with paragraphs separated by a blank line."""
    renderer = _Renderer()
    nodes = list(nodes)
    renderer.root_chars = sum(len(node.text()) for node in nodes)
    for node in nodes:
        renderer.render(node, root=True)
        renderer.flush()
    return "\n\n".join(renderer.blocks)
