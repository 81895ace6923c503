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
  // The server splits long lists into pages; should a slide still run past the bottom
  // (long names in another language, a smaller projector), shrink it a step at a time.
  function fit() {
    var body = document.body;
    for (var level = 1; level <= 3; level += 1) {
      if (document.documentElement.scrollHeight <= window.innerHeight + 1) {
        return;
      }
      body.classList.remove("screen-fit-" + (level - 1));
      body.classList.add("screen-fit-" + level);
    }
  }
  fit();
  window.addEventListener("resize", function () {
    document.body.classList.remove("screen-fit-1", "screen-fit-2", "screen-fit-3");
    fit();
  });

  // Older browsers and some clickers name Escape "Esc".
  keys.Esc = "exitUrl";
  // Listened for in the capture phase on window, so no element on the slide (a table,
  // the rating panel) can swallow the key before it arrives.
  window.addEventListener(
    "keydown",
    function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      var target = event.target;
      var leaving = keys[event.key] === "exitUrl";
      if (!leaving && target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) {
        return;
      }
      var url = screen.dataset[keys[event.key]];
      if (!url) {
        return;
      }
      event.preventDefault();
      if (leaving && document.fullscreenElement && document.exitFullscreen) {
        document.exitFullscreen().catch(function () {});
      }
      window.location.href = url;
    },
    true
  );
})();
