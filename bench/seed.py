"""Seed a PostgreSQL database with a realistic desk: customers, agents, tickets, messages, attachments, events.

Usage (the database must be migrated and hold the provider defaults)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hotro_bench SECRET_KEY=x \\
        .venv/bin/python -m bench.seed --tickets 1000000

Rows go in with ``COPY`` (psycopg 3), one connection per big table so PostgreSQL ingests
while Python generates. Column lists come from the models' ``_meta``: a field this
seeder does not know gets its model default (or NULL), so new columns never break it.
Each ticket's search documents (``search_text``, ``search_notes``) are built while it is
generated, by ``hotro.desk.search.ticket_document`` / ``notes_document`` from the texts
written (requester, subject, public messages; internal notes), as the application would.
Secondary indexes of the big tables (including the search trigram GIN indexes, desk 0005)
are dropped during the load and rebuilt after it;
foreign-key triggers are skipped (``session_replication_role = replica``) because the
rows are consistent by construction. The seed's size is recorded in ``bench_seed``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import random
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import django

FEATURED_MESSAGES = 20  # the ticket scenario 3 shows
BIG_MESSAGES = 60  # a long thread, to check the ticket page's query count does not grow
YEAR = 365 * 86400
# SLA targets by priority (seconds): first response, resolution (the policy's order of magnitude).
FIRST_RESPONSE = {1: 1800, 2: 3600, 3: 4 * 3600, 4: 8 * 3600}
RESOLUTION = {1: 4 * 3600, 2: 8 * 3600, 3: 24 * 3600, 4: 72 * 3600}
# Bumped when the seeded data changes, so bench.run does not reuse an older seed (2: search documents).
SEED_VERSION = 2
BENCH_PASSWORD = "bench-password-7"  # benchmark accounts on a throw-away database
AGENT_EMAIL = "agent@bench.example"
CUSTOMER_EMAIL = "customer@bench.example"


@dataclass
class SeedReport:
    tickets: int
    customers: int
    agents: int
    messages: int = 0
    attachments: int = 0
    events: int = 0
    featured_ticket: int = 0
    big_ticket: int = 0
    agent_email: str = AGENT_EMAIL
    customer_email: str = CUSTOMER_EMAIL
    password: str = BENCH_PASSWORD
    seconds: dict[str, float] = field(default_factory=dict)
    version: int = SEED_VERSION


class Loader:
    """COPY rows of one model; the column list and the defaults come from ``_meta``."""

    def __init__(self, model: Any) -> None:
        from django.db import connection

        self.model = model
        self.table = model._meta.db_table
        fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in fields]
        self.slots: list[tuple[str, Any, bool]] = []
        for f in fields:
            default: Any = None
            is_callable = False
            if f.has_default() and callable(f.default):
                default, is_callable = f.get_default, True
            else:
                default = f.get_default()
                if isinstance(default, dict | list):
                    default = json.dumps(default)
                elif default is not None:
                    default = f.get_db_prep_save(default, connection)
            self.slots.append((f.attname, default, is_callable))

    def row(self, values: dict[str, Any]) -> tuple[Any, ...]:
        out = []
        for name, default, is_callable in self.slots:
            if name in values:
                out.append(values[name])
            elif is_callable:
                value = default()
                out.append(json.dumps(value) if isinstance(value, dict | list) else value)
            else:
                out.append(default)
        return tuple(out)

    def statement(self) -> str:
        cols = ", ".join(f'"{c}"' for c in self.columns)
        return f'COPY "{self.table}" ({cols}) FROM STDIN'


def _connect() -> Any:
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    conn = psycopg.connect(**params, autocommit=False)
    with conn.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        cur.execute("SET synchronous_commit = off")
    return conn


class Copier:
    """One open COPY per table on its own connection; rows are sent by a background thread."""

    def __init__(self, loader: Loader) -> None:
        from psycopg.copy import QueuedLibpqWriter

        self.loader = loader
        self.conn = _connect()
        self.cur = self.conn.cursor()
        self._ctx = self.cur.copy(loader.statement(), writer=QueuedLibpqWriter(self.cur))
        self.copy = self._ctx.__enter__()
        self.count = 0

    def write(self, values: dict[str, Any]) -> None:
        self.copy.write_row(self.loader.row(values))
        self.count += 1

    def close(self) -> None:
        self._ctx.__exit__(None, None, None)
        self.conn.commit()
        self.conn.close()


def _ts(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _secondary_indexes(cur: Any, table: str) -> list[tuple[str, str]]:
    """Indexes not backing a constraint (primary key, unique): safe to drop and rebuild."""
    cur.execute(
        """
        SELECT i.relname, pg_get_indexdef(i.oid)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        WHERE t.relname = %s AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
        """,
        [table],
    )
    return list(cur.fetchall())


@contextlib.contextmanager
def _line_cached_normalise() -> Iterator[None]:
    """Seeding speed: ``hotro.desk.search.normalise`` cached line by line while the seeder runs.

    Bodies are lines drawn from small sentence pools and names, subjects from short lists,
    so most lines repeat. A newline is a non-word character, so normalising each line and
    joining the non-empty results with one space is exactly ``normalise`` of the whole text
    (checked below on the pools); the documents equal what ``ticket_document`` gives unpatched.
    """
    from bench.text import EN_PHRASES, VI_PHRASES, VI_SUBJECTS
    from hotro.desk import search

    original = search.normalise
    line = functools.lru_cache(maxsize=1 << 17)(original)

    def normalise(text: str) -> str:
        if "\n" not in (text or ""):
            return line(text)
        return " ".join(part for part in map(line, text.split("\n")) if part)

    sample = ["\n".join(VI_PHRASES[:4]), "\n\n".join(EN_PHRASES[:3]) + "\n", "\n".join(VI_SUBJECTS), "", "Đ\n"]
    if any(normalise(text) != original(text) for text in sample):
        raise RuntimeError("bench.seed: line-cached normalise differs from hotro.desk.search.normalise")
    search.normalise = normalise
    try:
        yield
    finally:
        search.normalise = original


class TicketMaker:
    """Generates one ticket with its messages, attachments and audit events (dicts keyed by attname)."""

    def __init__(self, rng: random.Random, plan: dict[str, Any], ticket_fields: set[str]) -> None:
        from bench.text import FILENAMES, TextMaker
        from hotro.desk.search import notes_document, ticket_document

        self.ticket_document, self.notes_document = ticket_document, notes_document
        self.rng = rng
        self.plan = plan
        self.text = TextMaker(rng)
        self.filenames = FILENAMES
        self.now = plan["now"]
        self.start = self.now - 3 * YEAR
        self.due_fields = sorted(f for f in ticket_fields if re.search(r"(^|_)due_at$", f))
        self.warn_fields = sorted(f for f in ticket_fields if re.search(r"(^|_)warn_at$", f))
        self.has = ticket_fields
        self.message_id = 0
        self.attachment_id = 0
        self.event_id = 0
        self.channels = (["web"] * 45) + (["email"] * 35) + (["chat"] * 10) + ["sms"] * 4 + ["phone"] * 4 + ["api"] * 2
        self.priorities = [1] * 5 + [2] * 20 + [3] * 60 + [4] * 15
        # Mean about 4.4 for the ordinary 99 %, so with 1 % of 50-80 the overall mean is about 5.
        self.counts = [1] * 12 + [2] * 14 + [3] * 14 + [4] * 14 + [5] * 12 + [6] * 10 + [7] * 8 + [8] * 6
        self.counts += [9] * 4 + [10] * 3 + [12] * 2 + [15] * 1

    def _message_count(self, pk: int) -> int:
        if pk == self.plan["featured"]:
            return FEATURED_MESSAGES
        if pk == self.plan["big"]:
            return BIG_MESSAGES
        if self.rng.random() < 0.01:
            return self.rng.randint(50, 80)
        return self.rng.choice(self.counts)

    def _status(self, created: float) -> str:
        recent = created > self.now - 110 * 86400
        active = self.rng.random() < (0.40 if recent else 0.01)
        if not active:
            return "closed" if created < self.now - 30 * 86400 or self.rng.random() < 0.5 else "resolved"
        return self.rng.choices(["new", "open", "pending", "on_hold"], weights=[30, 40, 20, 10])[0]

    def make(self, pk: int) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        rng, plan = self.rng, self.plan
        n = plan["tickets"]
        created = self.start + (pk - 1) * (3 * YEAR - 3600) / max(n, 1) + rng.random() * 60
        special = pk in (plan["featured"], plan["big"])
        department = "technical" if special or rng.random() < 0.7 else "sales"
        status = "open" if special else self._status(created)
        priority = 2 if special else rng.choice(self.priorities)
        channel = "web" if special else rng.choice(self.channels)
        contact = rng.randint(1, plan["customers"])
        language = "en" if contact % 10 < 3 else "vi"
        dept_id = plan["departments"][department]
        categories = plan["categories"][department]
        agents = plan["agents_by_dept"][department]
        assignee = None if status == "new" else (plan["bench_agent"] if special else rng.choice(agents))
        count = self._message_count(pk)
        # Message times: exponential gaps, squeezed into [created, now) for recent tickets.
        gaps = [rng.expovariate(1 / 14400) for _ in range(count - 1)]
        total = sum(gaps)
        room = (self.now - 60 - created) * 0.9
        if total > room > 0:
            gaps = [g * room / total for g in gaps]
        times = [created]
        for gap in gaps:
            times.append(times[-1] + gap)
        messages, attachments, events = [], [], []
        public_bodies: list[str] = []
        note_bodies: list[str] = []
        last_customer = last_agent = first_response = None
        author_agent = assignee or rng.choice(agents)
        for k, at in enumerate(times):
            self.message_id += 1
            from_customer = k % 2 == 0 or (status == "new")
            internal = not from_customer and rng.random() < 0.1
            if from_customer:
                last_customer = at
            else:
                last_agent = at
                if first_response is None and not internal:
                    first_response = at
            msg_channel = channel if from_customer else ("email" if channel == "email" else "web")
            body = self.text.body(language)
            (note_bodies if internal else public_bodies).append(body)
            messages.append(
                {
                    "id": self.message_id,
                    "ticket_id": pk,
                    "author_kind": "customer" if from_customer else "agent",
                    "author_user_id": None if from_customer else author_agent,
                    "author_contact_id": contact if from_customer else None,
                    "internal": internal,
                    "channel": msg_channel,
                    "body_text": body,
                    "body_html": "",
                    "email_message_id": f"<{pk}.{k}.{rng.getrandbits(40):x}@mail.example>"
                    if msg_channel == "email"
                    else "",
                    "created_at": _ts(at),
                }
            )
            if rng.random() < 0.08 or (special and k in (0, 3)):
                name, content_type = rng.choice(self.filenames)
                self.attachment_id += 1
                attachments.append(
                    {
                        "id": self.attachment_id,
                        "ticket_id": pk,
                        "message_id": self.message_id,
                        "file": f"attachments/{pk}/{rng.getrandbits(128):032x}/{name}",
                        "filename": name,
                        "content_type": content_type,
                        "size": rng.randint(2_000, 4_000_000),
                        "created_at": _ts(at),
                    }
                )
        last = times[-1]
        resolved = closed = None
        if status in ("resolved", "closed"):
            resolved = min(last + 3600, self.now - 60)
            if status == "closed" and resolved + 3 * 86400 > self.now:
                status = "resolved"  # a ticket closes three days after it is resolved, never in the future
            closed = resolved + 3 * 86400 if status == "closed" else None
        updated = max(t for t in (last, resolved, closed) if t is not None)
        assigned = created + min(1800, (times[1] - created) / 2 if len(times) > 1 else 600) if assignee else None
        subject = self.text.subject(language)
        name, email, phone = plan["people"][contact]
        row: dict[str, Any] = {
            "id": pk,
            "subject": subject,
            "department_id": dept_id,
            "serving_rank": plan["ranks"][department],
            "category_id": rng.choice(categories) if categories and rng.random() < 0.9 else None,
            "priority": priority,
            "status": status,
            "channel": channel,
            "requester_id": contact,
            "assignee_id": assignee,
            "created_at": _ts(created),
            "updated_at": _ts(updated),
            "assigned_at": _ts(assigned) if assigned else None,
            "first_response_at": _ts(first_response) if first_response else None,
            "last_customer_activity_at": _ts(last_customer) if last_customer else None,
            "last_agent_activity_at": _ts(last_agent) if last_agent else None,
            "resolved_at": _ts(resolved) if resolved else None,
            "closed_at": _ts(closed) if closed else None,
            "search_text": self.ticket_document(
                name=name, email=email, phone=phone, subject=subject, public_bodies=public_bodies
            ),
            "search_notes": self.notes_document(note_bodies),
        }
        row.update(self._sla(created, priority, status, first_response, last_customer, last_agent))
        self._events(pk, created, assigned, assignee, contact, status, resolved, closed, events)
        return row, messages, attachments, events

    def _sla(
        self,
        created: float,
        priority: int,
        status: str,
        first_response: float | None,
        last_customer: float | None,
        last_agent: float | None,
    ) -> dict[str, Any]:
        """Due and warning times for every ``*_due_at`` / ``*_warn_at`` column the model has."""
        fr, res = FIRST_RESPONSE[priority], RESOLUTION[priority]
        due: dict[str, float | None] = {
            "first_response_due_at": created + fr,
            "resolution_due_at": created + res,
            "next_response_due_at": last_customer + fr
            if last_customer and first_response and last_customer > (last_agent or 0)
            else None,
        }
        running = status in ("new", "open", "on_hold")
        candidates = [
            due["first_response_due_at"] if first_response is None else None,
            due["next_response_due_at"],
            due["resolution_due_at"],
        ]
        nearest = min((c for c in candidates if c is not None), default=None) if running else None
        due["sla_due_at"] = due["due_at"] = nearest
        out: dict[str, Any] = {}
        if "sla_clock_started_at" in self.has:
            out["sla_clock_started_at"] = _ts(created)
        if "sla_paused_at" in self.has and status == "pending":
            out["sla_paused_at"] = _ts(last_agent or created)
        for name in self.due_fields:
            value = due.get(name, due["resolution_due_at"] if running else None)
            out[name] = _ts(value) if value else None
        for name in self.warn_fields:
            base = out.get(name.replace("warn_at", "due_at"))
            span = fr if name.startswith("first") or name.startswith("next") else res
            out[name] = _ts(base.timestamp() - 0.2 * span) if base else None
        if "sla_next_check_at" in self.has:
            warn = out.get("sla_warn_at")
            out["sla_next_check_at"] = warn if running and warn else None
        return out

    def _events(
        self,
        pk: int,
        created: float,
        assigned: float | None,
        assignee: int | None,
        contact: int,
        status: str,
        resolved: float | None,
        closed: float | None,
        events: list[dict[str, Any]],
    ) -> None:
        def add(action: str, at: float, data: dict[str, Any], user: int | None = None, by: int | None = None) -> None:
            self.event_id += 1
            events.append(
                {
                    "id": self.event_id,
                    "ticket_id": pk,
                    "action": action,
                    "actor_user_id": user,
                    "actor_contact_id": by,
                    "data": json.dumps(data),
                    "created_at": _ts(at),
                }
            )

        add("desk.ticket.opened", created, {"channel": "web"}, by=contact)
        if assignee and assigned:
            add("desk.ticket.assigned", assigned, {"before": None, "after": assignee}, user=assignee)
        if status != "new" and assigned:
            add("desk.ticket.status_changed", assigned + 1, {"before": "new", "after": "open"}, user=assignee)
        if resolved:
            add("desk.ticket.status_changed", resolved, {"before": "open", "after": "resolved"}, user=assignee)
        if closed:
            add("desk.ticket.status_changed", closed, {"before": "resolved", "after": "closed"})


def _seed_people(plan: dict[str, Any], rng: random.Random, report: SeedReport) -> None:
    """Agents (users 1..A), customers with accounts (users A+1..), contacts 1..C, memberships."""
    from django.contrib.auth.hashers import make_password

    from bench.text import person_name
    from hotro.accounts.models import Agent, Contact, ContactIdentity, Membership, User

    password = make_password(BENCH_PASSWORD)
    agents, customers = plan["agents"], plan["customers"]
    with_account = max(1, int(customers * 0.8))
    joined = _ts(plan["now"] - 3 * YEAR - 86400)
    user_loader, contact_loader = Loader(User), Loader(Contact)
    agent_loader, member_loader = Loader(Agent), Loader(Membership)
    identity_loader = Loader(ContactIdentity)
    conn = _connect()
    with conn.cursor() as cur:
        with cur.copy(user_loader.statement()) as cp:
            for i in range(1, agents + 1):
                email = AGENT_EMAIL if i == 1 else f"agent{i}@cloudmini.example"
                cp.write_row(
                    user_loader.row(
                        {
                            "id": i,
                            "password": password,
                            "email": email,
                            "full_name": person_name(rng, "vi"),
                            "is_staff": False,
                            "is_active": True,
                            "is_superuser": False,
                            "date_joined": joined,
                            "email_verified": True,
                        }
                    )
                )
            for c in range(1, with_account + 1):
                language = "en" if c % 10 < 3 else "vi"
                cp.write_row(
                    user_loader.row(
                        {
                            "id": agents + c,
                            "password": password,
                            "email": CUSTOMER_EMAIL if c == 1 else f"khach{c}@example.vn",
                            "full_name": person_name(rng, language),
                            "language": language,
                            "is_active": True,
                            "date_joined": joined,
                            "email_verified": rng.random() < 0.9 or c == 1,
                        }
                    )
                )
        with cur.copy(contact_loader.statement()) as cp:
            for c in range(1, customers + 1):
                language = "en" if c % 10 < 3 else "vi"
                email = CUSTOMER_EMAIL if c == 1 else f"khach{c}@example.vn"
                phone = f"+849{rng.randrange(10**7, 10**8)}" if rng.random() < 0.5 else ""
                name = person_name(rng, language)
                plan["people"][c] = (name, email, phone)
                cp.write_row(
                    contact_loader.row(
                        {
                            "id": c,
                            "email": email,
                            "name": name,
                            "phone": phone,
                            "language": language,
                            "user_id": agents + c if c <= with_account else None,
                            "created_at": joined,
                        }
                    )
                )
        with cur.copy(identity_loader.statement()) as cp:
            identity_id, numbers = 0, set()
            for c in range(1, customers + 1):
                _name, email, phone = plan["people"][c]
                for kind, value in (("email", email), ("phone", phone)):
                    if not value or (kind == "phone" and value in numbers):
                        continue  # a random number drawn twice stays with its first contact
                    numbers.add(value)
                    identity_id += 1
                    row = {"id": identity_id, "contact_id": c, "kind": kind, "value": value, "created_at": joined}
                    cp.write_row(identity_loader.row(row))
        with cur.copy(agent_loader.statement()) as cp:
            for i in range(1, agents + 1):
                role = "supervisor" if i in (2, agents) else "agent"
                cp.write_row(agent_loader.row({"id": i, "user_id": i, "role": role, "active": True}))
        member_id = 0
        with cur.copy(member_loader.statement()) as cp:
            for dept, ids in plan["agents_by_dept"].items():
                for i in ids:
                    member_id += 1
                    row = {"id": member_id, "agent_id": i, "department_id": plan["departments"][dept]}
                    row["is_supervisor"] = i in (2, agents)
                    cp.write_row(member_loader.row(row))
    conn.commit()
    conn.close()


def _plan(tickets: int, customers: int, agents: int) -> dict[str, Any]:
    from hotro.desk.models import Category, Department

    departments = {d.slug: d.pk for d in Department.objects.filter(slug__in=["technical", "sales"])}
    if set(departments) != {"technical", "sales"}:
        raise SystemExit("bench.seed: run `manage.py load_provider_defaults` first (departments missing)")
    categories = {
        slug: list(Category.objects.filter(department_id=pk, active=True).values_list("pk", flat=True))
        for slug, pk in departments.items()
    }
    tech_count = max(1, round(agents * 0.65))
    technical = list(range(1, tech_count + 1))
    sales = [1, *range(tech_count + 1, agents + 1)] if agents > tech_count else [1]
    return {
        "tickets": tickets,
        "customers": customers,
        "agents": agents,
        "now": time.time(),
        "departments": departments,
        "ranks": {d.slug: d.rank for d in Department.objects.filter(slug__in=["technical", "sales"])},
        "categories": categories,
        "agents_by_dept": {"technical": technical, "sales": sales},
        "bench_agent": 1,
        "people": [("", "", "")] * (customers + 1),  # contact id -> (name, email, phone), set by _seed_people
        "featured": max(1, tickets // 2),
        "big": max(1, tickets // 2) + 1 if tickets > 1 else 1,
    }


def _check_empty() -> None:
    from django.db import connection

    from hotro.accounts.models import User
    from hotro.desk.models import Ticket

    if Ticket.objects.exists() or User.objects.exists():
        raise SystemExit(
            f"bench.seed: database {connection.settings_dict['NAME']} already has users or tickets; "
            "seed a freshly migrated database"
        )


def _load_tickets(plan: dict[str, Any], rng: random.Random, report: SeedReport, log: Callable[[str], None]) -> None:
    with _line_cached_normalise():
        _copy_tickets(plan, rng, report, log)


def _copy_tickets(plan: dict[str, Any], rng: random.Random, report: SeedReport, log: Callable[[str], None]) -> None:
    from hotro.desk.models import Attachment, AuditEvent, Message, Ticket

    ticket_fields = {f.attname for f in Ticket._meta.concrete_fields}
    maker = TicketMaker(rng, plan, ticket_fields)
    copiers = {m: Copier(Loader(m)) for m in (Ticket, Message, Attachment, AuditEvent)}
    step = max(1, plan["tickets"] // 10)
    started = time.perf_counter()
    try:
        for pk in range(1, plan["tickets"] + 1):
            row, messages, attachments, events = maker.make(pk)
            copiers[Ticket].write(row)
            for m in messages:
                copiers[Message].write(m)
            for a in attachments:
                copiers[Attachment].write(a)
            for e in events:
                copiers[AuditEvent].write(e)
            if pk % step == 0:
                rate = pk / (time.perf_counter() - started)
                log(f"  {pk:,} tickets, {copiers[Message].count:,} messages ({rate:,.0f} tickets/s)")
    finally:
        for copier in copiers.values():
            copier.close()
    report.messages = copiers[Message].count
    report.attachments = copiers[Attachment].count
    report.events = copiers[AuditEvent].count


def _finish(models: Iterable[Any]) -> None:
    """Sequences past the highest id, so the application's own inserts do not collide."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cur:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cur.execute(sql)


