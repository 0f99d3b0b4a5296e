"""The outbound side of every channel: a message is a row first, a delivery second.

A desk change writes, in its own transaction, a small row per message to send (the
channel, the address, the template's name and the ids it needs: ``queue_outbound``).
Rendering and sending happen after commit, in a worker, through the channel's sender
(``senders``): a broken template or a gateway outage delays a message and is retried;
it never rolls back the change that caused it. Email is one sender; SMS and others
register theirs in ``HOTRO_OUTBOUND_SENDERS``.
"""

from hotro.core.outbound.queue import queue_outbound

__all__ = ["queue_outbound"]
