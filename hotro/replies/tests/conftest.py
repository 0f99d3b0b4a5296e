"""Canned responses of the shared personas: a personal one of the technical agent, a shared one of Technical
and one of Sales & Accounting."""

from __future__ import annotations

import pytest

from hotro.replies import services as replies


@pytest.fixture
def personal_response(tech_agent):
    return replies.save_response(
        None,
        title="Khởi động lại",
        body_vi="Chào {{ customer_name }}, tôi là {{ agent_name }}.",
        body_en="Hello {{ customer_name }}, this is {{ agent_name }}.",
        department=None,
        owner=tech_agent,
    )


@pytest.fixture
def technical_response(technical):
    return replies.save_response(
        None,
        title="Đã nhận yêu cầu",
        body_vi="Ticket {{ ticket_number }} đã được tiếp nhận. Giờ làm việc: {{ department_hours }}.",
        body_en="Ticket {{ ticket_number }} is with us. Our hours: {{ department_hours }}.",
        department=technical,
        owner=None,
    )


@pytest.fixture
def sales_response(sales):
    return replies.save_response(
        None,
        title="Hóa đơn",
        body_vi="Hóa đơn của {{ customer_name }} đã được gửi.",
        body_en="The invoice of {{ customer_name }} has been sent.",
        department=sales,
        owner=None,
    )
