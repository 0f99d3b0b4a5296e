"""What each desk service records and announces: its audit events and its domain signals.

The audit events drive the ticket's history; the signals (``hotro.desk.events``) drive the
mail (P3) and the SLA clock (P10). Each test starts the record after its arrangement, so it
sees only what the service under test did.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models import Max, Model
from django.dispatch import Signal
from django.http import Http404
from django.utils import timezone

from conftest import PASSWORD
from hotro.accounts.models import User
from hotro.accounts.services import create_agent
from hotro.desk import events, services
from hotro.desk.models import AuditEvent, AuthorKind, Category, Channel, Priority, Status, Ticket

SIGNALS = {name: signal for name, signal in vars(events).items() if isinstance(signal, Signal)}


def ref(value: Any) -> Any:
    """A model instance as ``"kind:pk"`` (``"contact:3"``), lists item by item, anything else as is."""
    if isinstance(value, Model):
        return f"{value._meta.model_name}:{value.pk}"
    if isinstance(value, list | tuple):
        return [ref(v) for v in value]
    return value


class Record:
    """Audit events written and signals sent since ``start()``; signals as seen when they were sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.raw: list[tuple[str, dict[str, Any]]] = []
        self.since = 0

    def receive(self, name: str, kwargs: dict[str, Any]) -> None:
        kwargs = {k: v for k, v in kwargs.items() if k != "signal"}
        self.raw.append((name, kwargs))
        self.sent.append((name, {k: ref(v) for k, v in kwargs.items()}))

    def start(self) -> None:
        self.since = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
        self.sent.clear()
        self.raw.clear()

    def audit(self) -> list[tuple[str, dict[str, Any]]]:
        return [(e.action, e.data) for e in AuditEvent.objects.filter(pk__gt=self.since).order_by("pk")]

    def actors(self) -> list[str | None]:
        rows = AuditEvent.objects.filter(pk__gt=self.since).order_by("pk")
        return [ref(e.actor_user or e.actor_contact) for e in rows.select_related("actor_user", "actor_contact")]

    def signals(self) -> list[tuple[str, dict[str, Any]]]:
        return self.sent

    def unordered_signals(self) -> list[tuple[str, dict[str, Any]]]:
        return sorted(self.sent, key=repr)


@pytest.fixture
def record(db) -> Iterator[Record]:
    record = Record()
    for name, signal in SIGNALS.items():
        signal.connect(
            lambda sender, _name=name, **kwargs: record.receive(_name, kwargs),
            weak=False,
            dispatch_uid=f"test-events-{name}",
        )
    try:
        yield record
    finally:
        for name, signal in SIGNALS.items():
            signal.disconnect(dispatch_uid=f"test-events-{name}")


@pytest.fixture
def ticket(make_ticket, contact_a) -> Ticket:
    return make_ticket(contact_a)


def in_status(ticket: Ticket, status: str, agent: User) -> Ticket:
    return ticket if status == Status.NEW else services.change_status(ticket, status, agent)


def status_changed(ticket: Ticket, actor: Model, before: str, after: str, reason: str) -> list:
    """The audit event and the signal of one status move."""
    return [
        ("desk.ticket.status_changed", {"before": before, "after": after, "reason": reason}),
        (
            "status_changed",
            {"ticket": ref(ticket), "actor": ref(actor), "previous": before, "status": after, "reason": reason},
        ),
    ]


# --- opening ----------------------------------------------------------------------------------


