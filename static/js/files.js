/* The generated project's file tree (templates/designs/_files.html): htmx swaps only the preview when a file is
   chosen, so the tree's own "selected" mark moves here, at once, to the file just chosen. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".file-tree a");
    if (!link) { return; }
    var tree = link.closest(".file-tree");
    Array.prototype.forEach.call(tree.querySelectorAll("li.selected"), function (item) {
      item.classList.remove("selected");
      item.querySelector("a").removeAttribute("aria-current");
    });
    link.closest("li").classList.add("selected");
    link.setAttribute("aria-current", "true");
  });
}());
