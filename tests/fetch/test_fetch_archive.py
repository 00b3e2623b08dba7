"""The raw WARC archive: records read back with warcio, payloads match what the server sent, identical
payloads stored once, torn last records do not poison reading, and the reader filters by date and host."""

from __future__ import annotations

import base64
import gzip
import hashlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
from fetch_testserver import LoopbackServer
from warcio.archiveiterator import ArchiveIterator

from ingest.fetch import FetchConfig, FetchRequest, WarcArchive, fetch_batch, iter_archive, read_payload


def req(url: str) -> FetchRequest:
    return FetchRequest("faults", url, "article", ("faults.test", "alt.test"))


def served_body(server: LoopbackServer, url: str) -> bytes:
    """The decoded body the server sends for `url`, fetched independently with plain httpx."""
    host, _, path = url.removeprefix("http://").partition("/")
    response = httpx.get(f"http://{server.address}/{path}", headers={"Host": host})
    return response.content


def records(folder: Path) -> list[tuple[str, int, object]]:
    found = []
    for path in sorted(folder.glob("*.warc.gz")):
        with open(path, "rb") as handle:
            iterator = ArchiveIterator(handle)
            for record in iterator:
                body = record.content_stream().read()
                found.append((path.name, iterator.get_record_offset(), (record, body)))
    return found


def test_pages_point_at_warc_records_with_matching_payloads(server: LoopbackServer, config: FetchConfig,
                                                            tmp_path: Path) -> None:
    urls = ["http://faults.test/ok/one", "http://faults.test/gzipped", "http://faults.test/brotli",
            "http://faults.test/cp1251", "http://faults.test/sitemap.xml.gz"]
    with WarcArchive(tmp_path) as archive:
        batch = fetch_batch([req(u) for u in urls], config, archive)
    assert len(batch.pages) == len(urls)
    by_place = {(name, offset): item for name, offset, item in records(tmp_path)}
    for page in batch.pages:
        assert page.warc_file and page.warc_offset is not None
        record, body = by_place[(page.warc_file, page.warc_offset)]  # type: ignore[misc]
        assert record.rec_type == "response"
        assert record.rec_headers.get_header("WARC-Target-URI") == page.final_url
        assert body == served_body(server, page.final_url)
        sha1 = "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode()
        assert record.rec_headers.get_header("WARC-Payload-Digest") == sha1 == page.payload_digest
        assert record.http_headers.get_statuscode() == "200"
        assert record.http_headers.get_header("Content-Encoding") is None  # stored decoded
        assert read_payload(tmp_path, page.warc_file, page.warc_offset) == body
    gz = next(p for p in batch.pages if p.url.endswith(".gz"))
    assert gzip.decompress(read_payload(tmp_path, gz.warc_file or "", gz.warc_offset or 0)).decode() in gz.text


def test_request_records_and_standard_headers(server: LoopbackServer, config: FetchConfig,
                                              tmp_path: Path) -> None:
    with WarcArchive(tmp_path) as archive:
        fetch_batch([req("http://faults.test/ok/headers")], config, archive)
    kinds = {}
    for _, _, (record, _) in records(tmp_path):
        kinds[record.rec_type] = record
        for name in ("WARC-Record-ID", "WARC-Date", "Content-Length"):
            assert record.rec_headers.get_header(name)
    assert set(kinds) == {"warcinfo", "request", "response"}
    request, response = kinds["request"], kinds["response"]
    assert request.rec_headers.get_header("WARC-Concurrent-To") == response.rec_headers.get_header("WARC-Record-ID")
    assert request.http_headers.get_header("Host") == "faults.test"
    assert request.http_headers.protocol == "GET" and "/ok/headers" in request.http_headers.statusline
    assert response.rec_headers.get_header("WARC-Block-Digest")


def test_identical_payload_is_stored_once_as_revisit(server: LoopbackServer, config: FetchConfig,
                                                     tmp_path: Path) -> None:
    with WarcArchive(tmp_path) as archive:
        first = fetch_batch([req("http://faults.test/ok/same")], config, archive).pages[0]
    with WarcArchive(tmp_path) as archive:  # a later run, a new file
        second = fetch_batch([req("http://faults.test/ok/same")], config, archive).pages[0]
    assert (second.warc_file, second.warc_offset) == (first.warc_file, first.warc_offset)
    found = [item[0] for _, _, item in records(tmp_path)]
    assert [r.rec_type for r in found].count("response") == 1
    revisit = next(r for r in found if r.rec_type == "revisit")
    assert revisit.rec_headers.get_header("WARC-Payload-Digest") == first.payload_digest
    assert revisit.rec_headers.get_header("WARC-Refers-To-Target-URI") == first.final_url
    pages = list(iter_archive(tmp_path))
    assert len(pages) == 2 and pages[0].text == pages[1].text == first.text


