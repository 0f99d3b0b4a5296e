"""Domain events of the desk, all declared here.

Each is sent by a service function *inside* its transaction, so a receiver that
writes rows (the mail outbox) commits or rolls back with the change itself.
Receivers write small rows (an outbox intent: kind and ids) and nothing else: rendering
templates, computing display strings and reaching outside the database (mail, SMS,
WebSocket pushes, HTTP calls) happen after commit or in a worker, so a broken template
can never roll back a desk change.

Every event is sent with ``ticket`` (a ``Ticket``) and ``actor`` (a ``User``,
a ``Contact`` or ``None`` for the system), plus:

- ``ticket_opening``: sent before the new ticket's row is written (no ``pk`` yet, no
  ``actor``): a receiver may set the ticket's own columns (the SLA's due times) so that
  they go in with its INSERT. It must not write rows of its own.
- ``ticket_opened``: ``message`` (the first ``Message``).
- ``message_added``: ``message``; internal notes are sent too, check ``message.internal``.
- ``ticket_assigned``: ``previous`` (``User`` or ``None``), ``assignee`` (``User`` or ``None``).
- ``status_changed``: ``previous`` and ``status`` (``Status`` values), and ``reason``: why,
  when it came with another change (``agent_reply``, ``customer_reply``, ``assigned``,
  ``reopened``, ``sla_breach``), or ``""`` for a plain status change.
- ``priority_changed``: ``previous`` and ``priority``.
- ``ticket_transferred``: ``previous`` and ``department`` (``Department``).
- ``cc_added``: ``contact`` (the ``Contact`` now copied) and ``reason``.
- ``ticket_merged``: ``ticket`` is the survivor; ``merged`` (the ``Ticket`` merged into it, now closed
  with ``merged_into`` set, after its own ``status_changed`` with reason ``merged``) and ``moved``
  (how many messages moved over). The merged ticket's customers are told once, from this event.
- ``ticket_split``: ``ticket`` is the new ticket, ``source`` the ticket it was split from and ``message``
  the ``Message`` moved into it. Sent instead of ``ticket_opened`` (no acknowledgement: the customer
  already wrote that message); ``ticket_opening`` was sent before its row was written, as for any ticket.
- ``message_redacted``: ``message`` (already rewritten) and ``texts`` (the strings taken out of it, to be
  taken out of the copies a channel keeps: raw mail, rendered outbox bodies). Receivers never store ``texts``.

``contacts_merging`` is about customers, not one ticket: sent with ``keep`` and ``other``
(``Contact``) and ``actor`` by ``merge_contacts`` before ``other`` is deleted, so that
apps with rows of their own pointing at contacts (the call log, chats) move them over.
"""

from django.dispatch import Signal

ticket_opening = Signal()
ticket_opened = Signal()
message_added = Signal()
ticket_assigned = Signal()
status_changed = Signal()
priority_changed = Signal()
ticket_transferred = Signal()
cc_added = Signal()
ticket_merged = Signal()
ticket_split = Signal()
message_redacted = Signal()
contacts_merging = Signal()
