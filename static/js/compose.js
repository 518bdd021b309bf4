// The compose step's keyboard connect: focus a component, press "c", focus the target, press Enter.
// Escape cancels. Without JavaScript the "Connect from here" / "Connect here" links do the same.
(function () {
  "use strict";
  if (window.composeKeys) { return; }
  window.composeKeys = true;
  var source = null;

  function area() { return document.getElementById("compose-area"); }
  function say(text) {
    var status = document.getElementById("compose-status");
    if (status) { status.textContent = text; }
  }
  function clear() {
    var marked = document.querySelectorAll(".compose-node.connect-source");
    for (var i = 0; i < marked.length; i++) { marked[i].classList.remove("connect-source"); }
    source = null;
  }

  document.addEventListener("keydown", function (event) {
    var node = event.target && event.target.closest ? event.target.closest(".compose-node") : null;
    if (!node || event.target !== node || event.altKey || event.ctrlKey || event.metaKey) {
      if (event.key === "Escape" && source) { clear(); say("Connecting cancelled."); }
      return;
    }
    var name = node.getAttribute("data-name");
    if (event.key === "c" || event.key === "C") {
      event.preventDefault();
      clear();
      source = name;
      node.classList.add("connect-source");
      say("Connecting from " + name + ": focus the target component and press Enter (Escape cancels).");
    } else if (event.key === "Enter" && source && source !== name) {
      event.preventDefault();
      var url = area().getAttribute("data-compose-url") + "?source=" + encodeURIComponent(source) +
        "&target=" + encodeURIComponent(name);
      var from = source;
      clear();
      say("Choose how " + from + " connects to " + name + ".");
      window.htmx.ajax("GET", url, { target: "#compose-area", swap: "outerHTML" });
    } else if (event.key === "Escape" && source) {
      clear();
      say("Connecting cancelled.");
    }
  });

  // after a swap, put the focus where the work continues: the first connection kind, or the add form's name
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.detail || !event.detail.elt || event.detail.elt.id !== "compose-area") {
      var swapped = document.getElementById("compose-area");
      if (!swapped || !swapped.contains(event.target)) { return; }
    }
    var first = document.querySelector("#connect-chooser .connect-button") || document.querySelector("#add-name");
    if (first) { first.focus(); }
  });
})();
