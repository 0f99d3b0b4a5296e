"""Production headers and cookies (the security review's finding 7): with DEBUG off behind a TLS
proxy every HTML page carries a Content-Security-Policy and HSTS, the session cookie set at sign-in
is Secure, HttpOnly and SameSite, and ``check --deploy`` has nothing to say."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-" + "x7Kq2" * 8,
    "BEHIND_TLS_PROXY": "true",
    "ALLOWED_HOSTS": "desk.example",
    "DEBUG": "",
}


def production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG")}
    return {**env, **PRODUCTION, "HOTRO_DATA_DIR": str(tmp_path)}


def test_check_deploy_prints_no_warning_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr and "no issues" in result.stdout


def test_production_settings_follow_from_the_environment(tmp_path):
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps("
        "[s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0,"
        " s.SECURE_PROXY_SSL_HEADER]))"
    )
    env = {**production_env(tmp_path), "DJANGO_SETTINGS_MODULE": "hotro.settings"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [True, True, True, True, ["HTTP_X_FORWARDED_PROTO", "https"]]


@pytest.fixture
def behind_tls(settings):
    """What the environment above gives (checked by the test before), applied to this process."""
    settings.DEBUG = False
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 3600
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True


def https(client: Client, method: str, path: str, **data):
    return getattr(client, method)(path, data, HTTP_X_FORWARDED_PROTO="https", secure=False)


@pytest.mark.usefixtures("behind_tls")
def test_html_pages_carry_csp_and_hsts(provider_defaults):
    page = https(Client(), "get", "/")
    assert page.status_code == 200
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy
    assert page["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.usefixtures("behind_tls")
def test_plain_http_is_sent_to_https(provider_defaults):
    response = Client().get("/")
    assert response.status_code == 301 and response["Location"].startswith("https://")


@pytest.mark.usefixtures("behind_tls")
def test_the_session_cookie_set_at_sign_in_is_secure_httponly_and_samesite(customer_a):
    client = Client()
    https(client, "get", "/accounts/login/")
    response = https(client, "post", "/accounts/login/", username=customer_a.email, password=PASSWORD)
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] is True and cookie["httponly"] is True and cookie["samesite"] == "Lax"


def test_the_desk_serves_no_inline_script():
    """What makes ``script-src 'self'`` possible: no template carries a script body or an on* handler."""
    import re

    offenders = []
    for template in (ROOT / "hotro").rglob("*.html"):
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+=\"", text):
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []
