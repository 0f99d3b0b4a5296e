"""A report table as data: shown as HTML under its chart and exported as CSV, from the same rows.

Cells hold raw values (counts, seconds, ratios); the template formats them for people and
``write_csv`` for spreadsheets, so both always agree.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hotro.reports.display import value_text

TEXT, COUNT, DURATION, PERCENT = "text", "count", "duration", "percent"

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection): names come from people.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    label: Any  # a lazy translation
    kind: str = COUNT

    @property
    def csv_label(self) -> str:
        suffix = " (min)" if self.kind == DURATION else " (%)" if self.kind == PERCENT else ""
        return f"{self.label}{suffix}"


@dataclass
class Table:
    key: str  # the ``table`` parameter of its CSV link
    title: Any
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)

    @property
    def display_rows(self) -> list[list[tuple[str, str]]]:
        """Rows as the page shows them: (text, CSS class) per cell, formatted once here for the template."""
        kinds = [c.kind for c in self.columns]
        return [
            [(value_text(v, k), "" if k == TEXT else "num") for v, k in zip(row, kinds, strict=True)]
            for row in self.rows
        ]


def _csv_value(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if kind == DURATION:
        return round(value / 60, 1)
    if kind == PERCENT:
        return round(value * 100, 1)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(table: Table) -> str:
    """The table as CSV text: durations in minutes, shares in percent, names safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(c.label) if c.kind != DURATION and c.kind != PERCENT else c.csv_label for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(v, c.kind) for v, c in zip(row, table.columns, strict=True)])
    return out.getvalue()


def share(part: int | None, whole: int | None) -> float | None:
    """``part / whole`` or ``None`` when there is nothing to divide."""
    return None if not whole else (part or 0) / whole


def find(tables: Sequence[Table], key: str) -> Table | None:
    return next((t for t in tables if t.key == key), None)
