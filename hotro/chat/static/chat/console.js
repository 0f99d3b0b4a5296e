/* Hotro chat console: the agents' side of docs/chat-protocol.md. Every text from the desk goes in with textContent. */
(function () {
  "use strict";
  var page = document.getElementById("chat-console");
  if (!page) { return; }
  var $ = function (id) { return document.getElementById(id); };
  var me = parseInt(page.getAttribute("data-agent"), 10);
  var ticketsPath = page.getAttribute("data-tickets");
  var MAX = 2000, TYPING_EVERY = 3000, TYPING_SHOWN = 5000;

  var TEXT = {};
  $("chat-texts").content.querySelectorAll("[data-key]").forEach(function (span) {
    TEXT[span.getAttribute("data-key")] = span.textContent.trim();
  });
  function t(key, vars) {
    return (TEXT[key] || key).replace(/\{(\w+)\}/g, function (_, name) { return vars && vars[name] != null ? vars[name] : ""; });
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var name in attrs || {}) {
      var value = attrs[name];
      if (value == null || value === false) { continue; }
      if (name === "text") { node.textContent = value; } else if (name.slice(0, 2) === "on") { node.addEventListener(name.slice(2), value); } else { node.setAttribute(name, value === true ? "" : value); }
    }
    (children || []).forEach(function (child) { if (child) { node.appendChild(typeof child === "string" ? document.createTextNode(child) : child); } });
    return node;
  }
  var lang = document.documentElement.lang === "en" ? "en-GB" : "vi-VN";
  var clock = new Intl.DateTimeFormat(lang, { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit" });
  var dated = new Intl.DateTimeFormat(lang, { timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" });
  function when(iso, format) { var date = new Date(iso); return iso && !isNaN(date) ? (format || clock).format(date) : ""; }
  function safeUrl(url) { return /^https?:\/\//i.test(url || "") ? url : null; }
  function uuid() { return crypto.randomUUID ? crypto.randomUUID() : "a" + Date.now().toString(36) + Math.random().toString(36).slice(2); }

  // --- state ---------------------------------------------------------------------------
  var S = { ws: null, retry: 0, refused: false, waiting: [], mine: [], convs: {}, current: null, wanted: null, lastTyping: 0, typingTimer: 0, baseTitle: document.title };

  // One record per conversation this page has seen: its summary and the messages shown.
  function conv(id) {
    id = +id;
    return S.convs[id] || (S.convs[id] = { id: id, summary: { id: id }, msgs: [], byId: {}, byClient: {}, lastId: 0, readSent: 0, theirRead: 0, unread: 0, ticket: null, notice: "", following: false });
  }

  // --- socket --------------------------------------------------------------------------
  function connect() {
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + page.getAttribute("data-ws-path");
    var ws = S.ws = new WebSocket(url);
    ws.onopen = function () { S.retry = 0; connection(t("connected")); };
    ws.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame && handlers[frame.type]) { handlers[frame.type](frame); }
    };
    ws.onclose = function (event) {
      if (ws !== S.ws) { return; }
      S.ws = null;
      $("chat-presence").disabled = true;
      if (event.code === 4403) { S.refused = true; connection(t("refused"), true); return; }
      connection(t("reconnecting"), true);
      setTimeout(connect, Math.min(30000, 1000 * Math.pow(2, S.retry++)) * (0.5 + Math.random() / 2));
    };
  }
  function send(frame) {
    if (!S.ws || S.ws.readyState !== 1) { return false; }
    S.ws.send(JSON.stringify(frame));
    return true;
  }
  function connection(text, bad) {
    var node = $("chat-conn");
    node.textContent = text;
    node.classList.toggle("bad", !!bad);
  }
  // Frames of the conversation group may come without their conversation: they belong to the open one.
  function idOf(frame) {
    var id = frame.conversation;
    if (id && typeof id === "object") { id = id.id; }
    return +(id || (frame.message && frame.message.conversation) || S.current || 0);
  }

  // --- frames ---------------------------------------------------------------------------
  var handlers = {
    state: function (f) {
      $("chat-presence").value = f.presence || "online";
      $("chat-presence").disabled = false;
      var before = S.waiting.map(function (s) { return s.id; });
      S.waiting = f.waiting || [];
      S.mine = f.mine || [];
      S.waiting.concat(S.mine).forEach(function (s) { conv(s.id).summary = s; });
      if (S.waiting.some(function (s) { return before.indexOf(s.id) < 0; }) && before.length) { beep(); }
      lists();
      // A new socket follows nothing yet: the open chat and every chat of mine again (after a reconnect too).
      for (var id in S.convs) { S.convs[id].following = false; }
      if (S.current) { follow(S.current); }
      S.mine.forEach(function (m) { follow(m.id); });
    },
    waiting: function (f) {
      var s = f.conversation, known = S.waiting.some(function (w) { return w.id === s.id; });
      conv(s.id).summary = s;
      S.mine = S.mine.filter(function (m) { return m.id !== s.id; });
      if (known) { S.waiting = S.waiting.map(function (w) { return w.id === s.id ? s : w; }); } else {
        S.waiting.push(s);
        beep();
        $("chat-announce").textContent = t("newChat", { name: s.name });
      }
      lists();
      if (s.id === S.current) { head(); }
    },
    assigned: function (f) {
      var id = +f.conversation, c = conv(id);
      S.waiting = S.waiting.filter(function (w) { return w.id !== id; });
      if (f.agent_id === me) {
        c.summary.status = "active";
        c.summary.agent = f.agent;
        if (!S.mine.some(function (m) { return m.id === id; })) { S.mine.push(c.summary); }
      } else {
        // Someone else's now, or nobody's (ended, or transferred to another department).
        S.mine = S.mine.filter(function (m) { return m.id !== id; });
        if (f.agent_id) {
          c.summary.agent = f.agent;
          if (id === S.current) { notice(c, t("takenBy", { agent: f.agent })); }
        }
      }
      lists();
      if (id === S.current) { head(); }
    },
    mine: function (f) { // given to me (accepted, transferred to me, or assigned automatically)
      var s = f.conversation;
      conv(s.id).summary = s;
      S.waiting = S.waiting.filter(function (w) { return w.id !== s.id; });
      S.mine = S.mine.filter(function (m) { return m.id !== s.id; }).concat([s]);
      lists();
      follow(s.id);
    },
    history: function (f) {
      var c = conv(f.conversation.id);
      c.summary = f.conversation;
      c.following = true;
      (f.messages || []).forEach(function (m) { addMessage(c, m, true); });
      if (S.wanted === c.id) { S.wanted = null; show(c.id); } else if (S.current === c.id) { head(); side(); } else { lists(); }
      markRead(c);
    },
    message: function (f) {
      var c = conv(idOf(f));
      addMessage(c, f.message);
      if (c.id === S.current) { markRead(c); if (f.message.author === "visitor") { typing(false); } }
    },
    ack: function (f) {
      var c = conv(idOf(f)), m = c.byClient[f.client_id];
      if (!m) { return; }
      m.id = f.id;
      c.byId[f.id] = m;
      if (m.state === "sending") { m.state = "delivered"; }
      mark(m);
    },
    typing: function (f) {
      if (f.who !== "visitor" || idOf(f) !== S.current) { return; }
      $("chat-typing").textContent = t("typing", { name: f.name });
      clearTimeout(S.typingTimer);
      S.typingTimer = setTimeout(function () { typing(false); }, TYPING_SHOWN);
    },
    read: function (f) {
      if (f.by && f.by !== "visitor") { return; }
      var c = conv(idOf(f));
      c.theirRead = Math.max(c.theirRead, f.up_to || 0);
      c.msgs.forEach(function (m) { if (!m.visitor && m.id && m.id <= c.theirRead && m.state !== "read") { m.state = "read"; mark(m); } });
    },
    ended: function (f) {
      var c = conv(idOf(f));
      c.summary.status = "ended";
      S.mine = S.mine.filter(function (m) { return m.id !== c.id; });
      S.waiting = S.waiting.filter(function (w) { return w.id !== c.id; });
      notice(c, t("ended"));
      lists();
      if (c.id === S.current) { head(); typing(false); }
    },
    transferred: function (f) {
      var c = conv(idOf(f));
      c.summary.status = "waiting";
      c.summary.agent = "";
      c.summary.department = f.department;
      S.mine = S.mine.filter(function (m) { return m.id !== c.id; });
      notice(c, t("transferred", { department: f.department }));
      lists();
      if (c.id === S.current) { head(); }
    },
    ticket: function (f) {
      var c = conv(idOf(f));
      c.ticket = f.number;
      c.summary.ticket = f.number;
      if (c.id === S.current) { head(); }
    },
    presence: function (f) { $("chat-presence").value = f.status; },
    error: function (f) {
      S.wanted = null;
      if (["too_long", "rate_limited", "ended", "forbidden"].indexOf(f.code) >= 0 || f.field === "body") { takeBack(); }
      var box = $("chat-error");
      box.textContent = f.message || f.code;
      if (f.field === "body") { $("chat-body").focus(); }
    }
  };

  // The desk refused the reply just sent (an error changes nothing): out of the log, back in the box.
  function takeBack() {
    var c = S.lastSent && conv(S.lastSent.conversation), m = c && c.byClient[S.lastSent.client_id];
    if (!m || m.id) { return; }
    c.msgs = c.msgs.filter(function (other) { return other !== m; });
    delete c.byClient[m.client_id];
    if (m.el) { m.el.remove(); }
    if (c.id === S.current && !body.value) { body.value = m.body; counter(); }
  }

  // The socket follows a conversation once it opened it: its messages, typing, reads, end.
  function follow(id) {
    var c = conv(id);
    if (!c.following && send({ type: "open", conversation: c.id, after: c.lastId })) { c.following = true; }
  }

  function addMessage(c, data, stored) {
    if (!data || !data.id || c.byId[data.id]) { return; }
    var m = data.client_id && c.byClient[data.client_id];
    if (m) { // our own, told back
      m.id = data.id;
      m.at = data.at;
      if (m.state === "sending") { m.state = "delivered"; }
      c.byId[m.id] = m;
      c.lastId = Math.max(c.lastId, m.id);
      mark(m);
      return;
    }
    m = { id: data.id, author: data.author, name: data.name, body: data.body, at: data.at, client_id: data.client_id, visitor: data.author === "visitor" };
    if (!m.visitor && m.author === "agent") { m.state = data.read || m.id <= c.theirRead ? "read" : "delivered"; }
    c.byId[m.id] = m;
    if (m.client_id) { c.byClient[m.client_id] = m; }
    c.lastId = Math.max(c.lastId, m.id);
    var at = c.msgs.length;
    while (at > 0 && !c.msgs[at - 1].id) { at--; }
    c.msgs.splice(at, 0, m);
    if (c.id === S.current) {
      var log = $("chat-log"), next = c.msgs[at + 1];
      log.insertBefore(draw(m), next && next.el && next.el.parentNode === log ? next.el : null);
      log.scrollTop = log.scrollHeight;
    } else if (m.visitor && !(stored && data.read)) {
      c.unread++;
      if (!stored) { lists(); }
    }
  }

  // --- lists -----------------------------------------------------------------------------
  function lists() {
    fill($("chat-waiting"), S.waiting, true);
    fill($("chat-mine"), S.mine, false);
    $("chat-waiting-count").textContent = String(S.waiting.length);
    $("chat-waiting-empty").hidden = S.waiting.length > 0;
    $("chat-mine-empty").hidden = S.mine.length > 0;
    var unread = S.mine.filter(function (s) { return conv(s.id).unread; }).length, count = S.waiting.length + unread;
    document.title = (count ? "(" + count + ") " : "") + S.baseTitle;
  }
  function fill(list, summaries, waiting) {
    var focused = document.activeElement && list.contains(document.activeElement) ? document.activeElement.getAttribute("data-focus") : null;
    list.textContent = "";
    summaries.forEach(function (s) {
      var c = conv(s.id), minutes = Math.max(0, Math.round((Date.now() - new Date(s.started_at)) / 60000));
      var item = el("li", { class: "chat-item" + (s.id === S.current ? " current" : ""), "data-conversation": s.id }, [
        el("button", { type: "button", class: "linklike chat-name", "data-focus": "open-" + s.id, "aria-current": s.id === S.current ? "true" : null, onclick: function () { openChat(s.id); } }, [
          s.name || "—",
          c.unread ? el("span", { class: "badge unread", text: t("unread", { n: c.unread }) }) : null
        ]),
        el("span", { class: "small muted", text: [s.topic_label || s.topic, s.department].filter(Boolean).join(" · ") + (waiting ? " · " + t("waitedMinutes", { n: minutes }) : "") }),
        s.last_message ? el("span", { class: "small chat-last", text: s.last_message }) : null,
        waiting ? el("button", { type: "button", class: "btn small-btn chat-accept", "data-focus": "accept-" + s.id, onclick: function () { accept(s.id); } }, [t("accept")]) : null
      ]);
      list.appendChild(item);
    });
    if (focused) { var again = list.querySelector("[data-focus='" + focused + "']"); if (again) { again.focus(); } }
  }
  setInterval(function () { if (S.waiting.length) { fill($("chat-waiting"), S.waiting, true); } }, 60000);

  function accept(id) {
    $("chat-error").textContent = "";
    S.wanted = +id;
    send({ type: "accept", conversation: id });
  }
  function openChat(id) {
    var c = conv(id);
    show(id);
    if (send({ type: "open", conversation: id, after: c.lastId })) { c.following = true; }
  }

  // --- the open conversation --------------------------------------------------------------
  function show(id) {
    var c = conv(id), changed = S.current !== c.id;
    S.current = c.id;
    c.unread = 0;
    $("chat-none").hidden = true;
    $("chat-open").hidden = false;
    $("chat-side").hidden = false;
    if (changed) {
      var log = $("chat-log");
      log.textContent = "";
      c.msgs.forEach(function (m) { log.appendChild(draw(m)); });
      log.scrollTop = log.scrollHeight;
      $("chat-error").textContent = "";
      typing(false);
      $("chat-body").value = "";
      counter();
    }
    head();
    side();
    lists();
    if (changed) { $("chat-body").focus(); }
  }
  function head() {
    var c = conv(S.current), s = c.summary, ended = s.status === "ended";
    $("chat-title").textContent = s.name || "—";
    $("chat-meta").textContent = [s.topic_label || s.topic, s.department, s.status === "waiting" ? t("waitingStatus") : ended ? t("endedBy") : s.agent].filter(Boolean).join(" · ");
    $("chat-accept").hidden = s.status !== "waiting";
    $("chat-end").disabled = ended;
    $("chat-transfer").querySelector("button").disabled = ended;
    $("chat-body").disabled = ended;
    $("chat-reply").querySelector("button").disabled = ended;
    var ticket = $("chat-ticket");
    ticket.textContent = "";
    ticket.hidden = !c.ticket && !s.ticket;
    $("chat-to-ticket").disabled = !!(c.ticket || s.ticket);
    if (c.ticket || s.ticket) {
      var number = c.ticket || s.ticket;
      ticket.appendChild(document.createTextNode(t("ticket") + " "));
      ticket.appendChild(el("a", { href: ticketsPath + encodeURIComponent(number) + "/", text: number }));
    }
    $("chat-notice").textContent = c.notice;
  }
  function side() {
    var s = conv(S.current).summary, contact = s.contact;
    $("side-name").textContent = s.name || "—";
    $("side-email").textContent = s.email || t("noEmail");
    $("side-topic").textContent = [s.topic_label || s.topic, s.department].filter(Boolean).join(" · ");
    $("side-started").textContent = when(s.started_at, dated);
    var pageBox = $("side-page"), url = safeUrl(s.page);
    pageBox.textContent = "";
    pageBox.appendChild(url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: url }) : document.createTextNode(s.page || "—"));
    $("side-contact").hidden = !contact;
    if (!contact) { return; }
    var tickets = $("side-tickets"), chats = $("side-chats");
    tickets.textContent = "";
    chats.textContent = "";
    (contact.tickets || []).forEach(function (ticket) {
      tickets.appendChild(el("li", {}, [el("a", { href: ticketsPath + encodeURIComponent(ticket.number) + "/", text: ticket.number }), " " + (ticket.subject || ""), ticket.status ? el("span", { class: "badge", text: ticket.status }) : null]));
    });
    (contact.chats || []).forEach(function (chat) {
      chats.appendChild(el("li", { text: [when(chat.started_at, dated), chat.topic].filter(Boolean).join(" · ") }));
    });
    if (!tickets.firstChild) { tickets.appendChild(el("li", { class: "muted", text: t("none") })); }
    if (!chats.firstChild) { chats.appendChild(el("li", { class: "muted", text: t("none") })); }
  }
  function notice(c, text) {
    c.notice = text;
    if (c.id === S.current) { $("chat-notice").textContent = text; }
  }
  function typing(on) { if (!on) { $("chat-typing").textContent = ""; } }

  function draw(m) {
    var who = m.author === "agent" ? m.name || t("you") : m.author === "system" ? t("system") : m.name;
    m.el = el("li", { class: "chat-msg from-" + m.author, "data-id": m.id || null }, [
      el("span", { class: "chat-who", text: who }),
      el("p", { class: "chat-text", text: m.body }),
      el("span", { class: "chat-when small muted" }, [el("time", { datetime: m.at || null, text: when(m.at) }), m.state ? el("span", { class: "chat-mark" }) : null])
    ]);
    mark(m);
    return m.el;
  }
  function mark(m) {
    if (!m.el) { return; }
    if (m.id) { m.el.setAttribute("data-id", m.id); }
    var time = m.el.querySelector("time");
    if (m.at && !time.textContent) { time.setAttribute("datetime", m.at); time.textContent = when(m.at); }
    var node = m.el.querySelector(".chat-mark");
    if (node && m.state) { node.textContent = " · " + t(m.state); node.className = "chat-mark " + m.state; }
  }
  function markRead(c) {
    if (c.id !== S.current || document.hidden) { return; }
    var last = 0;
    c.msgs.forEach(function (m) { if (m.visitor && m.id) { last = Math.max(last, m.id); } });
    if (last > c.readSent && send({ type: "read", conversation: c.id, up_to: last })) { c.readSent = last; }
  }
  document.addEventListener("visibilitychange", function () { if (S.current) { markRead(conv(S.current)); } });

  // --- controls ----------------------------------------------------------------------------
  var body = $("chat-body");
  function counter() {
    var n = body.value.length;
    $("chat-count").textContent = t("counter", { n: n, max: MAX });
    $("chat-count").classList.toggle("warning", n > MAX);
  }
  function reply() {
    var text = body.value.trim(), c = S.current && conv(S.current);
    if (!text || !c) { return; }
    if (text.length > MAX) { $("chat-error").textContent = t("tooLong", { n: text.length, max: MAX }); return; }
    $("chat-error").textContent = "";
    var m = { client_id: uuid(), author: "agent", name: "", body: text, state: "sending" };
    c.byClient[m.client_id] = m;
    c.msgs.push(m);
    var log = $("chat-log");
    log.appendChild(draw(m));
    log.scrollTop = log.scrollHeight;
    send({ type: "message", conversation: c.id, client_id: m.client_id, body: text });
    S.lastSent = { conversation: c.id, client_id: m.client_id };
    S.lastTyping = 0;
    body.value = "";
    counter();
  }
  body.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); reply(); }
  });
  body.addEventListener("input", function () {
    counter();
    if (S.current && body.value && Date.now() - S.lastTyping > TYPING_EVERY && send({ type: "typing", conversation: S.current })) { S.lastTyping = Date.now(); }
  });
  $("chat-reply").addEventListener("submit", function (event) { event.preventDefault(); reply(); });
  $("chat-transfer").addEventListener("submit", function (event) {
    event.preventDefault();
    if (S.current) { send({ type: "transfer", conversation: S.current, department: $("chat-transfer-to").value }); }
  });
  $("chat-accept").addEventListener("click", function () { if (S.current) { accept(S.current); } });
  $("chat-end").addEventListener("click", function () { if (S.current) { send({ type: "end", conversation: S.current }); } });
  $("chat-to-ticket").addEventListener("click", function () { if (S.current) { send({ type: "ticket", conversation: S.current }); } });
  $("chat-presence").addEventListener("change", function (event) { send({ type: "presence", status: event.target.value }); });

  // Messages that never got their ack are sent again (same client_id: stored once) after a reconnect.
  handlers.history = (function (history) {
    return function (f) {
      history(f);
      conv(f.conversation.id).msgs.forEach(function (m) {
        if (!m.id && m.author === "agent") { send({ type: "message", conversation: f.conversation.id, client_id: m.client_id, body: m.body }); }
      });
    };
  })(handlers.history);

  // --- sound: a short beep made by WebAudio (browsers let it play after the first click or key) ---
  var audio = null, sound = $("chat-sound");
  try { sound.checked = localStorage.getItem("hotro-chat-sound") !== "0"; } catch (e) { /* storage off */ }
  sound.addEventListener("change", function () { try { localStorage.setItem("hotro-chat-sound", sound.checked ? "1" : "0"); } catch (e) { /* storage off */ } });
  function unlock() {
    var Audio = window.AudioContext || window.webkitAudioContext;
    if (!audio && Audio) { audio = new Audio(); }
    if (audio && audio.state === "suspended") { audio.resume(); }
  }
  document.addEventListener("click", unlock, { once: true });
  document.addEventListener("keydown", unlock, { once: true });
  function beep() {
    if (!sound.checked || !audio || audio.state !== "running") { return; }
    var now = audio.currentTime, tone = audio.createOscillator(), gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.25, now + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.35);
    tone.connect(gain).connect(audio.destination);
    tone.start(now);
    tone.stop(now + 0.4);
  }

  counter();
  lists();
  connect();
})();