@pytest.mark.parametrize("by_agent", [False, True], ids=["by the customer", "logged by an agent"])
def test_opening_is_recorded_and_announced(record, contact_a, contact_b, technical, tech_agent, by_agent):
    """P1, P3: the opening names department, category, priority and channel; the first message and the
    CCs (the requester never among them) go with the announcement, after the SLA's chance to stamp the row."""
    record.start()
    ticket, message = services.open_ticket_with_message(
        requester=contact_a,
        department=technical,
        subject="Mất mạng",
        body="Không ping được.",
        category=Category.objects.get(slug="network"),
        priority=Priority.HIGH,
        channel=Channel.EMAIL,
        ccs=[contact_a, contact_b],
        opened_by=tech_agent if by_agent else None,
    )
    actor = tech_agent if by_agent else contact_a
    assert record.audit() == [
        (
            "desk.ticket.opened",
            {"department": "technical", "category": "network", "priority": 2, "channel": "email"},
        )
    ]
    assert record.actors() == [ref(actor)]
    assert record.signals() == [
        ("ticket_opening", {"ticket": "ticket:None"}),  # before the INSERT: no pk yet, no actor
        (
            "ticket_opened",
            {"ticket": ref(ticket), "actor": ref(actor), "message": ref(message), "ccs": [ref(contact_b)]},
        ),
    ]
    assert ticket.status == Status.NEW
    assert list(ticket.ccs.all()) == [contact_b]


# --- customer replies -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "reopens"),
    [
        (Status.NEW, False),
        (Status.OPEN, False),
        (Status.PENDING, True),
        (Status.ON_HOLD, False),
        (Status.RESOLVED, True),
        (Status.CLOSED, True),
    ],
)
def test_a_customer_reply_is_recorded_and_reopens_what_waited_on_them(
    record, ticket, contact_a, tech_agent, status, reopens
):
    """P4: the reply threads into the ticket; a pending, resolved or (recently) closed ticket goes back to
    open with reason ``customer_reply``, its resolved and closed times cleared."""
    ticket = in_status(ticket, status, tech_agent)
    before = Ticket.objects.get(pk=ticket.pk).last_customer_activity_at
    record.start()
    message = services.add_customer_reply(ticket, contact_a, "Vẫn lỗi", channel=Channel.EMAIL)
    moved = status_changed(ticket, contact_a, status, Status.OPEN, "customer_reply") if reopens else []
    assert record.audit() == [("desk.message.customer_reply", {"message": message.pk, "channel": "email"}), *moved[:1]]
    assert record.actors() == [ref(contact_a)] * (2 if reopens else 1)
    added = ("message_added", {"ticket": ref(ticket), "actor": ref(contact_a), "message": ref(message)})
    assert record.unordered_signals() == sorted([added, *moved[1:]], key=repr)
    ticket.refresh_from_db()
    assert ticket.status == (Status.OPEN if reopens else status)
    if reopens:
        assert (ticket.resolved_at, ticket.closed_at) == (None, None)
    assert ticket.last_customer_activity_at > before
    assert (message.author_kind, message.channel, message.internal) == (AuthorKind.CUSTOMER, "email", False)


# --- agent replies and notes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "new_status", "moves_to"),
    [
        (Status.NEW, None, Status.OPEN),
        (Status.RESOLVED, None, Status.OPEN),
        (Status.OPEN, None, None),
        (Status.PENDING, None, None),
        (Status.ON_HOLD, None, None),
        (Status.CLOSED, None, None),  # an afterword on a closed ticket leaves it closed
        (Status.OPEN, Status.PENDING, Status.PENDING),
        (Status.NEW, Status.RESOLVED, Status.RESOLVED),
        (Status.PENDING, Status.PENDING, None),
    ],
)
def test_an_agent_reply_is_recorded_and_moves_the_status_with_reason_agent_reply(
    record, ticket, tech_agent, status, new_status, moves_to
):
    """P3, P10: a public reply is announced (the customer's mail) and meets first response; a new or
    resolved ticket opens, or the reply sets the status the agent chose."""
    ticket = in_status(ticket, status, tech_agent)
    record.start()
    message = services.add_agent_reply(ticket, tech_agent, "Đã khởi động lại.", new_status=new_status)
    moved = status_changed(ticket, tech_agent, status, moves_to, "agent_reply") if moves_to else []
    assert record.audit() == [("desk.message.agent_reply", {"message": message.pk, "channel": "web"}), *moved[:1]]
    assert set(record.actors()) == {ref(tech_agent)}
    added = ("message_added", {"ticket": ref(ticket), "actor": ref(tech_agent), "message": ref(message)})
    assert record.unordered_signals() == sorted([added, *moved[1:]], key=repr)
    ticket.refresh_from_db()
    assert ticket.status == (moves_to or status)
    assert ticket.first_response_at is not None
    assert ticket.last_agent_activity_at == ticket.first_response_at


