"""The phrasings that signal each event kind, in English and Ukrainian (see the domain lexicon).

Precedence when several match one sentence: negated > planned > count > signed > negotiation.
"""

from __future__ import annotations

import re

from ingest.events.numbers import CARDINAL_RE, CARDINAL_UK_RE, NUMBER_WORDS, ORDINAL_RE, ORDINAL_UK_RE
from ingest.events.prefilter import words

_I = re.IGNORECASE
N = CARDINAL_RE
ORD = ORDINAL_RE
_W = r"(?:[\w’'-]+\s+)"  # one word and its trailing space

# ---- negation: the sentence denies a signing -------------------------------------------------------------
NEGATED = re.compile(
    r"\bno\s+(?:security\s+|bilateral\s+|such\s+)?(?:agreement|accord|deal|document)s?\s+(?:was|were|has been|had been|have been)\s+signed"
    r"|\b(?:did not|didn't|failed to|(?:was|were)\s+not\s+able\s+to|(?:was|were)\s+unable\s+to|could not|couldn't"
    r"|cannot|can't|won't|will not|would not|did not manage to)\s+(?:yet\s+)?(?:be\s+)?(?:sign|conclude|ink)"
    r"|\b(?:has|have|had)\s+not\s+(?:yet\s+)?(?:been\s+)?(?:signed|concluded)|\bnot\s+yet\s+(?:been\s+)?signed"
    r"|\bnever\s+signed|\bwithout\s+signing|\bwas\s+not\s+signed|\bwere\s+not\s+signed"
    r"|\b(?:fell|fallen|falls)\s+through\b|\b(?:was|were|been)\s+(?:cancel+ed|called\s+off|postponed)\b"
    r"|\bhad\s+(?:\w+\s+)?(?:reported|claimed|alleged)\b|\b(?:falsely|erroneously|wrongly|mistakenly)\s+(?:reported|claimed)"
    r"|(?<!\w)не\s+(?:було\s+)?(?:підпис\w*|уклав\w*|уклал\w*|укладен\w*|вдалося\s+підписати|змогли\s+підписати)"
    r"|(?<!\w)жодн\w*\s+угод\w*\s+не",
    _I,
)

# ---- planned: a signing announced, expected or being prepared ----------------------------------------------
PLANNED = re.compile(
    r"\b(?:will|shall|'ll|would|could|may|might|can)\s+(?:soon\s+|also\s+|then\s+|be\s+able\s+to\s+|finally\s+)?(?:sign|ink|conclude|seal)\b"
    r"|\b(?:will|would|could|is to|are to|should)\s+be\s+(?:signed|concluded|inked)"
    r"|\b(?:is|are|was|were)\s+(?:also\s+|now\s+|still\s+|reportedly\s+)?(?:set|expected|due|scheduled|going|ready|poised|planning|preparing|about|likely)\s+to\s+(?:sign|ink|be\s+signed|conclude)"
    r"|\b(?:plans?|planned|planning|intends?|intend(?:ed|ing)|aims?|aiming|hopes?|hoping|expects?|expecting|agreed|agree|prepares?|preparing|ready)\s+to\s+sign"
    r"|\bwill\s+become\b[^.;]{0,60}?\bto\s+(?:sign|conclude)\b"
    r"|\bto\s+be\s+signed\b|\bupcoming\s+signing|\bahead\s+of\s+(?:the\s+)?signing|\bsigning\s+(?:is\s+)?(?:planned|scheduled|expected)"
    r"|\bsigning\s+(?:ceremony\s+)?(?:is|was|has\s+been)\s+(?:set|scheduled|planned|expected)\b"
    r"|\bfinali[sz](?:e|es|ed|ing)\b[^.;]{0,30}?\b(?:before|by|in|ahead)\b"
    r"|\bprepar(?:e|es|ing|ation\s+of|ations\s+for)\b[^.;]{0,60}?\b(?:agreements?|accords?|deals?|documents?|pacts?)\b"
    r"|\bfinali[sz](?:e|es|ing)\b[^.;]{0,40}?\b(?:text|agreement|accord|deal|document|negotiations|work)"
    r"|\b(?:in|at)\s+the\s+final\s+stages?\b|\bhome\s+stretch\b|\bat\s+the\s+first\s+opportunity\b"
    r"|\b99\s?(?:%|percent|per cent)"
    r"|\bworking\s+on\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?(?:security\s+)?(?:agreement|accord|deal)"
    r"|\bto\s+sign\b[^.;]{0,80}\b(?:on|next|this)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month)"
    r"|(?<!\w)(?:зможуть|зможе|зможемо|можуть|готові|сподіваємося|сподіваються|плануємо)\s+(?:\w+\s+)?підписати"
    r"|(?<!\w)(?:підпишуть|підпише|підписуватимуть|буде\s+підписан|будуть\s+підписан|планують\s+підписати|планує\s+підписати"
    r"|готуються\s+підписати|готується\s+підписати|мають\s+підписати|має\s+підписати|готу[юєї]\w*\s+(?:до\s+підписання|угод|безпеков)"
    r"|підготовк\w*\s+(?:двосторонн\w+\s+)?(?:безпеков\w+\s+)?угод|завершу\w*\s+(?:роботу|текст|узгодження)|найближчим\s+часом\s+підпи)",
    _I,
)
# "Ukraine and Poland to sign security pact": a headline infinitive is a plan.
PLANNED_HEADLINE = re.compile(r"^[^.]{0,120}?\bto\s+(?:sign|ink|seal)\b", _I)

