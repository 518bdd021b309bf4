/* The architecture diagram as a viewport: fit to the panel by default, zoom (buttons, wheel, + - 0 keys), pan (drag,
   arrow keys), nodes reachable by Tab with the focused node scrolled into view, the selected node highlighted, and
   an export of the whole diagram as SVG or PNG.

   Works on every element with data-diagram that holds one inline <svg> (the server's diagram_svg renderer: its
   width, height and viewBox are the full layout). Zooming and panning only change the viewBox, so the drawing stays
   vector-sharp at any size. No inline script or style attribute is written (the site's Content-Security-Policy
   forbids both); sizes are set through the CSSOM, which the policy allows. htmx swaps the diagram panel out of
   band after every edit: new diagrams are set up on htmx:load, and keep the view the user chose when the layout
   they show is the same size as before. */
(function () {
  "use strict";

  var MIN_SCALE = 0.05, MAX_SCALE = 4, STEP = 1.25, PAN = 60, MAX_FIT = 1.25, READABLE = 0.6;
  var views = {};      // container id -> {x, y, scale, width, height, fitted} kept across htmx swaps
  var selected = {};   // container id -> name of the selected component

  function svgOf(box) { return box.querySelector("svg"); }

  function layoutSize(svg) {
    var width = parseFloat(svg.getAttribute("data-layout-width") || svg.getAttribute("width"));
    var height = parseFloat(svg.getAttribute("data-layout-height") || svg.getAttribute("height"));
    if (!svg.hasAttribute("data-layout-width")) {
      svg.setAttribute("data-layout-width", String(width));
      svg.setAttribute("data-layout-height", String(height));
    }
    return {width: width, height: height};
  }

  function viewport(box) {
    var stage = box.querySelector(".diagram-stage");
    return {width: stage.clientWidth || 1, height: stage.clientHeight || 1};
  }

  function apply(box) {
    var svg = svgOf(box), view = box._view, port = viewport(box);
    var w = port.width / view.scale, h = port.height / view.scale;
    svg.setAttribute("viewBox", [view.x, view.y, w, h].map(function (n) { return Math.round(n * 100) / 100; }).join(" "));
    svg.setAttribute("width", String(port.width));
    svg.setAttribute("height", String(port.height));
    box.setAttribute("data-scale", view.scale.toFixed(3));
    var label = box.querySelector(".diagram-zoom-level");
    if (label) { label.textContent = Math.round(view.scale * 100) + "%"; }
    if (box.id) { views[box.id] = view; }
  }

  // The stage is as tall as the fitted drawing needs, between 12rem and 75% of the window: a five-component
  // design gets a short panel, a 200-component one the most the screen can give.
  function sizeStage(box) {
    var stage = box.querySelector(".diagram-stage"), size = box._size;
    var width = stage.clientWidth || 1;
    var scale = Math.min(width / size.width, MAX_FIT);
    var wanted = size.height * scale + 8;
    var limit = Math.max(window.innerHeight * 0.75, 240);
    stage.style.height = Math.round(Math.max(192, Math.min(wanted, limit))) + "px";
  }

  // Fit: the whole drawing in the panel. The first view of a design too tall to fit readably (60 components
  // are four times taller than wide) fits its width instead, from the top, and the rest is a pan away; Fit, or
  // the 0 key, still shows everything at once.
  function fit(box, readable) {
    var size = box._size, port;
    sizeStage(box);
    port = viewport(box);
    var scale = Math.max(MIN_SCALE, Math.min(port.width / size.width, port.height / size.height, MAX_FIT));
    var widthScale = Math.min(port.width / size.width, MAX_FIT);
    var top = (size.height - port.height / scale) / 2;
    if (readable && scale < READABLE && widthScale > scale) {
      scale = widthScale;
      top = 0;
    }
    box._view = {x: (size.width - port.width / scale) / 2, y: top, scale: scale, width: size.width,
                 height: size.height, fitted: readable ? "readable" : "all"};
    apply(box);
  }

  // Zoom by `factor` keeping the drawing point under (px, py) (viewport pixels; the centre by default) still.
  function zoom(box, factor, px, py) {
    var view = box._view, port = viewport(box);
    if (px === undefined) { px = port.width / 2; py = port.height / 2; }
    var scale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, view.scale * factor));
    var gx = view.x + px / view.scale, gy = view.y + py / view.scale;
    view.x = gx - px / scale;
    view.y = gy - py / scale;
    view.scale = scale;
    view.fitted = false;
    apply(box);
  }

  function pan(box, dx, dy) {  // in viewport pixels
    var view = box._view;
    view.x += dx / view.scale;
    view.y += dy / view.scale;
    view.fitted = false;
    apply(box);
  }

  // Bring a node fully into view (keyboard focus): pan the least needed, zooming in first if the diagram is so
  // small that its names cannot be read.
  function reveal(box, node) {
    var rect = node.querySelector("rect");
    if (!rect) { return; }
    var x = parseFloat(rect.getAttribute("x")), y = parseFloat(rect.getAttribute("y"));
    var w = parseFloat(rect.getAttribute("width")), h = parseFloat(rect.getAttribute("height"));
    var view = box._view, port = viewport(box), margin = 16;
    if (view.scale < 0.6) {
      view.scale = Math.min(1, port.width / (w + 2 * margin));
      view.x = x + w / 2 - port.width / view.scale / 2;
      view.y = y + h / 2 - port.height / view.scale / 2;
    }
    var left = view.x, top = view.y, right = left + port.width / view.scale, bottom = top + port.height / view.scale;
    var pad = margin / view.scale;
    if (x - pad < left) { view.x = x - pad; } else if (x + w + pad > right) { view.x += x + w + pad - right; }
    if (y - pad < top) { view.y = y - pad; } else if (y + h + pad > bottom) { view.y += y + h + pad - bottom; }
    view.fitted = false;
    apply(box);
  }

  function nodes(box) { return box.querySelectorAll("[data-component]"); }

  function markSelected(box) {
    var name = selected[box.id];
    Array.prototype.forEach.call(nodes(box), function (node) {
      var on = name !== undefined && node.getAttribute("data-component") === name;
      node.classList.toggle("selected", on);
      var link = node.closest("a") || node;
      if (on) { link.setAttribute("aria-current", "true"); } else { link.removeAttribute("aria-current"); }
    });
  }

  function filename(box, extension) {
    var title = svgOf(box).querySelector("title");
    var base = (box.getAttribute("data-diagram") || (title ? title.textContent : "") || "diagram")
      .replace(/^Architecture of /, "").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "");
    return (base || "diagram") + "." + extension;
  }

  // The whole drawing at its natural size, without the viewport's zoom, selection or links.
  function standalone(box) {
    var copy = svgOf(box).cloneNode(true), size = box._size;
    copy.setAttribute("width", String(size.width));
    copy.setAttribute("height", String(size.height));
    copy.setAttribute("viewBox", "0 0 " + size.width + " " + size.height);
    copy.removeAttribute("data-layout-width");
    copy.removeAttribute("data-layout-height");
    Array.prototype.forEach.call(copy.querySelectorAll(".selected"), function (n) { n.classList.remove("selected"); });
    Array.prototype.forEach.call(copy.querySelectorAll("a"), function (link) {
      while (link.firstChild) { link.parentNode.insertBefore(link.firstChild, link); }
      link.parentNode.removeChild(link);
    });
    var text = new XMLSerializer().serializeToString(copy);
    if (text.indexOf("xmlns=") < 0) { text = text.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"'); }
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text;
  }

  function save(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  function exportSvg(box) {
    save(new Blob([standalone(box)], {type: "image/svg+xml"}), filename(box, "svg"));
  }

  // PNG at twice the natural size (sharp on high-density screens), capped so a 200-component design stays a
  // canvas the browser can allocate. The SVG goes in as a data: URL, which the policy's img-src allows.
  function exportPng(box) {
    var size = box._size, ratio = Math.min(2, 8000 / Math.max(size.width, size.height));
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(size.width * ratio));
      canvas.height = Math.max(1, Math.round(size.height * ratio));
      var context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) { if (blob) { save(blob, filename(box, "png")); } }, "image/png");
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(standalone(box));
  }

  var BUTTONS = [
    ["fit", "Fit", "Fit the whole diagram in the panel (0)"],
    ["out", "−", "Zoom out (-)"],
    ["in", "+", "Zoom in (+)"],
    ["actual", "100%", "Actual size"],
    ["svg", "SVG", "Download the diagram as SVG"],
    ["png", "PNG", "Download the diagram as PNG"],
  ];

  function toolbar(box) {
    var bar = document.createElement("div");
    bar.className = "diagram-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Diagram view");
    BUTTONS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "small";
      button.setAttribute("data-diagram-action", spec[0]);
      button.setAttribute("aria-label", spec[2]);
      button.title = spec[2];
      button.textContent = spec[1];
      bar.appendChild(button);
      if (spec[0] === "actual") {
        var level = document.createElement("span");
        level.className = "diagram-zoom-level muted";
        level.setAttribute("aria-live", "polite");
        bar.appendChild(level);
      }
    });
    return bar;
  }

  var ACTIONS = {
    fit: function (box) { fit(box, false); },
    "in": function (box) { zoom(box, STEP); },
    out: function (box) { zoom(box, 1 / STEP); },
    actual: function (box) { zoom(box, 1 / box._view.scale); },
    svg: exportSvg,
    png: exportPng,
  };

  function setUp(box) {
    var svg = svgOf(box);
    if (!svg || box._size) { return; }
    box._size = layoutSize(svg);
    svg.setAttribute("preserveAspectRatio", "xMinYMin meet");
    var stage = document.createElement("div");
    stage.className = "diagram-stage";
    stage.tabIndex = 0;
    stage.setAttribute("role", "group");
    stage.setAttribute("aria-label", "Diagram: drag or use the arrow keys to pan, + and - to zoom, 0 to fit, " +
                       "Tab to reach each component");
    svg.parentNode.insertBefore(stage, svg);
    stage.appendChild(svg);
    box.insertBefore(toolbar(box), stage);
    box.classList.add("diagram-ready");
    // every node is reachable by Tab; nodes that are links already are
    Array.prototype.forEach.call(nodes(box), function (node) {
      if (!node.closest("a")) { node.setAttribute("tabindex", "0"); }
      node.setAttribute("focusable", "true");
    });
    var kept = box.id && views[box.id];
    if (kept && kept.fitted === "all") {
      fit(box, false);
    } else if (kept && !kept.fitted && kept.width === box._size.width && kept.height === box._size.height) {
      sizeStage(box);
      box._view = kept;
      apply(box);
    } else {
      fit(box, true);
    }
    markSelected(box);
  }

  // A box is ready once set up (its _view exists). The class alone is not enough: while htmx settles a swap, the new
  // element briefly carries the old one's attributes (its class included) before it is set up.
  function boxOf(element) {
    var box = element && element.closest ? element.closest(".diagram-ready") : null;
    return box && box._view ? box : null;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-diagram-action]");
    var box = boxOf(event.target);
    if (!box) { return; }
    if (button) {
      ACTIONS[button.getAttribute("data-diagram-action")](box);
      return;
    }
    if (box._dragged) {  // the end of a drag is not a click on a node
      event.preventDefault();
      event.stopPropagation();
      box._dragged = false;
      return;
    }
    var link = event.target.closest("a");  // Enter on a focused node link clicks the link itself
    var node = event.target.closest("[data-component]") || (link && link.querySelector("[data-component]"));
    if (node) {
      selected[box.id] = node.getAttribute("data-component");
      markSelected(box);
    }
  }, true);

  document.addEventListener("keydown", function (event) {
    var box = boxOf(event.target);
    if (!box || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (event.target.closest("[data-diagram-action]") && (event.key === "Enter" || event.key === " ")) { return; }
    var key = event.key, handled = true;
    if (key === "+" || key === "=") { zoom(box, STEP); }
    else if (key === "-" || key === "_") { zoom(box, 1 / STEP); }
    else if (key === "0") { fit(box, false); }
    else if (key === "ArrowLeft") { pan(box, -PAN, 0); }
    else if (key === "ArrowRight") { pan(box, PAN, 0); }
    else if (key === "ArrowUp") { pan(box, 0, -PAN); }
    else if (key === "ArrowDown") { pan(box, 0, PAN); }
    else if ((key === "Enter" || key === " ") && event.target.matches("[data-component][tabindex]")) {
      selected[box.id] = event.target.getAttribute("data-component");
      markSelected(box);
    } else { handled = false; }
    if (handled) { event.preventDefault(); }
  });

  document.addEventListener("focusin", function (event) {
    var box = boxOf(event.target);
    if (!box) { return; }
    var node = event.target.matches("[data-component]") ? event.target : event.target.querySelector &&
      event.target.querySelector("[data-component]");
    if (node && box._view) { reveal(box, node); }
  });

  document.addEventListener("wheel", function (event) {
    var stage = event.target.closest && event.target.closest(".diagram-stage");
    var box = boxOf(stage);
    if (!box) { return; }
    event.preventDefault();
    var bounds = stage.getBoundingClientRect();
    zoom(box, event.deltaY < 0 ? 1.1 : 1 / 1.1, event.clientX - bounds.left, event.clientY - bounds.top);
  }, {passive: false});

  document.addEventListener("pointerdown", function (event) {
    var stage = event.target.closest && event.target.closest(".diagram-stage");
    var box = boxOf(stage);
    if (!box || event.button !== 0) { return; }
    var last = {x: event.clientX, y: event.clientY}, moved = 0;
    box._dragged = false;
    function move(e) {
      var dx = e.clientX - last.x, dy = e.clientY - last.y;
      moved += Math.abs(dx) + Math.abs(dy);
      last = {x: e.clientX, y: e.clientY};
      if (moved > 4) {
        box._dragged = true;
        stage.classList.add("panning");
        pan(box, -dx, -dy);
      }
    }
    function up() {
      stage.classList.remove("panning");
      document.removeEventListener("pointermove", move);
      document.removeEventListener("pointerup", up);
    }
    document.addEventListener("pointermove", move);
    document.addEventListener("pointerup", up);
  });

  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      Array.prototype.forEach.call(document.querySelectorAll(".diagram-ready"), function (box) {
        if (!box._view) { return; }  // not set up yet (see boxOf)
        if (box._view.fitted) { fit(box, box._view.fitted === "readable"); } else { sizeStage(box); apply(box); }
      });
    }, 100);
  });

  // The component whose settings are open is the selected one, however its editor was opened (the diagram, the
  // component list, a link): the editor says which (data-editing).
  function followEditor() {
    var editor = document.querySelector("#component-editor[data-editing]");
    var box = document.querySelector("#diagram.diagram-ready");
    if (editor && box) {
      selected[box.id] = editor.getAttribute("data-editing");
      markSelected(box);
    }
  }

  function setUpAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("[data-diagram]")) { setUp(scope); }
    Array.prototype.forEach.call(scope.querySelectorAll("[data-diagram]"), setUp);
    followEditor();
  }

  document.addEventListener("htmx:load", function (event) { setUpAll(event.detail.elt); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUpAll(document); });
  } else {
    setUpAll(document);
  }

  window.serverlessDiagram = {fit: fit, zoom: zoom, pan: pan, standalone: standalone};
}());
