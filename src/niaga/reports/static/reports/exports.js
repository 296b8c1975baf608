// Ekspor Laporan: ask each unfinished file's progress every 2 seconds until it is done.
(function () {
  "use strict";
  function poll(item) {
    var url = item.getAttribute("data-status-url");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        item.setAttribute("data-status", data.status);
        item.querySelector(".export-status").textContent = data.status_label;
        item.querySelector(".export-progress").value = data.progress;
        item.querySelector(".export-rows").textContent = data.rows_done + "/" + data.rows_total + " baris";
        if (data.download_url) {
          var link = item.querySelector(".export-download");
          link.href = data.download_url;
          link.classList.remove("hidden");
        }
        if (data.status === "pending" || data.status === "running") {
          window.setTimeout(function () { poll(item); }, 2000);
        }
      })
      .catch(function () { window.setTimeout(function () { poll(item); }, 5000); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var items = document.querySelectorAll(".export-item");
    Array.prototype.forEach.call(items, function (item) {
      var s = item.getAttribute("data-status");
      if (s === "pending" || s === "running") { poll(item); }
    });
  });
})();
