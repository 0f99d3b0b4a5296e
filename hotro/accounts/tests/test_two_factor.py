"""The second factor as a service: who must have one, enrolment, codes, recovery codes, the reset (issue #14)."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from hotro.accounts import two_factor
from hotro.accounts.models import RecoveryCode, SignInEvent, SignInEventKind
from hotro.accounts.services import AccountError
from hotro.accounts.tests.two_factor_helpers import code_for, enrol

pytestmark = pytest.mark.django_db


def test_administrators_and_supervisors_must_enrol_agents_and_customers_need_not(
    admin_agent, supervisor, tech_agent, customer_a
):
    assert two_factor.second_step(admin_agent) == two_factor.Step.ENROL
    assert two_factor.second_step(supervisor) == two_factor.Step.ENROL
    assert two_factor.second_step(tech_agent) is None
    assert two_factor.second_step(customer_a) is None


def test_agents_must_enrol_when_the_setting_says_so(tech_agent, customer_a, settings):
    settings.HOTRO_2FA_REQUIRED_ROLES = ["admin", "supervisor", "agent"]
    assert two_factor.second_step(tech_agent) == two_factor.Step.ENROL
    assert two_factor.second_step(customer_a) is None


def test_anyone_with_an_authenticator_is_asked_for_it(tech_agent, admin_agent):
    enrol(tech_agent)
    enrol(admin_agent)
    assert two_factor.second_step(tech_agent) == two_factor.Step.VERIFY
    assert two_factor.second_step(admin_agent) == two_factor.Step.VERIFY


def test_the_set_up_keeps_one_secret_until_confirmed(admin_agent):
    first = two_factor.pending_device(admin_agent)
    assert two_factor.pending_device(admin_agent).pk == first.pk  # reloading the page keeps the QR code
    assert "<svg" in two_factor.qr_svg(first)
    assert two_factor.secret_text(first).replace(" ", "").isalnum()


def test_enrolment_gives_ten_one_time_codes_kept_only_as_digests(admin_agent):
    device, codes = enrol(admin_agent)
    assert device.confirmed
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = list(RecoveryCode.objects.filter(user=admin_agent).values_list("digest", flat=True))
    assert len(stored) == 10 and not set(codes) & set(stored)
    assert not any(code.replace("-", "") in digest for code in codes for digest in stored)
    assert SignInEvent.objects.filter(user=admin_agent, event=SignInEventKind.TWO_FACTOR_ENROLLED).count() == 1


def test_a_wrong_first_code_confirms_nothing(admin_agent):
    device = two_factor.pending_device(admin_agent)
    right = code_for(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    with pytest.raises(AccountError):
        two_factor.confirm_enrolment(admin_agent, wrong)
    with pytest.raises(AccountError):
        two_factor.confirm_enrolment(admin_agent, "not a code")
    device.refresh_from_db()
    assert not device.confirmed and not RecoveryCode.objects.exists()


def test_a_code_is_accepted_once_and_a_wrong_one_is_audited(admin_agent):
    device, _codes = enrol(admin_agent)
    code = code_for(device)
    assert two_factor.check_code(admin_agent, code)
    assert not two_factor.check_code(admin_agent, code)  # replayed
    assert not two_factor.check_code(admin_agent, "000000" if code != "000000" else "111111")
    events = list(SignInEvent.objects.filter(user=admin_agent).values_list("event", flat=True))
    assert events.count(SignInEventKind.TWO_FACTOR_USED) == 1
    assert events.count(SignInEventKind.TWO_FACTOR_FAILED) == 2


def test_a_recovery_code_works_once_however_it_is_typed(admin_agent):
    _device, codes = enrol(admin_agent)
    assert two_factor.check_code(admin_agent, f"  {codes[0].upper().replace('-', ' ')} ")
    assert not two_factor.check_code(admin_agent, codes[0])
    assert two_factor.check_code(admin_agent, codes[1])
    assert two_factor.remaining_recovery_codes(admin_agent) == 8
    assert SignInEvent.objects.filter(event=SignInEventKind.RECOVERY_CODE_USED).count() == 2


def test_another_accounts_recovery_code_does_not_work(admin_agent, supervisor):
    _device, codes = enrol(admin_agent)
    enrol(supervisor)
    assert not two_factor.check_code(supervisor, codes[0])


def test_the_reset_forgets_the_factor_ends_sessions_and_is_audited(admin_agent, supervisor):
    enrol(supervisor)
    before = supervisor.get_session_auth_hash()
    two_factor.reset_second_factor(supervisor, by=admin_agent)
    assert not TOTPDevice.objects.filter(user=supervisor).exists()
    assert not RecoveryCode.objects.filter(user=supervisor).exists()
    assert supervisor.get_session_auth_hash() != before
    assert two_factor.second_step(supervisor) == two_factor.Step.ENROL
    event = SignInEvent.objects.get(event=SignInEventKind.TWO_FACTOR_RESET)
    assert event.user == supervisor and event.actor == admin_agent


def test_the_session_hash_is_djangos_until_a_reset(tech_agent):
    from django.contrib.auth.base_user import AbstractBaseUser

    assert tech_agent.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(tech_agent)
