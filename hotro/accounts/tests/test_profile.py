"""The customer's own profile: name, phone (E.164, for SMS threading), language, time zone."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_saves_the_profile_and_normalises_the_phone(client_for, customer_b):
    response = client_for(customer_b).post(
        reverse("accounts:profile"),
        {"name": "  Trần  Bình ", "phone": "096.929.75.79", "language": "vi", "timezone": "Asia/Bangkok"},
    )
    assert response.status_code == 302
    customer_b.refresh_from_db()
    assert customer_b.full_name == "Trần Bình"
    assert customer_b.language == "vi"
    assert customer_b.timezone == "Asia/Bangkok"
    assert customer_b.contact.phone == "+84969297579"
    assert customer_b.contact.language == "vi"


def test_it_rejects_a_bad_phone_number_and_changes_nothing(client_for, customer_b):
    response = client_for(customer_b).post(
        reverse("accounts:profile"),
        {"name": "Someone else", "phone": "12", "language": "en", "timezone": "Asia/Ho_Chi_Minh"},
    )
    assert response.status_code == 200
    assert "This phone number is not valid." in response.content.decode()
    customer_b.refresh_from_db()
    assert customer_b.full_name == "Trần Thị Bình"
    assert customer_b.contact.phone == ""


def test_it_rejects_an_unknown_time_zone(client_for, customer_b):
    response = client_for(customer_b).post(
        reverse("accounts:profile"), {"name": "B", "phone": "", "language": "en", "timezone": "Mars/Olympus"}
    )
    assert response.status_code == 200
    customer_b.refresh_from_db()
    assert customer_b.timezone == "Asia/Ho_Chi_Minh"


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
