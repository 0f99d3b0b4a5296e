/* Hotro live chat loader: the one script a website includes.
 *   <script src="https://desk.example/chat/widget.js" data-widget="KEY" async></script>
 * It only draws the launcher (in a shadow root, so neither page's styles leak into the other); the panel
 * (static/chat/panel.js and panel.css, from the same desk) loads on the first click. No framework, no build. */
(function (w, d) {
  "use strict";
  if (w.hotroChat) { return; } // the tag included twice
  var me = d.currentScript || d.querySelector("script[src*='/chat/widget.js']");
  var origin = me && /^https?:\/\/[^/?#]+/i.exec(me.src);
  if (!origin) { return; }
  // Storage is read after the launcher is drawn: a first localStorage access can cost milliseconds.
  var store = function (k) { try { return localStorage.getItem(k); } catch (e) { return null; } };
  var chat = w.hotroChat = {
    origin: origin[0],
    key: me.getAttribute("data-widget") || "default",
    lang: language(d.documentElement.lang)
  };
  var NAMES = { vi: "Chat trực tuyến", en: "Chat with us" };

  function language(code) {
    code = (code || "vi").toLowerCase().slice(0, 2);
    return code === "vi" || code === "en" ? code : "en";
  }
  var loading = null;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var css = d.createElement("link");
        css.rel = "stylesheet";
        css.href = chat.origin + "/static/chat/panel.css";
        var js = d.createElement("script");
        js.src = chat.origin + "/static/chat/panel.js";
        js.async = true;
        var left = 2;
        css.onload = js.onload = function () { if (!--left) { resolve(); } };
        css.onerror = js.onerror = function () { loading = null; reject(); };
        chat.root.appendChild(css);
        d.head.appendChild(js);
      });
    }
    return loading;
  }

  // Opens the panel (show: false only connects it, for a chat going on across pages).
  chat.open = function (show) {
    chat.button.setAttribute("aria-busy", "true");
    return load().then(function () {
      chat.button.removeAttribute("aria-busy");
      if (show !== false) { chat.panel.open(); }
    }, function () {
      chat.button.removeAttribute("aria-busy");
    });
  };

  function draw() {
    var host = d.createElement("div");
    host.setAttribute("data-hotro-chat", "");
    host.style.cssText = "all:initial!important;position:fixed!important;z-index:2147483000!important;right:0!important;bottom:0!important";
    var root = chat.root = host.attachShadow({ mode: "open" });
    var style = d.createElement("style");
    style.textContent =
      ":host{all:initial}.launcher{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;" +
      "border:0;background:#0b63ce;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:grid;place-items:center;padding:0}" +
      ".launcher:hover{background:#0a56b3}.launcher:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}" +
      ".launcher[aria-busy=true]{opacity:.7;cursor:progress}.launcher svg{width:28px;height:28px;fill:currentColor}" +
      ".launcher .unread{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;border-radius:10px;background:#b3261e;" +
      "font:700 12px/20px system-ui,sans-serif;text-align:center;padding:0 4px}.launcher .unread:empty{display:none}" +
      "@media print{.launcher{display:none}}";
    var button = chat.button = d.createElement("button");
    button.type = "button";
    button.className = "launcher";
    button.setAttribute("part", "launcher");
    button.setAttribute("aria-haspopup", "dialog");
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-label", NAMES[chat.lang]);
    var svg = d.createElementNS("http://www.w3.org/2000/svg", "svg"), path = d.createElementNS(svg.namespaceURI, "path");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
    svg.appendChild(path);
    var unread = d.createElement("span");
    unread.className = "unread";
    unread.setAttribute("aria-hidden", "true");
    button.appendChild(svg);
    button.appendChild(unread);
    root.appendChild(style);
    root.appendChild(button);
    button.addEventListener("click", function () {
      if (chat.panel) { chat.panel.toggle(); } else { chat.open(); }
    });
    d.body.appendChild(host);
    (w.requestIdleCallback || setTimeout)(remembered);
  }

  // The visitor's own language choice, and a chat going on when they came from another page.
  function remembered() {
    var chosen = store("hotro-chat-lang");
    if (chosen && !chat.panel) {
      chat.lang = language(chosen);
      chat.button.setAttribute("aria-label", NAMES[chat.lang]);
    }
    if (store("hotro-chat-token") && !chat.panel) { chat.open(store("hotro-chat-open") === "1"); }
  }

  if (d.body) { draw(); } else { d.addEventListener("DOMContentLoaded", draw); }
})(window, document);
