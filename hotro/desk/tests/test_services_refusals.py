"""Every refusal of the desk services: its ``DeskError`` (code and field) and that nothing changed.

"Nothing changed" is checked whole: the rows of every table (the tickets as re-read from the
database, column by column, and the count of every other table, messages and audit events
included), the files under MEDIA_ROOT, the work queued for after commit, and the domain
signals of ``hotro.desk.events``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.dispatch import Signal
from django.utils import timezone

from conftest import PASSWORD, upload
from hotro.accounts.models import Contact, User
from hotro.accounts.services import create_agent
from hotro.desk import events, services
from hotro.desk.models import Category, Department, Status, Ticket

SIGNALS = {name: signal for name, signal in vars(events).items() if isinstance(signal, Signal)}


@contextmanager
def signals_sent() -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """Every domain signal sent inside the block, as (name, arguments)."""
    sent: list[tuple[str, dict[str, Any]]] = []
    for name, signal in SIGNALS.items():
        signal.connect(
            lambda sender, _name=name, **kwargs: sent.append((_name, kwargs)),
            weak=False,
            dispatch_uid=f"test-refusals-{name}",
        )
    try:
        yield sent
    finally:
        for name, signal in SIGNALS.items():
            signal.disconnect(dispatch_uid=f"test-refusals-{name}")


def database_and_files() -> dict[str, Any]:
    return {
        "tickets": list(Ticket._base_manager.order_by("pk").values()),
        "ccs": list(Ticket.ccs.through.objects.order_by("pk").values()),
        "rows": {m._meta.label: m._base_manager.count() for m in apps.get_models(include_auto_created=True)},
        "files": sorted(str(p) for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()),
    }


def sized(name: str, size: int) -> ContentFile:
    """An upload that says it is ``size`` bytes long, without holding them."""
    file = ContentFile(b"x", name=name)
    file.size = size
    return file


@dataclass
class Cast:
    technical: Department
    sales: Department
    requester: Contact
    stranger: Contact  # another customer's contact
    customer: User  # a signed-in customer: a user, but no agent
    agent: User  # technical
    colleague: User  # technical
    outsider: User  # sales only
    former: User  # technical, agent profile deactivated
    closed_department: Department  # no longer accepts tickets
    old_technical: Category  # deactivated categories, one in each department
    old_sales: Category

    def ticket(self, status: str = Status.NEW, ccs: tuple[Contact, ...] = ()) -> Ticket:
        ticket = services.open_ticket(
            requester=self.requester,
            department=self.technical,
            subject="VPS không khởi động",
            body="Treo ở GRUB.",
            ccs=ccs,
        )
        if status != Status.NEW:
            ticket = services.change_status(ticket, status, self.agent)
        return ticket

    def closed_days_ago(self, days: int, ccs: tuple[Contact, ...] = ()) -> Ticket:
        ticket = services.close_ticket(self.ticket(ccs=ccs), self.requester)
        # Time travel: the close went through the service, only its date is moved back.
        Ticket.objects.filter(pk=ticket.pk).update(closed_at=timezone.now() - timedelta(days=days))
        return ticket


@pytest.fixture
def cast(technical, sales, contact_a, contact_b, customer_b, tech_agent, tech_agent_2, sales_agent) -> Cast:
    former = create_agent("cu@cloudmini.example", PASSWORD, name="Nhân Viên Cũ", departments=[technical])
    # No service deactivates an agent: the admin flips this flag.
    former.agent.active = False
    former.agent.save(update_fields=["active"])
    # Made here, not in the refused call: the comparison of before and after would count them.
    closed = Department.objects.create(slug="cu", name="Phòng cũ", name_en="Old", active=False)
    old = {
        d: Category.objects.create(department=d, slug="cu", name="Mục cũ", name_en="Old", active=False)
        for d in (technical, sales)
    }
    return Cast(
        technical,
        sales,
        contact_a,
        contact_b,
        customer_b,
        tech_agent,
        tech_agent_2,
        sales_agent,
        former,
        closed,
        old[technical],
        old[sales],
    )


Act = Callable[[Cast, Ticket | None], object]
Arrange = Callable[[Cast], Ticket | None]


def in_status(status: str) -> Arrange:
    return lambda c: c.ticket(status)


def claimed(c: Cast) -> Ticket:
    return services.claim(c.ticket(), c.agent)


def past_window(c: Cast) -> Ticket:
    return c.closed_days_ago(settings.HOTRO_REOPEN_CLOSED_DAYS + 1)


def past_window_with_cc(c: Cast) -> Ticket:
    return c.closed_days_ago(settings.HOTRO_REOPEN_CLOSED_DAYS + 1, ccs=(c.stranger,))


def no_ticket(c: Cast) -> None:
    return None


def case(id: str, act: Act, code: str, field: str | None = None, arrange: Arrange = Cast.ticket, **kw: Any):
    return pytest.param(act, code, field, arrange, id=id, **kw)


CASE_ARGS = ("act", "code", "field", "arrange")


def assert_refused(cast: Cast, act: Act, code: str, field: str | None, arrange: Arrange, capture_on_commit) -> None:
    ticket = arrange(cast)
    before = database_and_files()
    with signals_sent() as sent, capture_on_commit() as after_commit, pytest.raises(services.DeskError) as error:
        act(cast, ticket)
    assert (error.value.code, error.value.field) == (code, field)
    assert str(error.value)  # a message the adapter can show
    assert database_and_files() == before
    assert sent == []
    assert after_commit == []


# --- opening ----------------------------------------------------------------------------------


def opening(entry: Callable[..., object] = services.open_ticket, **changes: Any) -> Act:
    """Open a ticket with these arguments changed; a callable value is computed from the cast."""

    def act(c: Cast, _ticket: Ticket | None) -> object:
        args = {"requester": c.requester, "department": c.technical, "subject": "Hỏi", "body": "Nội dung"}
        return entry(**args | {k: v(c) if callable(v) else v for k, v in changes.items()})

    return act


def category(slug: str) -> Callable[[Cast], Category]:
    return lambda _c: Category.objects.get(slug=slug)


# Files are built when the case runs, so the settings read are the test's own.
ATTACHMENTS = {
    "too many": ("too_many", lambda: [upload(f"{i}.txt") for i in range(settings.HOTRO_ATTACHMENT_MAX_COUNT + 1)]),
    "without a name": ("no_name", lambda: [ContentFile(b"x")]),
    "an executable": ("forbidden_type", lambda: [upload("setup.exe", b"MZ")]),
    "an upper-case suffix": ("forbidden_type", lambda: [upload("SETUP.EXE", b"MZ")]),
    "a forbidden suffix before another": ("forbidden_type", lambda: [upload("hoa-don.exe.pdf", b"MZ")]),
    "one bad file among good": ("forbidden_type", lambda: [upload("ok.txt"), upload("run.ps1")]),
    "one byte too large": ("too_large", lambda: [sized("dump.log", settings.HOTRO_ATTACHMENT_MAX_BYTES + 1)]),
}


def opening_case(id: str, act: Act, code: str, field: str | None = None, **kw: Any):
    return case(id, act, code, field, arrange=no_ticket, **kw)


def too_long_body(_c: object = None) -> str:
    return "x" * (settings.HOTRO_MESSAGE_MAX_CHARS + 1)


@pytest.mark.parametrize(
    CASE_ARGS,
    [
        opening_case("empty subject", opening(subject="  \t "), "empty_subject", "subject"),
        opening_case("subject too long", opening(subject="x" * 251), "too_long", "subject"),
        opening_case("no department", opening(department=None), "bad_department", "department"),
        opening_case(
            "inactive department", opening(department=lambda c: c.closed_department), "bad_department", "department"
        ),
        opening_case(
            "category of another department", opening(category=category("billing")), "bad_category", "category"
        ),
        opening_case(
            "inactive category",
            opening(category=lambda c: c.old_technical),
            "bad_category",
            "category",
        ),
        opening_case("unknown priority", opening(priority=9), "unknown_priority", "priority"),
        opening_case("priority zero", opening(priority=0), "unknown_priority", "priority"),
        opening_case(
            "priority that is not a number",
            opening(priority="urgent"),
            "unknown_priority",
            "priority",
        ),
        opening_case("unknown channel", opening(channel="fax"), "unknown_channel"),
        opening_case("empty body", opening(body=" \r\n "), "empty", "body"),
        opening_case("body that is only a script", opening(body="", body_html="<script>x()</script>"), "empty", "body"),
        opening_case("body too long", opening(body=too_long_body), "too_long", "body"),
        *(
            opening_case(f"attachments: {name}", opening(attachments=lambda _c, f=files: f()), code, "attachments")
            for name, (code, files) in ATTACHMENTS.items()
        ),
        opening_case(
            "with message: category of another department",
            opening(services.open_ticket_with_message, department=lambda c: c.sales, category=category("vps")),
            "bad_category",
            "category",
        ),
        opening_case(
            "with message: attachment",
            opening(services.open_ticket_with_message, attachments=lambda _c: [upload("x.bat")]),
            "forbidden_type",
            "attachments",
        ),
    ],
)
def test_opening_refuses_and_writes_nothing(cast, act, code, field, arrange, django_capture_on_commit_callbacks):
    """P1: a ticket needs a subject, a body, an active department and valid choices; no SLA, mail or file is left."""
    assert_refused(cast, act, code, field, arrange, django_capture_on_commit_callbacks)


# --- messages ---------------------------------------------------------------------------------

WRITERS: dict[str, Callable[..., object]] = {
    "customer reply": lambda c, t, **kw: services.add_customer_reply(t, c.requester, **kw),
    "agent reply": lambda c, t, **kw: services.add_agent_reply(t, c.agent, **kw),
    "internal note": lambda c, t, **kw: services.add_internal_note(t, c.agent, **kw),
}

CONTENT: dict[str, tuple[Callable[[], dict[str, Any]], str, str]] = {
    "empty": (lambda: {"body": "  \n\t"}, "empty", "body"),
    "too long": (lambda: {"body": too_long_body()}, "too_long", "body"),
    **{
        f"attachments: {name}": (lambda f=files: {"body": "Xem tệp", "attachments": f()}, code, "attachments")
        for name, (code, files) in ATTACHMENTS.items()
    },
}


@pytest.mark.parametrize("content", CONTENT)
@pytest.mark.parametrize("writer", WRITERS)
def test_every_message_refuses_bad_content(cast, writer, content, django_capture_on_commit_callbacks):
    """P3, P4: an empty or oversized message, or a bad attachment, is refused before the ticket is touched."""
    kwargs, code, field = CONTENT[content]
    act = WRITERS[writer]
    assert_refused(
        cast,
        lambda c, t: act(c, t, **kwargs()),
        code,
        field,
        Cast.ticket,
        django_capture_on_commit_callbacks,
    )


@pytest.mark.parametrize("who", ["outsider", "customer", "former"])
@pytest.mark.parametrize("writer", [services.add_agent_reply, services.add_internal_note])
def test_only_an_agent_of_the_department_writes_as_an_agent(cast, writer, who, django_capture_on_commit_callbacks):
    """P3: an agent of another department, a customer's account or a deactivated agent cannot reply or note."""
    assert_refused(
        cast,
        lambda c, t: writer(t, getattr(c, who), "Đã kiểm tra."),
        "forbidden",
        None,
        Cast.ticket,
        django_capture_on_commit_callbacks,
    )


