"""``import_services``: a billing system's CSV of instances, upserted line by line.

A line in error is reported with its line number and writes nothing; the others are
imported. A file that is not such a CSV is refused as a whole (``BadFile``), before
anything is written.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hotro.catalog.errors import CatalogError
from hotro.catalog.services.instances import FIELDS, upsert_instance


class BadFile(CatalogError):
    """Not a UTF-8 CSV with the expected header."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged, "errors": self.errors}


def decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadFile(_("The file is not UTF-8 text (byte %(at)s).") % {"at": error.start}) from None
    if "\x00" in text:
        raise BadFile(_("The file is not a CSV: it holds binary data."))
    return text


def import_csv(text: str) -> ImportReport:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise BadFile(_("The file is empty.")) from None
    except csv.Error as error:
        raise BadFile(_("The file is not a CSV: %(error)s") % {"error": error}) from None
    if [name.strip().lower() for name in header] != list(FIELDS):
        raise BadFile(_("The header must be: %(header)s") % {"header": ",".join(FIELDS)})
    report = ImportReport()
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            report.errors.append({"line": reader.line_num, "error": str(error)})
            continue
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # blank lines are no records
        if len(row) != len(FIELDS):
            report.errors.append(
                {"line": line, "error": _("Expected %(n)s columns, found %(m)s.") % {"n": len(FIELDS), "m": len(row)}}
            )
            continue
        try:
            with transaction.atomic():  # a line fails whole: nothing of it is written
                _instance, outcome = upsert_instance(dict(zip(FIELDS, row, strict=True)))
        except CatalogError as error:
            report.errors.append({"line": line, "error": str(error.message)})
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report
