"""A real IMAP server for tests: Debian's Dovecot, run from a config in a temporary folder.

``with dovecot_server(tmp_path) as imap: imap.append(raw); ...; imap.stop(); imap.start()``.
It listens on a free port of 127.0.0.1 with one plain-text user (``test`` /
``pass``) whose Maildir lives in the folder. Skips the test when Dovecot is
not installed.

``oauth2_introspection_url=`` also accepts XOAUTH2 and OAUTHBEARER sign-ins:
Dovecot's own ``oauth2`` passdb posts each access token to that URL (RFC 7662
introspection) and lets the user in when the answer says it is active
(``hotro.mail.testing_oauth`` plays that provider). ``capabilities=`` replaces
the advertised capability list, e.g. to stand for a server without IDLE.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from imapclient import IMAPClient

from hotro.mail.testing import free_port

DOVECOT = Path("/usr/sbin/dovecot")
USER, PASSWORD = "test", "pass"

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login{mechanisms}
first_valid_uid = 1
mail_location = maildir:~/Maildir
{extra}passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/users
}}
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service auth {{
  user = root
}}
service auth-worker {{
  user = root
}}
"""

OAUTH2_PASSDB = """\
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {root}/dovecot-oauth2.conf.ext
}}
"""

OAUTH2_CONFIG = """\
introspection_mode = post
introspection_url = {url}
force_introspection = yes
username_attribute = username
active_attribute = active
active_value = true
"""


@dataclass
class DovecotServer:
    root: Path
    port: int

    @property
    def config(self) -> Path:
        return self.root / "dovecot.conf"

    def start(self) -> None:
        subprocess.run(  # noqa: S603 - a fixed binary and our own config file
            [str(DOVECOT), "-c", str(self.config)],
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,  # the daemon keeps inherited pipes open: never capture
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=2) as sock:
                    if sock.recv(64).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"dovecot did not start; log:\n{self.log()}")

    def stop(self) -> None:
        pid_file = self.root / "run" / "master.pid"
        if not pid_file.exists():
            return
        pid = int(pid_file.read_text().strip())
        try:
            os.kill(pid, 15)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def client(self) -> IMAPClient:
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=5)
        client.login(USER, PASSWORD)
        return client

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        with self.client() as client:
            client.append(folder, raw)

    def flags(self, folder: str = "INBOX") -> list[tuple[bytes, ...]]:
        with self.client() as client:
            client.select_folder(folder, readonly=True)
            uids = client.search(["ALL"])
            return [data[b"FLAGS"] for data in client.fetch(uids, ["FLAGS"]).values()]


def _config(root: Path, port: int, oauth2_introspection_url: str | None, capabilities: str | None) -> str:
    extra = ""
    if oauth2_introspection_url:
        (root / "dovecot-oauth2.conf.ext").write_text(OAUTH2_CONFIG.format(url=oauth2_introspection_url))
        extra += OAUTH2_PASSDB.format(root=root)
    if capabilities:
        extra += f"imap_capability = {capabilities}\n"
    return CONFIG.format(
        root=root, port=port, mechanisms=" xoauth2 oauthbearer" if oauth2_introspection_url else "", extra=extra
    )


@contextmanager
def dovecot_server(
    tmp_path: Path, *, oauth2_introspection_url: str | None = None, capabilities: str | None = None
) -> Iterator[DovecotServer]:
    import pytest

    if not DOVECOT.exists():
        pytest.skip("Dovecot is not installed (/usr/sbin/dovecot)")
    # Dovecot refuses uid 0 as a mail user, and its processes drop privileges: the mail user is
    # "nobody", and the folder must be traversable by it (pytest's tmp_path is 0700 under root).
    root = Path(tempfile.mkdtemp(prefix="hotro-dovecot-"))
    root.chmod(0o755)
    home = root / "home"
    for folder in (root / "run", root / "state", home):
        folder.mkdir(parents=True, exist_ok=True)
    nobody = pwd.getpwnam("nobody")
    uid, gid = nobody.pw_uid, nobody.pw_gid
    os.chown(home, uid, gid)
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{home}\n")
    server = DovecotServer(root=root, port=free_port())
    server.config.write_text(_config(root, server.port, oauth2_introspection_url, capabilities))
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