@pytest.mark.parametrize(
    CASE_ARGS,
    [
        case(
            "a contact neither requester nor CC",
            lambda c, t: services.add_customer_reply(t, c.stranger, "Tôi cũng bị"),
            "forbidden",
        ),
        case(
            "a ticket closed longer than the reopen window",
            lambda c, t: services.add_customer_reply(t, c.requester, "Vẫn lỗi"),
            "closed",
            arrange=past_window,
        ),
        case(
            "a CC's reply past the reopen window",
            lambda c, t: services.add_customer_reply(t, c.stranger, "Vẫn lỗi"),
            "closed",
            arrange=past_window_with_cc,
        ),
        case(
            "agent reply moving a closed ticket to pending",
            lambda c, t: services.add_agent_reply(t, c.agent, "Chờ anh", new_status=Status.PENDING),
            "bad_transition",
            "status",
            arrange=in_status(Status.CLOSED),
        ),
        case(
            "agent reply moving an open ticket back to new",
            lambda c, t: services.add_agent_reply(t, c.agent, "x", new_status=Status.NEW),
            "bad_transition",
            "status",
            arrange=in_status(Status.OPEN),
        ),
        case(
            "agent reply with an unknown status",
            lambda c, t: services.add_agent_reply(t, c.agent, "x", new_status="solved"),
            "bad_transition",
            "status",
        ),
    ],
)
def test_replies_refuse(cast, act, code, field, arrange, django_capture_on_commit_callbacks):
    """P4: only the requester or a CC replies, within the reopen window; an agent reply obeys the state machine."""
    assert_refused(cast, act, code, field, arrange, django_capture_on_commit_callbacks)


