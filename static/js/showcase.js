// Small behaviours of every page, wired from data attributes. The Content-Security-Policy
// allows no inline script, so no template carries onclick / onsubmit / onchange.
//   form[data-confirm="…"]        asks before submitting
//   button[data-confirm="…"]      asks before submitting its form with this button
//   form[data-submit-once]        disables its buttons once submitted (no double import)
//   form[data-navigate="field"]   goes to the URL chosen in that field instead of submitting
//   select[data-autosubmit]       submits its form on change
//   [data-print]                  prints the page
//   [data-progress="0..100"]      sets a progress bar's width (also in htmx fragments)
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.confirm !== undefined && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    var button = event.submitter;
    if (button && button.dataset.confirm !== undefined && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    if (form.dataset.navigate) {
      event.preventDefault();
      window.location.href = form.elements[form.dataset.navigate].value;
      return;
    }
    if (form.dataset.submitOnce !== undefined) {
      // After this event: disabling the button first would drop it from the submission.
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          button.disabled = true;
        });
      }, 0);
    }
  });
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.dataset && field.dataset.autosubmit !== undefined && field.form) {
      field.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) {
      window.print();
    }
  });
  function setProgress(root) {
    root.querySelectorAll("[data-progress]").forEach(function (bar) {
      bar.style.width = bar.dataset.progress + "%";
    });
  }
  if (window.htmx) {
    window.htmx.onLoad(setProgress);
  } else {
    setProgress(document);
  }
})();
