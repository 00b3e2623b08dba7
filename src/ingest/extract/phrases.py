"""Phrases that mark page chrome inside a content block (English, Ukrainian, Russian, German, some more).

END_MARKER: a standalone heading after which the article is over (related posts, comments, author box).
TEASER_MARKER: a standalone "Read also" style label; the label and the link list after it are dropped.
LABELLED_LINE: a "Read also: <headline>" teaser line or an advertisement label, chrome on its own.
CHROME_LINE / CHROME_PHRASE / CREDIT_LINE / META_LINE: paragraphs that are chrome on their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class CaselessPattern:
    """A case-insensitive regex that runs several times faster on ASCII text: there it is matched
    case-sensitively against the lower-cased text (the same answer, since the pattern's own letters are
    lower-case); other text gets the case-insensitive regex, so Unicode case rules stay Python's."""

    pattern: str
    folded: re.Pattern[str] = field(init=False)
    caseless: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        if re.search(r"[A-Z]", re.sub(r"\\[A-Za-z]", "", self.pattern)):  # (escapes such as \W aside)
            raise ValueError(f"CaselessPattern needs lower-case letters only: {self.pattern!r}")
        object.__setattr__(self, "folded", re.compile(self.pattern))
        object.__setattr__(self, "caseless", re.compile(self.pattern, re.IGNORECASE))

    def match(self, text: str) -> bool:
        if text.isascii():
            return self.folded.match(text.lower()) is not None
        return self.caseless.match(text) is not None

    def search(self, text: str) -> bool:
        if text.isascii():
            return self.folded.search(text.lower()) is not None
        return self.caseless.search(text) is not None


