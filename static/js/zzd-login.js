// 免登 inside 浙政钉: ask the JSAPI (dd.getAuthCode, provided by the 浙政钉 container's
// gdt-jsapi) for an auth code and post it; the server exchanges it at the gateway.
// Outside 浙政钉 (no JSAPI) the page says so.
(function () {
  "use strict";
  var form = document.getElementById("zzd-login");
  if (!form || form.dataset.auto !== "yes") {
    return;
  }
  var dd = window.dd;
  function outside() {
    var waiting = document.getElementById("zzd-waiting");
    if (waiting) {
      waiting.hidden = true;
    }
    document.getElementById("zzd-outside").hidden = false;
  }
  if (!dd || typeof dd.getAuthCode !== "function") {
    outside();
    return;
  }
  Promise.resolve(dd.getAuthCode({ corpId: form.dataset.corpId }))
    .then(function (result) {
      var code = result && (result.code || result.auth_code);
      if (!code) {
        outside();
        return;
      }
      form.elements.code.value = code;
      form.submit();
    })
    .catch(outside);
})();
