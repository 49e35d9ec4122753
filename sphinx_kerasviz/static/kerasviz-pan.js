/* sphinx-kerasviz: the overview of a picture too wide to be read in the column.
   A picture that would show its labels under 9 px keeps a readable width and scrolls in its
   box (.kerasviz-pan). While the box scrolls, this script shows the overview under it (a
   label-free miniature of the whole picture), frames the part in view (the box across, the
   window down) and moves there when the reader clicks or drags the overview. Without the
   script the box simply scrolls. No network, no dependencies. */
(() => {
  "use strict";
  const clamp = (value) => Math.min(1, Math.max(0, value));

  const follow = (picture) => {
    const box = picture.querySelector(":scope > .kerasviz-pan");
    const overview = picture.querySelector(":scope > .kerasviz-overview");
    if (!box || !overview) return;
    const shown = box.firstElementChild;
    const frame = overview.querySelector(".kerasviz-overview-view");

    const update = () => {
      const pans = box.scrollWidth > box.clientWidth + 1;
      overview.hidden = !pans;
      if (pans) box.setAttribute("tabindex", "0");  // the arrow keys scroll it
      else box.removeAttribute("tabindex");
      if (!pans) return;
      const whole = shown.getBoundingClientRect();
      const seen = box.getBoundingClientRect();
      const left = clamp((seen.left - whole.left) / whole.width);
      const right = clamp((seen.left + box.clientWidth - whole.left) / whole.width);
      const top = clamp((Math.max(seen.top, 0) - whole.top) / whole.height);
      const bottom = clamp((Math.min(seen.bottom, window.innerHeight) - whole.top) / whole.height);
      Object.assign(frame.style, {
        left: `${left * 100}%`, width: `${(right - left) * 100}%`,
        top: `${top * 100}%`, height: `${Math.max(bottom - top, 0) * 100}%`,
      });
    };

    // Centre the box (and, for a picture taller than the window, the window) on the point.
    const moveTo = (event, down) => {
      const map = overview.getBoundingClientRect();
      const x = clamp((event.clientX - map.left) / map.width);
      box.scrollLeft = x * box.scrollWidth - box.clientWidth / 2;
      const whole = shown.getBoundingClientRect();
      if (down && whole.height > window.innerHeight) {
        const y = clamp((event.clientY - map.top) / map.height);
        window.scrollBy(0, whole.top + y * whole.height - window.innerHeight / 2);
      }
    };
    overview.addEventListener("pointerdown", (event) => {
      overview.setPointerCapture(event.pointerId);
      moveTo(event, true);
    });
    overview.addEventListener("pointermove", (event) => {
      if (overview.hasPointerCapture(event.pointerId)) moveTo(event, false);
    });
    box.addEventListener("scroll", update, { passive: true });
    window.addEventListener("scroll", update, { passive: true });
    new ResizeObserver(update).observe(box);
    shown.addEventListener("load", update);
    update();
  };

  const start = () => document.querySelectorAll(
    ":is(.kerasviz-graph, .kerasviz-plot, .kerasviz-layered):has(> .kerasviz-overview)",
  ).forEach(follow);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
