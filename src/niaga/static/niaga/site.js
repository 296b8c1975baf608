/* Niaga: small progressive enhancements. Every page also works without this file. */
(function () {
  "use strict";

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  /* Copy buttons: data-copy="#element" or data-copy-text="literal". */
  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return fallbackCopy(text); });
    }
    return Promise.resolve(fallbackCopy(text));
  }

  function flash(button, ok) {
    var original = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", original);
    button.textContent = ok ? (button.getAttribute("data-copied") || "Tersalin!") : "Salin manual";
    button.classList.add("copied");
    setTimeout(function () { button.textContent = original; button.classList.remove("copied"); }, 2000);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy], [data-copy-text]");
    if (!button) return;
    event.preventDefault();
    var text = button.getAttribute("data-copy-text");
    var target = null;
    if (text === null) {
      target = $(button.getAttribute("data-copy"));
      if (!target) return;
      text = ("value" in target && target.tagName !== "BUTTON" ? target.value : target.textContent).trim();
    }
    copyText(text).then(function (ok) {
      if (!ok && target && target.select) { target.focus(); target.select(); }
      flash(button, ok);
    });
  });

  /* Select the whole link when the share field is focused (manual copy fallback). */
  $all("input[readonly].share-url").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });

  /* Countdown to a deadline: data-countdown="ISO datetime", data-countdown-done="what 0 reads"
     (a payment's deadline when not given). */
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  $all("[data-countdown]").forEach(function (el) {
    var deadline = Date.parse(el.getAttribute("data-countdown"));
    if (isNaN(deadline)) return;
    var reloaded = false;
    function tick() {
      var left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
      var days = Math.floor(left / 86400);
      var h = Math.floor((left % 86400) / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      el.textContent = left === 0 ? (el.getAttribute("data-countdown-done") || "Waktu pembayaran habis") :
        (days ? days + " hari " : "") + pad(h) + ":" + pad(m) + ":" + pad(s);
      if (left === 0 && !reloaded) { reloaded = true; setTimeout(function () { location.reload(); }, 5000); return; }
      setTimeout(tick, 1000);
    }
    tick();
  });

  /* Cascading region selects: <select data-child="#next"> inside [data-regions-url]. */
  function resetDescendants(select) {
    var childSel = select.getAttribute("data-child");
    if (!childSel) return;
    var child = $(childSel);
    if (!child) return;
    child.innerHTML = '<option value="">' + (child.getAttribute("data-placeholder") || "Pilih") + "</option>";
    resetDescendants(child);
  }

  $all("[data-regions-url]").forEach(function (box) {
    var url = box.getAttribute("data-regions-url");
    $all("select[data-child]", box).forEach(function (select) {
      select.addEventListener("change", function () {
        var child = $(select.getAttribute("data-child"));
        resetDescendants(select);
        if (!child || !select.value) return;
        var placeholder = child.getAttribute("data-placeholder") || "Pilih";
        child.disabled = true;
        fetch(url + "?parent=" + encodeURIComponent(select.value) + "&placeholder=" + encodeURIComponent(placeholder),
              { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
          .then(function (html) { child.innerHTML = html; })
          .catch(function () { child.innerHTML = '<option value="">Gagal memuat, coba lagi</option>'; })
          .then(function () { child.disabled = false; });
      });
    });
    $all("select[data-postal-target]", box).forEach(function (select) {
      select.addEventListener("change", function () {
        var option = select.options[select.selectedIndex];
        var postal = option && option.getAttribute("data-postal");
        var input = $(select.getAttribute("data-postal-target"));
        if (postal && input) input.value = postal;
      });
    });
  });

  /* Product gallery: thumbnails swap the main image. */
  $all("[data-main-image]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var main = $("#main-image img");
      if (!main) return;
      event.preventDefault();
      var source = $("#main-image source");
      if (source) source.srcset = link.getAttribute("data-main-webp");
      main.srcset = link.getAttribute("data-main-jpg");
      main.src = link.getAttribute("data-main-image");
      $all("[data-main-image]").forEach(function (l) { l.classList.remove("active"); });
      link.classList.add("active");
    });
  });

  /* Checkout: changing address or courier re-quotes with a plain GET (bookmarkable, reload-safe). */
  $all("form[data-requote-url]").forEach(function (form) {
    $all("[data-requote]", form).forEach(function (input) {
      input.addEventListener("change", function () {
        var params = new URLSearchParams();
        new FormData(form).forEach(function (value, key) {
          if (key !== "csrfmiddlewaretoken" && key !== "action" && key !== "next" && value !== "") params.append(key, value);
        });
        location.href = form.getAttribute("data-requote-url") + "?" + params.toString();
      });
    });
  });

  /* Cart quantity: save on change. */
  $all("input[data-autosubmit]").forEach(function (input) {
    input.addEventListener("change", function () {
      if (input.form && input.value) { input.form.requestSubmit ? input.form.requestSubmit() : input.form.submit(); }
    });
  });

  /* "Pilih semua": <input type="checkbox" data-select-all=".selector"> ticks every box it names. */
  $all("[data-select-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      $all(box.getAttribute("data-select-all")).forEach(function (b) { b.checked = box.checked; });
    });
  });

  /* Destructive forms ask first. */
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  /* Account menu closes when clicking elsewhere. */
  document.addEventListener("click", function (event) {
    $all("details.menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });

  /* Flash sale "Beli Sekarang" asks the API, whose address nginx's flash location serves: at
     the peak the crowd hears "sold out" there, before any app server (README, Flash sales).
     Without JavaScript the form posts to the page's own view, which says the same. */
  $all("form[data-flash-api]").forEach(function (form) {
    var button = $("button", form), note = $("[data-flash-note]", form);
    function say(text) { note.textContent = text; note.hidden = false; }
    function press() {
      var data = new FormData(form);
      button.disabled = true;
      fetch(form.getAttribute("data-flash-api"), {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": data.get("csrfmiddlewaretoken") },
        body: JSON.stringify({ quantity: Number(data.get("quantity")), address_id: Number(data.get("address_id")),
                               payment_method: data.get("payment_method"), courier: data.get("courier") || "" })
      }).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (body) {
          return { status: r.status, body: body, wait: parseInt(r.headers.get("Retry-After"), 10) || 5 };
        });
      }).then(function (a) {
        if (a.status === 201 && a.body.page_url) { location.href = a.body.page_url; return; }
        if (a.status === 202 && a.body.id) { location.href = form.getAttribute("data-flash-waiting").replace("/0/", "/" + a.body.id + "/"); return; }
        say(a.body.message || "Belum berhasil. Coba lagi sebentar lagi.");
        if (a.body.code === "waiting_room") { setTimeout(press, a.wait * 1000); return; }  // the place is kept
        if (a.body.code === "sold_out") { button.textContent = "Habis terjual"; return; }
        setTimeout(function () { button.disabled = false; }, a.status === 429 ? a.wait * 1000 : 0);
      }).catch(function () {
        // The press may have gone through: the buyer looks before pressing again.
        say("Koneksi terputus. Cek Pesanan Saya sebelum menekan lagi.");
        button.disabled = false;
      });
    }
    form.addEventListener("submit", function (event) {
      if (!window.fetch) return;
      event.preventDefault();
      press();
    });
  });

  /* Payment page: poll the status every 10 s and reload when it moves. */
  var status = $("#payment-status[data-poll-url]");
  if (status && window.fetch) {
    var key = status.getAttribute("data-poll-key");
    var poll = function () {
      if (document.hidden) return;
      fetch(status.getAttribute("data-poll-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (d) {
          if (!d) return;
          var now = (d.paid ? "1" : "0") + "|" + (d.attempt_status || "") + "|" +
            (d.orders || []).map(function (o) { return o.status; }).join("");
          if (now !== key) location.reload();
        })
        .catch(function () {});
    };
    setInterval(poll, 10000);
  }
})();

// Pages kept in the shared cache carry no CSRF token: fetch one (it sets the cookie) when buying.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var url = form.getAttribute && form.getAttribute("data-csrf-late");
  if (!url || form.querySelector("[name=csrfmiddlewaretoken]")) return;
  event.preventDefault();
  fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (data) {
    var input = document.createElement("input");
    input.type = "hidden"; input.name = "csrfmiddlewaretoken"; input.value = data.csrf_token;
    form.appendChild(input);
    form.submit();
  });
}, true);
