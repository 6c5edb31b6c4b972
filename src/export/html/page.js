(function () {
  "use strict";
  var box = document.getElementById("q");
  var shown = document.getElementById("shown");
  var toggles = [].slice.call(document.querySelectorAll("#tags button"));
  var jobs = [].map.call(document.querySelectorAll("article.job"), function (a) {
    return {
      el: a,
      text: a.textContent.toLowerCase(),
      tags: [].map.call(a.querySelectorAll(".chip[data-tag]"), function (c) {
        return c.getAttribute("data-tag");
      })
    };
  });
  function pressed(b) { return b.getAttribute("aria-pressed") === "true"; }
  // A posting is shown when it has every word typed and every tag switched on.
  function apply() {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var on = toggles.filter(pressed).map(function (b) { return b.getAttribute("data-tag"); });
    var n = 0;
    jobs.forEach(function (j) {
      var ok = words.every(function (w) { return j.text.indexOf(w) >= 0; }) &&
        on.every(function (t) { return j.tags.indexOf(t) >= 0; });
      j.el.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = n + " of " + jobs.length + " shown";
  }
  box.addEventListener("input", apply);
  toggles.forEach(function (b) {
    b.addEventListener("click", function () {
      b.setAttribute("aria-pressed", pressed(b) ? "false" : "true");
      apply();
    });
  });
  apply();
})();
