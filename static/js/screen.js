// Big-screen mode (大屏模式): step with ← → or a presenter's clicker (PageUp/PageDown);
// Escape leaves. The URLs come from data attributes on #screen, so the server decides
// what the previous and next steps are.
(function () {
  "use strict";
  var screen = document.getElementById("screen");
  if (!screen) {
    return;
  }
  var keys = {
    ArrowLeft: "prevUrl",
    PageUp: "prevUrl",
    ArrowRight: "nextUrl",
    PageDown: "nextUrl",
    Escape: "exitUrl",
  };
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var target = event.target;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) {
      return;
    }
    var url = screen.dataset[keys[event.key]];
    if (url) {
      event.preventDefault();
      window.location.href = url;
    }
  });
})();
