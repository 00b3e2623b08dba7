"""Faster pickling of the frozen, slotted dataclasses that cross process boundaries by the thousand.

For a slotted dataclass, Python 3.11 pickles through generated __getstate__/__setstate__ that call
dataclasses.fields() on every object: a backfill's pages, attempts and articles spent more time there than
in copying their data between the worker processes and the run's process. The same state (the field
values in field order), with the field names looked up once per class.
"""

from __future__ import annotations

import dataclasses
import operator
from typing import Any, TypeVar

T = TypeVar("T")


def fast_pickling(cls: type[T]) -> type[T]:
    """Class decorator (under @dataclass(frozen=True, slots=True)): pickling with the field names cached."""
    names = tuple(field.name for field in dataclasses.fields(cls))  # type: ignore[arg-type]
    values = operator.attrgetter(*names)
    one = len(names) == 1

    def __getstate__(self: Any) -> tuple[Any, ...]:
        return (values(self),) if one else values(self)

    def __setstate__(self: Any, state: tuple[Any, ...]) -> None:
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)

    setattr(cls, "__getstate__", __getstate__)  # noqa: B010 (replacing the generated methods)
    setattr(cls, "__setstate__", __setstate__)  # noqa: B010
    return cls
