"""EXTRACTOR_VERSION: which rules produced a mention ("events-rules-<release>+<fingerprint>").

The fingerprint is a short hash of the rule modules and gazetteer files, so any edit to them gives a new
version and `ingest reextract` re-derives the mentions. An edit made for speed alone keeps the output: after
checking that the new code gives exactly the same mentions as the old (all of them, over the generated mirror,
the mirror's real pages and the dev-set texts), its fingerprint is recorded in SAME_OUTPUT_AS with the
fingerprint whose output it reproduces, and the version stays.
"""

from __future__ import annotations

import hashlib
from importlib import resources

RULES_RELEASE = "events-rules-1.0"

RULE_FILES = (
    "classify.py", "cues.py", "dates.py", "extractor.py", "gazetteer.py", "numbers.py", "prefilter.py",
    "sentences.py", "data/partners.csv", "data/people.csv",
)

# fingerprint of the current files -> fingerprint of the rules whose mentions they reproduce exactly
SAME_OUTPUT_AS = {
    # word-list prefilters before the rules' regexes, the opening's partner read lazily, sentence splitting
    # without per-boundary regex scans of the line, a word list per count pattern, articles without any
    # word an event needs skipped whole
    "a1c048bb": "97ef107d",
}


def rules_fingerprint() -> str:
    """Short hash of RULE_FILES: any edit to them changes it."""
    root = resources.files("ingest.events")
    digest = hashlib.sha1()
    for name in RULE_FILES:
        digest.update(name.encode())
        node = root
        for part in name.split("/"):
            node = node.joinpath(part)
        digest.update(node.read_bytes())
    return digest.hexdigest()[:8]


EXTRACTOR_VERSION = f"{RULES_RELEASE}+{SAME_OUTPUT_AS.get(rules_fingerprint(), rules_fingerprint())}"
