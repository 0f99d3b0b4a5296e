"""Live chat end to end in Debian's Chromium: the widget on a website of another origin, an agent's console.

The desk runs under uvicorn (WebSockets need an ASGI server; pytest-django's live server is WSGI)
in a thread of this process, on the test database. The website is a plain HTML page served by
``http.server`` on another port, so the widget really is loaded and used cross-origin.
"""

from __future__ import annotations

import gzip
import http.server
import re
import shutil
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import timezone

from hotro.chat.models import ChatStatus, ChatWidget, Conversation
from hotro.core.models import OutboundMessage
from hotro.desk.models import Ticket
from hotro.hours.models import Calendar, HolidayOverride
from tests.browser.conftest import CHROMIUM, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]

WIDGET_JS = Path(__file__).resolve().parents[2] / "hotro" / "chat" / "static" / "chat" / "widget.js"
WAIT = 15_000  # ms: the longest a step may take on a busy machine
HOST_PAGE = """<!doctype html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>Cloudmini VPS</title>
<style>button {{ background: red; font-size: 40px; }} div {{ display: inline; }}</style></head>
<body>
<h1>Cloudmini VPS</h1>
<p>VPS SSD từ 99.000đ/tháng.</p>
<script src="{desk}/chat/widget.js" data-widget="default" async></script>
</body>
</html>
"""
# Registered before any script of the host page runs: long tasks, and long animation frames with the
# scripts that ran in them (Chromium 123+), so a slow frame can be pinned on the widget or not.
OBSERVE = """
window.__long = {tasks: [], frames: []};
try {
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (e) { window.__long.tasks.push({start: e.startTime, duration: e.duration}); });
  }).observe({type: "longtask", buffered: true});
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (e) {
      window.__long.frames.push({start: e.startTime, duration: e.duration, blocking: e.blockingDuration,
        scripts: (e.scripts || []).map(function (s) { return {url: s.sourceURL, duration: s.duration, invoker: s.invoker}; })});
    });
  }).observe({type: "long-animation-frame", buffered: true});
} catch (e) {}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class DeskServer:
    """uvicorn serving the desk's ASGI application in a thread; it can be stopped and started again."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.server: object | None = None
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        import uvicorn

        from hotro.asgi import application

        config = uvicorn.Config(application, host="127.0.0.1", port=self.port, lifespan="off", log_level="warning")
        self.server = server = uvicorn.Server(config)
        self.thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 15
        while not server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True  # open WebSockets are closed (1012), as in a restart
        self.thread.join(15)


@pytest.fixture
def desk_server(transactional_db, settings) -> Iterator[DeskServer]:
    """The desk under uvicorn on a free port, on the test database (WebSockets need ASGI)."""
    server = DeskServer(free_port())
    settings.SITE_URL = settings.HOTRO_PUBLIC_URL = server.url
    server.start()
    yield server
    server.stop()


@pytest.fixture
def desk(desk_server) -> str:
    return desk_server.url


@dataclass
class Website:
    origin: str

    def url(self, lang: str = "vi") -> str:
        return f"{self.origin}/{lang}.html"


@pytest.fixture
def website(desk) -> Iterator[Website]:
    """A website on another origin (another port) whose pages embed the widget."""

    class Pages(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            match = re.fullmatch(r"/(vi|en)\.html", self.path)
            if match is None:
                self.send_error(404)
                return
            body = HOST_PAGE.format(lang=match.group(1), desk=desk).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Pages)
    thread = threading.Thread(target=server.serve_forever, name="website", daemon=True)
    thread.start()
    site = Website(origin=f"http://127.0.0.1:{server.server_address[1]}")
    ChatWidget.objects.update_or_create(key="default", defaults={"allowed_origins": site.origin})
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def sales_chat_open(sales) -> None:
    """Sales & Accounting answers chats now, whatever the hour this test runs at."""
    calendar = Calendar.objects.get(department=sales, channel="chat")
    calendar.always_open, calendar.closed_on_holidays = True, False
    calendar.save(update_fields=["always_open", "closed_on_holidays"])


