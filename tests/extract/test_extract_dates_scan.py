"""find_dates scans only the text around years unless whitespace runs make a date's reach unbounded:
both ways must find the same dates at the same places."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.extract.dates import find_dates

FORMS = [
    "12:30:45 p.m., 19 September 2024",
    "11:05 a.m. | 3rd December, 2021",
    "13 листопада 2023 року - 20:34:59",
    "26 вересня 2022 р. о 22:16",
    "September 30th, 2024 at 10:36:12 p.m.",
    "Dienstag, 4. Juni 2019, 09:15",
    "14/01/2024 — 18:45:30 pm",
    "2024-01-14T08:10:22",
    "2025/02/03, 23:59",
    "10/31/2024",
]


@pytest.mark.parametrize("form", FORMS)
def test_fast_scan_matches_full_scan(form: str) -> None:
    # prose long enough that the parts between years are skipped, on both sides of the date
    filler = "The delegation met the ministers and agreed further rounds of talks. " * 3
    text = f"{filler}{form} {filler}In 1999 and 2001 the talks began. {form}. {filler}"
    fast = find_dates(text)
    full = find_dates(text + "  ")  # a whitespace run: the whole text is scanned
    assert fast == full
    # a match may take the space after a time of day with it
    assert len(fast) == 2 and len(filler) <= fast[0][0] < fast[0][1] <= len(filler) + len(form) + 1


def test_dates_read_the_same_from_both_scans() -> None:
    text = "Posted on April 13, 2023 by the editors; updated 2 May 2023 at 10:36."
    fast = [dt.date() for _s, _e, dt in find_dates(text)]
    full = [dt.date() for _s, _e, dt in find_dates(text + "\n\n")]
    assert fast == full == [date(2023, 4, 13), date(2023, 5, 2)]


def test_no_year_no_date() -> None:
    assert find_dates("Posted on April 13 at 10:36 by the editors") == []