# --- assignment (P2) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    CASE_ARGS,
    [
        case(
            "assign by an agent of another department",
            lambda c, t: services.assign(t, c.agent, c.outsider),
            "forbidden",
        ),
        case("assign by a customer", lambda c, t: services.assign(t, c.agent, c.customer), "forbidden"),
        case("assign by a deactivated agent", lambda c, t: services.assign(t, c.agent, c.former), "forbidden"),
        case(
            "assign to a non-member",
            lambda c, t: services.assign(t, c.outsider, c.agent),
            "bad_assignee",
            "assignee",
        ),
        case("assign to a customer", lambda c, t: services.assign(t, c.customer, c.agent), "bad_assignee", "assignee"),
        case(
            "assign to a deactivated agent",
            lambda c, t: services.assign(t, c.former, c.agent),
            "bad_assignee",
            "assignee",
        ),
        case(
            "assign a resolved ticket",
            lambda c, t: services.assign(t, c.colleague, c.agent),
            "inactive",
            arrange=in_status(Status.RESOLVED),
        ),
        case(
            "assign a closed ticket",
            lambda c, t: services.assign(t, c.colleague, c.agent),
            "inactive",
            arrange=in_status(Status.CLOSED),
        ),
        case("claim by an agent of another department", lambda c, t: services.claim(t, c.outsider), "forbidden"),
        case("claim by a deactivated agent", lambda c, t: services.claim(t, c.former), "forbidden"),
        case("claim of a ticket someone took", lambda c, t: services.claim(t, c.colleague), "taken", arrange=claimed),
        case(
            "claim of a resolved ticket",
            lambda c, t: services.claim(t, c.agent),
            "inactive",
            arrange=in_status(Status.RESOLVED),
        ),
        case(
            "unassign by an agent of another department",
            lambda c, t: services.unassign(t, c.outsider),
            "forbidden",
            arrange=claimed,
        ),
        case("unassign by a customer", lambda c, t: services.unassign(t, c.customer), "forbidden", arrange=claimed),
    ],
)
def test_assignment_refuses(cast, act, code, field, arrange, django_capture_on_commit_callbacks):
    """P2: only the department's agents assign, to one of them, and only tickets still being worked."""
    assert_refused(cast, act, code, field, arrange, django_capture_on_commit_callbacks)


