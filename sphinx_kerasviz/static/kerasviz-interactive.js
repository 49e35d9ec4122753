/* sphinx-kerasviz: interactive diagrams (the :interactive: option).
   Pan, zoom, a panel of each layer's details, search, nested models and groups of repeated
   blocks opened in place. No dependencies; does nothing on pages without such a diagram.
   Model data only ever reaches the page as textContent, never as HTML. */
(() => {
  "use strict";
  const NATURAL = 4 / 3; // CSS pixels per Graphviz point: the drawing at its own size
  const READABLE = 1; // the smallest scale shown at first: 9 pt labels at 9 px
  const STEP = 1.25; // one zoom step
  const PAN = 40; // pixels per arrow key
  const SELECTABLE = "g.node, g.cluster.kerasviz-open";
  const MOVES = { ArrowLeft: [PAN, 0], ArrowRight: [-PAN, 0], ArrowUp: [0, PAN], ArrowDown: [0, -PAN] };

  const make = (tag, cls, text) => {
    const el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined && text !== null) el.textContent = String(text);
    return el;
  };
  const titleOf = (g) => {
    const t = g.querySelector(":scope > title");
    return t ? t.textContent : "";
  };
  const thousands = (n) => (n === null || n === undefined ? "—" : Number(n).toLocaleString("en-US"));
  const yesNo = (v) => (v === true ? "yes" : v === false ? "no (frozen)" : "—");
  const numbers = (text) => (text || "0 0 1 1").split(/[\s,]+/).map(Number);
  const selectable = (e) => (e.target.closest ? e.target.closest(SELECTABLE) : null);

  function setup(root) {
    const source = root.querySelector("script.kerasviz-data");
    const viewport = root.querySelector(".kerasviz-viewport");
    const toolbar = root.querySelector(".kerasviz-toolbar");
    const panel = root.querySelector(".kerasviz-panel");
    const home = viewport && viewport.querySelector("svg"); // the default drawing
    let svg = home;
    if (!source || !svg || !toolbar || !panel) return;
    const data = JSON.parse(source.textContent);
    const layers = data.layers || {}, groups = data.groups || {}, variants = data.variants || {};
    const search = root.querySelector(".kerasviz-search");
    const status = root.querySelector(".kerasviz-status");
    const templates = {};
    root.querySelectorAll("template[data-variant]").forEach((t) => { templates[t.dataset.variant] = t; });
    let variant = viewport.dataset.variant || "default";
    const drawings = {}; // variant key -> prepared <svg>; the default one is kept to return to
    let view = null; // {x, y, s}: top-left corner in drawing units, and CSS px per unit
    let selected = null, shown = null, toggle = null;

    // ---- drawings ----------------------------------------------------------------------------
    function describe(path) {
      const g = groups[path], l = layers[path];
      if (g) return `${g.title} ×${g.repeats}, group of ${g.members.length} layers`;
      return l ? `${l.name}, ${l.class}${l.kind === "model" ? ", nested model" : ""}` : path;
    }
    // DOT node ids double every backslash, and the SVG titles keep them doubled
    const unquote = (t) => (t in layers || t in groups ? t : t.replace(/\\\\/g, "\\"));
    function prepare(el) {
      el.kv = numbers(el.getAttribute("viewBox"));
      el.setAttribute("width", "100%");
      el.setAttribute("height", "100%");
      el.querySelectorAll("g.edge").forEach((g) => { g.dataset.ends = unquote(titleOf(g)); });
      el.querySelectorAll(SELECTABLE).forEach((g) => {
        const path = unquote(titleOf(g).replace(g.classList.contains("cluster") ? /^cluster_/ : /^$/, ""));
        g.dataset.path = path;
        g.setAttribute("tabindex", "0");
        g.setAttribute("role", "button");
        g.setAttribute("aria-label", describe(path));
      });
      return el;
    }
    const find = (path) => [...svg.querySelectorAll(SELECTABLE)].find((g) => g.dataset.path === path) || null;

    // ---- pan and zoom: the viewBox always has the viewport's aspect ratio --------------------
    function fitHeight() { // as tall as the tallest drawing at the viewport's width, at most 70vh
      const width = viewport.clientWidth || root.clientWidth;
      let tallest = 0;
      for (const el of [home, ...Object.values(templates).map((t) => t.content.querySelector("svg"))]) {
        const [, , w, h] = el ? numbers(el.getAttribute("viewBox")) : [0, 0, 1, 0];
        tallest = Math.max(tallest, h * Math.min(NATURAL, width / w));
      }
      viewport.style.height = `${Math.round(Math.max(120, Math.min(0.7 * innerHeight, tallest + 2)))}px`;
    }
    function apply() {
      const w = viewport.clientWidth, h = viewport.clientHeight;
      if (view && w && h) svg.setAttribute("viewBox", `${view.x} ${view.y} ${w / view.s} ${h / view.s}`);
    }
    function fit(whole) { // the whole drawing; or, first, its start when that would be too small
      const [x, y, bw, bh] = svg.kv, w = viewport.clientWidth, h = viewport.clientHeight;
      if (!w || !h) { view = null; return; }
      let s = Math.min(NATURAL, w / bw, h / bh), ax = 0.5, ay = 0.5;
      if (!whole && s < READABLE) { // a long model: its first layers, large enough to read
        s = Math.min(NATURAL, Math.max(READABLE, bw > bh ? h / bh : w / bw));
        if (bw > bh) ax = 0; else ay = 0;
      } else if (root.classList.contains("align-left")) ax = 0;
      else if (root.classList.contains("align-right")) ax = 1;
      view = { s, x: x - (w / s - bw) * ax, y: y - (h / s - bh) * ay };
      apply();
    }
    function zoom(factor, px = viewport.clientWidth / 2, py = viewport.clientHeight / 2) {
      if (!view) fit(); // about the point (px, py) of the viewport, its centre by default
      if (!view) return;
      const s = Math.max(0.02, Math.min(8, view.s * factor));
      view.x += px / view.s - px / s;
      view.y += py / view.s - py / s;
      view.s = s;
      apply();
    }
    function pan(dx, dy) {
      if (!view) return;
      view.x -= dx / view.s;
      view.y -= dy / view.s;
      apply();
    }
    function reveal(g, closer) { // pan (and zoom in to a readable size if asked) until g shows
      if (!view) return;
      if (closer && view.s < READABLE) zoom(READABLE / view.s);
      const r = g.getBoundingClientRect(), v = viewport.getBoundingClientRect();
      const left = v.left + viewport.clientLeft, top = v.top + viewport.clientTop;
      const w = viewport.clientWidth, h = viewport.clientHeight;
      if (r.left >= left && r.top >= top && r.right <= left + w && r.bottom <= top + h) return;
      pan(left + w / 2 - (r.left + r.width / 2),
        r.height > h ? top + 8 - r.top : top + h / 2 - (r.top + r.height / 2));
    }

    // ---- opening and closing: every state is a drawing made at build time ---------------------
    function container(path) {
      if (layers[path]) return layers[path].container;
      if (!groups[path]) return null;
      const head = path.slice(0, path.indexOf("//")), cut = head.lastIndexOf("/");
      return cut < 0 ? null : head.slice(0, cut);
    }
    function chain(path) { // the items around path, innermost first
      const out = [];
      for (let c = container(path); c; c = container(c)) out.push(c);
      return out;
    }
    const isOpen = (path) => (variants[variant] || []).includes(path);
    const isItem = (path) => !!groups[path] || path in (data.toggles || {}) ||
      Object.values(variants).some((open) => open.includes(path));
    function choose(want, ok) { // the drawing that satisfies ok and differs least from want
      let best = null, score = -Infinity;
      for (const [key, open] of Object.entries(variants)) {
        const s = 2 * open.filter((p) => want.has(p)).length - open.length - want.size;
        if (ok(open) && s > score) { best = key; score = s; }
      }
      return best;
    }
    function openAll(need) { // show a drawing where every item of need is open
      if (need.every(isOpen)) return;
      const key = choose(new Set([...variants[variant], ...need]), (o) => need.every((p) => o.includes(p)));
      if (key !== null) swap(key);
    }
    function setOpen(path, open) {
      if (open) return openAll([path, ...chain(path)]);
      const inside = (p) => p === path || p.startsWith(`${path}/`);
      const key = choose(new Set(variants[variant].filter((p) => !inside(p))), (o) => !o.includes(path));
      if (key !== null) swap(key);
    }
    function swap(key) {
      if (key === variant || !(key in variants)) return false;
      if (!drawings[key]) {
        const s = templates[key] && templates[key].content.querySelector("svg");
        if (!s) return false;
        drawings[key] = prepare(document.importNode(s, true));
      }
      const focused = svg.contains(document.activeElement), scale = view && view.s;
      svg.replaceWith(drawings[key]);
      svg = drawings[key];
      variant = viewport.dataset.variant = key;
      fit();
      if (selected && !find(selected)) selected = chain(selected).find(find) || null; // closed
      const g = mark();
      if (g && view) { // the same scale as before, the selection in view
        view.s = scale;
        apply();
        reveal(g);
        if (focused) g.focus({ preventScroll: true });
      }
      if (!selected) close(false);
      else if (selected === shown) updateToggle();
      else fill(selected);
      return true;
    }

    // ---- selection and the panel ---------------------------------------------------------------
    function mark() {
      svg.querySelectorAll(".kerasviz-selected, .kerasviz-linked").forEach((g) =>
        g.classList.remove("kerasviz-selected", "kerasviz-linked"));
      const g = selected && find(selected);
      if (!g) return null;
      g.classList.add("kerasviz-selected");
      svg.querySelectorAll("g.edge").forEach((e) => {
        const t = e.dataset.ends;
        if (t.startsWith(`${selected}->`) || t.endsWith(`->${selected}`)) e.classList.add("kerasviz-linked");
      });
      return g;
    }
    function select(path) {
      selected = path;
      fill(path);
      return mark();
    }
    function close(refocus) {
      const g = selected && find(selected);
      selected = shown = null;
      mark();
      panel.hidden = true;
      panel.replaceChildren();
      if (refocus && g) g.focus({ preventScroll: true });
    }
    function table(caption, head, rows, numeric) {
      const t = make("table", "kerasviz-table"), top = make("tr"), body = make("tbody");
      head.forEach((h) => top.append(make("th", null, h)));
      t.append(make("caption", null, caption), make("thead"), body);
      t.tHead.append(top);
      rows.forEach((row) => {
        const tr = make("tr");
        row.forEach((cell, i) => tr.append(make("td", i === numeric ? "kerasviz-num" : null, cell)));
        body.append(tr);
      });
      return t;
    }
    function facts(pairs) {
      const dl = make("dl", "kerasviz-facts");
      for (const [k, v] of pairs) if (v !== null && v !== undefined) dl.append(make("dt", null, k), make("dd", null, v));
      return dl;
    }
    function button(cls, text, label, action) {
      const b = make("button", cls, text);
      b.type = "button";
      if (label) b.setAttribute("aria-label", label);
      b.addEventListener("click", action);
      return b;
    }
    function updateToggle() {
      if (!toggle) return;
      toggle.textContent = isOpen(shown) ? "Close" : "Open";
      toggle.setAttribute("aria-expanded", String(isOpen(shown)));
    }
    function fill(path) {
      const g = groups[path], l = layers[path], inside = container(path);
      shown = path;
      const head = make("div", "kerasviz-panel-head"), title = make("p", "kerasviz-panel-title");
      title.append(make("strong", null, g ? `${g.title} ×${g.repeats}` : l ? l.name : path), " ",
        make("span", "kerasviz-class", g ? "group of repeated blocks" : l ? l.class + (l.custom ? " (custom)" : "") : ""));
      head.append(title);
      toggle = isItem(path) ? button("kerasviz-toggle", "", null, () => setOpen(path, !isOpen(path))) : null;
      if (toggle) head.append(toggle);
      head.append(button("kerasviz-close", "×", "Close the details", () => close(true)));
      panel.replaceChildren(head);
      updateToggle();
      const where = groups[inside] ? `${groups[inside].title} ×${groups[inside].repeats}` : inside;
      if (g) {
        panel.append(facts([["Blocks", `${g.repeats} × ${g.period} layers`],
          ["Parameters", thousands(g.params)], ["Inside", where]]));
        const list = make("ul", "kerasviz-members");
        for (const m of g.members) {
          const li = make("li");
          li.append(button("kerasviz-link", layers[m] ? layers[m].name : m, null, () => go(m)), " ",
            make("span", "kerasviz-class", layers[m] ? layers[m].class : ""));
          list.append(li);
        }
        panel.append(make("p", "kerasviz-caption", "Layers"), list);
      } else if (l) {
        panel.append(facts([["Path", path !== l.name ? path : null], ["Kind", l.kind], ["Inside", where],
          ["Parameters", thousands(l.params)], ["Trainable", yesNo(l.trainable)], ["Activation", l.activation],
          ["Dtype policy", l.policy], ["Note", l.unused ? "not used by call()" : null]]));
        if (l.calls.length) {
          panel.append(table("Calls", ["#", "Input shapes", "Output shapes", "Output dtypes"], l.calls.map(
            (c, i) => [i + 1, c.in.join("\n") || "—", c.out.join("\n"), c.dtype.join("\n")]), 0));
        }
        if (l.weights.length) {
          panel.append(table("Weights", ["Name", "Shape", "dtype", "Count", "Trainable"],
            l.weights.map(([n, s, d, c, t]) => [n, s, d, thousands(c), t ? "yes" : "no"]), 3));
        }
        if (l.config.length) panel.append(table("Config", ["Key", "Value"], l.config, -1));
      }
      panel.hidden = false;
    }

    // ---- search ----------------------------------------------------------------------------------
    function lookup(query) { // exact path or name first, then a part of a name, any case
      const q = query.trim(), low = q.toLowerCase(), paths = Object.keys(layers);
      const name = (p) => layers[p].name.toLowerCase();
      return !q ? null : paths.find((p) => p === q) || paths.find((p) => layers[p].name === q) ||
        paths.find((p) => name(p) === low) || paths.find((p) => name(p).includes(low)) ||
        paths.find((p) => p.toLowerCase().includes(low)) || null;
    }
    function go(path) { // select path, opening what hides it
      selected = path;
      openAll(chain(path));
      const g = select(path);
      if (g) reveal(g, true);
      return g;
    }
    function runSearch() {
      const path = lookup(search.value);
      if (!path) { status.textContent = `No layer matches “${search.value.trim()}”`; return; }
      const l = layers[path];
      status.textContent = go(path) ? `Found ${l.name} (${l.class})` : `${l.name} cannot be shown here`;
    }
    if (search) {
      const list = document.getElementById(search.getAttribute("list"));
      if (list && !list.options.length) {
        for (const p of Object.keys(layers)) {
          const o = make("option");
          o.value = p;
          o.label = layers[p].class;
          list.append(o);
        }
      }
      search.addEventListener("keydown", (e) => {
        if (e.key === "Enter") { e.preventDefault(); runSearch(); }
      });
      search.addEventListener("input", (e) => { // a pick from the list of names, not typing
        if (search.value && (!e.inputType || e.inputType === "insertReplacementText")) runSearch();
      });
    }

    // ---- events ----------------------------------------------------------------------------------
    const all = data.all || {};
    toolbar.addEventListener("click", (e) => {
      const action = e.target.closest("button[data-action]")?.dataset.action;
      if (action === "zoom-in") zoom(STEP);
      else if (action === "zoom-out") zoom(1 / STEP);
      else if (action === "reset") fit(true);
      else if (action === "open-all" && swap(all.open)) status.textContent = "Everything open";
      else if (action === "close-all" && swap(all.closed)) status.textContent = "Everything closed";
    });
    if (all.open === all.closed) { // nothing opens or closes
      toolbar.querySelectorAll('[data-action$="-all"]').forEach((b) => { b.hidden = true; });
    }
    let drag = null, dragged = false;
    viewport.addEventListener("pointerdown", (e) => {
      if (e.button === 0) { drag = { x: e.clientX, y: e.clientY, id: e.pointerId }; dragged = false; }
    });
    viewport.addEventListener("pointermove", (e) => {
      if (!drag || e.pointerId !== drag.id) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!dragged && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!dragged) {
        dragged = true;
        viewport.setPointerCapture(e.pointerId);
        viewport.classList.add("kerasviz-dragging");
      }
      drag.x = e.clientX;
      drag.y = e.clientY;
      pan(dx, dy);
    });
    const stop = () => { drag = null; viewport.classList.remove("kerasviz-dragging"); };
    viewport.addEventListener("pointerup", stop);
    viewport.addEventListener("pointercancel", stop);
    viewport.addEventListener("click", (e) => {
      const g = selectable(e);
      if (dragged) dragged = false; // the end of a drag is no click
      else if (g) select(g.dataset.path);
    });
    viewport.addEventListener("dblclick", (e) => {
      const path = selectable(e)?.dataset.path;
      if (path && isItem(path)) setOpen(path, !isOpen(path));
    });
    viewport.addEventListener("wheel", (e) => {
      if (!(e.ctrlKey || e.metaKey)) return; // the plain wheel scrolls the page
      e.preventDefault();
      const v = viewport.getBoundingClientRect();
      zoom(Math.exp(-e.deltaY / 300), e.clientX - v.left - viewport.clientLeft, e.clientY - v.top - viewport.clientTop);
    }, { passive: false });
    viewport.addEventListener("keydown", (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const g = selectable(e);
      if ((e.key === "Enter" || e.key === " ") && g) select(g.dataset.path);
      else if (e.key === "+" || e.key === "=") zoom(STEP);
      else if (e.key === "-" || e.key === "_") zoom(1 / STEP);
      else if (e.key === "0") fit(true);
      else if (MOVES[e.key]) pan(...MOVES[e.key]);
      else return;
      e.preventDefault();
    });
    viewport.addEventListener("focusin", (e) => { // Tab reaches a layer out of view
      const g = selectable(e);
      if (g && !drag) reveal(g);
    });
    root.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !panel.hidden) { e.preventDefault(); close(true); }
    });

    drawings[variant] = prepare(svg);
    viewport.tabIndex = 0;
    toolbar.hidden = false;
    root.classList.add("kerasviz-js");
    fitHeight();
    fit();
    addEventListener("resize", () => { fitHeight(); apply(); });
    if (window.ResizeObserver) new ResizeObserver(() => (view ? apply() : fit())).observe(viewport);
  }

  const start = () => document.querySelectorAll(".kerasviz-interactive").forEach((root) => {
    try { setup(root); } catch (err) { console.error("kerasviz:", err); } // the static drawing stays
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
