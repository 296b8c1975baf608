// The bank's "Cek Tagihan" form: show only the fields the chosen bank asks for (a virtual
// account number, or Mandiri's biller code and bill key). Without JavaScript all stay visible.
(function () {
  "use strict";
  var va = document.querySelector('[data-for="va"]');
  var mandiri = document.querySelector('[data-for="mandiri"]');
  var bank = va && va.form && va.form.elements.bank;
  if (!bank || !mandiri) return;
  function sync() {
    var isMandiri = bank.value === "mandiri";
    va.hidden = isMandiri;
    mandiri.hidden = !isMandiri;
  }
  bank.addEventListener("change", sync);
  sync();
})();
