// The fill page (本月填报). Last month's entry is shown beside each field as 上期, never
// filled in: 沿用上期 copies one field on purpose, and a text identical to last month's
// asks before it is submitted.
//   button[data-copy-previous="field id"]  copies #<id>-previous into the field
//   form.fill-form[data-same-text="…"]     the question asked for identical text
//   form.fill-form[data-unsaved]           shown again with what a refused save posted
(function () {
  "use strict";
  function previousOf(field) {
    var shown = document.getElementById(field.id + "-previous");
    if (!shown) {
      return null;
    }
    return shown.dataset.value !== undefined ? shown.dataset.value : shown.textContent;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy-previous]");
    if (!button) {
      return;
    }
    var field = document.getElementById(button.dataset.copyPrevious);
    var value = field && previousOf(field);
    if (value !== null && value !== undefined) {
      field.value = value;
      field.dispatchEvent(new Event("change", { bubbles: true }));
      field.focus();
    }
  });
  // textarea[data-limit]: "123 / 2000" under the field, red past the limit (the server
  // refuses it then, naming the limit; nothing is cut).
  function count(field) {
    var counter = document.getElementById(field.id + "-count");
    if (!counter) {
      counter = document.createElement("div");
      counter.id = field.id + "-count";
      counter.className = "form-text text-end";
      field.insertAdjacentElement("afterend", counter);
    }
    var length = Array.from(field.value).length;
    counter.textContent = length + " / " + field.dataset.limit;
    counter.classList.toggle("text-danger", length > Number(field.dataset.limit));
  }
  document.querySelectorAll("textarea[data-limit]").forEach(count);
  document.addEventListener("input", function (event) {
    if (event.target.dataset && event.target.dataset.limit) {
      count(event.target);
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.dataset && event.target.dataset.limit) {
      count(event.target);
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    if (!form.classList.contains("fill-form") || !submitter) {
      return;
    }
    var action = submitter.value || "";
    if (action.indexOf("submit") !== 0) {
      return;
    }
    var items = Array.prototype.slice.call(form.querySelectorAll(".fill-item"));
    if (action !== "submit_all") {
      items = items.filter(function (item) {
        return "submit:" + item.dataset.item === action;
      });
    }
    var same = items.filter(function (item) {
      return Array.prototype.some.call(item.querySelectorAll("textarea"), function (field) {
        var previous = previousOf(field);
        return previous && field.value.trim() !== "" && field.value.trim() === previous.trim();
      });
    });
    if (!same.length) {
      return;
    }
    if (!window.confirm(form.dataset.sameText)) {
      event.preventDefault();
      return;
    }
    same.forEach(function (item) {
      var confirmed = document.createElement("input");
      confirmed.type = "hidden";
      confirmed.name = "i" + item.dataset.item + "-confirm_same_as_last";
      confirmed.value = "1";
      item.appendChild(confirmed);
    });
  });
  // What was typed and not yet saved is not lost by following a link away (佐证材料, a
  // notice, the menu, another month): the browser asks before leaving the page. Typing
  // marks the page; so do a refused save shown again and text put back after a login.
  var fillForm = document.querySelector("form.fill-form");
  if (!fillForm) {
    return;
  }
  var unsaved = fillForm.hasAttribute("data-unsaved") || !!document.querySelector(".kept-note");
  var sending = false;
  fillForm.addEventListener("input", function () {
    unsaved = true;
  });
  fillForm.addEventListener("change", function () {
    unsaved = true;
  });
  // After the question above: a submit it stopped does not leave the page.
  document.addEventListener("submit", function (event) {
    if (event.target === fillForm && !event.defaultPrevented) {
      sending = true;
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (unsaved && !sending) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