# --- status and priority ----------------------------------------------------------------------

# Written out, not derived from hotro.desk.state: these are the moves the state machine forbids.
ILLEGAL_MOVES = [
    (Status.OPEN, Status.NEW),
    (Status.PENDING, Status.NEW),
    (Status.ON_HOLD, Status.NEW),
    (Status.RESOLVED, Status.NEW),
    (Status.RESOLVED, Status.PENDING),
    (Status.RESOLVED, Status.ON_HOLD),
    (Status.CLOSED, Status.NEW),
    (Status.CLOSED, Status.PENDING),
    (Status.CLOSED, Status.ON_HOLD),
    (Status.CLOSED, Status.RESOLVED),
]


@pytest.mark.parametrize(("current", "target"), ILLEGAL_MOVES, ids=[f"{a}->{b}" for a, b in ILLEGAL_MOVES])
def test_a_move_the_state_machine_forbids_is_refused(cast, current, target, django_capture_on_commit_callbacks):
    assert_refused(
        cast,
        lambda c, t: services.change_status(t, target, c.agent),
        "bad_transition",
        "status",
        in_status(current),
        django_capture_on_commit_callbacks,
    )


@pytest.mark.parametrize(
    CASE_ARGS,
    [
        case("unknown status", lambda c, t: services.change_status(t, "solved", c.agent), "unknown_status", "status"),
        case(
            "status by an agent of another department",
            lambda c, t: services.change_status(t, Status.OPEN, c.outsider),
            "forbidden",
        ),
        case("status by a customer", lambda c, t: services.change_status(t, Status.OPEN, c.customer), "forbidden"),
        *(
            case(
                f"priority {value!r}",
                lambda c, t, v=value: services.change_priority(t, v, c.agent),
                "unknown_priority",
                "priority",
            )
            for value in (9, 0, -1, "x", "", None)
        ),
        case(
            "priority by an agent of another department",
            lambda c, t: services.change_priority(t, 1, c.outsider),
            "forbidden",
        ),
        case("priority by a deactivated agent", lambda c, t: services.change_priority(t, 1, c.former), "forbidden"),
    ],
)
def test_status_and_priority_changes_refuse(cast, act, code, field, arrange, django_capture_on_commit_callbacks):
    """P2, P11: only the department's agents triage, with known statuses and priorities."""
    assert_refused(cast, act, code, field, arrange, django_capture_on_commit_callbacks)


