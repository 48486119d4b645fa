"""What every layer module shares: the generation context and the table it hands back."""
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
from django.db import models

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT_SEED = 20261124
DEFAULT_REFERENCE = datetime(2026, 11, 24, 8, 0, tzinfo=SHANGHAI)
# Rows are built and streamed to COPY in chunks this long, so a million cameras never sit in
# memory as Python tuples all at once.
CHUNK = 50_000


@dataclass
class Table:
    """Rows for one model. `columns` are field attnames (`district_id`, not `district`);
    fields left out get their Python default, or NULL. `rows` is a list, or for big layers a
    function returning an iterator (then `count` says how many it yields)."""

    model: type[models.Model]
    columns: tuple[str, ...]
    rows: list[tuple] | Callable[[], Iterator[tuple]]
    count: int = -1

    def __post_init__(self):
        if not callable(self.rows):
            self.count = len(self.rows)

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.rows()) if callable(self.rows) else iter(self.rows)


@dataclass
class Context:
    """One generation run. Every random stream is derived from (seed, name), so one layer's
    draws never shift another's: changing --scale leaves shelters and events as they were."""

    seed: int
    scale: int
    reference: datetime
    shared: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.reference.tzinfo is None:
            raise ValueError("reference must be timezone-aware")
        if self.scale < 1:
            raise ValueError("scale must be at least 1")

    def random(self, name: str) -> random.Random:
        # A str seed goes through SHA-512, independent of PYTHONHASHSEED.
        return random.Random(f"{self.seed}:{name}")

    def numpy(self, name: str) -> np.random.Generator:
        return np.random.default_rng(self.random(f"numpy:{name}").getrandbits(128))

    @property
    def local(self) -> datetime:
        """The reference instant in Beijing time, which codes and dates are written in."""
        return self.reference.astimezone(SHANGHAI)

    @staticmethod
    def district_id(index: int) -> int:
        # Ids are assigned by the generator, not the sequence, so reloads give identical rows.
        return index + 1


def chunked(count: int, build: Callable[[int, int], Iterable[tuple]]) -> Callable[[], Iterator[tuple]]:
    """Lazy rows: build(start, stop) makes the rows of one chunk."""

    def rows():
        for start in range(0, count, CHUNK):
            yield from build(start, min(start + CHUNK, count))

    return rows


def weighted(rng: random.Random, table: dict):
    """One key of {key: weight}."""
    return rng.choices(list(table), weights=list(table.values()))[0]


def cover(rng: random.Random, values: list, required) -> list:
    """Make sure every value in `required` occurs at least once (a small layer must still show
    every status and kind on the map), overwriting random values that occur more than once."""
    counts = Counter(values)
    for value in required:
        if counts[value]:
            continue
        i = rng.randrange(len(values))
        while counts[values[i]] < 2:
            i = rng.randrange(len(values))
        counts[values[i]] -= 1
        values[i] = value
        counts[value] = 1
    return values