@pytest.fixture
def sales_closed_today(sales) -> None:
    """A company day off for Sales & Accounting today: its chat is closed all day (P5)."""
    HolidayOverride.objects.create(date=timezone.localdate(), name="Nghỉ", name_en="Day off", department=sales)


def launcher(page):
    return page.locator("[data-hotro-chat] button.launcher")


def test_a_visitor_on_another_website_chats_with_an_agent_and_the_chat_becomes_a_ticket(
    desk, website, browser, sales_chat_open, sales_agent
):
    from playwright.sync_api import expect

    visitor = browser.new_context(locale="vi-VN").new_page()
    import os

    if os.environ.get("CHAT_DEBUG"):
        visitor.on("websocket", lambda ws: ws.on("framesent", lambda f: print("VISITOR>", f)))
        visitor.on("console", lambda m: print("CONSOLE", m.text))
    visitor.goto(website.url("vi"))
    button = launcher(visitor)
    expect(button).to_be_visible(timeout=WAIT)
    expect(button).to_have_attribute("aria-label", "Chat trực tuyến")
    box, viewport = button.bounding_box(), visitor.viewport_size
    assert box["x"] > viewport["width"] / 2 and box["y"] > viewport["height"] / 2  # bottom-right quarter

    button.focus()  # keyboard: the launcher is a real button
    visitor.keyboard.press("Enter")
    panel = visitor.locator("[data-hotro-chat] .panel[role=dialog]")
    expect(panel).to_be_visible(timeout=WAIT)
    expect(button).to_have_attribute("aria-expanded", "true")
    presales = visitor.locator("[data-hotro-chat] input[name=topic][value=presales]")
    expect(presales).to_be_attached(timeout=WAIT)
    expect(visitor.locator("[data-hotro-chat] #hc-name")).to_be_focused()
    visitor.fill("[data-hotro-chat] #hc-name", "Trần Khách")
    presales.check()
    expect(visitor.locator("[data-hotro-chat] .topic:has(input[value=presales]) .hours.open")).to_be_visible()
    visitor.locator("[data-hotro-chat] .prechat button[type=submit]").click()

    message = visitor.locator("[data-hotro-chat] #hc-message")
    expect(message).to_be_visible(timeout=WAIT)
    expect(visitor.locator("[data-hotro-chat] .sub")).to_contain_text("hàng chờ", timeout=WAIT)
    message.fill("Cho mình hỏi giá VPS 4GB <b>?</b>")
    message.press("Enter")
    mine = visitor.locator("[data-hotro-chat] .msg.mine").last
    expect(mine.locator(".mark")).to_have_text("Đã gửi", timeout=WAIT)
    expect(mine.locator(".text")).to_have_text("Cho mình hỏi giá VPS 4GB <b>?</b>")  # shown as text, not HTML

    agent = browser.new_context(locale="en-US").new_page()
    import os

    if os.environ.get("CHAT_DEBUG"):
        agent.on("websocket", lambda ws: ws.on("framereceived", lambda f: print("AGENT<", f)))
    sign_in(agent, desk, sales_agent.email)
    agent.goto(f"{desk}/console/chat/")
    waiting = agent.locator("#chat-waiting .chat-item", has_text="Trần Khách")
    expect(waiting).to_be_visible(timeout=WAIT)
    assert agent.title().startswith("(1) ")
    waiting.locator(".chat-accept").click()
    expect(agent.locator("#chat-log")).to_contain_text("Cho mình hỏi giá VPS 4GB <b>?</b>", timeout=WAIT)
    expect(agent.locator("#chat-mine .chat-item", has_text="Trần Khách")).to_be_visible(timeout=WAIT)
    expect(agent.locator("#chat-waiting .chat-item")).to_have_count(0)
    expect(agent.locator("#side-page a")).to_have_attribute("href", website.url("vi"))
    expect(visitor.locator("[data-hotro-chat] .sub")).to_contain_text("Võ Kinh Doanh", timeout=WAIT)
    # The agent has the chat open: the visitor's message is marked read on the visitor's side.
    expect(mine.locator(".mark")).to_have_text("Đã xem", timeout=WAIT)

    message.fill("Còn gói 8GB thì sao?")  # typing…
    expect(agent.locator("#chat-typing")).to_contain_text("Trần Khách", timeout=WAIT)
    message.fill("")
    agent.locator("#chat-body").fill("Chào anh, VPS 4GB giá 200.000đ/tháng.")
    agent.locator("#chat-body").press("Enter")
    theirs = visitor.locator("[data-hotro-chat] .msg.theirs", has_text="VPS 4GB giá 200.000đ/tháng")
    expect(theirs).to_be_visible(timeout=WAIT)
    expect(agent.locator("#chat-log .chat-msg.from-agent .chat-mark").last).to_have_text(" · Read", timeout=WAIT)

    # History is kept across page loads: the panel comes back with every message once.
    visitor.reload()
    expect(theirs).to_be_visible(timeout=WAIT)
    ids = visitor.locator("[data-hotro-chat] .log .msg").evaluate_all("els => els.map(e => e.dataset.id)")
    assert len(ids) == len(set(ids)) >= 3, ids  # visitor, "joined", agent

    # The console after a reload: the chat is still the agent's, followed live though not open.
    agent.reload()
    my_chat = agent.locator("#chat-mine .chat-item", has_text="Trần Khách")
    expect(my_chat).to_be_visible(timeout=WAIT)
    message.fill("Cảm ơn bạn")
    message.press("Enter")
    expect(my_chat.locator(".badge.unread")).to_be_visible(timeout=WAIT)
    assert agent.title().startswith("(1) ")
    my_chat.locator(".chat-name").click()
    expect(agent.locator("#chat-log")).to_contain_text("Cảm ơn bạn", timeout=WAIT)
    expect(agent.locator("#chat-log .chat-msg")).to_have_count(len(ids) + 1)

    agent.locator("#chat-to-ticket").click()
    number_link = agent.locator("#chat-ticket a")
    expect(number_link).to_be_visible(timeout=WAIT)
    number = number_link.inner_text()
    assert number_link.get_attribute("href") == f"/console/tickets/{number}/"
    expect(visitor.locator("[data-hotro-chat] .ticket-note .number")).to_have_text(number, timeout=WAIT)
    ticket = Ticket.objects.get(pk=Ticket.pk_from_number(number))
    assert ticket.department.slug == "sales"
    assert "Cho mình hỏi giá VPS 4GB" in ticket.messages.order_by("pk").first().body_text

    agent.locator("#chat-end").click()
    expect(visitor.locator("[data-hotro-chat] .ended")).to_be_visible(timeout=WAIT)
    expect(agent.locator("#chat-mine .chat-item")).to_have_count(0)

    visitor.keyboard.press("Escape")  # closes the panel, the focus back on the launcher
    expect(panel).to_be_hidden()
    expect(button).to_be_focused()


