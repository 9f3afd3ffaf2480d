/*
 * Measures the HTML report as the browser lays it out (tests/html/check.sh
 * adds it to a copy of the page): how wide the page is against the
 * window, what reaches past the window's right edge, and which texts of a
 * timeline lane overlap, as far as they are seen (clipped texts up to
 * their clip). Writes the result as JSON into <pre id="layout">.
 */
(function () {
  var de = document.documentElement, out = {width: de.clientWidth, scroll: de.scrollWidth,
    wide: [], overlaps: []};
  Array.prototype.forEach.call(document.body.querySelectorAll("*"), function (e) {
    var r = e.getBoundingClientRect();
    if (r.width > 0 && r.right > de.clientWidth + 0.5 && out.wide.length < 5)
      out.wide.push(e.tagName + "." + e.getAttribute("class") + " to " + Math.round(r.right));
  });
  Array.prototype.forEach.call(document.querySelectorAll("g.lane"), function (g) {
    var boxes = Array.prototype.map.call(g.querySelectorAll("text"), function (t) {
      var b = t.getBoundingClientRect(), clip = t.getAttribute("clip-path"), m, c, p;
      var r = {left: b.left, right: b.right, top: b.top, bottom: b.bottom, width: b.width};
      /* What is seen of a clipped text: up to its clip rectangle, right edge. */
      if (clip && (m = /url\(#([^)]*)\)/.exec(clip)) &&
          (c = document.getElementById(m[1]).querySelector("rect"))) {
        p = document.querySelector("svg.lanes").createSVGPoint();
        p.x = parseFloat(c.getAttribute("x")) + parseFloat(c.getAttribute("width"));
        p.y = 0;
        p = p.matrixTransform(t.getScreenCTM());
        r.right = Math.min(r.right, p.x);
      }
      return {what: t.getAttribute("class") + " \u201c" + t.textContent + "\u201d", r: r};
    });
    for (var i = 0; i < boxes.length; i++)
      for (var j = i + 1; j < boxes.length; j++) {
        var a = boxes[i].r, b = boxes[j].r;
        if (a.width > 0 && b.width > 0 && a.right > b.left + 0.5 && b.right > a.left + 0.5 &&
            a.bottom > b.top + 0.5 && b.bottom > a.top + 0.5 && out.overlaps.length < 5)
          out.overlaps.push(g.getAttribute("data-lane") + ": " + boxes[i].what + " and " +
            boxes[j].what);
      }
  });
  var pre = document.createElement("pre");
  pre.id = "layout";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
