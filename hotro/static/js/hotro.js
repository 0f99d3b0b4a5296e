/* Hotro: small progressive enhancements shared by every page; every form works without them. */
(function () {
  "use strict";

  // A form sent back with errors: its summary takes the focus, so the reader hears why at once.
  function focusErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }

  // "{used} of {max} characters" under a field with a maxlength (the subject).
  function counters() {
    document.querySelectorAll("[data-counts]").forEach(function (counter) {
      var field = document.getElementById(counter.getAttribute("data-counts"));
      var max = field && parseInt(field.getAttribute("maxlength"), 10);
      if (!field || !max) { return; }
      var label = counter.getAttribute("data-label") || "{used}/{max}";
      function update() {
        var used = field.value.length;
        counter.textContent = label.replace("{used}", used).replace("{max}", max);
        counter.classList.toggle("warning", used > max * 0.9);
      }
      field.addEventListener("input", update);
      update();
    });
  }

  // A category list that follows the chosen department: only that department's group is offered.
  function categoriesFollowDepartment() {
    document.querySelectorAll("select[data-follows]").forEach(function (select) {
      var radios = document.querySelectorAll("input[type=radio][name='" + select.getAttribute("data-follows") + "']");
      function apply() {
        var chosen = null;
        radios.forEach(function (radio) { if (radio.checked) { chosen = radio.value; } });
        select.querySelectorAll("optgroup[data-department]").forEach(function (group) {
          var off = chosen !== null && group.getAttribute("data-department") !== chosen;
          group.hidden = off;
          group.disabled = off;
          if (off && group.contains(select.options[select.selectedIndex])) { select.value = ""; }
        });
      }
      radios.forEach(function (radio) { radio.addEventListener("change", apply); });
      apply();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    counters();
    categoriesFollowDepartment();
    focusErrorSummary();
  });
})();
