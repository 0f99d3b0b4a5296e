"""Two server processes through Redis: a visitor on one and an agent on the other talk normally.

Each process is the production server (``python -m hotro.core.serve``) on one desk database
(a SQLite file of this test's own) with ``REDIS_URL`` set to the local Redis, so the chat's
frames cross processes through the Channels layer there (``channels-redis``).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
REDIS = os.environ.get("HOTRO_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
SETUP = """
from django.contrib.sessions.backends.db import SessionStore
from hotro.accounts.services import create_agent
from hotro.desk.models import Department
from hotro.chat.models import ChatWidget
agent = create_agent("tech@cloudmini.example", "x-pass-123456", name="Kỹ Thuật", departments=[Department.objects.get(slug="technical")])
ChatWidget.objects.update_or_create(key="default", defaults={"allowed_origins": "https://www.cloudmini.example"})
session = SessionStore()
session["_auth_user_id"] = str(agent.pk)
session["_auth_user_backend"] = "hotro.accounts.backends.AccountBackend"
session["_auth_user_hash"] = agent.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(not redis_reachable(), reason="needs Redis on 127.0.0.1")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def desk(tmp_path):
    """A desk database, its signed-in agent's session, and two server processes on it."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")},
        "HOTRO_DATA_DIR": str(tmp_path),
        "REDIS_URL": REDIS,
        "HOTRO_CHANNEL_PREFIX": f"test-{uuid.uuid4().hex[:8]}",
        "SECRET_KEY": "two-processes-test",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    subprocess.run([*manage, "load_provider_defaults", "-v0"], cwd=ROOT, env=env, check=True, timeout=120)
    made = subprocess.run(
        [*manage, "shell", "-c", SETUP], cwd=ROOT, env=env, check=True, timeout=120, capture_output=True, text=True
    )
    session_key = made.stdout.strip().splitlines()[-1]
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "hotro.core.serve", "--port", str(port), "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(tmp_path / f"server-{port}.log").open("w"),
        )
        for port in ports
    ]
    try:
        for port in ports:  # the port opens before the worker has loaded Django: wait for it to answer
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    time.sleep(0.2)
        yield ports, session_key
    finally:
        for server in servers:
            server.terminate()
        for server in servers:  # each closes its sockets within its graceful shutdown (10 s), however loaded
            server.wait(timeout=30)
        for log in sorted(tmp_path.glob("server-*.log")):
            print(log.name, log.read_text()[-3000:])  # shown when the test fails


async def next_of(ws, frame_type: str) -> dict:
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
        if frame["type"] == frame_type:
            return frame


def test_a_visitor_on_one_process_and_an_agent_on_another_talk_both_ways(desk):
    import websockets

    (visitor_port, agent_port), session_key = desk

    async def scenario():
        visitor = await websockets.connect(
            f"ws://127.0.0.1:{visitor_port}/ws/chat/visitor/?widget=default&lang=vi",
            origin="https://www.cloudmini.example",
            open_timeout=30,
        )
        agent = await websockets.connect(
            f"ws://127.0.0.1:{agent_port}/ws/chat/agent/",
            origin=f"http://127.0.0.1:{agent_port}",
            additional_headers={"Cookie": f"sessionid={session_key}"},
            open_timeout=30,
        )
        await next_of(agent, "state")
        await next_of(visitor, "welcome")
        await visitor.send(json.dumps({"type": "start", "name": "Lan", "topic": "technical"}))
        started = await next_of(visitor, "started")
        chat = started["conversation"]["id"]
        waiting = await next_of(agent, "waiting")  # crossed from the visitor's process
        await agent.send(json.dumps({"type": "accept", "conversation": chat}))
        accepted = await next_of(visitor, "accepted")
        await visitor.send(json.dumps({"type": "message", "client_id": "v1", "body": "Xin chào"}))
        from_visitor = await next_of(agent, "message")
        while from_visitor["message"]["author"] != "visitor":
            from_visitor = await next_of(agent, "message")
        await agent.send(json.dumps({"type": "message", "conversation": chat, "client_id": "a1", "body": "Chào Lan"}))
        from_agent = await next_of(visitor, "message")
        while from_agent["message"]["author"] != "agent":
            from_agent = await next_of(visitor, "message")
        await visitor.close()
        await agent.close()
        return waiting, accepted, from_visitor, from_agent

    waiting, accepted, from_visitor, from_agent = asyncio.run(scenario())
    assert waiting["conversation"]["name"] == "Lan"
    assert accepted["agent"] == "Kỹ Thuật"
    assert from_visitor["message"]["body"] == "Xin chào"
    assert from_agent["message"]["body"] == "Chào Lan"
