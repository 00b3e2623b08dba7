"""sources.toml: the default file is valid, and every kind of mistake gives one message naming file,
source and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.config import DEFAULT_SOURCES_FILE, ConfigError, load_sources, parse_host_map, settings_from_env

GOOD = """
[[source]]
name = "a"
home = "https://a.example/"
language = "en"
kind = "news"
allowed_hosts = ["a.example"]
  [[source.discovery]]
  kind = "listing"
  url = "https://a.example/news"
  page_url = "https://a.example/news?page={page}"
  link_selector = "h2 > a"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_file_lists_the_real_sources() -> None:
    sources = load_sources(DEFAULT_SOURCES_FILE)
    names = {s.name for s in sources}
    assert {"president-en", "president-uk", "odessa-journal", "rubryka-en", "euromaidanpress", "ukrinform-en"} <= names
    president = next(s for s in sources if s.name == "president-en")
    assert president.kind == "official"
    assert all(s.timezone == "Europe/Kyiv" for s in sources)  # the sites print Kyiv local time
    assert any(e.url == "https://www.president.gov.ua/en/rss/news/all.rss" for e in president.discovery)


def test_a_good_file_loads(tmp_path: Path) -> None:
    (source,) = load_sources(write(tmp_path, GOOD))
    assert source.discovery[0].link_selector == "h2 > a"
    assert source.allowed_hosts == ("a.example",)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.replace('kind = "news"', 'kind = "news"\ncolour = "red"'), "source 'a': unknown field 'colour'"),
        (lambda t: t.replace('home = "https://a.example/"\n', ""), "source 'a': field 'home': missing URL"),
        (lambda t: t.replace('url = "https://a.example/news"', 'url = ""'), "source 'a': discovery[0]: field 'url': missing URL"),
        (lambda t: t.replace('"h2 > a"', '"h2 >"'), "source 'a': discovery[0]: field 'link_selector': invalid CSS selector"),
        (lambda t: t + t, "source 'a': field 'name': duplicate source name"),
        (lambda t: t.replace('kind = "news"', 'kind = "blog"'), "source 'a': field 'kind'"),
        (lambda t: t.replace('kind = "news"', 'kind = "news"\ntimezone = "Europe/Kiev_"'),
         "source 'a': field 'timezone': 'Europe/Kiev_' is not an IANA time zone name"),
        (lambda t: t.replace('url = "https://a.example/news"', 'url = "https://elsewhere.example/news"'),
         "field 'url': host of 'https://elsewhere.example/news' is not in allowed_hosts"),
    ],
    ids=["unknown-key", "missing-home", "missing-url", "bad-selector", "duplicate-name", "bad-kind", "bad-timezone",
         "foreign-host"],
)
def test_a_bad_file_names_file_source_and_field(tmp_path: Path, edit, expected: str) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, edit(GOOD))
    with pytest.raises(ConfigError) as caught:
        load_sources(path)
    message = str(caught.value)
    assert expected in message
    assert str(path) in message


def test_not_toml_is_reported_with_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[[source]\nname=")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_sources(path)


def test_environment_overrides_defaults(tmp_path: Path) -> None:
    settings = settings_from_env({"INGEST_DB": str(tmp_path / "x.duckdb"), "INGEST_CONCURRENCY": "3",
                                  "INGEST_HOST_MAP": "www.a.example=127.0.0.1:9000"})
    assert settings.db_path == tmp_path / "x.duckdb"
    assert settings.global_concurrency == 3
    assert settings.host_map == (("www.a.example", "127.0.0.1:9000"),)
    assert settings.resolved_raw_dir == tmp_path / "raw"


def test_bad_environment_value_is_named() -> None:
    with pytest.raises(ConfigError, match="INGEST_CONCURRENCY"):
        settings_from_env({"INGEST_CONCURRENCY": "many"})
    with pytest.raises(ConfigError, match="INGEST_HOST_MAP"):
        parse_host_map("www.a.example")


def test_fetch_table_sets_fetch_config_fields_and_rejects_unknown_ones() -> None:
    from ingest.pipeline.page_stages import fetch_config

    config = fetch_config(settings_from_env({}), (("max_redirects", 2), ("read_timeout_s", 5.0)))
    assert config.max_redirects == 2 and config.read_timeout_s == 5.0
    with pytest.raises(ConfigError, match=r"\[fetch\]: unknown setting 'max_redirect'"):
        fetch_config(settings_from_env({}), (("max_redirect", 2),))
    with pytest.raises(ConfigError, match=r"\[fetch\]: FetchConfig.max_redirects"):
        fetch_config(settings_from_env({}), (("max_redirects", -1),))
