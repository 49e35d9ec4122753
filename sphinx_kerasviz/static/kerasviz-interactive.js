/* sphinx-kerasviz: interactive diagrams (the :interactive: option).
   Pan, zoom, a panel of each layer's details, search, nested models and groups of repeated
   blocks opened in place. No dependencies; does nothing on pages without such a diagram.
   Model data only ever reaches the page as textContent, never as HTML. */
(() => {
  "use strict";
  const NATURAL = 4 / 3; // CSS pixels per Graphviz point: the drawing at its own size
  const FLOOR = 9; // the smallest readable label, in CSS pixels: Fit never goes below it
  const STEP = 1.25; // one zoom step
  const [NEAREST, FARTHEST] = [8, 0.02]; // the largest and smallest scales, px per point
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
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  const smallestFont = (el) => { // in points; 9 (Graphviz labels' smallest) for a drawing without text
    const sizes = [...el.querySelectorAll("text[font-size]")].map((t) => parseFloat(t.getAttribute("font-size")));
    const smallest = Math.min(...sizes.filter((n) => n > 0));
    return Number.isFinite(smallest) ? smallest : 9;
  };
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
    const order = data.order || Object.keys(layers); // every layer's path, in the model's order
    const search = root.querySelector(".kerasviz-search");
    const status = root.querySelector(".kerasviz-status");
    const templates = {};
    root.querySelectorAll("template[data-variant]").forEach((t) => { templates[t.dataset.variant] = t; });
    let variant = viewport.dataset.variant || "default";
    const drawings = {}; // variant key -> prepared <svg>; the default one is kept to return to
    let view = null; // {x, y, s}: top-left corner in drawing units, and CSS px per unit
    let selected = null, shown = null, toggle = null;
    let note = "", viewNote = ""; // what the last action found; how Fit placed the drawing

    // ---- drawings ----------------------------------------------------------------------------
    function describe(path) {
      const g = groups[path], l = layers[path];
      if (g) return `${g.title} ×${g.repeats}, group of ${g.members.length} layers`;
      return l ? `${path}, ${l.class}${l.kind === "model" ? ", nested model" : ""}` : path;
    }
    // DOT node ids double every backslash, and the SVG titles keep them doubled
    const unquote = (t) => (t in layers || t in groups ? t : t.replace(/\\\\/g, "\\"));
    function prepare(el, key) { // the drawing of variant key, made ready to show
      measure(el);
      el.setAttribute("width", "100%");
      el.setAttribute("height", "100%");
      el.querySelectorAll("g.edge").forEach((g) => { g.dataset.ends = unquote(titleOf(g)); });
      el.querySelectorAll(SELECTABLE).forEach((g) => {
        const path = unquote(titleOf(g).replace(g.classList.contains("cluster") ? /^cluster_/ : /^$/, ""));
        g.dataset.path = path;
        g.setAttribute("tabindex", "0");
        g.setAttribute("role", "button");
        g.setAttribute("aria-label", describe(path));
        if (isItem(path)) g.setAttribute("aria-expanded", String(variants[key].includes(path)));
      });
      return el;
    }
    const find = (path) => [...svg.querySelectorAll(SELECTABLE)].find((g) => g.dataset.path === path) || null;

    // ---- pan and zoom: the viewBox always has the viewport's aspect ratio --------------------
    function measure(el) { // its viewBox, and its smallest font in drawing units (points)
      el.kv = el.kv || numbers(el.getAttribute("viewBox"));
      el.font = el.font || smallestFont(el);
      return el;
    }
    // the smallest scale Fit uses: the smallest label at FLOOR px, unless :fit: shrink allows less
    const least = (el) => (data.fit === "shrink" ? 0 : FLOOR / el.font);
    const acrossScale = (el, width) => Math.max(least(el), Math.min(NATURAL, width / el.kv[2]));
    function fitHeight() { // as tall as the tallest drawing at the scale Fit gives it, at most 70vh
      const width = viewport.clientWidth || root.clientWidth;
      let tallest = 0;
      for (const el of [home, ...Object.values(templates).map((t) => t.content.querySelector("svg"))]) {
        if (el) tallest = Math.max(tallest, measure(el).kv[3] * acrossScale(el, width));
      }
      viewport.style.height = `${Math.round(Math.max(120, Math.min(0.7 * innerHeight, tallest + 2)))}px`;
    }
    function apply() {
      const w = viewport.clientWidth, h = viewport.clientHeight;
      if (view && w && h) svg.setAttribute("viewBox", `${view.x} ${view.y} ${w / view.s} ${h / view.s}`);
    }
    function fit() { // the whole drawing if its labels stay readable; else its width; else the floor
      const [x, y, bw, bh] = svg.kv, w = viewport.clientWidth, h = viewport.clientHeight;
      if (!w || !h) { view = null; return ""; }
      const whole = Math.min(NATURAL, w / bw, h / bh);
      const s = whole >= least(svg) ? whole : acrossScale(svg, w);
      const align = root.classList.contains("align-left") ? 0 : root.classList.contains("align-right") ? 1 : 0.5;
      const wide = bw * s > w + 0.5, tall = bh * s > h + 0.5; // then show its start, left or top
      view = { s, x: x - (w / s - bw) * (wide ? 0 : align), y: y - (h / s - bh) * (tall ? 0 : 0.5) };
      apply();
      if (!wide && !tall) {
        return `whole diagram in view${s < FLOOR / svg.font ? `; labels under ${FLOOR} px: zoom in to read them` : ""}`;
      }
      return wide ? `at the smallest readable size (${FLOOR} px labels); drag for the rest`
        : "fitted to width; drag for the rest";
    }
    function zoom(factor, px = viewport.clientWidth / 2, py = viewport.clientHeight / 2) {
      if (!view) fit(); // about the point (px, py) of the viewport, its centre by default
      if (!view) return;
      const s = Math.max(FARTHEST, Math.min(NEAREST, view.s * factor));
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
      if (closer && view.s < FLOOR / svg.font) zoom(FLOOR / svg.font / view.s);
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
        drawings[key] = prepare(document.importNode(s, true), key);
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
      title.append(make("strong", null, g ? `${g.title} ×${g.repeats}` : path), " ", // a layer's full path
        make("span", "kerasviz-class", g ? "group of repeated blocks" : l ? l.class + (l.custom ? " (custom)" : "") : ""));
      head.append(title);
      toggle = isItem(path) ? button("kerasviz-toggle", "", null, () => {
        setOpen(path, !isOpen(path));
        say("");
      }) : null;
      if (toggle) head.append(toggle);
      head.append(button("kerasviz-close", "×", "Close the details", () => { close(true); say(""); }));
      panel.replaceChildren(head);
      updateToggle();
      const where = groups[inside] ? `${groups[inside].title} ×${groups[inside].repeats}` : inside;
      if (g) {
        panel.append(facts([["Blocks", `${g.repeats} × ${g.period} layers`],
          ["Parameters", thousands(g.params)], ["Inside", where]]));
        const list = make("ul", "kerasviz-members");
        for (const m of g.members) {
          const li = make("li");
          li.append(button("kerasviz-link", layers[m] ? layers[m].name : m, null, () => { go(m); say(""); }), " ",
            make("span", "kerasviz-class", layers[m] ? layers[m].class : ""));
          list.append(li);
        }
        panel.append(make("p", "kerasviz-caption", "Layers"), list);
      } else if (l) {
        panel.append(facts([["Path", path], ["Kind", l.kind], ["Inside", where],
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

    // ---- the status line: what is open, what is selected, what the last action found ----------
    const all = data.all || {};
    const items = variants[all.open] || []; // every nested model and group, at every level
    const tool = (action) => toolbar.querySelector(`button[data-action="${action}"]`);
    function opened() {
      if (!items.length) return "";
      const models = items.filter((p) => !groups[p]).length;
      const [one, many] = !models ? ["group", "groups"] : models === items.length
        ? ["nested model", "nested models"] : ["nested model or group", "nested models and groups"];
      const open = items.filter(isOpen).length;
      return `${open} of ${plural(items.length, one, many)} open`;
    }
    function chosen() {
      const g = groups[selected], l = layers[selected];
      if (g) return `selected: ${g.title} ×${g.repeats} (group of ${g.members.length} layers)`;
      return l ? `selected: ${selected} (${l.class})` : "nothing selected";
    }
    function say(found, placed = false) { // after every action: the state, what the action found
      note = found;
      if (!placed) viewNote = ""; // only Fit, and panning after it, keep what Fit said
      const small = view && svg.font * view.s < FLOOR - 0.01
        ? `labels under ${FLOOR} px: zoom in or press Fit to read them` : "";
      const text = [opened(), chosen(), note, viewNote || small].filter(Boolean).join(" · ");
      if (status.textContent !== text) status.textContent = text; // announced only when new
      const idle = { "open-all": variant === all.open, "close-all": variant === all.closed,
        "zoom-in": !!view && view.s >= NEAREST, "zoom-out": !!view && view.s <= FARTHEST };
      for (const [action, done] of Object.entries(idle)) { // buttons that would do nothing say so
        const b = tool(action);
        if (b) b.setAttribute("aria-disabled", String(done));
      }
    }

    // ---- search ----------------------------------------------------------------------------------
    function matches(query) { // exact path or name first, then a part of a name, any case
      const q = query.trim(), low = q.toLowerCase(), paths = order;
      const name = (p) => layers[p].name.toLowerCase();
      const tiers = [(p) => p === q, (p) => layers[p].name === q, (p) => name(p) === low,
        (p) => name(p).includes(low), (p) => p.toLowerCase().includes(low)];
      return q ? [...new Set(tiers.flatMap((tier) => paths.filter(tier)))] : [];
    }
    function go(path) { // select path, opening what hides it
      selected = path;
      openAll(chain(path));
      const g = select(path);
      if (g) reveal(g, true);
      return g;
    }
    let hits = { query: null, paths: [], at: -1 }; // Enter again shows the next match
    function runSearch(fresh) {
      const q = search.value.trim();
      if (fresh || q !== hits.query) hits = { query: q, paths: matches(q), at: -1 };
      if (!q) return say("");
      if (!hits.paths.length) return say(`no layer matches “${q}”`);
      hits.at = (hits.at + 1) % hits.paths.length;
      const count = hits.paths.length, found = go(hits.paths[hits.at]);
      say(`“${q}”: match ${hits.at + 1} of ${count}${count > 1 ? " (Enter for the next)" : ""}` +
        (found ? "" : "; it cannot be shown here"));
    }
    if (search) {
      const list = document.getElementById(search.getAttribute("list"));
      if (list && !list.options.length) {
        for (const p of order) {
          const o = make("option");
          o.value = p;
          o.label = layers[p].class;
          list.append(o);
        }
      }
      search.addEventListener("keydown", (e) => {
        if (e.key === "Enter") { e.preventDefault(); runSearch(false); }
      });
      search.addEventListener("input", (e) => { // a pick from the list of names, not typing
        if (search.value && (!e.inputType || e.inputType === "insertReplacementText")) runSearch(true);
      });
    }

    // ---- events: each ends by saying the new state ----------------------------------------------
    toolbar.addEventListener("click", (e) => {
      const action = e.target.closest("button[data-action]")?.dataset.action;
      if (action === "zoom-in") zoom(STEP);
      else if (action === "zoom-out") zoom(1 / STEP);
      else if (action === "reset") viewNote = fit();
      else if (action === "open-all") swap(all.open);
      else if (action === "close-all") swap(all.closed);
      else return;
      say("", action === "reset");
    });
    if (all.open === all.closed) { // nothing opens or closes
      [tool("open-all"), tool("close-all")].forEach((b) => { if (b) b.hidden = true; });
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
      else if (g) { select(g.dataset.path); say(""); }
    });
    viewport.addEventListener("dblclick", (e) => {
      const path = selectable(e)?.dataset.path;
      if (path && isItem(path)) { setOpen(path, !isOpen(path)); say(""); }
    });
    viewport.addEventListener("wheel", (e) => {
      if (!(e.ctrlKey || e.metaKey)) return; // the plain wheel scrolls the page
      e.preventDefault();
      const v = viewport.getBoundingClientRect();
      zoom(Math.exp(-e.deltaY / 300), e.clientX - v.left - viewport.clientLeft, e.clientY - v.top - viewport.clientTop);
      say("");
    }, { passive: false });
    viewport.addEventListener("keydown", (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const g = selectable(e);
      if ((e.key === "Enter" || e.key === " ") && g) select(g.dataset.path);
      else if (e.key === "+" || e.key === "=") zoom(STEP);
      else if (e.key === "-" || e.key === "_") zoom(1 / STEP);
      else if (e.key === "0") viewNote = fit();
      else if (MOVES[e.key]) pan(...MOVES[e.key]);
      else return;
      e.preventDefault();
      if (MOVES[e.key]) say(note, true);
      else say("", e.key === "0");
    });
    viewport.addEventListener("focusin", (e) => { // Tab reaches a layer out of view
      const g = selectable(e);
      if (g && !drag) reveal(g);
    });
    root.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !panel.hidden) { e.preventDefault(); close(true); say(""); }
    });

    drawings[variant] = prepare(svg, variant);
    viewport.tabIndex = 0;
    toolbar.hidden = false;
    root.classList.add("kerasviz-js");
    fitHeight();
    viewNote = fit();
    say("", true);
    addEventListener("resize", () => { fitHeight(); apply(); });
    if (window.ResizeObserver) {
      new ResizeObserver(() => {
        if (view) apply();
        else { viewNote = fit(); say(note, true); }
      }).observe(viewport);
    }
  }

  const start = () => document.querySelectorAll(".kerasviz-interactive").forEach((root) => {
    try { setup(root); } catch (err) { console.error("kerasviz:", err); } // the static drawing stays
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
