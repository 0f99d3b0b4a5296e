"""Names for the few statements written as SQL on hot paths (mail intake), taken from the models.

The ORM stays the rule; where a statement runs for every inbound message and building
it cost more than running it, it is written by hand, with table and column names
read from the model so a renamed field cannot drift from the SQL.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Field, Model


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model: type[Model], name: str) -> str:
    """The quoted column of field ``name`` (a foreign key's ``name`` gives its ``_id`` column)."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:
        raise ValueError(f"{model.__name__}.{name} has no column of its own")
    return connection.ops.quote_name(field.column)
