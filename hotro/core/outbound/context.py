"""Template contexts stored as JSON with the outbound row, and brought back to life to render it.

A context holds plain values and references: a model instance is stored as its label
and primary key and read again when the message is rendered (so the mail shows the
ticket as it is then), a datetime as ISO 8601, a choice as its value, and a ``Deferred``
call as a function of ours run at render time (a display string in the recipient's
language). Lazy translations cannot be stored: pass a ``Deferred`` that returns one.
"""

from __future__ import annotations

import enum
import importlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class Deferred:
    """``function(*args)`` computed when the message is rendered; ``function`` is "module:name" in Hotro."""

    function: str
    args: tuple[Any, ...] = ()


def freeze(value: Any) -> Any:
    """A JSON-safe form of ``value``; anything this cannot store faithfully is a programming error."""
    if isinstance(value, enum.Enum):
        return value.value  # a choice (Status.RESOLVED) is compared by its value in templates
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return {"$model": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, Deferred):
        return {"$call": value.function, "args": [freeze(a) for a in value.args]}
    if isinstance(value, list | tuple):
        return [freeze(v) for v in value]
    if isinstance(value, dict):
        return {str(k): freeze(v) for k, v in value.items()}
    raise TypeError(f"{type(value).__name__} cannot be stored in an outbound message's context")


def _function(path: str) -> Any:
    module, _sep, name = path.partition(":")
    if not module.startswith("hotro."):
        raise ValueError(f"{path} is not a Hotro function")
    target: Any = importlib.import_module(module)
    for part in name.split("."):
        target = getattr(target, part)
    return target


def thaw(value: Any) -> Any:
    """The context to render with; a row that no longer exists raises ``LookupError``."""
    if isinstance(value, list):
        return [thaw(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$model" in value:
        model = apps.get_model(value["$model"])
        try:
            return model._default_manager.get(pk=value["pk"])
        except model.DoesNotExist:
            raise LookupError(f"{value['$model']} {value['pk']} no longer exists") from None
    if "$datetime" in value:
        return datetime.fromisoformat(value["$datetime"])
    if "$call" in value:
        return _function(value["$call"])(*(thaw(a) for a in value["args"]))
    return {k: thaw(v) for k, v in value.items()}
