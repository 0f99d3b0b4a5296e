"""Where the third-party mail corpora live: ``../shared/corpus`` beside the checkout.

The corpora are data written by others (licences beside them); a checkout
without them still runs the rest of the suite, and the corpus tests skip.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[4] / ".." / "shared" / "corpus"
LIMITS = {"max_attachment_bytes": 10 * 1024 * 1024, "max_attachments": 10}


def files(*parts: str, pattern: str = "*") -> list[Path]:
    """Sorted data files under the corpus folder (licences and notes left out); [] when absent."""
    folder = CORPUS.joinpath(*parts)
    if not folder.is_dir():
        return []
    skip = {"LICENSE", "NOTICE", "MANIFEST.md", "expectations.json"}
    return sorted(p for p in folder.glob(pattern) if p.is_file() and p.name not in skip)


def load_json(*parts: str) -> dict:
    path = CORPUS.joinpath(*parts)
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def params(items: list, make_id) -> list:  # type: ignore[no-untyped-def]
    """Parametrize values, or one skipping case when the corpus is absent (so the module still collects)."""
    if not items:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"corpus not found at {CORPUS}"), id="no-corpus")]
    return [pytest.param(item, id=make_id(item)) for item in items]