def test_first_response_is_set_once(record, ticket, tech_agent, tech_agent_2):
    """P10: the first public reply is the first response; later replies leave it and the status alone."""
    services.add_agent_reply(ticket, tech_agent, "Đang kiểm tra.")
    first = Ticket.objects.get(pk=ticket.pk).first_response_at
    record.start()
    message = services.add_agent_reply(ticket, tech_agent_2, "Đã xong.")
    ticket.refresh_from_db()
    assert ticket.first_response_at == first
    assert ticket.last_agent_activity_at > first
    assert record.audit() == [("desk.message.agent_reply", {"message": message.pk, "channel": "web"})]
    assert [name for name, _ in record.signals()] == ["message_added"]


def test_an_internal_note_is_recorded_and_announced_as_internal(record, ticket, tech_agent, contact_a):
    """P3: a note is announced (receivers check ``message.internal``) but is no response and no status move."""
    record.start()
    note = services.add_internal_note(ticket, tech_agent, "Khách cũ, xem hoá đơn.")
    assert record.audit() == [("desk.message.internal_note", {"message": note.pk})]
    assert record.actors() == [ref(tech_agent)]
    assert record.signals() == [
        ("message_added", {"ticket": ref(ticket), "actor": ref(tech_agent), "message": ref(note)})
    ]
    assert record.raw[0][1]["message"].internal is True
    ticket.refresh_from_db()
    assert (ticket.status, ticket.first_response_at, ticket.last_agent_activity_at) == (Status.NEW, None, None)


def test_a_system_note_is_recorded_under_its_own_action(record, ticket):
    """A channel's note (a bounce) has no author: the history names the system and the channel's action."""
    record.start()
    note = services.add_system_note(ticket, "Thư trả về: hộp thư đầy.", action="mail.bounce.received", address="x@y.vn")
    assert record.audit() == [("mail.bounce.received", {"message": note.pk, "address": "x@y.vn"})]
    assert record.actors() == [None]
    assert record.signals() == [("message_added", {"ticket": ref(ticket), "actor": None, "message": ref(note)})]
    assert (note.author_kind, note.internal) == (AuthorKind.SYSTEM, True)


# --- assignment (P2) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD], ids=lambda s: f"on a {s} ticket"
)
@pytest.mark.parametrize("how", ["assign", "claim"])
def test_assignment_records_who_and_when_and_opens_a_new_ticket(record, ticket, tech_agent, supervisor, how, status):
    """P2: the assignee and the one who assigned are recorded; a new ticket opens with reason ``assigned``."""
    ticket = in_status(ticket, status, supervisor)
    record.start()
    by = supervisor if how == "assign" else tech_agent
    ticket = services.assign(ticket, tech_agent, supervisor) if how == "assign" else services.claim(ticket, tech_agent)
    moved = status_changed(ticket, by, Status.NEW, Status.OPEN, "assigned") if status == Status.NEW else []
    assert record.audit() == [("desk.ticket.assigned", {"before": None, "after": tech_agent.pk}), *moved[:1]]
    assert set(record.actors()) == {ref(by)}
    assigned = (
        "ticket_assigned",
        {"ticket": ref(ticket), "actor": ref(by), "previous": None, "assignee": ref(tech_agent)},
    )
    assert record.signals() == [assigned, *moved[1:]]
    row = Ticket.objects.get(pk=ticket.pk)
    assert (row.assignee, row.status) == (tech_agent, Status.OPEN if status == Status.NEW else status)
    assert row.assigned_at is not None


