/* Hotro live chat loader: the one script a website includes.
 *   <script src="https://desk.example/chat/widget.js" data-widget="KEY" async></script>
 * It only draws the launcher (in a shadow root, so neither page's styles leak into the other); the panel
 * (static/chat/panel.js and panel.css, from the same desk) loads on the first click. No framework, no build. */
(function (w, d) {
  "use strict";
  if (w.hotroChat) { return; } // the tag included twice
  var me = d.currentScript || d.querySelector("script[src*='/chat/widget.js']");
  if (!me) { return; }
  var src = new URL(me.src, location.href);
  var store = function (k) { try { return localStorage.getItem(k); } catch (e) { return null; } };
  var lang = store("hotro-chat-lang") || (d.documentElement.lang || "vi").toLowerCase().slice(0, 2);
  if (lang !== "en") { lang = lang === "vi" || !lang ? "vi" : "en"; }
  var chat = w.hotroChat = {
    origin: src.origin,
    key: me.getAttribute("data-widget") || "default",
    lang: lang
  };
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
    root.innerHTML =
      "<style>:host{all:initial}.launcher{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;" +
      "border:0;background:#0b63ce;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:grid;place-items:center;padding:0}" +
      ".launcher:hover{background:#0a56b3}.launcher:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}" +
      ".launcher[aria-busy=true]{opacity:.7;cursor:progress}.launcher svg{width:28px;height:28px;fill:currentColor}" +
      ".launcher .unread{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;border-radius:10px;background:#b3261e;" +
      "font:700 12px/20px system-ui,sans-serif;text-align:center;padding:0 4px}.launcher .unread:empty{display:none}" +
      "@media print{.launcher{display:none}}</style>" +
      "<button type='button' class='launcher' part='launcher' aria-haspopup='dialog' aria-expanded='false'>" +
      "<svg viewBox='0 0 24 24' aria-hidden='true' focusable='false'><path d='M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z'/></svg>" +
      "<span class='unread' aria-hidden='true'></span></button>";
    var button = chat.button = root.lastChild;
    button.setAttribute("aria-label", lang === "en" ? "Chat with us" : "Chat trực tuyến");
    button.addEventListener("click", function () {
      if (chat.panel) { chat.panel.toggle(); } else { chat.open(); }
    });
    d.body.appendChild(host);
    // A chat going on when the visitor came from another page: pick it up when the page is idle.
    if (store("hotro-chat-token")) {
      (w.requestIdleCallback || setTimeout)(function () { chat.open(store("hotro-chat-open") === "1"); });
    }
  }

  if (d.body) { draw(); } else { d.addEventListener("DOMContentLoaded", draw); }
})(window, document);
