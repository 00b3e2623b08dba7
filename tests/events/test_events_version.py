"""EXTRACTOR_VERSION: the release plus the rules' fingerprint, or the fingerprint whose output they reproduce."""

from __future__ import annotations

import re

from ingest.events import EXTRACTOR_VERSION
from ingest.events.version import RULES_RELEASE, SAME_OUTPUT_AS, rules_fingerprint


def test_version_names_the_release_and_the_rules_it_reproduces() -> None:
    current = rules_fingerprint()
    assert re.fullmatch(r"[0-9a-f]{8}", current)
    assert EXTRACTOR_VERSION == f"{RULES_RELEASE}+{SAME_OUTPUT_AS.get(current, current)}"


def test_same_output_table_points_at_original_fingerprints_only() -> None:
    for new, old in SAME_OUTPUT_AS.items():
        assert re.fullmatch(r"[0-9a-f]{8}", new) and re.fullmatch(r"[0-9a-f]{8}", old)
        assert old not in SAME_OUTPUT_AS, f"{new} -> {old} is a chain: point {new} at what {old} reproduces"
        assert new != old
