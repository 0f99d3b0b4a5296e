"""Fixed histogram buckets, and percentiles read from summed bucket counts: pure functions.

Why buckets and not stored durations: a percentile cannot be added up (the p90 of a month
is not the mean of thirty daily p90s), and keeping every duration would make a report
page read one row per ticket. A histogram with the *same* fixed edges on every rollup
row can be added up: summing the bucket columns over any days, departments and channels
gives the histogram of the whole selection, in one aggregate query whose cost depends on
the number of rollup rows, not of tickets. The percentile is then found in the bucket
where the cumulative count crosses it and interpolated linearly inside that bucket, so it
is exact to within one bucket's width. The edges are roughly geometric (15 minutes to 30
days): support times spread over three orders of magnitude and a manager reads "about 2 h"
and "about 3 days", not seconds. The last bucket is open-ended; a percentile falling in it
is reported as its lower edge ("30 days or more").

Changing ``EDGES`` changes the meaning of stored columns: it needs a migration and a
``rebuild_reports``.
"""

from __future__ import annotations

from collections.abc import Sequence

MINUTE, HOUR, DAY = 60, 3600, 86400

# Upper edges (exclusive) in seconds; bucket i holds durations in [EDGES[i-1], EDGES[i]).
EDGES: tuple[int, ...] = (
    15 * MINUTE,
    30 * MINUTE,
    1 * HOUR,
    2 * HOUR,
    4 * HOUR,
    8 * HOUR,
    1 * DAY,
    2 * DAY,
    3 * DAY,
    5 * DAY,
    7 * DAY,
    14 * DAY,
    30 * DAY,
)
COUNT = len(EDGES) + 1  # the last bucket: 30 days or more

# The four histograms each ticket rollup row carries, by column prefix.
FIRST_RESPONSE_BUSINESS = "frb"
FIRST_RESPONSE_WALL = "frw"
RESOLUTION_BUSINESS = "resb"
RESOLUTION_WALL = "resw"
HISTOGRAMS = (FIRST_RESPONSE_BUSINESS, FIRST_RESPONSE_WALL, RESOLUTION_BUSINESS, RESOLUTION_WALL)

# Backlog age buckets (upper edges in seconds): under a day, 1-3 days, 3-7 days, 7-30 days, older.
AGE_EDGES: tuple[int, ...] = (1 * DAY, 3 * DAY, 7 * DAY, 30 * DAY)
AGE_COUNT = len(AGE_EDGES) + 1


def column(prefix: str, index: int) -> str:
    """The rollup column of one bucket: ``frb_00`` … ``resw_13``."""
    return f"{prefix}_{index:02d}"


def columns(prefix: str) -> list[str]:
    return [column(prefix, i) for i in range(COUNT)]


def age_column(index: int) -> str:
    return f"age_{index}"


def age_columns() -> list[str]:
    return [age_column(i) for i in range(AGE_COUNT)]


def index_of(seconds: float, edges: Sequence[int] = EDGES) -> int:
    """The bucket a duration falls in (negative durations, from clock skew, count as zero)."""
    for i, edge in enumerate(edges):
        if seconds < edge:
            return i
    return len(edges)


def percentile(counts: Sequence[int], q: float) -> float | None:
    """The ``q`` quantile (0 < q ≤ 1) in seconds from bucket counts; ``None`` with no data.

    Linear inside the bucket where the cumulative count reaches ``q`` of the total; the
    open last bucket answers its lower edge.
    """
    total = sum(counts)
    if total <= 0:
        return None
    wanted = q * total
    seen = 0
    for i, count in enumerate(counts):
        if count and seen + count >= wanted:
            low = EDGES[i - 1] if i > 0 else 0
            if i >= len(EDGES):
                return float(low)
            high = EDGES[i]
            return low + (high - low) * (wanted - seen) / count
        seen += count
    return float(EDGES[-1])  # pragma: no cover - unreachable: the loop reaches the total
