/* Hotro live chat panel: loaded by widget.js on the first click, drawn in the launcher's shadow root.
 * Speaks the protocol of docs/chat-protocol.md. Every text from the desk goes in with textContent. */
(function (w, d) {
  "use strict";
  var chat = w.hotroChat;
  if (!chat || chat.panel) { return; }
  var root = chat.root, launcher = chat.button;

  var TEXT = {
    vi: {
      launcher: "Chat trực tuyến", unread: "Chat trực tuyến, {n} tin nhắn mới",
      title: "Chat trực tuyến", close: "Đóng cửa sổ chat", lang: "EN", langName: "English",
      connecting: "Đang kết nối…", reconnecting: "Mất kết nối, đang kết nối lại…",
      refused: "Chat trực tuyến không dùng được trên trang này.",
      intro: "Xin chào! Cho chúng tôi biết tên bạn và câu hỏi về việc gì.",
      name: "Họ tên", email: "Địa chỉ email", optional: "(không bắt buộc)", topic: "Câu hỏi của bạn về",
      openNow: "Đang mở", closedUntil: "Đang đóng · mở lại {when}", closed: "Đang đóng",
      openTicket: "Tạo ticket", start: "Bắt đầu chat",
      closedIntro: "Chat với {department} đang đóng. Hãy để lại lời nhắn, chúng tôi sẽ trả lời qua email.",
      closedUntilIntro: "Chat với {department} đang đóng, mở lại {when}. Hãy để lại lời nhắn, chúng tôi sẽ trả lời qua email.",
      waitIntro: "Chưa có nhân viên hỗ trợ nào rảnh. Hãy để lại lời nhắn, chúng tôi sẽ trả lời qua email.",
      body: "Lời nhắn", sendOffline: "Gửi lời nhắn", keepWaiting: "Tiếp tục chờ",
      offlineDone: "Cảm ơn bạn! Lời nhắn của bạn đã thành ticket {ticket}.",
      answerFrom: "Chúng tôi sẽ trả lời qua email vào giờ làm việc kế tiếp: {when}.",
      answerSoon: "Chúng tôi sẽ sớm trả lời qua email.",
      waiting: "Đang chờ nhân viên hỗ trợ…", queue: "Bạn đang ở vị trí thứ {n} trong hàng chờ.",
      chattingWith: "Bạn đang chat với {name}", typing: "{name} đang nhập…", you: "Bạn",
      sending: "Đang gửi…", delivered: "Đã gửi", read: "Đã xem",
      message: "Tin nhắn", send: "Gửi", counter: "{n}/{max} ký tự",
      tooLong: "Tin nhắn quá dài: {n} ký tự, tối đa {max}.",
      offer: "Chưa có ai trả lời. Bạn có thể chờ thêm, hoặc để lại lời nhắn và nhận trả lời qua email.",
      leaveMessage: "Để lại lời nhắn", transcript: "Gửi nội dung chat qua email", transcriptTo: "Gửi tới địa chỉ email",
      transcriptQueued: "Nội dung chat sẽ được gửi tới {email}.", end: "Kết thúc chat",
      ended: "Cuộc chat đã kết thúc.", newChat: "Bắt đầu cuộc chat mới",
      ticket: "Cuộc chat đã được chuyển thành ticket {number}.", transferred: "Cuộc chat đã được chuyển tới {department}.",
      needName: "Hãy cho chúng tôi biết tên của bạn.", needTopic: "Hãy chọn câu hỏi của bạn về việc gì.",
      needEmail: "Hãy để lại địa chỉ email để nhận câu trả lời.", needBody: "Hãy viết lời nhắn."
    },
    en: {
      launcher: "Chat with us", unread: "Chat with us, {n} new messages",
      title: "Live chat", close: "Close the chat window", lang: "VI", langName: "Tiếng Việt",
      connecting: "Connecting…", reconnecting: "Connection lost, reconnecting…",
      refused: "Live chat is not available on this page.",
      intro: "Hello! Tell us your name and what your question is about.",
      name: "Your name", email: "Email address", optional: "(optional)", topic: "Your question is about",
      openNow: "Open now", closedUntil: "Closed · opens {when}", closed: "Closed",
      openTicket: "Open a ticket", start: "Start chat",
      closedIntro: "Chat with {department} is closed now. Leave a message and we will answer by email.",
      closedUntilIntro: "Chat with {department} is closed now and opens {when}. Leave a message and we will answer by email.",
      waitIntro: "No agent is free right now. Leave a message and we will answer by email.",
      body: "Your message", sendOffline: "Send message", keepWaiting: "Keep waiting",
      offlineDone: "Thank you! Your message is now ticket {ticket}.",
      answerFrom: "We will answer by email at the next working hour: {when}.",
      answerSoon: "We will answer by email soon.",
      waiting: "Waiting for an agent…", queue: "You are number {n} in the queue.",
      chattingWith: "You are chatting with {name}", typing: "{name} is typing…", you: "You",
      sending: "Sending…", delivered: "Delivered", read: "Read",
      message: "Message", send: "Send", counter: "{n}/{max} characters",
      tooLong: "Your message is too long: {n} characters, at most {max}.",
      offer: "Nobody has answered yet. You can keep waiting, or leave a message and get the answer by email.",
      leaveMessage: "Leave a message", transcript: "Email me the transcript", transcriptTo: "Send to email address",
      transcriptQueued: "The transcript will be emailed to {email}.", end: "End chat",
      ended: "The chat has ended.", newChat: "Start a new chat",
      ticket: "Your chat is now ticket {number}.", transferred: "Your chat was passed to {department}.",
      needName: "Tell us your name.", needTopic: "Choose what your question is about.",
      needEmail: "Leave your email address so we can answer.", needBody: "Write your message."
    }
  };
  var TOKEN = "hotro-chat-token", SEEN = "hotro-chat-seen", SINCE = "hotro-chat-since", OPEN = "hotro-chat-open";
  var TYPING_EVERY = 3000, TYPING_SHOWN = 5000;

  var lang = chat.lang === "en" ? "en" : "vi";
  function t(key, vars) {
    return String(TEXT[lang][key]).replace(/\{(\w+)\}/g, function (_, name) { return vars && vars[name] != null ? vars[name] : ""; });
  }
  function load(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function save(key, value) {
    try { if (value == null) { localStorage.removeItem(key); } else { localStorage.setItem(key, String(value)); } } catch (e) { /* private mode */ }
  }
  function uuid() {
    if (w.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return "c" + Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  // el("p", {class: "x", text: "…", onclick: f}, [children]): text always by textContent.
  function el(tag, attrs, children) {
    var node = d.createElement(tag);
    for (var name in attrs || {}) {
      var value = attrs[name];
      if (value == null || value === false) { continue; }
      if (name === "text") { node.textContent = value; } else if (name.slice(0, 2) === "on") { node.addEventListener(name.slice(2), value); } else { node.setAttribute(name, value === true ? "" : value); }
    }
    (children || []).forEach(function (child) { if (child) { node.appendChild(typeof child === "string" ? d.createTextNode(child) : child); } });
    return node;
  }
  var clock = {};
  function hhmm(iso) {
    if (!iso) { return ""; }
    var format = clock[lang] || (clock[lang] = new Intl.DateTimeFormat(lang === "vi" ? "vi-VN" : "en-GB", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit" }));
    var date = new Date(iso);
    return isNaN(date) ? "" : format.format(date);
  }

  // --- state -----------------------------------------------------------------------------
  var S = {
    ws: null, refused: false, retry: 0, retryTimer: 0, welcome: null,
    token: load(TOKEN), conv: null, agent: "", queue: null, ticket: null,
    msgs: [], byId: {}, byClient: {}, lastId: 0, readSent: 0, theirRead: 0,
    view: "connecting", offer: false, offerTimer: 0, lastTyping: 0, typingTimer: 0, typingName: "",
    draft: {}, done: null, notice: "", temp: null
  };
  var ui = {};

  function limits() { return (S.welcome && S.welcome.limits) || { message_chars: 2000 }; }
  function topicOf(key) {
    var topics = (S.welcome && S.welcome.topics) || [];
    for (var i = 0; i < topics.length; i++) { if (topics[i].key === key) { return topics[i]; } }
    return null;
  }

  // --- socket ----------------------------------------------------------------------------
  function socketUrl() {
    return chat.origin.replace(/^http/, "ws") + "/ws/chat/visitor/?widget=" + encodeURIComponent(chat.key) + "&lang=" + lang;
  }

  function connect() {
    clearTimeout(S.retryTimer);
    var ws = S.ws = new WebSocket(socketUrl());
    ws.onopen = function () {
      S.retry = 0;
      status();
      if (S.token) { send({ type: "resume", token: S.token, after: S.lastId }); }
    };
    ws.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame && typeof frame.type === "string" && handlers[frame.type]) { handlers[frame.type](frame); }
    };
    ws.onclose = function (event) {
      if (ws !== S.ws) { return; }
      S.ws = null;
      if (event.code === 4403) { S.refused = true; show("refused"); return; }
      // Backoff with jitter: 1, 2, 4 … 30 s; at once when the network comes back.
      var delay = Math.min(30000, 1000 * Math.pow(2, S.retry++)) * (0.5 + Math.random() / 2);
      S.retryTimer = setTimeout(connect, delay);
      status();
    };
  }
  function reconnectNow() {
    if (S.refused) { return; }
    var old = S.ws;
    S.ws = null;
    if (old) { old.onclose = null; old.close(1000); }
    connect();
  }
  w.addEventListener("online", function () { if (!S.ws && !S.refused) { reconnectNow(); } });

  function live() { return S.ws && S.ws.readyState === 1; }
  function send(frame) {
    if (!live()) { return false; }
    S.ws.send(JSON.stringify(frame));
    return true;
  }

  // An offline message while a chat exists goes on a socket of its own: the chat's socket
  // already has its conversation, and `offline` must be a socket's first conversation frame.
  function sendOffline(frame) {
    if (!S.conv) { return send(frame); }
    if (S.temp) { S.temp.close(); }
    var ws = S.temp = new WebSocket(socketUrl());
    ws.onopen = function () { ws.send(JSON.stringify(frame)); };
    ws.onmessage = function (event) {
      var reply;
      try { reply = JSON.parse(event.data); } catch (e) { return; }
      if (reply.type === "offline_received") {
        send({ type: "end" });
        ws.close();
        handlers.offline_received(reply);
      } else if (reply.type === "error") {
        ws.close();
        handlers.error(reply);
      }
    };
    ws.onclose = function () { if (S.temp === ws) { S.temp = null; } };
    return true;
  }

  // --- frames from the desk --------------------------------------------------------------
  var handlers = {
    welcome: function (f) {
      S.welcome = f;
      if (!S.token && (S.view === "connecting" || S.view === "prechat")) { show("prechat"); }
      waitingClock();
    },
    started: function (f) {
      S.conv = f.conversation || {};
      S.token = S.conv.token;
      save(TOKEN, S.token);
      save(SINCE, Date.now());
      S.queue = f.queue_position;
      S.agent = "";
      S.ticket = null;
      show("chat");
      waitingClock();
    },
    resumed: function (f) {
      S.conv = f.conversation || {};
      S.agent = f.agent || "";
      S.queue = f.queue_position;
      (f.messages || []).forEach(addMessage);
      if (S.conv.status !== "waiting") { S.offer = false; }
      if (S.conv.status === "ended") { show("chat"); return; }
      S.msgs.forEach(function (m) { if (!m.id && m.mine) { send(messageFrame(m)); } }); // not acknowledged yet: again
      if (S.view !== "chat" && S.view !== "offline") { show("chat"); } else { status(); paintOffer(); }
      waitingClock();
      markRead();
    },
    queue: function (f) { S.queue = f.position; status(); },
    accepted: function (f) {
      S.agent = f.agent || "";
      if (S.conv) { S.conv.status = "active"; }
      S.offer = false;
      paintOffer();
      status();
    },
    message: function (f) { addMessage(f.message); markRead(); },
    ack: function (f) {
      var m = S.byClient[f.client_id];
      if (!m) { return; }
      m.id = f.id;
      S.byId[f.id] = m;
      m.state = m.id <= S.theirRead ? "read" : "delivered";
      paintMark(m);
    },
    typing: function (f) {
      if (f.who === "visitor") { return; }
      S.typingName = f.name || "";
      paintTyping(true);
      clearTimeout(S.typingTimer);
      S.typingTimer = setTimeout(function () { paintTyping(false); }, TYPING_SHOWN);
    },
    read: function (f) {
      if (f.by === "visitor") { return; } // our own read, told back to the conversation
      S.theirRead = Math.max(S.theirRead, f.up_to || 0);
      S.msgs.forEach(function (m) { if (m.mine && m.id && m.id <= S.theirRead && m.state !== "read") { m.state = "read"; paintMark(m); } });
    },
    transferred: function (f) {
      S.agent = "";
      if (S.conv) { S.conv.status = "waiting"; }
      save(SINCE, Date.now());
      notice(t("transferred", { department: f.department }));
      waitingClock();
      status();
    },
    ticket: function (f) {
      S.ticket = { number: f.number, url: f.url };
      if (S.view === "chat") { paintTicket(); }
    },
    ended: function () {
      if (S.conv) { S.conv.status = "ended"; }
      S.offer = false;
      paintTyping(false);
      if (S.view === "chat") { show("chat"); } else { status(); }
    },
    transcript_queued: function (f) { notice(t("transcriptQueued", { email: f.email })); },
    offline_received: function (f) {
      forget();
      S.done = f;
      show("done");
    },
    error: function (f) {
      if (f.code === "unknown_conversation" && S.token) { forget(); show("prechat"); return; }
      if (REFUSED_MESSAGE.indexOf(f.code) >= 0 || f.field === "body") { takeBack(); }
      if (f.code === "ended" && S.conv) { handlers.ended(); }
      say(f.message || f.code, f.field);
    }
  };

  var REFUSED_MESSAGE = ["too_long", "rate_limited", "ended"];
  function messageFrame(m) { S.lastSent = m.client_id; return { type: "message", client_id: m.client_id, body: m.body }; }

  // The desk refused the message just sent (an error changes nothing): out of the log, back in the box.
  function takeBack() {
    var m = S.byClient[S.lastSent];
    if (!m || m.id) { return; }
    S.msgs = S.msgs.filter(function (other) { return other !== m; });
    delete S.byClient[m.client_id];
    if (m.el) { m.el.remove(); }
    var box = ui.body.querySelector("#hc-message");
    if (box && !box.value) { box.value = m.body; box.dispatchEvent(new Event("input")); }
  }

  function addMessage(data) {
    if (!data || !data.id || S.byId[data.id]) { return; }
    var m = data.client_id && S.byClient[data.client_id];
    if (m) { // our own, told back to the conversation
      m.id = data.id;
      m.at = data.at;
      if (m.state === "sending") { m.state = "delivered"; }
    } else {
      m = { id: data.id, author: data.author, name: data.name, body: data.body, at: data.at, client_id: data.client_id, mine: data.author === "visitor" };
      if (m.mine) { m.state = data.read || m.id <= S.theirRead ? "read" : "delivered"; }
      if (m.client_id) { S.byClient[m.client_id] = m; }
      // Before our messages still on their way, after everything stored.
      var at = S.msgs.length;
      while (at > 0 && !S.msgs[at - 1].id) { at--; }
      S.msgs.splice(at, 0, m);
      if (m.author === "agent") { paintTyping(false); }
      if (S.view === "chat" && ui.log) { ui.log.insertBefore(drawMessage(m), (S.msgs[at + 1] || {}).el || null); scrollDown(); }
      if (!m.mine && !isOpen()) { unread(); }
    }
    S.byId[m.id] = m;
    S.lastId = Math.max(S.lastId, m.id);
    paintMark(m);
  }

  function forget() {
    save(TOKEN, null); save(SINCE, null); save(SEEN, null);
    S.token = null; S.conv = null; S.typed = ""; S.agent = ""; S.queue = null; S.ticket = null; S.offer = false;
    S.msgs = []; S.byId = {}; S.byClient = {}; S.lastId = 0; S.readSent = 0; S.theirRead = 0;
    clearTimeout(S.offerTimer);
    unread();
    // The socket that carried the old chat cannot start a new one.
    if (S.ws) { reconnectNow(); }
  }

  // --- reading, unread count, waiting too long ---------------------------------------------
  function isOpen() { return !ui.panel.hidden; }
  function lastTheirs() {
    for (var i = S.msgs.length - 1; i >= 0; i--) { if (S.msgs[i].id && !S.msgs[i].mine) { return S.msgs[i].id; } }
    return 0;
  }
  function markRead() {
    var last = lastTheirs();
    if (!isOpen() || d.visibilityState === "hidden" || !S.conv || last <= S.readSent) { return; }
    if (send({ type: "read", up_to: last })) { S.readSent = last; }
    save(SEEN, last);
    unread();
  }
  d.addEventListener("visibilitychange", markRead);

  function unread() {
    var seen = +load(SEEN) || 0, count = 0;
    if (!isOpen()) { S.msgs.forEach(function (m) { if (!m.mine && m.author === "agent" && m.id > seen) { count++; } }); }
    launcher.querySelector(".unread").textContent = count ? String(count) : "";
    launcher.setAttribute("aria-label", count ? t("unread", { n: count }) : t("launcher"));
  }

  function waitingClock() {
    clearTimeout(S.offerTimer);
    var after = S.welcome && S.welcome.offline_after;
    if (!S.conv || S.conv.status !== "waiting" || !after || S.offer) { return; }
    var left = (+load(SINCE) || Date.now()) + after * 1000 - Date.now();
    S.offerTimer = setTimeout(function () {
      if (S.conv && S.conv.status === "waiting") { S.offer = true; paintOffer(); }
    }, Math.max(0, left));
  }

  // --- drawing -----------------------------------------------------------------------------
  function status() {
    if (!ui.sub) { return; }
    var text = "";
    if (S.refused) { text = t("refused"); } else if (!live()) { text = S.welcome ? t("reconnecting") : t("connecting"); } else if (S.conv) {
      if (S.conv.status === "ended") { text = t("ended"); } else if (S.agent) { text = t("chattingWith", { name: S.agent }); } else { text = S.queue ? t("queue", { n: S.queue }) : t("waiting"); }
    }
    if (ui.sub.textContent !== text) { ui.sub.textContent = text; }
  }
  function say(text, field) {
    ui.alert.textContent = text || "";
    S.flagged = field || null;
    if (field && /^\w+$/.test(field) && ui.body) {
      var input = ui.body.querySelector("[name='" + field + "']");
      if (input) { input.setAttribute("aria-invalid", "true"); input.focus(); }
    }
  }
  function notice(text) {
    if (!ui.log) { return; }
    ui.log.appendChild(el("li", { class: "note", text: text }));
    scrollDown();
  }
  function scrollDown() { afterPaint(function () { if (ui.log) { ui.log.scrollTop = ui.log.scrollHeight; } }); }
  // Focusing and scrolling need a layout: done after the next frame is drawn, when the layout is
  // already there, instead of forcing one in the task that built the panel (the host page's main thread).
  function afterPaint(fn) { requestAnimationFrame(function () { setTimeout(fn, 0); }); }

  function drawMessage(m) {
    var who = m.mine ? t("you") : m.name;
    m.el = el("li", { class: "msg " + (m.mine ? "mine" : m.author === "system" ? "system" : "theirs"), "data-id": m.id || null }, [
      m.author === "system" ? null : el("span", { class: "who", text: who }),
      el("p", { class: "text", text: m.body }),
      el("span", { class: "meta" }, [
        el("time", { datetime: m.at || null, text: hhmm(m.at) }),
        m.mine ? el("span", { class: "mark" }) : null
      ])
    ]);
    paintMark(m);
    return m.el;
  }
  function paintMark(m) {
    if (!m.el) { return; }
    if (m.id) { m.el.setAttribute("data-id", m.id); }
    var time = m.el.querySelector("time");
    if (m.at && !time.textContent) { time.setAttribute("datetime", m.at); time.textContent = hhmm(m.at); }
    var mark = m.el.querySelector(".mark");
    if (mark) { mark.textContent = t(m.state || "sending"); mark.className = "mark " + (m.state || "sending"); }
  }
  function paintTyping(on) {
    if (!ui.typing) { return; }
    ui.typing.textContent = on ? t("typing", { name: S.typingName }) : "";
  }
  function paintTicket() {
    if (!ui.ticket || !S.ticket) { return; }
    ui.ticket.textContent = "";
    var text = t("ticket", { number: "\u0000" }).split("\u0000");
    ui.ticket.appendChild(d.createTextNode(text[0]));
    ui.ticket.appendChild(el("a", { href: safeUrl(S.ticket.url), target: "_blank", rel: "noopener", class: "number", text: S.ticket.number }));
    ui.ticket.appendChild(d.createTextNode(text[1] || ""));
    ui.ticket.hidden = false;
  }
  function safeUrl(url) { return /^https?:\/\//i.test(url || "") ? url : null; }

  function field(label, input, hint) {
    var id = "hc-" + input.getAttribute("name");
    input.id = id;
    return el("p", { class: "field" }, [el("label", { for: id }, [label, hint ? el("span", { class: "hint", text: " " + hint }) : null]), input]);
  }
  function button(text, attrs) { attrs = attrs || {}; attrs.type = attrs.type || "button"; attrs.text = text; return el("button", attrs); }

  // Draws a view in the panel's body; the focus follows when it was in what was replaced.
  function show(view) {
    // (at once, or it would be lost), or on the close button where it waited while there was nothing to focus.
    var focused = root.activeElement, open = isOpen() && !!focused;
    var lost = open && ui.body.contains(focused), parked = open && focused === ui.close && S.parked;
    S.view = view;
    ui.body.textContent = "";
    ui.log = ui.typing = ui.ticket = ui.offer = null;
    say("");
    views[view]();
    status();
    if (view === "chat") { scrollDown(); }
    if (lost) { focusNow(); } else if (parked) { focusView(); }
  }
  function focusView() { afterPaint(focusNow); }
  function focusNow() {
    if (!isOpen()) { return; }
    var target = ui.body.querySelector("#hc-message") || ui.body.querySelector("input:not([type=radio]), textarea, button, a");
    S.parked = !target;
    (target || ui.close).focus();
  }
  function paintOffer() {
    var wanted = S.view === "chat" && S.offer && S.conv && S.conv.status === "waiting";
    if (!wanted && ui.offer) { ui.offer.remove(); ui.offer = null; }
    if (wanted && !ui.offer && ui.log) {
      ui.offer = el("div", { class: "offer", role: "status" }, [
        el("p", { text: t("offer") }),
        button(t("leaveMessage"), { class: "primary", onclick: function () { show("offline"); } })
      ]);
      ui.body.insertBefore(ui.offer, ui.ticket.nextSibling);
    }
  }

  var views = {
    connecting: function () { ui.body.appendChild(el("p", { class: "center", text: t("connecting") })); },
    refused: function () { ui.body.appendChild(el("p", { class: "center", text: t("refused") })); },

    prechat: function () {
      if (!S.welcome) { views.connecting(); return; }
      var draft = S.draft, topics = S.welcome.topics || [];
      var form = el("form", { class: "prechat", novalidate: true });
      var name = el("input", { name: "name", type: "text", maxlength: "100", autocomplete: "name", required: true });
      var email = el("input", { name: "email", type: "email", autocomplete: "email", maxlength: "254" });
      var body = el("textarea", { name: "body", rows: "4" });
      name.value = draft.name || "";
      email.value = draft.email || "";
      body.value = draft.body || "";
      var emailHint = el("span", { class: "hint" });
      var list = el("fieldset", { class: "topics" }, [el("legend", { text: t("topic") })]);
      topics.forEach(function (topic) {
        var radio = el("input", { type: "radio", name: "topic", value: topic.key, id: "hc-topic-" + topic.key, checked: draft.topic === topic.key });
        var when = topic.open ? t("openNow") : topic.opens_text ? t("closedUntil", { when: topic.opens_text }) : t("closed");
        list.appendChild(el("div", { class: "topic" }, [
          radio,
          el("label", { for: radio.id }, [
            el("span", { class: "label", text: topic.label }),
            el("span", { class: "dept", text: topic.department }),
            el("span", { class: "hours " + (topic.open ? "open" : "closed"), text: when })
          ])
        ]));
      });
      var advice = el("div", { class: "advice", hidden: true });
      var closedNote = el("p", { class: "closed-note", hidden: true });
      var bodyField = field(t("body"), body);
      var submit = el("button", { type: "submit", class: "primary" });
      form.appendChild(el("p", { class: "intro", text: t("intro") }));
      form.appendChild(field(t("name"), name));
      var emailField = field(t("email"), email);
      emailField.querySelector("label").appendChild(emailHint);
      form.appendChild(emailField);
      form.appendChild(list);
      form.appendChild(advice);
      form.appendChild(closedNote);
      form.appendChild(bodyField);
      form.appendChild(submit);

      function chosen() { var c = form.querySelector("input[name=topic]:checked"); return c ? topicOf(c.value) : null; }
      function update() {
        var topic = chosen(), offline = !!topic && !topic.open;
        advice.textContent = "";
        advice.hidden = !(topic && topic.advice);
        if (topic && topic.advice) {
          var link = safeUrl(topic.ticket_url || S.welcome.new_ticket_url);
          advice.appendChild(el("p", { text: topic.advice }));
          if (link) { advice.appendChild(el("a", { href: link, target: "_blank", rel: "noopener", class: "ticket-link", text: t("openTicket") })); }
        }
        closedNote.hidden = !offline;
        closedNote.textContent = !offline ? "" : t(topic.opens_text ? "closedUntilIntro" : "closedIntro", { department: topic.department, when: topic.opens_text });
        bodyField.hidden = !offline;
        email.required = offline;
        emailHint.textContent = offline ? "" : " " + t("optional");
        submit.textContent = offline ? t("sendOffline") : t("start");
      }
      form.addEventListener("change", function (event) { if (event.target.name === "topic") { S.draft.topic = event.target.value; } update(); });
      form.addEventListener("input", function (event) {
        event.target.removeAttribute("aria-invalid");
        if (event.target.name === S.flagged) { say(""); } // the field the message was about is being fixed
        S.draft[event.target.name] = event.target.value; // kept if the visitor switches language
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var topic = chosen(), offline = !!topic && !topic.open;
        S.draft = { name: name.value.trim(), email: email.value.trim(), topic: topic && topic.key, body: body.value.trim() };
        if (!S.draft.name) { say(t("needName"), "name"); return; }
        if (!topic) { say(t("needTopic")); (form.querySelector("input[name=topic]") || name).focus(); return; }
        if (offline && !S.draft.email) { say(t("needEmail"), "email"); return; }
        if (offline && !S.draft.body) { say(t("needBody"), "body"); return; }
        say("");
        var frame = { type: offline ? "offline" : "start", name: S.draft.name, email: S.draft.email, topic: topic.key, page: location.href };
        if (offline) { frame.body = S.draft.body; }
        if (!send(frame)) { say(t("reconnecting")); }
      });
      update();
      ui.body.appendChild(form);
    },

    // The chat waited too long: its visitor may leave a message instead (a ticket).
    offline: function () {
      var draft = S.draft, form = el("form", { class: "prechat", novalidate: true });
      var name = el("input", { name: "name", type: "text", maxlength: "100", autocomplete: "name", required: true });
      var email = el("input", { name: "email", type: "email", autocomplete: "email", maxlength: "254", required: true });
      var body = el("textarea", { name: "body", rows: "5", required: true });
      name.value = draft.name || (S.conv && S.conv.name) || "";
      email.value = draft.email || "";
      body.value = S.msgs.filter(function (m) { return m.mine; }).map(function (m) { return m.body; }).join("\n\n");
      form.appendChild(el("p", { class: "intro", text: t("waitIntro") }));
      form.appendChild(field(t("name"), name));
      form.appendChild(field(t("email"), email));
      form.appendChild(field(t("body"), body));
      form.appendChild(el("div", { class: "actions" }, [
        el("button", { type: "submit", class: "primary", text: t("sendOffline") }),
        button(t("keepWaiting"), { onclick: function () { S.offer = false; show("chat"); } })
      ]));
      form.addEventListener("input", function (event) {
        event.target.removeAttribute("aria-invalid");
        if (event.target.name === S.flagged) { say(""); }
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var frame = { type: "offline", name: name.value.trim(), email: email.value.trim(), topic: S.conv ? S.conv.topic : S.draft.topic, body: body.value.trim(), page: location.href };
        S.draft.name = frame.name; S.draft.email = frame.email;
        if (!frame.name) { say(t("needName"), "name"); return; }
        if (!frame.email) { say(t("needEmail"), "email"); return; }
        if (!frame.body) { say(t("needBody"), "body"); return; }
        if (!sendOffline(frame)) { say(t("reconnecting")); }
      });
      ui.body.appendChild(form);
    },

    chat: function () {
      var ended = S.conv && S.conv.status === "ended";
      ui.log = el("ol", { class: "log", role: "log", "aria-live": "polite", "aria-label": t("title"), tabindex: "0" });
      S.msgs.forEach(function (m) { ui.log.appendChild(drawMessage(m)); });
      ui.typing = el("p", { class: "typing", "aria-live": "polite" });
      ui.ticket = el("p", { class: "ticket-note", role: "status", hidden: true });
      ui.body.appendChild(ui.log);
      ui.body.appendChild(ui.typing);
      ui.body.appendChild(ui.ticket);
      paintTicket();
      ui.body.appendChild(ended ? endedBox() : composer());
      paintOffer();
    },

    done: function () {
      var f = S.done || {};
      var box = el("div", { class: "done", role: "status" }, [
        el("p", { class: "ticket-note" }, [t("offlineDone", { ticket: "\u0000" }).split("\u0000")[0], el("strong", { class: "number", text: f.ticket }), t("offlineDone", { ticket: "\u0000" }).split("\u0000")[1]]),
        el("p", { text: f.answer_from ? t("answerFrom", { when: f.answer_from }) : t("answerSoon") }),
        button(t("newChat"), { onclick: function () { S.done = null; show("prechat"); } })
      ]);
      ui.body.appendChild(box);
    }
  };

  function composer() {
    var wrap = el("div", { class: "composer" }), form = el("form");
    var box = el("textarea", { name: "body", rows: "2", id: "hc-message", "aria-describedby": "hc-count", placeholder: t("message") });
    var count = el("span", { id: "hc-count", class: "count" });
    box.value = S.typed || "";
    function counted() {
      var n = box.value.length, max = limits().message_chars;
      S.typed = box.value;
      count.textContent = t("counter", { n: n, max: max });
      count.classList.toggle("over", n > max);
      box.setAttribute("aria-invalid", n > max ? "true" : "false");
    }
    function submit() {
      var text = box.value.trim();
      if (!text) { return; }
      var max = limits().message_chars;
      if (text.length > max) { say(t("tooLong", { n: text.length, max: max })); box.focus(); return; }
      say("");
      var m = { client_id: uuid(), author: "visitor", body: text, mine: true, state: "sending" };
      S.byClient[m.client_id] = m;
      S.msgs.push(m);
      ui.log.appendChild(drawMessage(m));
      scrollDown();
      send(messageFrame(m)); // if the socket is down, resume sends it again
      S.lastTyping = 0; // the message ended the agent's "typing…": the next key starts it again
      box.value = "";
      counted();
    }
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); submit(); }
    });
    box.addEventListener("input", function () {
      counted();
      if (Date.now() - S.lastTyping > TYPING_EVERY && box.value && send({ type: "typing" })) { S.lastTyping = Date.now(); }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); submit(); });
    form.appendChild(el("label", { for: "hc-message", class: "visually-hidden", text: t("message") }));
    form.appendChild(el("div", { class: "row" }, [box, el("button", { type: "submit", class: "primary send", text: t("send") })]));
    wrap.appendChild(form);
    wrap.appendChild(el("div", { class: "tools" }, [
      count,
      button(t("transcript"), { class: "link", onclick: transcriptForm }),
      button(t("end"), { class: "link end", onclick: function () { send({ type: "end" }); } })
    ]));
    counted();
    return wrap;
  }

  function endedBox() {
    return el("div", { class: "ended" }, [
      el("p", { text: t("ended") }),
      el("div", { class: "tools" }, [
        button(t("transcript"), { class: "link", onclick: transcriptForm }),
        button(t("newChat"), { class: "primary", onclick: function () { forget(); show("prechat"); } })
      ])
    ]);
  }

  function transcriptForm(event) {
    var tools = event.target.parentNode;
    if (tools.parentNode.querySelector(".transcript")) { tools.parentNode.querySelector(".transcript input").focus(); return; }
    var input = el("input", { name: "email", type: "email", autocomplete: "email", required: true });
    input.value = S.draft.email || "";
    var form = el("form", { class: "transcript" }, [field(t("transcriptTo"), input), el("button", { type: "submit", text: t("transcript") })]);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!input.value.trim()) { say(t("needEmail"), "email"); return; }
      if (send({ type: "transcript", email: input.value.trim() })) { form.remove(); }
    });
    tools.parentNode.insertBefore(form, tools.nextSibling);
    input.focus();
  }

  // --- the panel -----------------------------------------------------------------------------
  function build() {
    ui.sub = el("p", { class: "sub", role: "status" });
    ui.langButton = el("button", { type: "button", class: "lang", onclick: switchLanguage });
    ui.close = el("button", { type: "button", class: "close", onclick: function () { close(true); } }, ["\u00d7"]);
    ui.title = el("h2", { id: "hc-title" });
    ui.alert = el("p", { class: "alert", role: "alert" });
    ui.body = el("div", { class: "body" });
    ui.panel = el("section", { class: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "hc-title", hidden: true, lang: lang }, [
      el("header", { class: "head" }, [el("div", { class: "titles" }, [ui.title, ui.sub]), ui.langButton, ui.close]),
      ui.alert,
      ui.body
    ]);
    ui.panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.stopPropagation(); close(true); }
    });
    labels();
    root.appendChild(ui.panel);
    launcher.setAttribute("aria-controls", "hc-panel");
    ui.panel.id = "hc-panel";
  }
  function labels() {
    ui.title.textContent = t("title");
    ui.langButton.textContent = t("lang");
    ui.langButton.setAttribute("aria-label", t("langName"));
    ui.langButton.setAttribute("lang", lang === "vi" ? "en" : "vi");
    ui.close.setAttribute("aria-label", t("close"));
    ui.panel.setAttribute("lang", lang);
    unread();
  }
  function switchLanguage() {
    lang = chat.lang = lang === "vi" ? "en" : "vi";
    save("hotro-chat-lang", lang);
    labels();
    // The desk's texts (topics, hours, errors) come in the socket's language: connect again.
    S.welcome = null;
    reconnectNow();
    show(S.view === "connecting" || (S.view === "prechat" && !S.welcome) ? "connecting" : S.view);
    ui.langButton.focus();
  }

  function open() {
    ui.panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.classList.add("open");
    save(OPEN, "1");
    if (!S.ws && !S.refused) { reconnectNow(); }
    markRead();
    unread();
    focusView();
    scrollDown();
  }
  function close(focusLauncher) {
    ui.panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.classList.remove("open");
    save(OPEN, null);
    if (S.conv && S.conv.status === "ended") { forget(); show("prechat"); } // the next open starts afresh
    if (focusLauncher) { launcher.focus(); }
  }

  build();
  chat.panel = { open: open, close: close, toggle: function () { if (isOpen()) { close(true); } else { open(); } } };
  S.retryTimer = 0;
  connect();
  show(S.token ? "connecting" : "prechat");
})(window, document);
