"""Events of the security-agreement track: who signed with Ukraine, when, after which talks, and counts.

extract_mentions(url, body, published, language) -> list[EventMention]   (pure, versioned)
aggregate_events(mentions, article_clusters, article_meta) -> list[EventFact]   (pure)
"""

from ingest.events.extractor import EXTRACTOR_VERSION, EventInputError, extract_mentions
from ingest.events.facts import ArticleMeta, EventFact, aggregate_events, fact_key

__all__ = [
    "EXTRACTOR_VERSION",
    "ArticleMeta",
    "EventFact",
    "EventInputError",
    "aggregate_events",
    "extract_mentions",
    "fact_key",
]
