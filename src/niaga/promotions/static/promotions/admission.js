// The admitted buyer's waiting page: ask every 2 s, reload when the order is made (or refused).
(function () {
  var url = document.getElementById("admission").getAttribute("data-poll");
  function ask() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : {status: "placing"}; })
      .then(function (a) { if (a.status === "placing") { setTimeout(ask, 2000); } else { location.reload(); } })
      .catch(function () { setTimeout(ask, 4000); });
  }
  setTimeout(ask, 2000);
})();