# --- close and reopen -------------------------------------------------------------------------


@pytest.mark.parametrize(
    CASE_ARGS,
    [
        case("close by a stranger", lambda c, t: services.close_ticket(t, c.stranger), "forbidden"),
        case("close by an agent of another department", lambda c, t: services.close_ticket(t, c.outsider), "forbidden"),
        case("close by a customer's account", lambda c, t: services.close_ticket(t, c.customer), "forbidden"),
        case(
            "close a closed ticket (customer)",
            lambda c, t: services.close_ticket(t, c.requester),
            "already_closed",
            arrange=in_status(Status.CLOSED),
        ),
        case(
            "close a closed ticket (agent)",
            lambda c, t: services.close_ticket(t, c.agent),
            "already_closed",
            arrange=in_status(Status.CLOSED),
        ),
        case(
            "reopen by a stranger",
            lambda c, t: services.reopen_ticket(t, c.stranger),
            "forbidden",
            arrange=in_status(Status.RESOLVED),
        ),
        case(
            "reopen by an agent of another department",
            lambda c, t: services.reopen_ticket(t, c.outsider),
            "forbidden",
            arrange=in_status(Status.CLOSED),
        ),
        case(
            "reopen by the customer past the window",
            lambda c, t: services.reopen_ticket(t, c.requester),
            "closed",
            arrange=past_window,
        ),
        *(
            case(
                f"reopen a {status} ticket ({who})",
                lambda c, t, w=who: services.reopen_ticket(t, getattr(c, w)),
                "not_closed",
                arrange=in_status(status),
            )
            for status in (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)
            for who in ("requester", "agent")
        ),
    ],
)
def test_close_and_reopen_refuse(cast, act, code, field, arrange, django_capture_on_commit_callbacks):
    """P4: the requester (or the department's agent) closes once and reopens only a finished ticket."""
    assert_refused(cast, act, code, field, arrange, django_capture_on_commit_callbacks)


# --- transfer and guest links -----------------------------------------------------------------


