"""Password reset through Django's views, with the email going through the outbox."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from hotro.core.outbound.testing import rendered

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-passphrase-77"


def test_it_queues_a_reset_email_in_the_customers_language(customer_b):
    response = Client().post(reverse("accounts:password_reset"), {"email": "Binh.Tran@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    mail = rendered().get(kind="accounts/password_reset")
    assert mail.to == customer_b.email
    assert mail.language == "en"
    assert "/accounts/password/reset/" in mail.body_text


def test_the_emailed_link_sets_a_new_password(customer_b):
    Client().post(reverse("accounts:password_reset"), {"email": customer_b.email})
    body = rendered().get(kind="accounts/password_reset").body_text
    path = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", body).group(1)
    client = Client()
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    customer_b.refresh_from_db()
    assert customer_b.check_password(NEW_PASSWORD)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(db):
    """No account enumeration: the page is the same, and nothing is queued."""
    response = Client().post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert not rendered().exists()


def test_a_bad_reset_link_says_so(customer_b):
    client = Client()
    client.cookies["hotro_language"] = "en"
    response = client.get(reverse("accounts:password_reset_confirm", args=["MQ", "bad-token"]))
    assert "This link is not valid any more" in response.content.decode()


def test_the_reset_link_is_not_kept_in_the_database_once_delivered(customer_b, settings):
    """The link is a credential: readable in the outbox until sent, then emptied (the admin shows the row)."""
    from django.core import mail

    from hotro.core.outbound.delivery import deliver_due

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Client().post(reverse("accounts:password_reset"), {"email": customer_b.email})
    deliver_due()
    assert "/accounts/password/reset/" in mail.outbox[-1].body
    row = rendered().get(kind="accounts/password_reset")
    assert row.status == "sent" and row.body_text == "" and row.body_html == ""