# ---- signed ------------------------------------------------------------------------------------------------
SIGN_VERB = re.compile(
    r"\b(?:signed|signs|sign|signing\s+of|inked|inks|sealed|seals|concluded|concludes|conclude|entered\s+into|finali[sz]ed|in\s+(?:concluding|signing))\b"
    r"|(?<!\w)(?:підписали|підписала|підписав|підписано|уклали|уклала|уклав|укладено|підписують|підписує|укладають)(?!\w)",
    _I,
)
SIGN_PASSIVE = re.compile(
    r"\b(?:agreements?|accords?|pacts?|deals?|documents?|commitments|guarantees)\b[^.;]{0,100}?\b(?:was|were|has\s+been|have\s+been|had\s+been|got)\s+(?:officially\s+)?(?:signed|concluded|inked)\b",
    _I,
)
# "the agreement (that) Ukraine and the UK signed ...", "the agreements Ukraine concluded with ..."
SIGN_RELATIVE = re.compile(
    r"\b(?:agreements?|accords?|pacts?|deals?|documents?)\s+(?:that\s+|which\s+)?(?:[\w’'.-]+\s+){0,6}?(?:signed|concluded|inked|sealed)\b(?!\s+(?:by|on\s+behalf))",
    _I,
)
# Head nouns of what was signed; the first one after the verb decides.
HEAD_NOUN = re.compile(
    r"\b(?:agreements?|accords?|pacts?|deals?|commitments|guarantees|assurances|treat(?:y|ies)|declarations?|statements?"
    r"|compact|memorand(?:um|a)|documents?|partnership(?!\s+agreements?)|charter|contracts?|protocols?|letters?\s+of\s+intent)\b"
    r"|(?<!\w)(?:угод\w*|договір\w*|договор\w*|деклараці\w*|заяв\w*|меморандум\w*|документ\w*|зобов'язан\w*|зобов’язан\w*)",
    _I,
)
DISTRACTOR_HEAD = re.compile(
    r"^(?:treat|declaration|statement|compact|memorand|charter|contract|protocol|letter|partnership"
    r"|договір|договор|деклараці|заяв|меморандум)",
    _I,
)
DISTRACTOR_WORDS = re.compile(
    r"\b(?:100|hundred|centennial|century)[- ]year|\bcentennial\b|\bfriendship\b|\bjoint\s+declaration\b"
    r"|\bspecial\s+global\s+partnership\b|\bUkraine\s+Compact\b|\bgrain\b|\bfree\s+trade\b|\bvisa\b|\bcontract\b"
    r"|(?<!\w)(?:дружб|столітн|сторічн)\w*",
    _I,
)
SECURITY_WORDS = re.compile(
    r"\bsecurity\b|\bdefen[cs]e\b|\blong[- ]term\s+(?:support|cooperation)\b|\bsupport\s+for\s+Ukraine\b"
    r"|\bguarantees?\b|\bassurances\b"
    r"|(?<!\w)(?:безпек\w*|гаранті\w*\s+безпеки|довгостроков\w*\s+підтримк\w*|оборон\w*|підтримк\w*\s+України)",
    _I,
)
ORDINAL_COUNTRY = re.compile(
    r"\b(?:the\s+|becomes?\s+|became\s+)(?P<ord>" + ORD + r")\s+(?:(?:non-G7|European|EU|NATO|[\w-]+)\s+)?(?:country|state|partner|nation|member\s+state)\b"
    r"(?:\s+(?:to\s+sign|to\s+conclude|that\s+(?:has\s+)?signed|with\s+which))?",
    _I,
)