def test_when_the_department_is_closed_the_widget_takes_an_offline_message_that_becomes_a_ticket(
    desk, website, browser, sales_closed_today
):
    from playwright.sync_api import expect

    visitor = browser.new_context(locale="en-US", viewport={"width": 390, "height": 800}).new_page()  # a phone
    visitor.goto(website.url("en"))
    button = launcher(visitor)
    expect(button).to_have_attribute("aria-label", "Chat with us", timeout=WAIT)
    button.click()
    panel = visitor.locator("[data-hotro-chat] .panel")
    expect(panel).to_be_visible(timeout=WAIT)
    visitor.wait_for_timeout(300)  # the opening animation
    box = {key: round(value) for key, value in panel.bounding_box().items()}
    assert box == {"x": 0, "y": 0, "width": 390, "height": 800}  # full screen under 480 px
    presales = visitor.locator("[data-hotro-chat] input[name=topic][value=presales]")
    expect(presales).to_be_attached(timeout=WAIT)
    expect(visitor.locator("[data-hotro-chat] .topic:has(input[value=presales]) .hours.closed")).to_contain_text(
        "Closed"
    )
    presales.check()
    expect(visitor.locator("[data-hotro-chat] .closed-note")).to_be_visible()
    visitor.fill("[data-hotro-chat] #hc-name", "Jane Visitor")
    visitor.fill("[data-hotro-chat] #hc-body", "Do you sell VPS in Hanoi?")
    visitor.locator("[data-hotro-chat] .prechat button[type=submit]").click()
    # The email address is required for an offline message: a clear message, the field marked.
    expect(visitor.locator("[data-hotro-chat] .alert")).not_to_be_empty()
    expect(visitor.locator("[data-hotro-chat] #hc-email")).to_have_attribute("aria-invalid", "true")
    visitor.fill("[data-hotro-chat] #hc-email", "jane@example.org")
    visitor.locator("[data-hotro-chat] .prechat button[type=submit]").click()

    number = visitor.locator("[data-hotro-chat] .done .number")
    expect(number).not_to_be_empty(timeout=WAIT)
    expect(visitor.locator("[data-hotro-chat] .done")).to_contain_text("next working hour")
    ticket = Ticket.objects.get(pk=Ticket.pk_from_number(number.inner_text()))
    assert ticket.department.slug == "sales"
    assert ticket.requester.email == "jane@example.org"
    assert "Do you sell VPS in Hanoi?" in ticket.messages.order_by("pk").first().body_text


