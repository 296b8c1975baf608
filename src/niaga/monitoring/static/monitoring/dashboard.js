// The operator's live page: figures from monitoring:data (the canvas's data-url) every 5 s.
(function () {
  function cell(tr, text) { var td = document.createElement("td"); td.textContent = text; tr.appendChild(td); }
  function rows(id, items, fields, empty) {
    var body = document.querySelector("#" + id + " tbody"); body.textContent = "";
    items.forEach(function (item) { var tr = document.createElement("tr"); fields.forEach(function (f) { cell(tr, item[f] == null ? "–" : item[f]); }); body.appendChild(tr); });
    if (!items.length) { var tr = document.createElement("tr"), td = document.createElement("td"); td.colSpan = fields.length; td.className = "muted"; td.textContent = empty; tr.appendChild(td); body.appendChild(tr); }
  }
  function chart(points) {
    var c = document.getElementById("orders-chart"), g = c.getContext("2d"), w = c.width, h = c.height;
    var max = Math.max(1, Math.max.apply(null, points.map(function (p) { return p.orders; })));
    g.clearRect(0, 0, w, h); g.strokeStyle = "#0b9e5a"; g.lineWidth = 2; g.beginPath();
    points.forEach(function (p, i) { var x = i * (w - 1) / (points.length - 1), y = h - 4 - (h - 8) * p.orders / max; if (i) g.lineTo(x, y); else g.moveTo(x, y); });
    g.stroke(); g.fillStyle = "#666"; g.font = "12px sans-serif"; g.fillText("maks " + max, 4, 14);
  }
  function load() {
    fetch(document.getElementById("orders-chart").getAttribute("data-url"), {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (d) {
      chart(d.orders_per_minute);
      document.getElementById("orders-now").textContent = d.orders_per_minute[d.orders_per_minute.length - 1].orders;
      document.getElementById("queue").textContent = d.queue_depth == null ? "tidak terbaca" : d.queue_depth;
      document.getElementById("stockouts").textContent = d.stockouts;
      var f = d.flash_placing;
      document.getElementById("flash-placing").textContent = f == null ? "tidak terbaca" : f.placing + (f.placing ? " (tertua menunggu " + Math.round(f.oldest_seconds) + " detik)" : "");
      var gate = document.getElementById("gate"); gate.textContent = "";
      Object.keys(d.gate).forEach(function (k) { var li = document.createElement("li"); li.textContent = k + ": " + d.gate[k]; gate.appendChild(li); });
      rows("payments", d.payments, ["method", "status", "n"], "Belum ada pembayaran dalam satu jam terakhir.");
      rows("routes", d.routes.slice(0, 15), ["route", "requests", "p50_ms", "p99_ms"], "Belum ada permintaan tercatat.");
    });
  }
  load(); setInterval(load, 5000);
})();
