// Packing: a scanned SKU counts one unit of its line; the chargeable weight shows as it is typed.
(function () {
  var scan = document.querySelector("[data-scan]");
  scan && scan.addEventListener("keydown", function (e) {
    if (e.key !== "Enter") return;
    e.preventDefault();
    var line = document.querySelector('.pack-line[data-sku="' + CSS.escape(scan.value.trim()) + '"] input');
    if (line) { line.value = (parseInt(line.value || "0", 10) + 1); scan.value = ""; }
    else { scan.setCustomValidity("SKU ini bukan bagian pesanan."); scan.reportValidity(); scan.setCustomValidity(""); }
  });
  var out = document.getElementById("chargeable");
  function show() {
    var v = ["length_cm", "width_cm", "height_cm"].map(function (n) { return parseInt(document.getElementById("id_" + n).value || "0", 10); });
    var w = parseInt(document.getElementById("id_weight_grams").value || "0", 10);
    var vol = Math.ceil(v[0] * v[1] * v[2] * 1000 / 6000);
    if (w || vol) out.textContent = "Berat aktual " + w + " g · berat volume " + vol + " g · dihitung " + Math.max(w, vol) + " g";
  }
  document.getElementById("pack-form").addEventListener("input", show);
})();
