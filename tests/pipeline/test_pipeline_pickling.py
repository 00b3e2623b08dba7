"""Records that cross process boundaries pickle to equal records, without a dataclasses.fields() call per
object (the cost fast_pickling removes)."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import datetime, timezone

import pytest

from ingest.fetch import FetchRequest
from ingest.fetch.outcome import FetchOutcome
from ingest.pickling import fast_pickling
from ingest.records import Article, FetchAttempt, Page, StageCounts

WHEN = datetime(2024, 6, 13, 10, 36, tzinfo=timezone.utc)


def records() -> list[object]:
    request = FetchRequest("president-en", "https://www.president.gov.ua/en/news/a", "article",
                           ("www.president.gov.ua",), '"etag"', None)
    page = Page(**{f.name: None for f in dataclasses.fields(Page)} | {  # type: ignore[arg-type]
        "source": "president-en", "url": request.url, "final_url": request.url, "status": 200,
        "content_type": "text/html", "text": "<html><p>Угода про безпеку</p></html>", "fetched_at": WHEN})
    attempt = FetchAttempt(**{f.name: None for f in dataclasses.fields(FetchAttempt)} | {  # type: ignore[arg-type]
        "source": "president-en", "url": request.url, "status": 200, "fetched_at": WHEN})
    article = Article(**{f.name: None for f in dataclasses.fields(Article)} | {  # type: ignore[arg-type]
        "url": request.url, "source": "president-en", "body": "Text", "authors": ("A. Author",),
        "alternates": (("uk", "https://www.president.gov.ua/news/a"),)})
    outcome = FetchOutcome(request, page, "html", None, None, 1, 200)
    return [request, page, attempt, article, outcome, StageCounts(3, 2, 1, {"timeout": 1})]


def test_records_survive_pickling_without_fields_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    originals = records()
    monkeypatch.setattr(dataclasses, "fields", lambda _: (_ for _ in ()).throw(AssertionError("fields()")))
    copies = pickle.loads(pickle.dumps(originals, protocol=pickle.HIGHEST_PROTOCOL))
    monkeypatch.undo()
    assert copies == originals
    assert all(type(c) is type(o) for c, o in zip(copies, originals, strict=True))


@fast_pickling
@dataclasses.dataclass(frozen=True, slots=True)
class One:
    value: tuple[int, ...]


def test_a_single_field_record_round_trips() -> None:
    assert pickle.loads(pickle.dumps(One((1, 2)))) == One((1, 2))
