"""Switching the interface language (Vietnamese is first-class, English the other choice)."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_sets_the_language_cookie_and_goes_back_to_a_safe_page():
    response = Client().post(reverse("accounts:set_language"), {"language": "en", "next": "/tickets/new/"})
    assert response.status_code == 302
    assert response["Location"] == "/tickets/new/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_the_page_then_speaks_that_language():
    client = Client()
    client.post(reverse("accounts:set_language"), {"language": "en"})
    assert 'lang="en"' in client.get(reverse("portal:home")).content.decode()


def test_it_saves_the_choice_on_the_account_and_contact(client_for, customer_a):
    client_for(customer_a).post(reverse("accounts:set_language"), {"language": "en"})
    customer_a.refresh_from_db()
    assert customer_a.language == "en"
    assert customer_a.contact.language == "en"


def test_it_ignores_a_language_we_do_not_offer(client_for, customer_a):
    response = client_for(customer_a).post(reverse("accounts:set_language"), {"language": "fr"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    customer_a.refresh_from_db()
    assert customer_a.language == "vi"


def test_it_never_redirects_to_another_site():
    response = Client().post(reverse("accounts:set_language"), {"language": "vi", "next": "//evil.example/x"})
    assert response["Location"] == reverse("portal:home")


def test_it_is_post_only():
    assert Client().get(reverse("accounts:set_language"), {"language": "en"}).status_code == 405
