"""Compact per-row storage for the history index: growable numpy columns and a string table.

A million indexed articles must fit in a few GB, so the index keeps no per-article Python record: fixed-width
values live in numpy arrays grown in place (realloc, so growing a 512 MB signature column neither copies it
nor holds two copies at once), repeated strings (sources, languages, methods) as small integer codes.
"""

from __future__ import annotations

from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt

GROWTH = 1.125  # capacity grows by an eighth (or to what is needed): little unused memory at 1M rows

T = TypeVar("T", bound=np.generic)


class Column(Generic[T]):
    """A numpy array of rows that grows by appending; `view` is the filled part (do not keep it across
    appends: growing may move the buffer)."""

    def __init__(self, dtype: type[T] | np.dtype[T], width: int = 0) -> None:
        self._shape_tail: tuple[int, ...] = (width,) if width else ()
        self._data: npt.NDArray[T] = np.zeros((0, *self._shape_tail), dtype=dtype)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    @property
    def view(self) -> npt.NDArray[T]:
        return self._data[: self._size]

    def append(self, values: npt.NDArray[T]) -> None:
        if values.shape[1:] != self._shape_tail:
            raise ValueError(f"column of rows shaped {self._shape_tail} given rows shaped {values.shape[1:]}")
        needed = self._size + values.shape[0]
        if needed > self._data.shape[0]:
            self._grow(max(needed, int(self._data.shape[0] * GROWTH) + 16))
        self._data[self._size : needed] = values
        self._size = needed

    def _grow(self, capacity: int) -> None:
        try:  # in place: realloc (mremap for large buffers), no second copy in memory
            self._data.resize((capacity, *self._shape_tail), refcheck=True)
        except ValueError:  # someone still holds a view of the buffer: copy instead
            grown = np.zeros((capacity, *self._shape_tail), dtype=self._data.dtype)
            grown[: self._size] = self._data[: self._size]
            self._data = grown


class StringCodes:
    """Small integer codes for a few distinct strings (None is code 0)."""

    def __init__(self) -> None:
        self._values: list[str | None] = [None]
        self._codes: dict[str | None, int] = {None: 0}

    def code(self, value: str | None) -> int:
        found = self._codes.get(value)
        if found is None:
            if len(self._values) > 0xFFFF:
                raise ValueError(f"more than 65,535 distinct values (sources, kinds, languages, methods): {value!r}")
            found = self._codes[value] = len(self._values)
            self._values.append(value)
        return found

    def value(self, code: int) -> str | None:
        return self._values[code]

    def text(self, code: int) -> str:
        value = self._values[code]
        return "" if value is None else value