@pytest.mark.parametrize(
    CASE_ARGS,
    [
        case(
            "to an inactive department",
            lambda c, t: services.transfer_ticket(t, c.closed_department, c.agent),
            "inactive",
            "department",
        ),
        case(
            "to the same department",
            lambda c, t: services.transfer_ticket(t, c.technical, c.agent, category=Category.objects.get(slug="vps")),
            "same",
            "department",
        ),
        case(
            "with a category of another department",
            lambda c, t: services.transfer_ticket(t, c.sales, c.agent, category=Category.objects.get(slug="vps")),
            "bad_category",
            "category",
        ),
        case(
            "with an inactive category",
            lambda c, t: services.transfer_ticket(t, c.sales, c.agent, category=c.old_sales),
            "bad_category",
            "category",
        ),
        case(
            "by an agent of another department",
            lambda c, t: services.transfer_ticket(t, c.sales, c.outsider),
            "forbidden",
        ),
        case("by a customer", lambda c, t: services.transfer_ticket(t, c.sales, c.customer), "forbidden"),
    ],
)
def test_transfer_refuses(cast, act, code, field, arrange, django_capture_on_commit_callbacks):
    """P1, P11: a ticket moves only to another active department, by an agent of the one it is in."""
    assert_refused(cast, act, code, field, arrange, django_capture_on_commit_callbacks)


@pytest.mark.parametrize("who", ["outsider", "customer", "former"])
def test_revoking_guest_links_is_for_the_departments_agents(cast, who, django_capture_on_commit_callbacks):
    """P3: the links mailed to the customer keep opening when someone without the right tries to revoke them."""
    ticket = cast.ticket()
    token = services.guest_token(ticket, cast.requester)
    assert_refused(
        cast,
        lambda c, t: services.revoke_guest_links(t, getattr(c, who)),
        "forbidden",
        None,
        lambda _c: ticket,
        django_capture_on_commit_callbacks,
    )
    assert services.access_ticket_by_token(token) == (ticket, cast.requester)


# --- the limits themselves are allowed --------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"subject": "  " + "x" * 250 + "  "}, id="250-character subject"),
        pytest.param({"subject": "x " * 125}, id="spaces collapse before the length is counted"),
        pytest.param({"body": lambda: "x" * settings.HOTRO_MESSAGE_MAX_CHARS}, id="longest body"),
        pytest.param(
            {"attachments": lambda: [upload(f"{i}.txt") for i in range(settings.HOTRO_ATTACHMENT_MAX_COUNT)]},
            id="most attachments",
        ),
        pytest.param(
            {"attachments": lambda: [sized("dump.log", settings.HOTRO_ATTACHMENT_MAX_BYTES)]}, id="largest attachment"
        ),
        pytest.param({"attachments": lambda: [upload("exe-notes.txt")]}, id="a forbidden word in the stem"),
    ],
)
def test_the_limits_themselves_are_accepted(contact_a, technical, changes):
    """P1: the limits are inclusive; only what goes past them is refused."""
    changes = {k: v() if callable(v) else v for k, v in changes.items()}
    args = {"requester": contact_a, "department": technical, "subject": "Hỏi", "body": "Nội dung"} | changes
    ticket, message = services.open_ticket_with_message(**args)
    ticket.refresh_from_db()
    assert ticket.subject == " ".join(args["subject"].split())
    assert message.body_text == args["body"]
    assert message.attachments.count() == len(args.get("attachments", ()))


def test_a_reply_inside_the_reopen_window_is_accepted(cast):
    """P4: a day before the window ends, the customer's reply still reopens the ticket."""
    ticket = cast.closed_days_ago(settings.HOTRO_REOPEN_CLOSED_DAYS - 1)
    services.add_customer_reply(ticket, cast.requester, "Vẫn lỗi")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_an_agent_reopens_past_the_customers_window(cast):
    """The reopen window binds customers only; an agent may reopen a long-closed ticket."""
    ticket = services.reopen_ticket(past_window(cast), cast.agent)
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN
