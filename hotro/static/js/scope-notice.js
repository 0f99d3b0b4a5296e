// P13 on the ticket form: choosing a category that is outside the scope of support shows the
// policy text before the customer sends the ticket (they may still send it). The text comes from
// the chosen option's data-out-of-scope attribute; no request is made.
(function () {
  "use strict";

  function watch(notice) {
    var select = document.getElementById(notice.getAttribute("data-for"));
    var text = notice.querySelector(".scope-notice-text");
    if (!select || !text) { return; }
    function apply() {
      var option = select.options[select.selectedIndex];
      var note = option ? option.getAttribute("data-out-of-scope") : null;
      notice.hidden = note === null;
      text.textContent = note || "";
    }
    select.addEventListener("change", apply);
    apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".scope-notice[data-for]").forEach(watch);
  });
})();
