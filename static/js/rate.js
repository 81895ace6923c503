// The phone page of 现场测评 (meetings/rating_vote.html). Every card's fields belong to the
// page's form #vote-all, so without JavaScript any button sends every score at once.
//   - A card's own button (hx-post) sends that card's unit and score only.
//   - A card whose score was typed and not sent shows its 未提交 mark.
//   - Leaving the page with a score typed and not sent asks first.
(function () {
  "use strict";
  function unsent(card) {
    var field = card.querySelector(".vote-input");
    return !!field && field.value.trim() !== (field.dataset.saved || "");
  }
  function mark(card) {
    var badge = card.querySelector(".vote-unsent");
    if (badge) {
      badge.hidden = !unsent(card);
    }
  }
  document.addEventListener("input", function (event) {
    var card = event.target.closest && event.target.closest(".vote-card");
    if (card && event.target.matches(".vote-input")) {
      mark(card);
    }
  });
  document.addEventListener("htmx:configRequest", function (event) {
    var button = event.detail.elt;
    var card = button.closest && button.closest(".vote-card");
    if (!card || !button.matches(".vote-submit")) {
      return;
    }
    event.detail.parameters = {
      unit: card.querySelector("input[name=unit]").value,
      score: card.querySelector(".vote-input").value,
    };
  });
  var sending = false;
  document.addEventListener("submit", function (event) {
    if (event.target.id === "vote-all" && !event.defaultPrevented) {
      sending = true;
    }
  });
  window.addEventListener("beforeunload", function (event) {
    var cards = document.querySelectorAll(".vote-card .vote-unsent:not([hidden])");
    if (cards.length && !sending) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
