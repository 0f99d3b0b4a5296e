"""The thread and history of the ticket page render from the messages and lines alone, in the reader's formats."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone, translation

from hotro.console.history import HistoryLine
from hotro.console.thread import history_html, thread_html
from hotro.desk import services
from hotro.desk.models import Channel, Message

MOMENT = datetime(2026, 2, 16, 1, 5, tzinfo=UTC)  # 08:05 in Hà Nội


@pytest.mark.parametrize(("language", "kind"), [("vi", "Khách hàng"), ("en", "Customer")])
def test_a_message_shows_its_time_day_first_on_a_24_hour_clock_in_both_languages(
    language, kind, contact_a, make_ticket
):
    ticket = make_ticket(contact_a, body="<b>hello</b> & 'bye'")
    Message.objects.filter(ticket=ticket).update(created_at=MOMENT)
    with translation.override(language), timezone.override("Asia/Ho_Chi_Minh"):
        html = str(thread_html(ticket.messages.all()))
    assert '<time datetime="2026-02-16T01:05:00+00:00">16/02/2026 08:05</time>' in html
    assert f"<strong>{contact_a.display_name}</strong> · {kind}</span>" in html
    assert '<div class="body">&lt;b&gt;hello&lt;/b&gt; &amp; &#x27;bye&#x27;</div>' in html


def test_an_internal_note_is_tagged_and_a_channel_other_than_the_web_named(tech_agent, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    services.add_internal_note(ticket, tech_agent, "ghi chú")
    services.add_customer_reply(ticket, contact_a, "qua email", channel=Channel.EMAIL)
    with translation.override("en"):
        html = str(thread_html(ticket.messages.order_by("pk")))
    assert '<span class="note-tag">Internal note</span> · <strong>Lê Kỹ Thuật</strong> · Agent</span>' in html
    assert 'class="msg internal"' in html and 'class="msg from-customer"' in html
    assert f"<strong>{contact_a.display_name}</strong> · Customer</span>" in html  # the web is not named
    assert f"<strong>{contact_a.display_name}</strong> · Customer · Email</span>" in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_history_line_is_escaped_and_timed_in_the_readers_zone(language):
    line = HistoryLine(at=MOMENT, text="Lê moved the ticket to Sales & <Accounting>")
    with translation.override(language), timezone.override("Asia/Ho_Chi_Minh"):
        html = str(history_html([line]))
    assert html == (
        '<li><time datetime="2026-02-16T01:05:00+00:00" class="muted">16/02/2026 08:05</time> '
        "Lê moved the ticket to Sales &amp; &lt;Accounting&gt;</li>\n"
    )
