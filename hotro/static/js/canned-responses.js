// Canned responses in the console's reply box (no framework, no build).
// "/" in an empty box, or Ctrl+/ (⌘/ on a Mac) anywhere in it, opens a search list; the server
// (data-url) answers with the responses this agent may use on this ticket, already rendered in the
// customer's language. ↑/↓ choose, Enter inserts at the cursor, Esc closes and goes back to the box.
(function () {
  "use strict";
  var root = document.getElementById("canned");
  var box = root && document.getElementById(root.dataset.for);
  if (!box) return;
  var picker = document.getElementById("canned-picker");
  var query = document.getElementById("canned-q");
  var list = document.getElementById("canned-list");
  var empty = document.getElementById("canned-empty");
  var results = [], active = -1, selection = [0, 0], timer = null, pending = null, inflight = null;

  function open() {
    selection = [box.selectionStart, box.selectionEnd];
    picker.hidden = false;
    query.value = "";
    query.setAttribute("aria-expanded", "true");
    query.focus();
    search();
  }

  function close(refocus) {
    picker.hidden = true;
    query.setAttribute("aria-expanded", "false");
    query.removeAttribute("aria-activedescendant");
    if (refocus) {
      box.focus();
      box.setSelectionRange(selection[0], selection[1]);
    }
  }

  function show() {
    list.textContent = "";
    empty.hidden = results.length > 0;  // said beside the list: a listbox holds options only
    results.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = "canned-opt-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === active ? "true" : "false");
      li.dataset.index = i;
      var title = document.createElement("strong");
      title.textContent = item.title;
      li.appendChild(title);
      if (item.personal) li.appendChild(document.createTextNode(" (" + root.dataset.personal + ")"));
      var excerpt = document.createElement("span");
      excerpt.className = "excerpt";
      excerpt.textContent = item.text;
      li.appendChild(excerpt);
      li.addEventListener("mousedown", function (event) { event.preventDefault(); });
      li.addEventListener("click", function () { insert(i); });
      list.appendChild(li);
    });
    if (active >= 0) {
      query.setAttribute("aria-activedescendant", "canned-opt-" + active);
      var current = document.getElementById("canned-opt-" + active);
      if (current && current.scrollIntoView) current.scrollIntoView({ block: "nearest" });
    } else {
      query.removeAttribute("aria-activedescendant");
    }
  }

  function search() {
    if (pending) pending.abort();
    pending = window.AbortController ? new AbortController() : null;
    var url = root.dataset.url + "?q=" + encodeURIComponent(query.value);
    var request = fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, signal: pending && pending.signal })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        results = data.results || [];
        active = results.length ? 0 : -1;
        show();
      })
      .catch(function () { /* aborted by a newer search, or offline: the list stays as it was */ })
      .then(function () { if (inflight === request) inflight = null; });
    inflight = request;
    return request;
  }

  // Enter chooses from the list as it is for what was typed: a search still waiting or on its way finishes first.
  function whenCurrent(then) {
    if (timer) {
      clearTimeout(timer);
      timer = null;
      search().then(then);
    } else if (inflight) {
      inflight.then(then);
    } else {
      then();
    }
  }

  function insert(i) {
    var item = results[i];
    if (!item) return;
    close(false);
    box.focus();
    box.setRangeText(item.text, selection[0], selection[1], "end");
    box.dispatchEvent(new Event("input", { bubbles: true }));  // the SMS counter and others follow
  }

  box.addEventListener("keydown", function (event) {
    if (event.key !== "/") return;
    var shortcut = (event.ctrlKey || event.metaKey) && !event.altKey;
    var slashInEmpty = !event.ctrlKey && !event.metaKey && !event.altKey && box.value === "";
    if (shortcut || slashInEmpty) {
      event.preventDefault();
      open();
    }
  });

  query.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { timer = null; search(); }, 150);
  });

  query.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!results.length) return;
      var step = event.key === "ArrowDown" ? 1 : -1;
      active = (active + step + results.length) % results.length;
      show();
    } else if (event.key === "Enter") {
      event.preventDefault();  // never submits the reply form
      whenCurrent(function () { if (active >= 0) insert(active); });
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    }
  });
})();
