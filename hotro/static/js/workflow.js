/* Working together: the bulk bar's "select all", its count and the field its action needs.
   Every form works without this script (all fields are sent; the server reads the chosen action's). */
(function () {
  "use strict";
  if (window.hotroWorkflow) { return; }
  window.hotroWorkflow = true;

  function bar() { return document.getElementById("bulk-form"); }

  function refresh() {
    var form = bar();
    if (!form) { return; }
    form.classList.add("js");
    var picks = document.querySelectorAll("input.bulk-pick");
    var chosen = document.querySelectorAll("input.bulk-pick:checked").length;
    var count = form.querySelector(".bulk-count");
    if (count) { count.textContent = chosen ? "(" + chosen + ")" : ""; }
    var all = document.getElementById("bulk-all");
    if (all) { all.checked = picks.length > 0 && chosen === picks.length; }
    var action = form.querySelector(".bulk-action");
    form.querySelectorAll(".bulk-value").forEach(function (box) {
      box.hidden = action && box.getAttribute("data-action") !== action.value;
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.id === "bulk-all") {
      document.querySelectorAll("input.bulk-pick").forEach(function (pick) { pick.checked = target.checked; });
    }
    if (target.id === "bulk-all" || target.classList.contains("bulk-pick") || target.classList.contains("bulk-action")) {
      refresh();
    }
  });
  document.addEventListener("DOMContentLoaded", refresh);
  document.addEventListener("htmx:afterSettle", refresh);
  refresh();
})();