def test_the_panel_switches_to_english_advises_a_ticket_for_technical_problems_and_ends_cleanly(
    desk, website, browser, technical, settings
):
    from playwright.sync_api import expect

    settings.HOTRO_CHAT_MESSAGES_PER_MINUTE = 1

    visitor = browser.new_context(locale="vi-VN").new_page()
    visitor.goto(website.url("vi"))
    launcher(visitor).click()
    technical_topic = visitor.locator("[data-hotro-chat] input[name=topic][value=technical]")
    expect(technical_topic).to_be_attached(timeout=WAIT)
    visitor.locator("[data-hotro-chat] .panel .lang").click()  # the visitor's choice beats the page's lang
    expect(launcher(visitor)).to_have_attribute("aria-label", "Chat with us")
    expect(visitor.locator("[data-hotro-chat] #hc-title")).to_have_text("Live chat")
    expect(visitor.locator("[data-hotro-chat] .topic:has(input[value=technical]) .label")).to_have_text(
        "Technical problem", timeout=WAIT
    )
    technical_topic.check()
    advice = visitor.locator("[data-hotro-chat] .advice")
    expect(advice).to_contain_text("ticket")  # P6: a ticket is better, chatting is still allowed
    assert advice.locator("a.ticket-link").get_attribute("href").startswith(desk)
    visitor.fill("[data-hotro-chat] #hc-name", "Jane Visitor")
    visitor.locator("[data-hotro-chat] .prechat button[type=submit]").click()

    message = visitor.locator("[data-hotro-chat] #hc-message")
    expect(message).to_be_focused(timeout=WAIT)
    message.fill("x" * 2001)
    expect(visitor.locator("[data-hotro-chat] #hc-count")).to_have_text("2001/2000 characters")
    message.press("Enter")
    expect(visitor.locator("[data-hotro-chat] .alert")).to_contain_text("too long")
    expect(visitor.locator("[data-hotro-chat] .msg.mine")).to_have_count(0)
    message.fill("My VPS does not boot.")
    message.press("Enter")
    expect(visitor.locator("[data-hotro-chat] .msg.mine .mark")).to_have_text("Delivered", timeout=WAIT)
    message.fill("Hello?")  # over the rate limit: refused, said clearly, the text back in the box
    message.press("Enter")
    expect(visitor.locator("[data-hotro-chat] .alert")).to_contain_text("too fast", timeout=WAIT)
    expect(message).to_have_value("Hello?")
    expect(visitor.locator("[data-hotro-chat] .msg.mine")).to_have_count(1)

    visitor.locator("[data-hotro-chat] .composer .tools button", has_text="transcript").click()
    visitor.locator("[data-hotro-chat] .transcript input[name=email]").fill("jane@example.org")
    visitor.locator("[data-hotro-chat] .transcript button[type=submit]").click()
    expect(visitor.locator("[data-hotro-chat] .log .note")).to_contain_text("jane@example.org", timeout=WAIT)
    assert OutboundMessage.objects.filter(kind="chat/transcript", to="jane@example.org").exists()

    visitor.locator("[data-hotro-chat] .composer .link.end").click()
    expect(visitor.locator("[data-hotro-chat] .ended")).to_contain_text("The chat has ended.", timeout=WAIT)
    assert Conversation.objects.get().status == ChatStatus.ENDED
    visitor.keyboard.press("Escape")  # closing an ended chat forgets it: the next one starts afresh
    assert visitor.evaluate("localStorage.getItem('hotro-chat-token')") is None
    launcher(visitor).click()
    expect(visitor.locator("[data-hotro-chat] #hc-name")).to_be_visible(timeout=WAIT)


