"""Opening tickets through the service (P1)."""

import pytest

from conftest import upload
from hotro.desk import services
from hotro.desk.models import AuditEvent, Category, Message, Priority, Status, Ticket


def test_it_opens_a_ticket_with_its_first_message_and_attachment(contact_a, technical):
    vps = Category.objects.get(slug="vps")
    ticket = services.open_ticket(
        requester=contact_a,
        department=technical,
        category=vps,
        priority=Priority.HIGH,
        subject="  VPS   mất kết nối ",
        body="Không ping được 103.1.2.3",
        attachments=[upload()],
    )
    assert ticket.status == Status.NEW
    assert ticket.subject == "VPS mất kết nối"
    assert ticket.number == f"CM-{ticket.pk:06d}"
    message = ticket.messages.get()
    assert message.body_text == "Không ping được 103.1.2.3"
    assert message.attachments.get().filename == "log.txt"
    assert AuditEvent.objects.filter(ticket=ticket, action="desk.ticket.opened").count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"body": "   "}, "body"),
        ({"subject": ""}, "subject"),
        ({"department": None}, "department"),
        ({"attachments": [upload("virus.exe", b"MZ")]}, "attachments"),
    ],
)
def test_it_rejects_bad_input_and_saves_nothing(contact_a, technical, kwargs, field):
    args = {"requester": contact_a, "department": technical, "subject": "Hỏi", "body": "Nội dung"} | kwargs
    with pytest.raises(services.DeskError) as error:
        services.open_ticket(**args)
    assert error.value.field == field
    assert Ticket.objects.count() == 0
    assert Message.objects.count() == 0


def test_it_rejects_a_category_of_another_department(contact_a, technical):
    billing = Category.objects.get(slug="billing")
    with pytest.raises(services.DeskError) as error:
        services.open_ticket(requester=contact_a, department=technical, category=billing, subject="x", body="y")
    assert error.value.field == "category"
    assert Ticket.objects.count() == 0


def test_it_rejects_an_oversized_attachment(contact_a, technical, settings):
    settings.HOTRO_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(services.DeskError) as error:
        services.open_ticket(
            requester=contact_a, department=technical, subject="x", body="y", attachments=[upload(content=b"x" * 11)]
        )
    assert error.value.code == "too_large"
    assert Ticket.objects.count() == 0


def test_a_very_long_vietnamese_file_name_is_stored_and_kept_whole(contact_a, technical):
    """Filesystems allow 255 bytes a name; 'ế' alone takes 3. The name shown is the original."""
    name = "Báo cáo sự cố máy chủ " * 8 + ".pdf"
    ticket = services.open_ticket(
        requester=contact_a, department=technical, subject="x", body="y", attachments=[upload(name)]
    )
    attachment = ticket.attachments.get()
    assert attachment.filename == name
    assert len(attachment.file.name.rsplit("/", 1)[-1].encode()) <= 120
    assert attachment.file.name.endswith(".pdf")
    assert attachment.file.read() == b"kernel: eth0 link down\n"