def _record(report: SeedReport) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_seed (tickets integer PRIMARY KEY, report jsonb NOT NULL)")
        cur.execute("DELETE FROM bench_seed")
        cur.execute("INSERT INTO bench_seed VALUES (%s, %s)", [report.tickets, json.dumps(asdict(report))])


def existing_seed() -> dict[str, Any] | None:
    """The report of the seed this database holds, or None."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT to_regclass('bench_seed') IS NOT NULL")
        if not cur.fetchone()[0]:
            return None
        cur.execute("SELECT report FROM bench_seed LIMIT 1")
        row = cur.fetchone()
    if not row:
        return None
    return row[0] if isinstance(row[0], dict) else json.loads(row[0])


def seed(
    tickets: int,
    customers: int = 50_000,
    agents: int = 40,
    rng_seed: int = 20240501,
    log: Callable[[str], None] = print,
) -> SeedReport:
    """Fill the (migrated, provider-defaults-loaded, otherwise empty) database; returns counts and timings."""
    from django.db import connection

    from hotro.accounts.models import Agent, Contact, ContactIdentity, Membership, User
    from hotro.desk.models import Attachment, AuditEvent, Message, Ticket

    if connection.vendor != "postgresql":
        raise SystemExit("bench.seed: needs PostgreSQL (set DATABASE_URL=postgres://…)")
    if agents < 2:
        raise SystemExit("bench.seed: at least 2 agents")
    _check_empty()
    rng = random.Random(rng_seed)
    plan = _plan(tickets, customers, agents)
    report = SeedReport(tickets=tickets, customers=customers, agents=agents)
    report.featured_ticket, report.big_ticket = plan["featured"], plan["big"]
    t0 = time.perf_counter()
    _seed_people(plan, rng, report)
    report.seconds["people"] = round(time.perf_counter() - t0, 1)
    log(f"bench.seed: {agents} agents, {customers:,} customers in {report.seconds['people']} s")

    big_tables = [m._meta.db_table for m in (Ticket, Message, Attachment, AuditEvent)]
    with connection.cursor() as cur:
        dropped = [ix for table in big_tables for ix in _secondary_indexes(cur, table)]
        for name, _definition in dropped:
            cur.execute(f'DROP INDEX "{name}"')
    t1 = time.perf_counter()
    _load_tickets(plan, rng, report, log)
    report.seconds["copy"] = round(time.perf_counter() - t1, 1)
    log(f"bench.seed: COPY of {tickets:,} tickets, {report.messages:,} messages in {report.seconds['copy']} s")

    t2 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '512MB'")
        for _name, definition in dropped:
            cur.execute(definition)
    report.seconds["indexes"] = round(time.perf_counter() - t2, 1)
    _finish([User, Contact, ContactIdentity, Agent, Membership, Ticket, Message, Attachment, AuditEvent])
    t3 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    report.seconds["analyze"] = round(time.perf_counter() - t3, 1)
    report.seconds["total"] = round(time.perf_counter() - t0, 1)
    _record(report)
    log(
        f"bench.seed: indexes {report.seconds['indexes']} s, analyze {report.seconds['analyze']} s; "
        f"total {report.seconds['total']} s ({report.attachments:,} attachments, {report.events:,} events)"
    )
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--agents", type=int, default=40)
    parser.add_argument("--json", help="write the seed report here")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotro.settings")
    django.setup()
    report = seed(args.tickets, customers=args.customers, agents=args.agents)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(asdict(report), fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
