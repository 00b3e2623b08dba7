"""Events of the security-agreement track: who signed with Ukraine, when, after which talks, and counts.

    extract_mentions(url, body, published, language) -> list[EventMention]   pure, deterministic, versioned
    aggregate_events(mentions, article_clusters, article_meta) -> list[EventFact]   pure
    EXTRACTOR_VERSION   "events-rules-<release>+<fingerprint of the rule modules and gazetteers>" (version.py)

Conventions of a mention (records.EventMention):
- one mention per event and partner; the evidence is the sentence (for a "namely:" list, the intro sentence
  through the list item), with offsets into the body;
- precedence in a sentence: negated > planned > signed > negotiation; count claims come alongside;
- event_date: the date the sentence states (nearest to the cue; "on 13 June", "on Thursday" resolve against
  the publication day in Europe/Kyiv; backwards for past events, forwards for plans), date_is_event=True.
  Without one: plans, recaps ("already", "earlier", lists of four or more partners, partners named "after
  X and Y"), and background sections stay undated; other past events take the publication day (the day
  before for articles published before 10:00 Kyiv), date_is_event=False; count claims are dated as of the
  article (date_is_event=False) unless an "as of <date>" is printed.
- partners: ISO 3166-1 alpha-2 or "EU", from data/partners.csv (names, official names, demonyms, capitals
  as metonyms, Ukrainian stems) and data/people.csv (leaders and negotiators); places ("in Vilnius",
  "summit in Italy") are not partners; a partner-less sentence ("the agreement will be signed soon") may
  take the article's one partner, with lower confidence.
"""

from ingest.events.extractor import EventInputError, extract_mentions
from ingest.events.facts import ArticleMeta, EventFact, aggregate_events, fact_key
from ingest.events.version import EXTRACTOR_VERSION

__all__ = [
    "EXTRACTOR_VERSION",
    "ArticleMeta",
    "EventFact",
    "EventInputError",
    "aggregate_events",
    "extract_mentions",
    "fact_key",
]