def test_a_chat_nobody_accepts_offers_the_offline_form_in_time(desk, website, browser, sales_chat_open, settings):
    from playwright.sync_api import expect

    settings.HOTRO_CHAT_OFFLINE_AFTER = 2  # seconds
    visitor = browser.new_context(locale="vi-VN").new_page()
    visitor.goto(website.url("vi"))
    launcher(visitor).click()
    presales = visitor.locator("[data-hotro-chat] input[name=topic][value=presales]")
    expect(presales).to_be_attached(timeout=WAIT)
    visitor.fill("[data-hotro-chat] #hc-name", "Lê Khách")
    visitor.fill("[data-hotro-chat] #hc-email", "le.khach@example.vn")
    presales.check()
    visitor.locator("[data-hotro-chat] .prechat button[type=submit]").click()
    message = visitor.locator("[data-hotro-chat] #hc-message")
    message.fill("Bên bạn có VPS ở Hà Nội không?")
    message.press("Enter")

    offer = visitor.locator("[data-hotro-chat] .offer")
    expect(offer).to_be_visible(timeout=WAIT)
    offer.locator("button").click()
    expect(visitor.locator("[data-hotro-chat] #hc-email")).to_have_value("le.khach@example.vn")
    expect(visitor.locator("[data-hotro-chat] #hc-body")).to_have_value("Bên bạn có VPS ở Hà Nội không?")
    visitor.locator("[data-hotro-chat] .prechat button[type=submit]").click()
    number = visitor.locator("[data-hotro-chat] .done .number")
    expect(number).not_to_be_empty(timeout=WAIT)
    ticket = Ticket.objects.get(pk=Ticket.pk_from_number(number.inner_text()))
    assert ticket.requester.email == "le.khach@example.vn"
    conversation = Conversation.objects.get()
    for _ in range(50):  # the waiting chat is ended, not left in the agents' list
        if conversation.status == ChatStatus.ENDED:
            break
        time.sleep(0.1)
        conversation.refresh_from_db()
    assert conversation.status == ChatStatus.ENDED


