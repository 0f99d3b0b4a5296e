/* Hotro console, live: one WebSocket per console page (docs/console-protocol.md).
 * Lists re-fetch their htmx fragment when a change concerns them; the ticket page shows who else
 * is viewing or typing and a banner when someone else changed the ticket; the bell, the title
 * badge and (with permission) a browser notification announce new work. Every page works without it. */
(function () {
  "use strict";

  var root = document.getElementById("console-live");
  if (!root || !window.WebSocket || !window.JSON) { return; }

  var words = {};
  root.querySelectorAll("#live-words [data-key]").forEach(function (el) { words[el.getAttribute("data-key")] = el.textContent; });
  var me = parseInt(root.getAttribute("data-agent"), 10);
  var section = root.getAttribute("data-section") || "";
  var ticket = root.getAttribute("data-ticket");
  var department = root.hasAttribute("data-department") ? parseInt(root.getAttribute("data-department"), 10) : null;
  var connection = document.getElementById("live-connection");
  var bellCount = document.getElementById("bell-count");
  var presence = document.getElementById("presence-status");
  var permission = document.getElementById("live-permission");
  var baseTitle = document.title.replace(/^\(\d+\) /, "");
  var ws = null, attempts = 0, timers = [];

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) { return values[key] !== undefined ? values[key] : all; });
  }

  function send(frame) {
    if (ws && ws.readyState === 1) { ws.send(JSON.stringify(frame)); return true; }
    return false;
  }

  // --- the bell, the title badge, browser notifications ------------------------------------

  function setUnread(n) {
    n = Math.max(0, parseInt(n, 10) || 0);
    var shown = n > 99 ? "99+" : String(n);
    bellCount.textContent = shown;
    bellCount.classList.toggle("zero", n === 0);
    document.title = (n ? "(" + shown + ") " : "") + baseTitle;
  }
  setUnread(bellCount.textContent.replace("+", "00"));  // "99+" stays "99+"

  if (permission && "Notification" in window && Notification.permission === "default") {
    permission.hidden = false;  // asked on a click, never on load
    permission.addEventListener("click", function () {
      Notification.requestPermission().then(function () { permission.hidden = true; });
    });
  }

  function announce(frame) {
    if (!("Notification" in window) || Notification.permission !== "granted") { return; }
    try {
      var shown = new Notification(words.newWork || "", { body: frame.text, tag: "hotro-" + frame.id });
      shown.onclick = function () { window.focus(); window.location.href = frame.url; };
    } catch (e) { /* some browsers allow notifications from a service worker only */ }
  }

  // --- presence -----------------------------------------------------------------------------

  if (presence) {
    var save = document.getElementById("presence-save");
    presence.addEventListener("change", function () {
      if (send({ type: "presence", status: presence.value })) { return; }
      presence.form.submit();  // no socket: the form does it
    });
    if (save) { save.hidden = true; }
  }

  // --- lists: triage, mine, queues ------------------------------------------------------------

  var listTimer = null;

  function concernsList(frame) {
    if (["triage", "mine", "queue"].indexOf(section) < 0 || !document.getElementById("queue-list")) { return false; }
    if (document.getElementById("ticket-" + frame.id)) { return true; }  // a row on the page changed
    if (department !== null && frame.department !== department) { return false; }
    if (section === "triage") { return frame.status === "new" && !frame.assignee; }
    if (section === "mine") { return !!frame.assignee && frame.assignee.id === me; }
    return true;
  }

  function refreshList() {
    if (listTimer) { return; }
    // A short, jittered pause: a burst of changes is one request, and 200 consoles do not ask at once.
    listTimer = window.setTimeout(function () {
      listTimer = null;
      if (window.htmx && document.getElementById("queue-list")) {
        window.htmx.ajax("GET", window.location.pathname + window.location.search, { target: "#queue-list", swap: "outerHTML" });
      }
    }, 250 + Math.random() * 500);
  }

  // --- the ticket page: banner, viewers, typing ------------------------------------------------

  var body = ticket ? document.querySelector("#compose textarea[name=body]") : null;
  var banner = document.getElementById("live-banner");
  var viewers = {}, typists = {}, lastTyping = 0, lastAnswer = 0;
  var draftKey = ticket ? "hotro-draft-" + ticket : null;

  function render() {
    var now = Date.now(), seeing = [], typing = [];
    Object.keys(viewers).forEach(function (id) { if (viewers[id].until > now) { seeing.push(viewers[id].name); } else { delete viewers[id]; } });
    Object.keys(typists).forEach(function (id) { if (typists[id].until > now) { typing.push(typists[id].name); } else { delete typists[id]; } });
    var v = document.getElementById("live-viewers"), t = document.getElementById("live-typing");
    if (v) { v.textContent = seeing.length ? fill(words.viewing, { names: seeing.join(", ") }) : ""; }
    if (t) { t.textContent = typing.length ? fill(words.typing, { names: typing.join(", ") }) : ""; }
  }

  function onTicketFrame(frame) {
    if (!banner || frame.number !== ticket || (frame.by && frame.by.id === me)) { return; }
    var name = frame.by && frame.by.name;
    var message = frame.changes.indexOf("message") >= 0 || frame.changes.indexOf("note") >= 0;
    var text = message && name ? fill(words.newMessage, { name: name }) : name ? fill(words.updatedBy, { name: name }) : words.updated;
    document.getElementById("live-banner-text").textContent = text;
    banner.hidden = false;
  }

  if (ticket) {
    var reload = document.getElementById("live-banner-reload");
    if (reload && body) {
      reload.addEventListener("click", function () {  // the reply being written survives the reload
        try { if (body.value) { window.sessionStorage.setItem(draftKey, body.value); } } catch (e) { /* private mode */ }
      });
    }
    try {
      var draft = window.sessionStorage.getItem(draftKey);
      if (draft && body && !body.value) { body.value = draft; }
      window.sessionStorage.removeItem(draftKey);
    } catch (e) { /* private mode */ }
    if (body) {
      body.addEventListener("input", function () {
        var now = Date.now();
        if (now - lastTyping > 2000) { lastTyping = now; send({ type: "typing", ticket: ticket }); }
      });
    }
    var collision = document.getElementById("collision");
    if (collision) { collision.focus(); }
    window.setInterval(render, 1000);
  }

  // --- the socket -------------------------------------------------------------------------------

  function handle(frame) {
    var ttl = (frame.ttl || 10) * 1000;
    switch (frame.type) {
      case "hello":
        attempts = 0;
        root.setAttribute("data-live", "on");  // tests (and curious readers) can tell the socket is up
        connection.textContent = "";
        timers.push(window.setInterval(function () { send({ type: "beat" }); }, (frame.beat || 30) * 1000));
        if (ticket) {
          send({ type: "viewing", ticket: ticket, reply: true });  // "who else is here?"
          timers.push(window.setInterval(function () { send({ type: "viewing", ticket: ticket }); }, 10000));
        }
        break;
      case "ticket":
        if (concernsList(frame)) { refreshList(); }
        onTicketFrame(frame);
        break;
      case "notification":
        setUnread(frame.unread);
        announce(frame);
        break;
      case "unread":
        setUnread(frame.unread);
        break;
      case "presence":
        if (presence) { presence.value = frame.status; }
        break;
      case "viewing":
        if (frame.ticket !== ticket || frame.agent.id === me) { break; }
        viewers[frame.agent.id] = { name: frame.agent.name, until: Date.now() + ttl };
        if (frame.reply && Date.now() - lastAnswer > 2000) { lastAnswer = Date.now(); send({ type: "viewing", ticket: ticket }); }
        render();
        break;
      case "typing":
        if (frame.ticket !== ticket || frame.agent.id === me) { break; }
        viewers[frame.agent.id] = { name: frame.agent.name, until: Date.now() + 25000 };
        typists[frame.agent.id] = { name: frame.agent.name, until: Date.now() + ttl };
        render();
        break;
      case "left":
        Object.keys(viewers).forEach(function (id) { if (frame.agent && String(frame.agent.id) === id) { delete viewers[id]; delete typists[id]; } });
        render();
        break;
    }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    if (attempts === 0) { connection.textContent = words.connecting || ""; }
    ws = new WebSocket(scheme + "//" + window.location.host + root.getAttribute("data-ws-path"));
    ws.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame && typeof frame.type === "string") { handle(frame); }
    };
    ws.onclose = function () {
      root.setAttribute("data-live", "off");
      timers.forEach(window.clearInterval);
      timers = [];
      attempts += 1;
      connection.textContent = words.lost || "";
      // Back off (1 s, 2 s, 4 s … 30 s), jittered so a restarted server is not stormed by every console.
      var wait = Math.min(30000, 1000 * Math.pow(2, attempts - 1)) * (0.5 + Math.random() / 2);
      window.setTimeout(connect, wait);
    };
  }

  connect();
})();