END_MARKER = CaselessPattern(
    r"^\W*(?:more (?:articles|stories|news|posts|from [\w ]+)|other (?:news|articles|stories)|related(?: \w+)?|"
    r"you (?:may|might) (?:also )?(?:like|enjoy|be interested(?: in)?)|recommended(?: for you| reading| articles)?|"
    r"top (?:articles?|stories|news)|popular(?: \w+)?|most (?:read|popular|viewed)|"
    r"latest (?:news|posts|articles|stories)|recent (?:posts|articles|news)|further reading|trending(?: now)?|"
    r"about the authors?|(?:\d+\s+)?comments?|leave a (?:comment|reply)|post a comment|join the discussion|"
    r"свіжі дописи|більше новин|останні новини|популярне|схожі (?:новини|матеріали)|інші новини|"
    r"новини по темі|коментарі|последние новости|похожие новости|комментарии|"
    r"weitere (?:artikel|beiträge|themen)|mehr zum thema|mehr aus der sendung|das könnte (?:sie|dich) auch interessieren|"
    r"auch interessant|ähnliche (?:beiträge|artikel)|verwandte (?:beiträge|artikel)|top themen(?: der redaktion)?|"
    r"noch mehr infos(?: für dich)?|über (?:den|die) autor(?:in)?|kommentare?(?: schreiben)?|kommentieren|"
    r"hinterlasse (?:jetzt )?einen kommentar|schreibe einen kommentar|schlagworte|"
    r"mehr themen|(?:das|dieses|diese) thema könnte (?:dich|sie) auch interessieren|"
    r"articles similaires|sur le même sujet|à lire aussi|commentaires|"
    r"artículos relacionados|temas relacionados|noticias relacionadas|(?:le|te) puede interesar|comentarios|"
    r"articoli correlati|commenti|"
    r"ähnliche nachrichten|neueste (?:artikel|beiträge)|schon gelesen|keine kommentare|no comments|"
    r"kommentare insgesamt:? \d+)"
    r"\W*$",
)
TEASER_MARKER = CaselessPattern(
    r"^\W*(?:read (?:more|also|next)|see also|also (?:read|on \w+)|more on this|"
    r"читайте (?:також|більше|также)|дивіться також|по темі|по теме|"
    r"lesen sie (?:auch|mehr)(?: die folgenden beiträge| diese artikel)?|(?:zum )?weiterlesen|siehe auch|"
    r"weiterführende (?:links?|informationen|artikel)|weiterführender link|weitere informationen|"
    r"lire aussi|leggi anche|lee también|czytaj (?:też|także)|"
    # a list heading that goes on to name its topic or the site ("Weitere Beiträge aus der Kolumne:",
    # "Weitere aktuelle Themen aus der Arbeitswelt", "Auch auf example.com"): up to four more words. Only
    # the label and its link list go: such a box also sits in the middle of an article ("Mehr zum Thema
    # Gesundheit:"), so it does not end the text the way a bare END_MARKER heading does
    r"(?:weitere (?:aktuelle |interessante )?(?:artikel|beiträge|themen|nachrichten|news)|"
    r"mehr (?:zum thema|aus der sendung|artikel|beiträge)|more (?:articles|stories|news|posts)|"
    r"related (?:articles|posts|stories))(?: [\w.-]+){1,4}:?|auch auf [\w.-]+\.[a-z]{2,})\W*$",
)
CHROME_LINE = CaselessPattern(
    r"^\W*(?:share(?: this)?(?: article| post| story| page)?(?: on \w+)?|tweet|print(?: this)?|e-?mail|"
    r"subscribe(?: now| to our newsletter)?|sign up(?: for (?:our|the) newsletter)?|"
    r"follow us(?: on \w+)?|advertisement|sponsored|cookie settings|accept(?: all)?(?: cookies)?|"
    r"(?:\d+\s+)?min(?:ute)?s? read|back to top|"
    r"поділитися|поширити|підписатися|реклама|поделиться|werbung|anzeige|"
    r"(?:jetzt |artikel |beitrag |seite )?teilen|(?:rezept |artikel |seite )?drucken|"
    r"zurück(?: zur| zum)? (?:übersicht|listenansicht|startseite|seite|artikel)|"
    r"wie (?:bewerten|finden) sie diesen (?:artikel|beitrag)\??|watch video(?: \d+:\d\d)?|"
    r"(?:[\w-]+ ){0,3}newsletter(?: abonnieren| anmelden| bestellen)?|"
    r"facebook|twitter|x|telegram|whatsapp|linkedin|pinterest|reddit|viber|copy link|"
    r"weiter|zurück|mehr|more|next|previous|permalink|permalien|"
    # a section label standing alone: the contact box, the source list, the table of contents
    r"kontakt|contact(?: us)?|ansprechpartner(?:in)?(?: zum thema)?|inhaltsverzeichnis|table of contents|"
    r"quellen(?:angaben)?|quellen ausblenden|sources|zusatzinformationen|originalpublikation|originalartikel|"
    r"release date|externer inhalt)\W*$",
)
CHROME_PHRASE = CaselessPattern(
    r"(?:we use cookies|this (?:site|website) uses cookies|by continuing to (?:use|browse)|"
    r"you could close this page|help us produce more|support of readers like you|"
    r"support (?:our|independent) journalism|become a patron|donate now|"
    r"please (?:consider )?(?:donat|support us)|subscribe to our newsletter|"
    r"використовуємо (?:файли )?cookie|використовує cookies|підтримайте (?:нас|редакцію)|задонатити|"
    r"verwendet cookies|verwenden cookies|suggest a correction|press ctrl ?\+ ?enter|"
    r"leave your suggestions or corrections|disabl\w+ your ad ?blocker|whitelist (?:us|our site)|"
    r"for the full story|already a subscriber|s[ií]guenos en|"
    # the comment form's prompts, a letters page's call, a newsletter's promise
    r"netiquette|eingeloggt sein,? um (?:einen )?kommentar|nicht eingeloggt|logged in to (?:post a )?comment|"
    r"supporting our work|"
    r"submit (?:a|your) letter to the editor|sign(?:ing)? up (?:to|for) our newsletter|"
    r"direkt in (?:dein|ihr) postfach)",
)
# A one-line teaser for another article under a "Read also:" label ("Le puede interesar: <headline>"; the
# Spanish "Mira:" only before a headline, which has no full stop: a speaker in an interview may be called
# Mira), and a line that declares itself an advertisement ("Anzeige, enthält Affiliate Links", "*Werbung.
# Dieser Beitrag enthält Werbung für ..."). (Checked on paragraphs under 120 characters only.)
LABELLED_LINE = CaselessPattern(
    r"^\W*(?:(?:read (?:also|more)|see also|lesen sie (?:auch|mehr)|siehe auch|lire aussi|leggi anche|"
    r"lee también|(?:le|te) puede interesar|puedes ver|читайте (?:також|также)|czytaj (?:też|także))\s*:\s*\S|"
    r"mir[ae]\s*:\s*[^.]+$|"
    r"(?:anzeige|werbung|advertisement|sponsored)\s*(?:[-.:|–]\s|,\s*(?:enthält|contains)\s|\(|$))",
)
CREDIT_LINE = CaselessPattern(
    r"^\W*(?:(?:photo|foto|(?:titel|beitrags)?bild|image|picture|credit|quelle|фото)\s*:|photograph(?:ed)? by |.{0,40}"
    r"(?:shutterstock|getty images|istock|clipdealer|adobe stock|unsplash|pixabay)(?:\.com)?\W*$)",
)
_MONTH_WORD = (
    r"jan\w*|feb\w*|mär\w*|mar\w*|apr\w*|ma[iy]|jun\w*|jul\w*|aug\w*|sep\w*|o[ck]t\w*|nov\w*|de[cz]\w*|"
    r"січ\w*|лют\w*|берез\w*|квіт\w*|трав\w*|черв\w*|лип\w*|серп\w*|верес\w*|жовт\w*|листоп\w*|груд\w*"
)
META_LINE = CaselessPattern(
    r"^\W*(?:(?:updated|published|posted|aktualisiert|veröffentlicht|stand|оновлено|опубліковано)\s*(?::|am|on)?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)\w*,?\s*)?"
    rf"(?:\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}|\d{{1,2}}\.?\s+(?:{_MONTH_WORD})\.?\s+\d{{4}}|"
    rf"(?:{_MONTH_WORD})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?)"
    r"(?:\s*(?:[-|,]|um|at|о)?\s*\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*uhr)?)?\W*$",
)