def test_after_the_desk_restarts_the_widget_reconnects_and_resumes_with_no_gap_and_no_duplicate(
    desk_server, website, browser, sales_chat_open, sales_agent
):
    from playwright.sync_api import expect

    from hotro.chat import services as chat

    visitor = browser.new_context(locale="vi-VN").new_page()
    visitor.goto(website.url("vi"))
    launcher(visitor).click()
    presales = visitor.locator("[data-hotro-chat] input[name=topic][value=presales]")
    expect(presales).to_be_attached(timeout=WAIT)
    visitor.fill("[data-hotro-chat] #hc-name", "Trần Khách")
    presales.check()
    visitor.locator("[data-hotro-chat] .prechat button[type=submit]").click()
    message = visitor.locator("[data-hotro-chat] #hc-message")
    message.fill("Tin nhắn thứ nhất")
    message.press("Enter")
    expect(visitor.locator("[data-hotro-chat] .msg.mine .mark")).to_have_text("Đã gửi", timeout=WAIT)

    desk_server.stop()
    expect(visitor.locator("[data-hotro-chat] .sub")).to_contain_text("kết nối lại", timeout=WAIT)
    message.fill("Tin nhắn lúc mất mạng")  # kept and sent again once connected
    message.press("Enter")
    conversation = Conversation.objects.get()
    chat.accept(conversation, sales_agent)  # the agent answers meanwhile (through another server, say)
    chat.post(conversation, author="agent", body="Trả lời trong lúc bạn mất kết nối", client_id="", agent=sales_agent)
    desk_server.start()

    expect(visitor.locator("[data-hotro-chat] .msg.theirs", has_text="Trả lời trong lúc")).to_be_visible(timeout=30_000)
    expect(visitor.locator("[data-hotro-chat] .msg.mine", has_text="lúc mất mạng").locator(".mark")).to_have_text(
        "Đã gửi", timeout=WAIT
    )
    ids = visitor.locator("[data-hotro-chat] .log .msg").evaluate_all("els => els.map(e => e.dataset.id)")
    stored = list(conversation.messages.order_by("pk").values_list("pk", flat=True))
    assert [int(i) for i in ids] == stored  # every stored message once, in order
    assert conversation.messages.filter(body="Tin nhắn lúc mất mạng").count() == 1


def test_the_widget_is_small_and_never_blocks_the_host_page(desk, website, browser, sales_chat_open):
    with urllib.request.urlopen(f"{desk}/chat/widget.js") as response:  # noqa: S310 (our own test server)
        served = response.read()
        assert "javascript" in response.headers["Content-Type"]
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert served == WIDGET_JS.read_bytes()
    packed = len(gzip.compress(served, compresslevel=9))
    print(f"\nwidget.js: {len(served)} bytes, {packed} bytes gzipped")
    assert packed <= 10 * 1024

    for throttle in (1, 4):  # as is, then with the CPU slowed 4 times (a mid-range phone)
        long = widget_main_thread_cost(browser, website, throttle)
        ours = [s for frame in long["frames"] for s in frame["scripts"] if s["url"].startswith(desk)]
        print(
            f"CPU slowed {throttle}x: long tasks {[round(t['duration']) for t in long['tasks']]} ms; "
            f"long animation frames {[round(f['duration']) for f in long['frames']]} ms, "
            f"the desk's scripts in them {[(s['invoker'].rsplit('/', 1)[-1], round(s['duration'])) for s in ours]}"
        )
        # A long frame is the widget's doing only when the widget's scripts ran in it: each must stay under 50 ms.
        # Slowed down, a busy test machine's own pauses land in the figures: those are reported, not asserted.
        if throttle == 1:
            assert all(script["duration"] <= 50 for script in ours), ours


def widget_main_thread_cost(browser, website: Website, throttle: int) -> dict:
    """The long tasks and long animation frames on the host page while the widget loads and the panel opens."""
    from playwright.sync_api import expect

    context = browser.new_context(locale="vi-VN")
    context.add_init_script(OBSERVE)
    page = context.new_page()
    if throttle > 1:
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    page.goto(website.url("vi"))
    expect(launcher(page)).to_be_visible(timeout=WAIT)
    page.wait_for_timeout(300)
    launcher(page).click()
    expect(page.locator("[data-hotro-chat] input[name=topic][value=presales]")).to_be_attached(timeout=WAIT)
    page.wait_for_timeout(500)
    found = page.evaluate("window.__long")
    context.close()
    return found
