"""Step one of intake: keep the raw bytes, before anything can go wrong with them.

Storing is deliberately dumb (hash, a cheap header peek for the Message-ID and
sender, one INSERT that a duplicate leaves alone) so it cannot fail on a malformed message; parsing and the
desk work come after, in ``process``, and may fail without losing the mail.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from email import policy
from email.parser import BytesHeaderParser

from django.db import connection, transaction

from hotro.core import sql
from hotro.desk.models import Department
from hotro.mail.inbound.headers import addresses, decoded, message_ids, raw
from hotro.mail.inbound.parse import rejoin_broken_folds
from hotro.mail.models import InboundMail, InboundSource, Mailbox

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stored:
    mail: InboundMail
    created: bool  # False: these exact bytes were stored before (a duplicate delivery)


def db_safe(text: str | None) -> str:
    """Text every database accepts: ``email`` hands undecodable header bytes back as lone
    surrogates (no UTF-8 column takes them; they become "?") and PostgreSQL refuses NUL."""
    if not text:
        return ""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


def peek_headers(raw_bytes: bytes) -> dict[str, str]:
    """Message-ID, sender and subject for the list views; "" for whatever cannot be read."""
    try:
        msg = BytesHeaderParser(policy=policy.default).parsebytes(rejoin_broken_folds(raw_bytes)[0])
        ids = message_ids(raw(msg, "Message-ID"))
        sender = addresses(msg, "From") or addresses(msg, "Sender")
        # What the failed list shows: an unreadable From as written, else the Reply-To the parser falls back to.
        shown = sender[0][1] if sender else decoded(msg, "From") or next(iter(addresses(msg, "Reply-To")), ("", ""))[1]
        return {
            "message_id": db_safe(ids[0])[:255] if ids else "",
            "from_email": db_safe(shown)[:254],
            "subject": db_safe(" ".join(decoded(msg, "Subject").split()))[:250],
        }
    except Exception:  # a header we cannot read is the parser's business, later
        logger.warning("header peek failed", exc_info=True)
        return {"message_id": "", "from_email": "", "subject": ""}


def store_raw(
    raw_bytes: bytes,
    *,
    source: str = InboundSource.PIPE,
    source_name: str = "",
    mailbox: Mailbox | None = None,
    department: Department | None = None,
    enqueue: bool = True,
) -> Stored:
    """Store one raw message (content-addressed by SHA-256) and, after commit, enqueue its processing.

    The same bytes stored twice give the existing row back with ``created=False``.
    ``enqueue=False`` is for callers that process inline (the pipe command).
    """
    raw_bytes = bytes(raw_bytes)
    digest = hashlib.sha256(raw_bytes).hexdigest()
    mail = InboundMail(
        sha256=digest,
        raw=raw_bytes,
        size=len(raw_bytes),
        source=source,
        source_name=source_name[:100],
        mailbox=mailbox,
        department=department,
        **peek_headers(raw_bytes),
    )
    if not _insert_new(mail):  # these exact bytes were stored before, or by another path just now
        return Stored(InboundMail.objects.get(sha256=digest), created=False)
    if enqueue:
        transaction.on_commit(lambda: enqueue_processing(mail.pk), robust=True)
    return Stored(mail, created=True)


def _insert_new(mail: InboundMail) -> bool:
    """One ``INSERT … ON CONFLICT (sha256) DO NOTHING``: the unique SHA-256 is the duplicate check.

    A duplicate is neither an error (no savepoint needed inside a caller's transaction,
    nothing in PostgreSQL's error log, which would otherwise hold the whole refused
    message) nor a second statement to look first. Outside a transaction it commits at once.
    """
    meta = InboundMail._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    values = [field.get_db_prep_save(field.pre_save(mail, add=True), connection) for field in fields]
    statement = (
        f"INSERT INTO {sql.table(InboundMail)} ({', '.join(sql.column(InboundMail, f.name) for f in fields)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT ({sql.column(InboundMail, 'sha256')}) DO NOTHING "
        f"RETURNING {sql.column(InboundMail, meta.pk.name)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, values)
        row = cursor.fetchone()
    if row is None:
        return False
    mail.pk = row[0]
    mail._state.adding = False
    mail._state.db = connection.alias
    return True


def enqueue_processing(pk: int) -> None:
    """Hand the row to a worker; if the queue is down, the scheduler's sweep processes it later."""
    from hotro.mail.tasks import process_inbound_mail

    try:
        process_inbound_mail.enqueue(pk)
    except Exception:
        logger.exception("could not enqueue processing of inbound mail %s; the sweep will retry", pk)
