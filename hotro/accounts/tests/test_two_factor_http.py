"""Two-factor sign-in through the pages: the password step, forced set-up, the code step, the lockout,
and the administrators' reset (issue #14, "Staff accounts"; finding 7: sessions end on a 2FA reset)."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext, override

from conftest import PASSWORD
from hotro.accounts import pending
from hotro.accounts.models import SignInEvent, SignInEventKind
from hotro.accounts.tests.two_factor_helpers import code_for, enrol

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
VERIFY = "/accounts/two-factor/"
ENROL = "/accounts/two-factor/set-up/"


def password_step(client: Client, email: str, **extra: str):
    return client.post(LOGIN, {"username": email, "password": PASSWORD, **extra}, REMOTE_ADDR="203.0.113.20")


def signed_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_an_administrator_without_an_authenticator_must_set_one_up_before_any_console_page(admin_agent):
    client = Client()
    response = password_step(client, admin_agent.email)
    assert response.status_code == 302 and response["Location"] == ENROL
    assert signed_in_as(client) is None  # nothing is signed in before the second step
    console = client.get(reverse("console:home"))
    assert console.status_code == 302 and "/accounts/login/" in console["Location"]
    admin = client.get("/admin/")
    assert admin.status_code == 302 and "/admin/login/" in admin["Location"]


def test_the_set_up_page_shows_the_secret_and_the_first_code_signs_in(admin_agent):
    client = Client()
    password_step(client, admin_agent.email)
    page = client.get(ENROL)
    assert page.status_code == 200 and b"<svg" in page.content
    secret = page.context["secret"]
    from hotro.accounts import two_factor

    device = two_factor.pending_device(admin_agent)
    assert two_factor.secret_text(device) == secret
    done = client.post(ENROL, {"code": code_for(device)})
    assert done.status_code == 200
    assert len(done.context["codes"]) == 10 and done.context["next_url"] == reverse("console:home")
    assert done.context["codes"][0] in done.content.decode()
    assert signed_in_as(client) == str(admin_agent.pk)
    assert client.get(reverse("console:search")).status_code == 200
    events = set(SignInEvent.objects.filter(user=admin_agent).values_list("event", flat=True))
    assert {SignInEventKind.TWO_FACTOR_ENROLLED, SignInEventKind.SIGNED_IN} <= events


def test_a_wrong_first_code_keeps_the_set_up_page(admin_agent):
    client = Client()
    password_step(client, admin_agent.email)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "12345x"})
    assert response.status_code == 200 and response.context["form"].errors
    assert signed_in_as(client) is None


def test_a_supervisor_is_forced_too_and_an_agent_is_not_unless_the_setting_says_so(supervisor, tech_agent, settings):
    assert password_step(Client(), supervisor.email)["Location"] == ENROL
    client = Client()
    response = password_step(client, tech_agent.email)
    assert response["Location"] == reverse("console:home") and signed_in_as(client) == str(tech_agent.pk)
    settings.HOTRO_2FA_REQUIRED_ROLES = ["admin", "supervisor", "agent"]
    client = Client()
    assert password_step(client, tech_agent.email)["Location"] == ENROL and signed_in_as(client) is None


def test_customers_sign_in_with_their_password_alone(customer_a):
    client = Client()
    response = password_step(client, customer_a.email)
    assert response["Location"] == reverse("portal:home") and signed_in_as(client) == str(customer_a.pk)


def test_an_enrolled_administrator_signs_in_with_a_code_and_lands_where_they_were_going(admin_agent):
    device, _codes = enrol(admin_agent)
    client = Client()
    response = password_step(client, admin_agent.email, next="/console/search/")
    assert response["Location"] == VERIFY and signed_in_as(client) is None
    assert client.get(VERIFY).status_code == 200
    done = client.post(VERIFY, {"code": code_for(device)})
    assert done.status_code == 302 and done["Location"] == "/console/search/"
    assert signed_in_as(client) == str(admin_agent.pk)
    assert SignInEvent.objects.filter(user=admin_agent, event=SignInEventKind.TWO_FACTOR_USED).exists()


def test_a_wrong_code_is_refused_and_audited(admin_agent):
    device, _codes = enrol(admin_agent)
    client = Client()
    password_step(client, admin_agent.email)
    right = code_for(device)
    response = client.post(VERIFY, {"code": f"{(int(right) + 1) % 1_000_000:06d}"})
    assert response.status_code == 200 and response.context["form"].errors
    assert signed_in_as(client) is None
    assert SignInEvent.objects.filter(user=admin_agent, event=SignInEventKind.TWO_FACTOR_FAILED).count() == 1


def test_a_recovery_code_signs_in_once(admin_agent):
    _device, codes = enrol(admin_agent)
    first = Client()
    password_step(first, admin_agent.email)
    assert first.post(VERIFY, {"code": codes[3]}).status_code == 302
    assert signed_in_as(first) == str(admin_agent.pk)
    second = Client()
    password_step(second, admin_agent.email)
    assert second.post(VERIFY, {"code": codes[3]}).status_code == 200
    assert signed_in_as(second) is None
    assert SignInEvent.objects.filter(event=SignInEventKind.RECOVERY_CODE_USED).count() == 1


def test_ten_wrong_codes_lock_the_account_like_ten_wrong_passwords(admin_agent, settings):
    settings.LANGUAGE_CODE = "en"
    device, _codes = enrol(admin_agent)
    client = Client()
    password_step(client, admin_agent.email)
    right = code_for(device)
    wrong = f"{(int(right) + 500_000) % 1_000_000:06d}"
    statuses = [client.post(VERIFY, {"code": wrong}, REMOTE_ADDR="203.0.113.20").status_code for _ in range(10)]
    assert statuses[:9] == [200] * 9 and statuses[9] == 429
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302  # the half sign-in is gone
    assert signed_in_as(client) is None
    refused = password_step(Client(), admin_agent.email)
    assert refused.status_code == 429 and "_auth_user_id" not in refused.cookies
    assert SignInEvent.objects.filter(event=SignInEventKind.LOCKED_OUT).exists()


def test_the_code_step_expires(admin_agent):
    device, _codes = enrol(admin_agent)
    client = Client()
    password_step(client, admin_agent.email)
    session = client.session
    session[pending.SESSION_KEY]["at"] = int(time.time()) - pending.PENDING_SECONDS - 1
    session.save()
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert signed_in_as(client) is None


def test_the_second_step_pages_send_strangers_to_sign_in(customer_a, client_for):
    for client in (Client(), client_for(customer_a)):
        for url in (VERIFY, ENROL):
            response = client.get(url)
            assert response.status_code == 302 and response["Location"] == reverse("accounts:login")


def test_the_django_admin_asks_for_the_second_factor_too(admin_agent):
    client = Client()
    response = client.post(
        "/admin/login/", {"username": admin_agent.email, "password": PASSWORD, "next": "/admin/"}, REMOTE_ADDR="::1"
    )
    assert response.status_code == 302 and response["Location"] == ENROL
    assert client.get("/admin/").status_code == 302
    device, _codes = enrol(admin_agent)
    client = Client()
    client.post("/admin/login/", {"username": admin_agent.email, "password": PASSWORD, "next": "/admin/"})
    done = client.post(VERIFY, {"code": code_for(device)})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_signed_in_agent_may_set_up_an_authenticator_by_choice(tech_agent, client_for):
    client = client_for(tech_agent)
    assert reverse("accounts:two_factor_enrol") in client.get(reverse("accounts:profile")).content.decode()
    assert client.get(ENROL).status_code == 200
    from hotro.accounts import two_factor

    done = client.post(ENROL, {"code": code_for(two_factor.pending_device(tech_agent))})
    assert done.status_code == 200 and done.context["next_url"] == reverse("accounts:profile")
    assert two_factor.has_second_factor(tech_agent)
    assert client.get(ENROL)["Location"] == reverse("accounts:profile")
    assert password_step(Client(), tech_agent.email)["Location"] == VERIFY


def test_tests_force_login_is_not_asked_for_a_second_factor(admin_agent, client_for):
    """Sessions made by ``force_login`` skip the password page, and so the second step (documented choice)."""
    assert client_for(admin_agent).get(reverse("console:search")).status_code == 200


def test_an_administrator_resets_a_lost_phone_which_ends_the_sessions_and_forces_a_new_set_up(
    admin_agent, supervisor, client_for
):
    device, _codes = enrol(supervisor)
    theirs = Client()
    password_step(theirs, supervisor.email)
    theirs.post(VERIFY, {"code": code_for(device)})
    assert theirs.get(reverse("console:search")).status_code == 200
    response = client_for(admin_agent).post(reverse("console:reset_second_factor", args=[supervisor.pk]))
    assert response.status_code == 302
    ended = theirs.get(reverse("console:search"))
    assert ended.status_code == 302 and "/accounts/login/" in ended["Location"]
    assert password_step(Client(), supervisor.email)["Location"] == ENROL
    event = SignInEvent.objects.get(event=SignInEventKind.TWO_FACTOR_RESET)
    assert event.user == supervisor and event.actor == admin_agent


def test_only_administrators_reset_a_second_factor(admin_agent, supervisor, tech_agent, customer_a, client_for):
    enrol(admin_agent)
    url = reverse("console:reset_second_factor", args=[admin_agent.pk])
    assert client_for(supervisor).post(url).status_code == 403
    assert client_for(tech_agent).post(url).status_code == 403
    assert client_for(customer_a).post(url).status_code == 404
    assert Client().post(url).status_code == 302
    assert client_for(admin_agent).get(url).status_code == 405
    from hotro.accounts import two_factor

    assert two_factor.has_second_factor(admin_agent)
    assert not SignInEvent.objects.filter(event=SignInEventKind.TWO_FACTOR_RESET).exists()


def test_a_reset_of_an_unknown_account_is_a_404(admin_agent, client_for):
    assert client_for(admin_agent).post(reverse("console:reset_second_factor", args=[999999])).status_code == 404


def test_the_admin_action_resets_too(admin_agent, supervisor, client_for):
    enrol(supervisor)
    response = client_for(admin_agent).post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [supervisor.pk]},
    )
    assert response.status_code == 302
    from hotro.accounts import two_factor

    assert not two_factor.has_second_factor(supervisor)
    assert SignInEvent.objects.filter(event=SignInEventKind.TWO_FACTOR_RESET, actor=admin_agent).exists()


def test_the_code_page_speaks_the_visitors_language(admin_agent):
    enrol(admin_agent)
    client = Client()
    client.cookies["hotro_language"] = "en"
    password_step(client, admin_agent.email)
    page = client.get(VERIFY).content.decode()
    with override("en"):
        assert gettext("Two-step sign-in") in page
    client.cookies["hotro_language"] = "vi"
    page = client.get(VERIFY).content.decode()
    with override("vi"):
        assert gettext("Two-step sign-in") in page
