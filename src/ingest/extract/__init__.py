"""Article extraction on selectolax's Lexbor engine: main content, metadata, page type.

Public API: `extract_page(html, url=None, overrides=None) -> ExtractedPage` (pure) and, for the CLI,
`ingest.extract.cli.extract_command(paths, url, out) -> int`.
"""

from ingest.extract.errors import BadOverrideError, ExtractInputReadError, ExtractionError, NotHtmlError
from ingest.extract.page import extract_page

__all__ = ["BadOverrideError", "ExtractInputReadError", "ExtractionError", "NotHtmlError", "extract_page"]