def test_reassigning_records_both_agents(record, ticket, tech_agent, tech_agent_2, supervisor):
    """P2: a handover names who had it and who has it now."""
    ticket = services.claim(ticket, tech_agent)
    record.start()
    services.assign(ticket, tech_agent_2, supervisor)
    assert record.audit() == [("desk.ticket.assigned", {"before": tech_agent.pk, "after": tech_agent_2.pk})]
    assert record.signals() == [
        (
            "ticket_assigned",
            {
                "ticket": ref(ticket),
                "actor": ref(supervisor),
                "previous": ref(tech_agent),
                "assignee": ref(tech_agent_2),
            },
        )
    ]


def test_unassign_is_recorded_and_keeps_the_status(record, ticket, tech_agent):
    """P2: back to the team; the ticket stays open and its assignment time goes."""
    ticket = services.claim(ticket, tech_agent)
    record.start()
    services.unassign(ticket, tech_agent)
    assert record.audit() == [("desk.ticket.unassigned", {"before": tech_agent.pk, "after": None})]
    assert record.signals() == [
        (
            "ticket_assigned",
            {"ticket": ref(ticket), "actor": ref(tech_agent), "previous": ref(tech_agent), "assignee": None},
        )
    ]
    row = Ticket.objects.get(pk=ticket.pk)
    assert (row.assignee, row.assigned_at, row.status) == (None, None, Status.OPEN)


@pytest.mark.parametrize(
    ("claimed", "action"),
    [
        pytest.param(True, lambda t, a, s: services.assign(t, a, s), id="assign the assignee again"),
        pytest.param(True, lambda t, a, s: services.claim(t, a), id="claim one's own ticket"),
        pytest.param(False, lambda t, a, s: services.unassign(t, a), id="unassign an unassigned ticket"),
    ],
)
def test_an_assignment_that_changes_nothing_records_nothing(record, ticket, tech_agent, supervisor, claimed, action):
    """P2: the history shows changes, not clicks."""
    if claimed:
        ticket = services.claim(ticket, tech_agent)
    row = Ticket.objects.get(pk=ticket.pk)
    record.start()
    action(ticket, tech_agent, supervisor)
    assert (record.audit(), record.signals()) == ([], [])
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.assignee_id, after.assigned_at, after.updated_at) == (
        row.assignee_id,
        row.assigned_at,
        row.updated_at,
    )


# --- status and priority ----------------------------------------------------------------------

# Written out, not derived from hotro.desk.state: every move the state machine allows.
LEGAL_MOVES = [
    *((Status.NEW, s) for s in (Status.OPEN, Status.PENDING, Status.ON_HOLD, Status.RESOLVED, Status.CLOSED)),
    *((Status.OPEN, s) for s in (Status.PENDING, Status.ON_HOLD, Status.RESOLVED, Status.CLOSED)),
    *((Status.PENDING, s) for s in (Status.OPEN, Status.ON_HOLD, Status.RESOLVED, Status.CLOSED)),
    *((Status.ON_HOLD, s) for s in (Status.OPEN, Status.PENDING, Status.RESOLVED, Status.CLOSED)),
    (Status.RESOLVED, Status.OPEN),
    (Status.RESOLVED, Status.CLOSED),
    (Status.CLOSED, Status.OPEN),
]


@pytest.mark.parametrize(("current", "target"), LEGAL_MOVES, ids=[f"{a}->{b}" for a, b in LEGAL_MOVES])
def test_every_allowed_status_move_is_recorded_with_an_empty_reason(record, ticket, tech_agent, current, target):
    """P3: a plain status change (the mail says pending, resolved or closed) has reason ``""``;
    resolving and closing stamp their time, reopening clears both."""
    ticket = in_status(ticket, current, tech_agent)
    if current == Status.CLOSED:  # went NEW -> CLOSED: make it look resolved first, to see both cleared
        Ticket.objects.filter(pk=ticket.pk).update(resolved_at=timezone.now())
    record.start()
    services.change_status(ticket, target, tech_agent)
    expected = status_changed(ticket, tech_agent, current, target, "")
    assert record.audit() == expected[:1]
    assert record.signals() == expected[1:]
    row = Ticket.objects.get(pk=ticket.pk)
    assert row.status == target
    if target == Status.RESOLVED:
        assert row.resolved_at is not None
    if target == Status.CLOSED:
        assert row.closed_at is not None
    if target == Status.OPEN and current in (Status.RESOLVED, Status.CLOSED):
        assert (row.resolved_at, row.closed_at) == (None, None)