# Cheap substring test run before CHROME_PHRASE (every phrase contains one of these).
_PHRASE_KEYS = (
    "cookie",
    "continuing to",
    "close this page",
    "produce more",
    "readers like you",
    "journalism",
    "patron",
    "donat",
    "support us",
    "newsletter",
    "correction",
    "ctrl",
    "blocker",
    "whitelist",
    "full story",
    "subscriber",
    "guenos en",
    "netiquette",
    "eingeloggt",
    "logged in",
    "our work",
    "to the editor",
    "postfach",
    "підтримайте",
    "задонат",
)


def is_chrome_paragraph(text: str) -> bool:
    """A whole paragraph that is chrome: a label, a share/subscribe line, an appeal, a credit, a bare date."""
    length = len(text)
    if length >= 400:
        return False
    ascii_text = text.isascii()
    low = text.lower()
    if length < 120:
        # (CaselessPattern.match, with the lower-casing done once for the five patterns)
        subject = low if ascii_text else text
        for pattern in _LINE_PATTERNS:
            if (pattern.folded if ascii_text else pattern.caseless).match(subject):
                return True
    return any(key in low for key in _PHRASE_KEYS) and CHROME_PHRASE.search(text)


_LINE_PATTERNS = (CHROME_LINE, END_MARKER, TEASER_MARKER, CREDIT_LINE, META_LINE, LABELLED_LINE)
