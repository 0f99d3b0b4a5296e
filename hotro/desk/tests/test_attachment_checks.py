"""Issue 14, finding 6: the attachment blocklist reads names as Windows does, and customers have a daily allowance."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hotro.desk.errors import DeskError
from hotro.desk.services.content import check_attachments, file_types


def named(name: str, size: int = 10) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"x" * size, content_type="application/octet-stream")


@pytest.mark.parametrize(
    "name",
    [
        "evil.exe",
        "evil.exe.",
        "evil.exe ",
        "evil.exe. . ",
        "EVIL.EXE",
        "Evil.ExE.",
        "evil. exe",
        "evil.exe\u200b",
        "evil.exe::$DATA",
        "hoa-don.pdf.exe",
        "shortcut.lnk",
        "disk.iso",
        "macro.docm",
        "macro.XLSM",
        "settings.reg",
        "app.msixbundle",
        "module.mjs",
        "page.url",
        "install.application",
        "drive.vhdx",
        "profile.psm1",
    ],
)
def test_a_forbidden_type_is_refused_however_its_name_is_dressed(name):
    with pytest.raises(DeskError) as refused:
        check_attachments([named(name)])
    assert refused.value.code == "forbidden_type"


@pytest.mark.parametrize("name", ["log.txt", "dmesg.2024.log", "screen.PNG", "hợp đồng.pdf", "archive.tar.gz", "exe"])
def test_ordinary_files_pass(name):
    check_attachments([named(name)])


def test_file_types_lists_every_part_lower_case():
    assert file_types("Bao Cao.Quy1.PDF. ") == {"quy1", "pdf"}


def test_the_list_from_settings_is_read_loosely(settings):
    settings.HOTRO_ATTACHMENT_FORBIDDEN_EXTENSIONS = [".PDF ", "txt"]
    for name in ("a.pdf", "b.TXT."):
        with pytest.raises(DeskError):
            check_attachments([named(name)])


@pytest.mark.django_db
def test_the_daily_allowance_counts_what_the_customer_sent_in_the_last_day(settings, contact_a, contact_b, make_ticket):
    settings.HOTRO_ATTACHMENT_DAILY_BYTES_PER_CUSTOMER = 100
    make_ticket(contact_a, attachments=[named("one.txt", 60)])
    check_attachments([named("two.txt", 40)], uploader=contact_a)  # exactly the allowance
    with pytest.raises(DeskError) as refused:
        check_attachments([named("two.txt", 41)], uploader=contact_a)
    assert refused.value.code == "quota"
    assert refused.value.field == "attachments"
    check_attachments([named("two.txt", 100)], uploader=contact_b)  # each customer has their own
    check_attachments([named("two.txt", 41)])  # no uploader (mail, agents): no allowance asked
