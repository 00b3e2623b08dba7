import io
import json
from pathlib import Path

import pytest
from dedup_helpers import OTHER_STORY, RELEASE, fixture

from ingest.dedup import DedupConfig, DedupConfigError
from ingest.dedup.cli import dedup_command


def write_jsonl(path: Path, items: list[dict[str, object]]) -> str:
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n", encoding="utf-8")
    return str(path)


def test_cli_prints_one_cluster_line_per_input_line(tmp_path: Path) -> None:
    items: list[dict[str, object]] = [
        {"id": "oj", "text": fixture("seed_000.txt"), "published": "2023-11-28T17:40:00+02:00",
         "url": "https://odessa-journal.com/public/index.php/italy-talks"},
        {"id": "rub", "text": fixture("seed_001.txt"), "published": "2023-11-28T19:00:00+02:00"},
        {"id": 3, "text": fixture("seed_003.txt")},
        {"id": "emp4", "text": fixture("seed_004.txt")},
        {"id": "oj-variant", "text": RELEASE, "url": "https://odessa-journal.com/italy-talks/?utm_source=x"},
        {"id": "nl", "text": OTHER_STORY},
    ]
    out = io.StringIO()
    assert dedup_command(write_jsonl(tmp_path / "in.jsonl", items), out) == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["id"] for line in lines] == ["oj", "rub", "3", "emp4", "oj-variant", "nl"]
    cluster = {line["id"]: line["cluster"] for line in lines}
    assert cluster["oj"] == cluster["rub"] == cluster["oj-variant"]
    assert len({cluster["oj"], cluster["3"], cluster["emp4"], cluster["nl"]}) == 4
    assert all(c.startswith("c_") and len(c) == 18 for c in cluster.values())


@pytest.mark.parametrize(("line", "reason"), [
    ("not json", "line 1: not JSON"),
    ('{"text": "x"}', "'id'"),
    ('{"id": "a", "text": 5}', "'text'"),
    ('{"id": "a", "text": "x", "published": "yesterday"}', "ISO 8601"),
    ('{"id": "a", "text": "x", "url": "ftp://x"}', "http"),
])
def test_cli_rejects_bad_lines_with_a_reason(tmp_path: Path, line: str, reason: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    assert dedup_command(str(path), io.StringIO()) == 2
    assert reason in capsys.readouterr().err


def test_cli_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert dedup_command(str(tmp_path / "nope.jsonl"), io.StringIO()) == 2
    assert "nope.jsonl" in capsys.readouterr().err


def test_config_overrides_and_errors() -> None:
    assert DedupConfig.from_mapping({"containment_threshold": 0.4, "num_perm": 256}).bands == 128
    with pytest.raises(DedupConfigError, match="unknown"):
        DedupConfig.from_mapping({"treshold": 0.4})
    with pytest.raises(DedupConfigError, match="integer"):
        DedupConfig.from_mapping({"num_perm": 128.0})
    with pytest.raises(DedupConfigError, match="power of two"):
        DedupConfig(num_perm=100)
    with pytest.raises(DedupConfigError, match="0..1"):
        DedupConfig(containment_threshold=1.5)
    families = DedupConfig.from_mapping({"translation_families": ["president", "rubryka"]})
    assert families.translation_families == ("president", "rubryka") and families.wants_facts("rubryka")
    assert not DedupConfig().wants_facts("rubryka") and DedupConfig(translation_families=("*",)).wants_facts("x")
    with pytest.raises(DedupConfigError, match="list of strings"):
        DedupConfig.from_mapping({"translation_families": "president"})
