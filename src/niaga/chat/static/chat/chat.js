/* Tanya Penjual: new messages without reloading. The page asks every few seconds for the
   messages after the last one it shows (never while the tab is hidden), and sends with fetch so
   the thread stays where it is. Without JavaScript the form posts and the page reloads. */
(function () {
  "use strict";
  var thread = document.getElementById("chat-thread");
  var list = document.getElementById("chat-messages");
  var form = document.getElementById("chat-form");
  if (!thread || !list || !window.fetch) return;
  var pollUrl = thread.getAttribute("data-poll-url");
  var every = (parseInt(thread.getAttribute("data-poll-seconds"), 10) || 4) * 1000;
  var busy = false;

  function last() { return parseInt(list.getAttribute("data-last"), 10) || 0; }
  function bottom() { list.scrollTop = list.scrollHeight; }
  function markRead(readId) {
    if (!readId) return;
    list.setAttribute("data-read", readId);
    list.querySelectorAll(".msg-read").forEach(function (el) {
      if (parseInt(el.getAttribute("data-read-id"), 10) <= readId) el.textContent = "Dibaca";
    });
  }
  function add(response) {
    return response.text().then(function (html) {
      var box = document.createElement("ol");
      box.innerHTML = html;
      Array.prototype.slice.call(box.children).forEach(function (el) {
        if (!el.id || !document.getElementById(el.id)) list.appendChild(el);
      });
      var newest = parseInt(response.headers.get("X-Chat-Last"), 10) || 0;
      if (newest > last()) list.setAttribute("data-last", newest);
      markRead(parseInt(response.headers.get("X-Chat-Read"), 10) || 0);
      var empty = document.getElementById("chat-empty");
      if (empty && list.children.length) empty.remove();
      if (box.children.length || html.trim()) bottom();
    });
  }
  function poll() {
    if (!pollUrl || busy || document.hidden) return;
    busy = true;
    fetch(pollUrl + "?setelah=" + last(), { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.ok ? add(r) : null; })
      .catch(function () {})
      .then(function () { busy = false; });
  }
  bottom();
  if (pollUrl) {
    setInterval(poll, every);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) poll(); });
  }
  if (!form || !pollUrl) return; // a new thread: the first message posts the page and opens it
  var error = document.getElementById("chat-error");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    data.set("setelah", last());
    var button = document.getElementById("chat-send");
    button.disabled = true;
    busy = true; // the answer brings the new messages; a poll now would fetch them twice
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) {
        if (r.ok) {
          error.hidden = true;
          form.querySelector("textarea").value = "";
          form.querySelector("input[type=file]").value = "";
          form.querySelectorAll(".chat-attach").forEach(function (el) { el.remove(); });
          return add(r);
        }
        return r.text().then(function (text) { error.textContent = text; error.hidden = false; });
      })
      .catch(function () { error.textContent = "Koneksi terputus. Coba kirim lagi."; error.hidden = false; })
      .then(function () { button.disabled = false; busy = false; });
  });
  form.querySelector("textarea").addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
})();
