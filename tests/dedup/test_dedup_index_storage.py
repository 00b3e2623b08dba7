"""The compact history index: rows rebuilt from its columns, growth in place, candidate shortlists."""

from dataclasses import replace

import numpy as np
import pytest
from dedup_helpers import OTHER_STORY, RELEASE, doc, fixture

from ingest.dedup import DedupConfig, DedupIndex, InvalidDedupInput, assign_clusters
from ingest.dedup.columns import Column
from ingest.dedup.matching import shortlist

CONFIG = DedupConfig()


def test_rows_come_back_as_they_were_added() -> None:
    docs = [doc("https://a.example/release", RELEASE, 0, source="president-en", kind="official",
                alternates=(("uk", "https://a.example/uk/release"),)),
            doc("https://b.example/copy", "Kyiv.\n\n" + RELEASE + "\n\nAccording to Ukrinform.", 1),
            doc("https://c.example/other", OTHER_STORY, 2, language=None),
            doc("https://d.example/seed", fixture("seed_000.txt"), 3)]
    result = assign_clusters(docs, DedupIndex(CONFIG), CONFIG)
    index = DedupIndex.from_rows(iter(result.rows), CONFIG)  # any iterable, consumed once
    assert list(index.rows) == list(result.rows)
    assert index.rows[-1] == result.rows[-1] and len(index.rows) == 4
    assert [index.url(n) for n in range(4)] == [r.url for r in result.rows]
    again = DedupIndex.from_rows(index.rows, CONFIG)  # a rebuilt index compares like the first
    copy = doc("https://e.example/copy2", RELEASE + "\n\nBackground.", 4)
    assert assign_clusters([copy], again, CONFIG).assignments == assign_clusters([copy], index, CONFIG).assignments
    with pytest.raises(InvalidDedupInput, match="indexed twice"):
        index.add(result.rows[:1])
    with pytest.raises(InvalidDedupInput, match="indexed twice"):  # a bad batch changes nothing
        index.add([replace(result.rows[0], url="https://x.example/new"), result.rows[1]])
    assert len(index) == 4 and index.row_of_url("https://x.example/new") is None
    with pytest.raises(IndexError):
        index.row(4)


def test_columns_keep_their_rows_while_growing() -> None:
    column: Column[np.uint32] = Column(np.uint32, 4)
    expected = []
    for step in range(40):
        block = np.full((step * 7 + 1, 4), step, dtype=np.uint32)
        column.append(block)
        expected.append(block)
        held = column.view if step % 5 == 0 else None  # a held view forces a copying growth
        assert np.array_equal(column.view, np.concatenate(expected))
        del held
    with pytest.raises(ValueError, match="shaped"):
        column.append(np.zeros((1, 3), dtype=np.uint32))


def test_shortlist_keeps_the_best_scoring_pairs_of_each_text() -> None:
    config = DedupConfig(max_verify=2)
    query = np.array([0, 0, 0, 0, 1, 1, 2], dtype=np.int64)
    other = np.array([5, 6, 7, 8, 5, 9, 3], dtype=np.int64)
    jaccard = np.array([0.1, 0.5, 0.3, 0.5, 0.05, 0.4, 0.01])
    containment = np.array([0.3, 0.6, 0.6, 0.6, 0.1, 0.5, 0.1])
    kept = shortlist(config, query, other, jaccard, containment)
    # query 0: rows 6 and 8 tie (1.1) above row 7 (0.9); query 1: row 5 is below the prefilter; query 2 too
    assert list(zip(query[kept].tolist(), other[kept].tolist(), strict=True)) == [(0, 6), (0, 8), (1, 9)]
