// Nothing typed is lost when the session has ended: a form marked form[data-keep] copies
// its text fields into sessionStorage (this tab only) as it is submitted. If the next
// page is the login page (the session had ended), the copy is kept; back on the same
// page after logging in, the text is put back into the fields it came from and a note
// says so, if the same person logged in. A refusal that sends the browser back to the
// same page (a message tagged REFUSED, accounts/access.py) puts the text back at once. Any
// other answer (saved, or the form shown again with its errors) drops the copy. Works for
// plain forms and htmx forms alike; without JavaScript the forms work as before.
(function () {
  "use strict";
  var STORE = "showcase:kept-form";
  var MAX_AGE = 2 * 60 * 60 * 1000; // a copy older than two hours is dropped
  var FIELDS = "textarea, input[type=text], input[type=number], input:not([type])";

  function here() {
    return window.location.pathname + window.location.search;
  }
  function user() {
    return document.body.dataset.user || "";
  }
  function formKey(form) {
    return form.id || form.getAttribute("action") || "";
  }
  function read() {
    try {
      return JSON.parse(window.sessionStorage.getItem(STORE));
    } catch (error) {
      return null;
    }
  }
  function write(copy) {
    try {
      if (copy) {
        window.sessionStorage.setItem(STORE, JSON.stringify(copy));
      } else {
        window.sessionStorage.removeItem(STORE);
      }
    } catch (error) {
      // storage full or disabled: the form still submits, only the copy is missing
    }
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!form.matches || !form.matches("form[data-keep]")) {
        return;
      }
      var fields = {};
      form.querySelectorAll(FIELDS).forEach(function (field) {
        if (field.name && field.value) {
          fields[field.name] = field.value;
        }
      });
      write({
        page: here(),
        form: formKey(form),
        user: user(),
        fields: fields,
        at: Date.now(),
        ended: false,
      });
    },
    true
  );

  // An htmx form answered in place: saved or shown again with its errors, unless the
  // answer sends the browser to the login page.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    var xhr = event.detail.xhr;
    if (!form.matches || !form.matches("form[data-keep]") || !xhr) {
      return;
    }
    if (!xhr.getResponseHeader("HX-Redirect") && xhr.status < 500) {
      write(null);
    }
  });

  function restore(copy) {
    var restored = false;
    document.querySelectorAll("form[data-keep]").forEach(function (form) {
      if (formKey(form) !== copy.form) {
        return;
      }
      form.querySelectorAll(FIELDS).forEach(function (field) {
        if (Object.prototype.hasOwnProperty.call(copy.fields, field.name)) {
          field.value = copy.fields[field.name];
          field.dispatchEvent(new Event("input", { bubbles: true })); // counters, checks
          restored = true;
        }
      });
    });
    return restored;
  }

  var copy = read();
  if (!copy) {
    return;
  }
  if (document.querySelector("form[data-login]")) {
    copy.ended = true; // the session had ended: keep the copy for after the login
    write(copy);
    return;
  }
  // Refused and sent back to the same page (a reason over its limit, say): the message
  // says why, and the text is put back to be corrected rather than typed again.
  if (
    !copy.ended &&
    document.querySelector("[data-refused]") &&
    copy.user === user() &&
    copy.page === here()
  ) {
    restore(copy);
    write(null);
    return;
  }
  if (!copy.ended || copy.user !== user() || Date.now() - copy.at > MAX_AGE) {
    write(null);
    return;
  }
  if (copy.page !== here()) {
    return; // logged in, but not back on that page yet
  }
  var restored = restore(copy);
  var main = document.querySelector("main[data-kept-note]");
  if (restored && main) {
    var note = document.createElement("div");
    note.className = "alert alert-info kept-note";
    note.setAttribute("role", "status");
    note.textContent = main.dataset.keptNote;
    main.insertBefore(note, main.firstChild);
  }
  write(null);
})();
