"""Exceptions raised by the extractor.

Extraction is pure and deterministic, so every error here is terminal: retrying the same input gives the
same result. Reading files for the CLI can fail transiently (I/O), which is reported separately.
"""

from __future__ import annotations


class ExtractionError(ValueError):
    """The input cannot be extracted (terminal: the same input always fails)."""


class NotHtmlError(ExtractionError):
    """The input is not an HTML document (empty, binary, or not a str)."""


class BadOverrideError(ExtractionError):
    """A per-source selector override is malformed (unknown key or empty/invalid CSS)."""


class ExtractInputReadError(OSError):
    """A file given to the CLI could not be read (may be transient: retry later)."""
