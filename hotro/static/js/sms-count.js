// Live SMS segment count under the reply box of a ticket answered by SMS (no framework, no build).
// The same rule as hotro.phone.segments: GSM-7 160/153 (extension characters count twice),
// otherwise UCS-2 70/67 — any Vietnamese diacritic makes a text UCS-2.
(function () {
  "use strict";
  var out = document.getElementById("sms-count");
  var box = out && document.getElementById(out.dataset.for);
  if (!box) return;
  var basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var extension = "\f^{}\\[~]|€";
  var warnAbove = parseInt(out.dataset.warn, 10) || 3;
  function count(text) {
    var units = 0, gsm = true;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (basic.indexOf(c) >= 0) units += 1;
      else if (extension.indexOf(c) >= 0) units += 2;
      else { gsm = false; break; }
    }
    if (!gsm) units = text.length;  // UTF-16 code units, as UCS-2 counts them
    var single = gsm ? 160 : 70, part = gsm ? 153 : 67;
    var parts = units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / part);
    return { encoding: gsm ? "GSM-7" : "UCS-2", units: units, parts: parts };
  }
  function update() {
    var n = count(box.value);
    out.textContent = out.dataset.label.replace("{parts}", n.parts).replace("{units}", n.units)
      .replace("{encoding}", n.encoding);
    out.classList.toggle("warning", n.parts > warnAbove);
  }
  box.addEventListener("input", update);
  update();
})();
