// The card form on the payment page: format the fields as the buyer types, ask the gateway
// for a one-time token (the card number never reaches Niaga), and say every refusal in
// Bahasa Indonesia (the table comes from niaga.payments.refusals, rendered into the page).
(function () {
  "use strict";
  var form = document.getElementById("card-form");
  if (!form) return;
  var number = document.getElementById("card-number");
  var exp = document.getElementById("card-exp");
  var cvv = document.getElementById("card-cvv");
  var box = document.getElementById("card-error");
  var table = JSON.parse(document.getElementById("refusals").textContent);

  function digits(text, max) { return (text || "").replace(/\D/g, "").slice(0, max); }

  // "1230" (numeric keypad), "12/30", "12 / 2030", "1/30" -> {month, year (4 digits)} or null.
  // The same rules as niaga.payments.forms.parse_expiry.
  function parseExpiry(text) {
    var m = /^\s*(\d{1,2})\s*[\/\-.\s]\s*(\d{2}|\d{4})\s*$/.exec(text || "") || /^\s*(\d{2})(\d{2}|\d{4})\s*$/.exec(text || "");
    if (!m) return null;
    var month = parseInt(m[1], 10), year = parseInt(m[2], 10);
    if (m[2].length === 2) year += 2000;
    if (month < 1 || month > 12) return null;
    return {month: (month < 10 ? "0" : "") + month, year: String(year)};
  }

  function formatExpiry(text) {
    var lead = /^\s*(\d)\s*[\/\-.\s]/.exec(text);  // "1/" -> "01 / "
    var d = digits(text, 6);
    if (lead) d = "0" + d;
    else if (d.length === 1 && d > "1") d = "0" + d;  // "4" can only be April
    if (d.length > 2 || lead) return d.slice(0, 2) + " / " + d.slice(2, 6);
    return d;
  }

  function refusal(data) {
    var texts = (data.validation_messages || []).concat([data.status_message || ""]);
    for (var i = 0; i < texts.length; i++) {
      var lowered = String(texts[i]).toLowerCase();
      for (var j = 0; j < table.by_message.length; j++) {
        if (lowered.indexOf(table.by_message[j][0]) !== -1) return table.by_message[j][1];
      }
    }
    return table.by_code[String(data.status_code || "")] || table["default"];
  }

  function say(text) { box.textContent = text; box.hidden = false; }

  number.addEventListener("input", function () {
    number.value = digits(number.value, 19).replace(/(\d{4})(?=\d)/g, "$1 ");
  });
  exp.addEventListener("input", function (event) {
    if (event.inputType && event.inputType.indexOf("delete") === 0) return;  // let backspace work
    exp.value = formatExpiry(exp.value);
  });
  cvv.addEventListener("input", function () { cvv.value = digits(cvv.value, 4); });

  form.addEventListener("submit", function (event) {
    if (document.getElementById("token_id").value) return;
    event.preventDefault();
    box.hidden = true;
    var expiry = parseExpiry(exp.value);
    if (!expiry) { say(table.by_message.filter(function (p) { return p[0] === "card_exp"; })[0][1]); exp.focus(); return; }
    var query = new URLSearchParams({
      client_key: form.dataset.clientKey,
      card_number: digits(number.value, 19),
      card_exp_month: expiry.month,
      card_exp_year: expiry.year,
      card_cvv: digits(cvv.value, 4)
    });
    fetch(form.dataset.tokenUrl + "?" + query.toString(), {headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (!data.token_id) { say(refusal(data)); return; }
        document.getElementById("token_id").value = data.token_id;
        form.submit();
      })
      .catch(function () { say("Layanan pembayaran sedang tidak bisa dihubungi. Coba lagi sebentar."); });
  });
})();