# ---- counts ------------------------------------------------------------------------------------------------
_AGREEMENTS = r"(?:agreements|accords|deals|pacts|documents|guarantees\s+agreements)"
COUNT_SIGNED = [
    re.compile(r"\b(?:has|have|had|'ve)\s+(?:already\s+|now\s+|so\s+far\s+|thus\s+far\s+)?(?:signed|concluded|finali[sz]ed|sealed|inked|secured)\s+(?:a\s+total\s+of\s+|over\s+|more\s+than\s+|some\s+)?(?P<n>" + N + r")\s+" + _W + r"{0,4}?" + _AGREEMENTS + r"\b", _I),
    re.compile(r"\b(?:in\s+total,?\s+)?(?P<n>" + N + r")\s+" + _W + r"{0,3}?" + _AGREEMENTS + r"\s+(?:have|had|has)\s+(?:already\s+|now\s+|so\s+far\s+)?been\s+(?:signed|concluded)", _I),
    re.compile(r"\b(?:seals?|sealed|signs?|signed|concluded|concludes)\s+(?P<n>" + N + r")\s+" + _W + r"{0,3}?" + _AGREEMENTS + r"\b", _I),
    re.compile(r"\b(?:has|have|had|'ve)\s+(?:already\s+|now\s+|so\s+far\s+)?(?:signed|concluded|finali[sz]ed|sealed)\s+" + _W + r"{0,5}?" + _AGREEMENTS + r"\s+with\s+(?:a\s+total\s+of\s+)?(?P<n>" + N + r")\s+(?:[\w-]+\s+)?(?:states|countries|partners|nations|signatories)\b", _I),
    re.compile(r"(?<!the )\b(?P<n>" + N + r")\s+(?:[\w-]+\s+)?(?:countries|states|partners|nations)\s+(?:have\s+|had\s+)(?:already\s+|now\s+)?(?:signed|concluded)\b", _I),
    re.compile(r"\b" + _AGREEMENTS + r"\s+with\s+(?P<n>" + N + r")\s+signatories\b", _I),
    re.compile(r"\b(?:has|have)\s+(?:now\s+|already\s+|so\s+far\s+)?(?P<n>" + N + r")\s+" + _W + r"{0,3}?(?:agreements|deals|accords|pacts|commitments)\b(?!\s+(?:to\s+|in\s+preparation|being))", _I),
    re.compile(r"\b(?:has|have)\s+(?:now\s+|already\s+)?" + _W + r"{0,4}?(?:agreements|commitments|deals|accords)\s+(?:from|with)\s+(?P<n>" + N + r")\s+(?:countries|states|partners|nations)\b", _I),
    re.compile(r"\bthere\s+are\s+(?:already\s+|now\s+)?(?P<n>" + N + r")\s+(?:such\s+)?" + _W + r"{0,2}?(?:agreements|deals|accords)\b", _I),
    re.compile(r"\bwith\s+the\s+EU\s+and\s+(?P<n>" + N + r")\s+(?:individual\s+)?(?:states|countries)\b", _I),
    re.compile(r"\b(?:the|its|Ukraine's)\s+(?P<ord>(?!first\b)" + ORD + r")\s+(?:bilateral\s+)?(?:security\s+)?(?:agreement|accord)\b", _I),
    re.compile(r"(?<!\w)(?:уклала|уклали|підписала|підписали|має|маємо)\s+(?:вже\s+)?(?P<n>" + CARDINAL_UK_RE + r")\s+(?:[\w'’-]+\s+){0,3}?угод", _I),
    re.compile(r"(?<!\w)(?P<n>" + CARDINAL_UK_RE + r")\s+(?:двосторонн\w+\s+)?безпеков\w+\s+угод\w*\s+(?:вже\s+)?(?:підписан|укладен)", _I),
]
COUNT_PLANNED = [
    re.compile(r"\bprepar\w*\s+(?:to\s+sign\s+)?(?:an?\s+)?(?:another|additional|further|a\s+further|an\s+additional)?\s*(?P<n>" + N + r")\s+(?:more\s+|other\s+|additional\s+)?(?:new\s+)?" + _W + r"{0,3}?" + _AGREEMENTS + r"\b", _I),
    re.compile(r"\bprepar\w*\s+to\s+sign\s+(?:another|a\s+further|an\s+additional)\s+(?P<n>" + N + r")\b", _I),
    re.compile(r"\b(?P<n>" + N + r")\s+more\s+" + _W + r"{0,3}?(?:agreements|documents|deals)\s+(?:are|is)\s+(?:being\s+)?(?:prepared|negotiated|in\s+preparation)", _I),
    re.compile(r"\b(?:negotiating|negotiations|talks|consultations)\s+(?:[\w-]+\s+){0,6}?with\s+(?P<n>" + N + r")\s+(?:more|other|additional|further)\s+(?:countries|states|partners)\b", _I),
    re.compile(r"\b(?:negotiating|in\s+talks|negotiations)\s+(?:[\w-]+\s+){0,4}?with\s+(?P<n>" + N + r")\s+(?:countries|states|partners)\s+(?:to\s+sign|on\s+(?:bilateral\s+)?security)\b", _I),
    re.compile(r"(?<!\w)готу\w*\s+(?:до\s+підписання\s+)?(?:ще\s+)?(?P<n>" + CARDINAL_UK_RE + r")\s+(?:[\w'’-]+\s+){0,3}?угод", _I),
]