def test_half_written_last_record_does_not_poison_reading(server: LoopbackServer, config: FetchConfig,
                                                          tmp_path: Path) -> None:
    with WarcArchive(tmp_path) as archive:
        fetch_batch([req("http://faults.test/ok/a"), req("http://faults.test/ok/b")], config, archive)
    warc = next(tmp_path.glob("*.warc.gz"))
    # a crash mid-write: the next record pair got only part of its bytes onto disk
    spare = tmp_path / "spare"
    with WarcArchive(spare) as other:
        fetch_batch([req("http://faults.test/ok/c")], config, other)
    torn = next(spare.glob("*.warc.gz")).read_bytes()
    with open(warc, "ab") as handle:
        handle.write(torn[len(torn) // 3: len(torn) // 3 * 2])
    assert sorted(p.url.rsplit("/", 1)[1] for p in iter_archive(tmp_path)) == ["a", "b"]
    with WarcArchive(tmp_path) as archive:  # the next run writes on, in a new file
        fetch_batch([req("http://faults.test/ok/d")], config, archive)
    assert sorted(p.url.rsplit("/", 1)[1] for p in iter_archive(tmp_path)) == ["a", "b", "d"]


def test_reader_filters_by_date_host_and_status(server: LoopbackServer, config: FetchConfig,
                                                tmp_path: Path) -> None:
    with WarcArchive(tmp_path) as archive:
        batch = fetch_batch([req("http://faults.test/ok/x"), req("http://faults.test/redirect-to?host=alt.test"),
                             req("http://faults.test/pdf"), req("http://faults.test/nowhere")],
                            FetchConfig(**{**_fields(config), "max_attempts": 1}), archive)
    assert batch.counts.ok == 2
    now = datetime.now(timezone.utc)
    everything = list(iter_archive(tmp_path))
    assert sorted(p.final_url for p in everything) == ["http://alt.test/ok/moved", "http://faults.test/ok/x"]
    assert [p.final_url for p in iter_archive(tmp_path, hosts={"alt.test"})] == ["http://alt.test/ok/moved"]
    assert list(iter_archive(tmp_path, since=now + timedelta(minutes=1))) == []
    assert list(iter_archive(tmp_path, until=now - timedelta(minutes=1))) == []
    assert len(list(iter_archive(tmp_path, since=now - timedelta(minutes=1), until=now + timedelta(minutes=1)))) == 2
    assert len(list(iter_archive(tmp_path, kinds=("html", "feed", "sitemap", "other")))) == 3  # + the PDF
    assert list(iter_archive(tmp_path, sources={"elsewhere"})) == []
    moved = next(p for p in everything if "alt.test" in p.final_url)
    assert moved.url == "http://faults.test/redirect-to?host=alt.test" and moved.source == "faults"


def _fields(config: FetchConfig) -> dict[str, object]:
    return {name: getattr(config, name) for name in FetchConfig.__dataclass_fields__}


def test_reopened_archives_see_every_stored_payload_and_forget_deleted_files(
        server: LoopbackServer, config: FetchConfig, tmp_path: Path) -> None:
    """Archives opened one after another in one process (a backfill's chunks) read the digest index
    incrementally: a payload stored by any earlier archive becomes a revisit, one in a deleted file does not."""
    def store(path: str) -> tuple[str | None, int | None]:
        with WarcArchive(tmp_path) as archive:
            page = fetch_batch([req(f"http://faults.test/ok/{path}")], config, archive).pages[0]
        return page.warc_file, page.warc_offset

    first = store("one")
    store("two")
    assert store("one") == first  # the index line written two archives ago is seen
    # a line torn by a crash: ignored, and the lines written after it still count
    with open(tmp_path / "digests.tsv", "a", encoding="utf-8") as handle:
        handle.write("sha1:TORN\tingest-x.warc.gz\t1")
    second = store("three")
    assert store("three") == second
    with open(tmp_path / "digests.tsv", "a", encoding="utf-8") as handle:  # torn inside its date field
        handle.write(f"sha1:TORN2\t{first[0]}\t{first[1]}\thttp://faults.test/ok/one\t2024-01-0")
    with WarcArchive(tmp_path):  # the next run closes the torn line
        pass
    with WarcArchive(tmp_path) as archive:  # and the run after does not trust its truncated date
        assert archive.original_of("sha1:TORN2") is None
    (tmp_path / str(first[0])).unlink()  # an operator deletes the oldest WARC file
    again = store("one")
    assert again != first and again[0] is not None and (tmp_path / again[0]).exists()