def test_a_status_change_to_the_same_status_records_nothing(record, ticket, tech_agent):
    ticket = in_status(ticket, Status.PENDING, tech_agent)
    updated = Ticket.objects.get(pk=ticket.pk).updated_at
    record.start()
    services.change_status(ticket, Status.PENDING, tech_agent)
    assert (record.audit(), record.signals()) == ([], [])
    assert Ticket.objects.get(pk=ticket.pk).updated_at == updated


@pytest.mark.parametrize("value", [Priority.URGENT, 1, "1"], ids=["enum", "int", "str"])
def test_a_priority_change_is_recorded_and_announced(record, ticket, tech_agent, value):
    """P10: a new priority is announced (the SLA recomputes its due times from it)."""
    record.start()
    services.change_priority(ticket, value, tech_agent)
    assert record.audit() == [("desk.ticket.priority_changed", {"before": Priority.NORMAL, "after": Priority.URGENT})]
    assert record.actors() == [ref(tech_agent)]
    assert record.signals() == [
        (
            "priority_changed",
            {"ticket": ref(ticket), "actor": ref(tech_agent), "previous": Priority.NORMAL, "priority": Priority.URGENT},
        )
    ]
    assert Ticket.objects.get(pk=ticket.pk).priority == Priority.URGENT


def test_the_same_priority_records_nothing(record, ticket, tech_agent):
    record.start()
    services.change_priority(ticket, Priority.NORMAL, tech_agent)
    assert (record.audit(), record.signals()) == ([], [])


# --- close and reopen -------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD, Status.RESOLVED])
@pytest.mark.parametrize("who", ["customer", "agent"])
def test_closing_is_recorded_as_a_plain_status_change(record, ticket, contact_a, tech_agent, who, status):
    """P3, P4: the customer (or the agent) closes; the actor is recorded as such."""
    ticket = in_status(ticket, status, tech_agent)
    actor = contact_a if who == "customer" else tech_agent
    record.start()
    services.close_ticket(ticket, actor)
    expected = status_changed(ticket, actor, status, Status.CLOSED, "")
    assert record.audit() == expected[:1]
    assert record.actors() == [ref(actor)]
    assert record.signals() == expected[1:]
    assert Ticket.objects.get(pk=ticket.pk).closed_at is not None


@pytest.mark.parametrize("status", [Status.RESOLVED, Status.CLOSED])
@pytest.mark.parametrize("who", ["customer", "agent"])
def test_reopening_is_recorded_with_reason_reopened(record, ticket, contact_a, tech_agent, who, status):
    """P4: a resolved or closed ticket reopens; its resolved and closed times are cleared."""
    ticket = in_status(ticket, status, tech_agent)
    actor = contact_a if who == "customer" else tech_agent
    record.start()
    services.reopen_ticket(ticket, actor)
    expected = status_changed(ticket, actor, status, Status.OPEN, "reopened")
    assert record.audit() == expected[:1]
    assert record.actors() == [ref(actor)]
    assert record.signals() == expected[1:]
    row = Ticket.objects.get(pk=ticket.pk)
    assert (row.status, row.resolved_at, row.closed_at) == (Status.OPEN, None, None)


# --- transfer ---------------------------------------------------------------------------------


@pytest.fixture
def both_departments(technical, sales) -> User:
    return create_agent("ca2@cloudmini.example", PASSWORD, name="Hai Phòng", departments=[technical, sales])