# ---- negotiations ------------------------------------------------------------------------------------------
NEGOTIATION_START = re.compile(
    r"\b(?:start(?:ed|s|ing)?|beg[ia]n|begins|begun|launch(?:ed|es|ing)?|initiat(?:ed|es|ing)|open(?:ed|s)?|commenc(?:ed|es)|kick(?:ed)?\s+off)\b[^.;]{0,60}?\b(?:negotiations|talks|consultations)\b"
    r"|\b(?:negotiations|talks|consultations)\b[^.;]{0,80}?\b(?:have|has|had)?\s*(?:started|begun|began|commenced|launched|kicked\s+off|got\s+under\s*way)\b"
    r"|(?<!\w)(?:розпочали|розпочала|розпочав|розпочато|почали|розпочинають|стартували|стартував)\s+(?:[\w'’-]+\s+){0,3}?(?:переговор|консультаці)\w*"
    r"|(?<!\w)(?:переговор|консультаці)\w*\s+(?:[\w'’-]+\s+){0,6}?(?:розпочато|розпочалися|стартували|почалися)",
    _I,
)
PREP_START = re.compile(
    r"\b(?:begun|began|begin|begins|started|start|starts|launched|launch|initiated|commenced)\s+(?:the\s+)?(?:preparing|preparation\s+of|drafting|work(?:ing)?\s+on|to\s+prepare|to\s+draft|to\s+work\s+on)\b"
    r"|(?<!\w)(?:почали|розпочали|розпочато|розпочала)\s+(?:підготовку|роботу\s+над|готувати)",
    _I,
)
ROUND = re.compile(
    r"\b(?P<ord>" + ORD + r"|another|new|next|final|latest|regular|further|last|fresh|concluding|two-day|one-day)\s+round\s+of\s+(?:\w+\s+)?(?:negotiations|talks|consultations)\b"
    r"|\bround\s+(?:No\.?\s*)?(?P<num>\d{1,2})\s+of\s+(?:negotiations|talks|consultations)\b"
    r"|\b(?P<ord_past>" + ORD + r"|another|new|final|latest)\s+round\s+(?:was|were|has\s+been|had\s+been)\s+(?:held|conducted|completed)\b"
    r"|\b(?P<ord_past2>" + ORD + r"|another|new|final|latest)\s+round\s+took\s+place\b"
    r"|(?<!\w)(?P<ord_uk>" + ORDINAL_UK_RE + r"|черговий|черговому|новий|новому|завершальний|завершальному|наступний)\s+раунд\w*\s+(?:переговор|консультаці)\w*",
    _I,
)
HELD_TALKS = re.compile(
    r"\b(?:held|hold|holds|conducted|continued|resumed)\s+(?:a\s+|an\s+|the\s+)?(?:\w+\s+)?(?:round\s+of\s+)?(?:negotiations|talks|consultations)\s+(?:on|with|regarding)\b"
    r"|\b(?:negotiations|talks|consultations)\b[^.;]{0,60}?\b(?:continued|resumed|were\s+held|took\s+place)\b"
    r"|(?<!\w)(?:провели|провів|провела|продовжили)\s+(?:\w+\s+)?(?:раунд\s+)?(?:переговор|консультаці)\w*",
    _I,
)
AGREED_TO_START = re.compile(
    r"\b(?:agreed|decided|instructed|assigned|tasked)\s+(?:[\w-]+\s+){0,4}?(?:to\s+)?(?:start|begin|launch|open|initiate)\b[^.;]{0,60}?\b(?:negotiations|talks|consultations|work|preparation)\b",
    _I,
)
TOPIC = re.compile(
    r"\bsecurity\b|\bguarantees?\b|\bassurances\b|\bbilateral\s+(?:agreement|accord|document)|\bG7\b|(?<!\w)(?:безпек\w*|гаранті\w*)",
    _I,
)

# A sentence that recaps earlier events ("Ukraine earlier began similar talks with ..."): its partners get no
# date from the article.
RECAP = re.compile(
    r"\b(?:already|previously|earlier(?!\s+(?:on|today|this|in\s+the\s+day))|so\s+far|to\s+date|thus\s+far|before\s+that|in\s+the\s+past)\b"
    r"|\bfollow(?:s|ed|ing)?\s+(?:the\s+)?(?:\w+\s+)?(?:agreements|deals|talks|accords)\b"
    r"|\bhad\s+(?:already\s+)?(?:signed|concluded|launched|begun|started|held)\b"
    r"|\b(?:has|have)\s+(?:[\w-]+\s+){0,3}?(?:agreements|deals|accords)\s+with\b"
    r"|(?<!\w)(?:вже|раніше|до\s+цього|попередньо)(?!\w)",
    _I,
)
# "..., after the United States and the United Kingdom, ...": partners named there came earlier.
AFTER_CLAUSE = re.compile(
    r"\b(?:after|following|besides|alongside|joining|joins)\s+(?:the\s+)?[A-Z].*?"
    r"(?=,\s+(?:with|which|who|where|when|as|while|but|said|according)\b|;|:|\.|\s+with\s+which|\s+in\s+(?:signing|concluding)|$)"
)

# "We have agreements with the United Kingdom, Germany, ...": the agreements exist, so they were signed.
HAVE_AGREEMENTS = re.compile(
    r"\b(?:we|Ukraine|Kyiv|it)\s+(?:now\s+|already\s+)?(?:has|have)\s+(?:[\w-]+\s+){0,3}?(?:agreements|deals|accords)\s+(?:with|from)\b",
    _I,
)

# "no date for its signing has been set": not a plan.
NO_PLAN = re.compile(r"\bno\s+(?:date|decision|timeline|agreement\s+on\s+a\s+date)\b", _I)

# Every rule above needs one of these words; sentences without any are skipped quickly.
ANY_CUE = re.compile(
    r"\b(?:agree|accord|deal|pact|sign|ink|seal|conclu|entered|finali|negotiat|talks|consult|round|prepar"
    r"|commitment|guarantee|assurance|document)"
    r"|(?<!\w)(?:угод|договор|договір|переговор|консультац|раунд|підпис|підпиш|уклал|уклад|зобов|безпек|розпоч|почал|провів|провели|готу)",
    _I,
)
AND_NOW = re.compile(r"(?:,|\band)\s+now\s+(?:also\s+)?(?=(?:the\s+)?[A-Z])")

# ---- word lists (prefilter.words): every match of the rule named holds one of these, lower-cased ---------
ANY_CUE_GATE = words(
    "agree", "accord", "deal", "pact", "sign", "ink", "seal", "conclu", "entered", "finali", "negotiat", "talks",
    "consult", "round", "prepar", "commitment", "guarantee", "assurance", "document", "угод", "договор",
    "договір", "переговор", "консультац", "раунд", "підпис", "підпиш", "уклал", "уклад", "зобов", "безпек",
    "розпоч", "почал", "провів", "провели", "готу",
)
_TOPIC_WORDS = ("security", "guarantee", "assurances", "bilateral", "g7", "безпек", "гаранті")
TOPIC_GATE = words(*_TOPIC_WORDS)
DISTRACTOR_GATE = words(
    "year", "centennial", "friendship", "joint", "special", "compact", "grain", "free", "visa", "contract",
    "дружб", "столітн", "сторічн",
)
NEGATED_GATE = words(
    "sign", "conclu", "ink", "through", "cancel", "called", "postponed", "reported", "claimed", "alleged",
    "підпис", "уклав", "уклал", "укладен", "жодн",
)
# PLANNED and PLANNED_HEADLINE
PLANNED_GATE = words(
    "sign", "ink", "conclu", "seal", "final", "prepar", "stretch", "opportunity", "99", "working", "підпи", "готу",
    "підготовк", "завершу",
)
PREP_GATE = words("prepar", "draft", "work", "підготовк", "роботу", "готувати")
# SIGN_VERB, SIGN_RELATIVE, SIGN_PASSIVE and HAVE_AGREEMENTS
SIGNED_GATE = words(
    "sign", "ink", "seal", "conclu", "entered", "finali", "підпис", "уклал", "уклав", "укладен", "уклада",
    "agreements", "deals", "accords",
)
# what a signing needs when neither the article nor the sentence is about security agreements (see
# classify._signed: security words near the cue, or HAVE_AGREEMENTS)
_TOPICLESS_SIGNED_WORDS = (
    "security", "defen", "long-term", "long term", "support", "guarantee", "assurances", "безпек", "гаранті",
    "довгостроков", "оборон", "україни", "agreements", "deals", "accords",
)
TOPICLESS_SIGNED_GATE = words(*_TOPICLESS_SIGNED_WORDS)
# ROUND, NEGOTIATION_START, HELD_TALKS and AGREED_TO_START
NEGOTIATION_GATE = words(
    "round", "раунд", "negotiations", "talks", "consultations", "переговор", "консультаці", "work", "preparation",
)
# COUNT_SIGNED and COUNT_PLANNED: a number, and one of these nouns (or "prepar", "negotiat", "talks")
NUMBER_GATE = words(*(w.lower() for w in NUMBER_WORDS), digits=True)
_COUNT_NOUN_WORDS = (
    "agreement", "accord", "deals", "pacts", "documents", "commitments", "countries", "states", "partners",
    "nations", "угод", "prepar", "negotiat", "talks", "consultations",
)
COUNT_NOUN_GATE = words(*_COUNT_NOUN_WORDS)
# An article whose text holds none of these states no event: it is off topic (no TOPIC word), so each of its
# sentences would need security words, "agreements/deals/accords" or a count noun (classify_sentence).
ARTICLE_GATE = words(*_TOPIC_WORDS, *_TOPICLESS_SIGNED_WORDS, *_COUNT_NOUN_WORDS)
# each count pattern's own noun, index by index: a pattern runs only when its list may match
_PLURAL_NOUNS = words("agreements", "accords", "deals", "pacts", "documents", "commitments")
_PARTY_NOUNS = words("countries", "states", "partners", "nations")
_UGOD = words("угод")
COUNT_SIGNED_GATES = [
    _PLURAL_NOUNS, _PLURAL_NOUNS, _PLURAL_NOUNS, _PLURAL_NOUNS, _PARTY_NOUNS, _PLURAL_NOUNS, _PLURAL_NOUNS,
    _PLURAL_NOUNS, _PLURAL_NOUNS, _PARTY_NOUNS, words("agreement", "accord"), _UGOD, _UGOD,
]
COUNT_PLANNED_GATES = [
    _PLURAL_NOUNS, words("prepar"), _PLURAL_NOUNS, words("negotiat", "talks", "consultations"),
    words("negotiat", "talks"), _UGOD,
]
