"""Ticket search (hotro.desk.search): Vietnamese without accents, words, phrases, numbers, people, access."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotro.accounts.profile import update_profile
from hotro.accounts.services import get_or_create_contact
from hotro.desk import search, services
from hotro.desk.models import Ticket
from hotro.desk.search import DOCUMENT_MAX_CHARS, append, normalise, parse_query


def found(qs, query: str, *, include_notes: bool = True) -> set[int]:
    return set(search.matching(qs, query, include_notes=include_notes).values_list("pk", flat=True))


def everything(query: str, *, include_notes: bool = True) -> set[int]:
    return found(Ticket.objects.all(), query, include_notes=include_notes)


# --- normalise and documents (pure) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hỗ trợ", "ho tro"),
        ("Nguyễn Văn A", "nguyen van a"),
        ("ĐĂNG KÝ đăng ký", "dang ky dang ky"),
        ("  Máy   chủ\n\tVPS!!  ", "may chu vps"),
        ("an.nguyen@example.com", "an nguyen example com"),
        ("\uff11\uff12\uff13 \uff36\uff30\uff33", "123 vps"),  # full-width forms
        ("Straße", "strasse"),
        ("snake_case-word", "snake case word"),
        ("?!… —", ""),
        ("", ""),
    ],
)
def test_normalise_folds_case_accents_and_punctuation(text, expected):
    assert normalise(text) == expected


def test_a_document_starts_and_ends_with_a_space_so_words_can_be_anchored():
    assert append("", "Hỗ trợ") == " ho tro "
    assert append(" ho tro ", "VPS") == " ho tro vps "
    assert append(" ho tro ", "!!!") == " ho tro "


def test_a_document_is_capped_between_words():
    document = ""
    for _ in range(3000):
        document = append(document, "máy chủ ")
    assert len(document) <= DOCUMENT_MAX_CHARS
    assert document.endswith(" chu ") or document.endswith(" may ")


def test_the_phone_is_indexed_in_e164_and_national_form():
    assert search.people_document("", "a@example.com", "+84969297579") == " a example com 84969297579 0969297579 "


# --- parsing ---------------------------------------------------------------------------------


def test_words_are_prefixes_and_quoted_phrases_are_whole_words():
    query = parse_query('Hỗ  trợ "máy chủ" ssh')
    assert query.terms == (" ho", " tro", " may chu ", " ssh")


def test_an_unclosed_quote_runs_to_the_end():
    assert parse_query('vps "không truy').terms == (" vps", " khong truy ")


def test_a_word_with_punctuation_is_a_phrase_prefix():
    assert parse_query("an.nguyen@example.com 10.0.0.1").terms == (" an nguyen example com", " 10 0 0 1")


@pytest.mark.parametrize("raw", ["", "   ", "!!!", '""', "— … ?"])
def test_a_query_of_only_punctuation_is_empty(raw):
    assert parse_query(raw).is_empty


def test_a_query_has_at_most_eight_terms():
    assert len(parse_query(" ".join(f"w{i}" for i in range(20))).terms) == search.MAX_TERMS


@pytest.mark.parametrize(("raw", "number"), [("CM-000123", 123), ("cm-123", 123), ("123", 123), ("#123", 123)])
def test_a_ticket_number_is_recognised(raw, number):
    assert parse_query(raw).number == number


# --- matching, on both databases -------------------------------------------------------------


@pytest.fixture
def nguyen_van_a(db):
    return get_or_create_contact("nva@example.vn", name="Nguyễn Văn A", phone="096.929.75.79")


def test_ho_tro_finds_ho_tro_with_accents(contact_a, make_ticket):
    ticket = make_ticket(contact_a, subject="Cần hỗ trợ gấp")
    other = make_ticket(contact_a, subject="Hoá đơn tháng 3")
    assert everything("ho tro") == {ticket.pk}
    assert everything("HỖ TRỢ") == {ticket.pk}
    assert other.pk not in everything("ho tro")


def test_nguyen_van_a_finds_the_requester_nguyen_van_a(nguyen_van_a, contact_b, make_ticket):
    theirs = make_ticket(nguyen_van_a, subject="VPS chậm")
    make_ticket(contact_b, subject="VPS chậm")
    assert everything("Nguyen Van A") == {theirs.pk}
    assert everything("nguyễn văn a") == {theirs.pk}


def test_dang_ky_and_dang_ky_with_accents_find_each_other(contact_a, make_ticket):
    accented = make_ticket(contact_a, subject="Không đăng ký được tên miền")
    plain = make_ticket(contact_a, subject="Khong dang ky duoc ten mien")
    assert everything("dang ky") == {accented.pk, plain.pk}
    assert everything("đăng ký") == {accented.pk, plain.pk}


def test_every_word_must_match_but_may_be_anywhere(contact_a, make_ticket, tech_agent):
    both = make_ticket(contact_a, subject="Máy chủ không khởi động")
    services.add_agent_reply(both, tech_agent, "Kiểm tra giúp anh phân vùng ổ đĩa.")
    only_one = make_ticket(contact_a, subject="Máy chủ chậm")
    assert everything("khoi dong o dia") == {both.pk}
    assert only_one.pk in everything("may chu")


def test_a_word_only_in_a_message_body_is_found(contact_a, make_ticket, tech_agent):
    ticket = make_ticket(contact_a, subject="Lỗi", body="Nginx trả về 502 Bad Gateway")
    services.add_customer_reply(ticket, contact_a, "Log có dòng upstream timed out")
    other = make_ticket(contact_a, subject="Lỗi")
    services.add_agent_reply(other, tech_agent, "Đã khởi động lại php-fpm.")
    assert everything("502 gateway") == {ticket.pk}
    assert everything("upstream") == {ticket.pk}
    assert everything("php fpm") == {other.pk}


def test_a_quoted_phrase_needs_its_words_together_and_in_order(contact_a, make_ticket):
    together = make_ticket(contact_a, subject="Máy chủ bị treo", body="Từ 9 giờ.")
    apart = make_ticket(contact_a, subject="Chủ tài khoản có máy mới", body="Từ 9 giờ.")
    assert everything('"may chu"') == {together.pk}
    assert everything("may chu") == {together.pk, apart.pk}
    assert everything('"chu bi"') == {together.pk}
    assert everything('"may ch"') == set()  # a phrase is whole words


def test_a_word_finds_longer_words_it_starts(contact_a, make_ticket):
    ticket = make_ticket(contact_a, subject="Không truy cập được cPanel")
    assert everything("truy cpan") == {ticket.pk}
    assert everything("panel") == set()  # a prefix, not any substring: "Nguyen" does not find "uye"


def test_the_ticket_number_finds_the_ticket(contact_a, make_ticket):
    make_ticket(contact_a, subject="first")
    wanted = make_ticket(contact_a, subject="second")
    for raw in (wanted.number, wanted.number.lower(), str(wanted.pk), f"#{wanted.pk}"):
        assert wanted.pk in everything(raw), raw


def test_the_requesters_email_and_phone_find_the_ticket(nguyen_van_a, contact_b, make_ticket):
    theirs = make_ticket(nguyen_van_a)
    make_ticket(contact_b)
    for raw in ("nva@example.vn", "nva", "0969297579", "+84969297579", "096.929.75.79", "0969 297 579"):
        assert everything(raw) == {theirs.pk}, raw


def test_internal_notes_are_found_by_agents_only(contact_a, make_ticket, tech_agent):
    ticket = make_ticket(contact_a, subject="VPS")
    services.add_internal_note(ticket, tech_agent, "Khách nợ cước, cần khoá sau 3 ngày")
    assert everything("no cuoc") == {ticket.pk}
    assert everything("no cuoc", include_notes=False) == set()
    # A term may be in the notes and the other in the public text.
    assert everything("vps khoa") == {ticket.pk}
    assert everything("vps khoa", include_notes=False) == set()


def test_a_customer_never_finds_another_customers_ticket(contact_a, contact_b, make_ticket):
    mine = make_ticket(contact_a, subject="Hỗ trợ cài đặt")
    theirs = make_ticket(contact_b, subject="Hỗ trợ cài đặt")
    assert found(services.tickets_for_contact(contact_a), "ho tro", include_notes=False) == {mine.pk}
    assert found(services.tickets_for_contact(contact_a), theirs.number, include_notes=False) == set()


def test_an_agent_never_finds_another_departments_ticket(tech_agent, contact_a, sales, make_ticket):
    technical = make_ticket(contact_a, subject="Hoá đơn VPS")
    billing = make_ticket(contact_a, department=sales, subject="Hoá đơn VPS")
    assert found(services.tickets_for_agent(tech_agent), "hoa don") == {technical.pk}
    assert found(services.tickets_for_agent(tech_agent), billing.number) == set()


def test_a_punctuation_query_matches_nothing_without_an_error(contact_a, make_ticket):
    make_ticket(contact_a)
    assert everything("?!...") == set()
    assert everything("") == set()


def test_like_wildcards_in_a_query_are_plain_text(contact_a, make_ticket):
    make_ticket(contact_a, subject="VPS")
    assert everything("%") == set()
    assert everything("_") == set()


def test_text_beyond_the_cap_is_not_searchable(contact_a, make_ticket, tech_agent):
    ticket = make_ticket(contact_a, subject="Nhật ký", body="dòng " * (DOCUMENT_MAX_CHARS // 5))
    services.add_agent_reply(ticket, tech_agent, "zebracorn")
    assert everything("dong") == {ticket.pk}
    assert everything("zebracorn") == set()


# --- keeping the documents up to date --------------------------------------------------------


def test_a_contact_who_changes_name_is_found_by_the_new_name(customer_a, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    update_profile(customer_a, name="Lý Thường Kiệt", phone="", language="vi", time_zone="Asia/Ho_Chi_Minh")
    assert everything("ly thuong kiet") == {ticket.pk}
    assert everything("nguyen van an") == set()


def test_a_contact_save_that_changes_nothing_searchable_rewrites_nothing(contact_a, make_ticket):
    make_ticket(contact_a)
    with CaptureQueriesContext(connection) as queries:
        contact_a.save(update_fields=["language"])
        contact_a.save()
    assert not [q for q in queries.captured_queries if "UPDATE" in q["sql"] and "desk_ticket" in q["sql"]]


def test_the_reindex_command_rebuilds_what_the_services_built(contact_a, make_ticket, tech_agent):
    ticket = make_ticket(contact_a, subject="Đăng ký tên miền", body="Tên miền .vn")
    services.add_agent_reply(ticket, tech_agent, "Đã gửi hồ sơ.")
    services.add_internal_note(ticket, tech_agent, "Chờ VNNIC duyệt")
    services.add_customer_reply(ticket, contact_a, "Cảm ơn!")
    built = Ticket.objects.values_list("search_text", "search_notes").get(pk=ticket.pk)
    Ticket.objects.filter(pk=ticket.pk).update(search_text="", search_notes="")
    call_command("reindex_search", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Ticket.objects.values_list("search_text", "search_notes").get(pk=ticket.pk) == built
    assert built[0].endswith(" da gui ho so cam on ")
    assert built[1] == " cho vnnic duyet "


def test_lists_do_not_load_the_search_documents(contact_a, make_ticket):
    make_ticket(contact_a)
    ticket = Ticket.objects.get()
    assert ticket.get_deferred_fields() >= {"search_text", "search_notes"}