@pytest.mark.parametrize(
    ("assignee", "released"),
    [("tech_agent", True), ("both_departments", False), ("admin_agent", False), (None, False)],
    ids=["assignee only in the old department", "assignee in both", "administrator", "no assignee"],
)
def test_a_transfer_is_recorded_and_releases_an_assignee_who_cannot_follow(
    request, record, ticket, tech_agent, sales, assignee, released
):
    """P11: the ticket takes the new department's serving rank and category; an assignee who does not
    work there is released, and the transfer's event names them."""
    agent = request.getfixturevalue(assignee) if assignee else None
    if agent is not None:
        ticket = services.assign(ticket, agent, tech_agent)
    assigned_at = Ticket.objects.get(pk=ticket.pk).assigned_at
    billing = Category.objects.get(slug="billing")
    record.start()
    services.transfer_ticket(ticket, sales, tech_agent, category=billing)
    assert record.audit() == [
        (
            "desk.ticket.transferred",
            {"before": "technical", "after": "sales", "released_assignee": agent.pk if released else None},
        )
    ]
    assert record.actors() == [ref(tech_agent)]
    # The release is told by the transfer alone: no ticket_assigned signal goes with it.
    assert record.signals() == [
        (
            "ticket_transferred",
            {
                "ticket": ref(ticket),
                "actor": ref(tech_agent),
                "previous": ref(ticket.department),
                "department": ref(sales),
            },
        )
    ]
    row = Ticket.objects.get(pk=ticket.pk)
    assert (row.department, row.category, row.serving_rank) == (sales, billing, sales.rank)
    if released or agent is None:
        assert (row.assignee, row.assigned_at) == (None, None)
    else:
        assert (row.assignee, row.assigned_at) == (agent, assigned_at)


def test_a_transfer_without_a_category_clears_it(record, make_ticket, contact_a, tech_agent, sales):
    ticket = make_ticket(contact_a, category=Category.objects.get(slug="vps"))
    services.transfer_ticket(ticket, sales, tech_agent)
    assert Ticket.objects.get(pk=ticket.pk).category is None


# --- guest links ------------------------------------------------------------------------------


def test_revoking_guest_links_raises_the_generation_and_old_links_stop_opening(
    record, ticket, contact_a, contact_b, tech_agent
):
    """P3: a forwarded or leaked link stops opening the ticket; the next mail's link, and the account, still do."""
    services.add_cc(ticket, contact_b)
    old = {contact: services.guest_token(ticket, contact) for contact in (contact_a, contact_b)}
    record.start()
    ticket = services.revoke_guest_links(ticket, tech_agent)
    assert record.audit() == [("desk.ticket.guest_links_revoked", {"generation": 1})]
    assert record.actors() == [ref(tech_agent)]
    assert record.signals() == []
    assert Ticket.objects.get(pk=ticket.pk).guest_link_generation == 1
    for token in old.values():
        with pytest.raises(Http404):
            services.access_ticket_by_token(token)
    new = services.guest_token(ticket, contact_a)
    assert services.access_ticket_by_token(new) == (ticket, contact_a)
    assert services.access_ticket_as_contact(contact_a, ticket.number) == ticket

    services.revoke_guest_links(ticket, tech_agent)
    assert record.audit()[-1] == ("desk.ticket.guest_links_revoked", {"generation": 2})
    with pytest.raises(Http404):
        services.access_ticket_by_token(new)


# --- CCs --------------------------------------------------------------------------------------


def test_adding_a_cc_is_recorded_once(record, ticket, contact_a, contact_b, tech_agent):
    """P4: a copied contact follows the ticket; copying them again, or the requester, records nothing."""
    record.start()
    assert services.add_cc(ticket, contact_b, actor=tech_agent, reason="manual") is True
    assert services.add_cc(ticket, contact_b, actor=tech_agent, reason="manual") is False
    assert services.add_cc(ticket, contact_a) is False
    assert record.audit() == [
        ("desk.ticket.cc_added", {"contact": contact_b.pk, "email": contact_b.email, "reason": "manual"})
    ]
    assert record.actors() == [ref(tech_agent)]
    assert record.signals() == [
        ("cc_added", {"ticket": ref(ticket), "actor": ref(tech_agent), "contact": ref(contact_b), "reason": "manual"})
    ]
    assert services.contact_can_see(contact_b, ticket)
