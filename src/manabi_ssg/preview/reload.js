// manabi serve: reload this tab when its page or a file it uses is rebuilt; show problems in an overlay.
// Injected by `manabi serve` only, never into `manabi build` output.
(() => {
  // the build this page came from: the server writes it on this script's URL
  const since = new URL(document.currentScript.src).searchParams.get("build") || "";
  const here = () => {
    let path = decodeURIComponent(location.pathname).replace(/^\/+/, "");
    if (path === "" || path.endsWith("/")) path += "index.html";
    return path;
  };
  const sitePath = (url) => decodeURIComponent(new URL(url, location.href).pathname).replace(/^\/+/, "");
  // every file this page loaded (stylesheets, scripts, images, fonts), and the ones it names but has not loaded yet
  const used = () => new Set([
    ...performance.getEntriesByType("resource").map((entry) => sitePath(entry.name)),
    ...[...document.querySelectorAll("[src], link[href]")].map((el) => sitePath(el.src || el.href)),
  ]);
  const stylesheets = (path) => [...document.querySelectorAll('link[rel="stylesheet"]')].filter((link) => sitePath(link.href) === path);
  // the overlay: the problems of this page and of the whole site, paths as the terminal prints them.
  // Its close button (or Escape) hides it until a build changes the problems; the tab remembers
  // which ones it hid across the reloads of this session.
  const DISMISSED = "manabi-overlay-dismissed";
  let overlay = null;
  const hide = () => { if (overlay) { overlay.remove(); overlay = null; } };
  const dismiss = (key) => {
    try { sessionStorage.setItem(DISMISSED, key); } catch (error) { /* no storage: hidden until this tab reloads */ }
    hide();
  };
  const dismissed = () => { try { return sessionStorage.getItem(DISMISSED); } catch (error) { return null; } };
  const show = (items, held) => {
    const key = JSON.stringify([items, held]);
    if (key === dismissed()) { hide(); return; }
    if (!overlay) {
      overlay = document.createElement("section");
      overlay.id = "manabi-overlay";
      overlay.setAttribute("aria-label", "manabi serve: problems in this build");
      overlay.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;z-index:2147483647;max-height:50vh;overflow:auto;" +
        "background:#2b0d0d;color:#fff;font:14px/1.5 ui-monospace,monospace;padding:1rem 3.25rem 1rem 1rem;border-radius:8px;" +
        "box-shadow:0 4px 24px #0008;overflow-wrap:anywhere";  // a long path wraps: on a phone it would widen the page
      const close = document.createElement("button");
      close.type = "button";
      close.className = "manabi-close";
      close.setAttribute("aria-label", "Hide these problems until the next build changes them");
      close.textContent = "\u00d7";
      close.style.cssText = "position:absolute;top:.5rem;right:.5rem;width:2.25rem;height:2.25rem;padding:0;cursor:pointer;" +
        "font:20px/1 system-ui,sans-serif;color:#fff;background:#4a1a1a;border:1px solid #fff;border-radius:6px";
      const list = document.createElement("div");
      list.className = "manabi-problems";
      list.setAttribute("role", "alert");
      overlay.append(close, list);
      overlay.addEventListener("keydown", (event) => { if (event.key === "Escape") dismiss(overlay.dataset.key); });
      close.addEventListener("click", () => dismiss(overlay.dataset.key));
      document.body.appendChild(overlay);
    }
    overlay.dataset.key = key;
    const lines = items.map((d) => {
      const line = document.createElement("div");
      line.className = "manabi-problem";
      line.textContent = `${d.path}:${d.line}:${d.col}: ${d.level}: ${d.message}`;
      return line;
    });
    if (held) {
      const note = document.createElement("p");
      note.className = "manabi-held";
      note.style.cssText = "margin:0 0 .5rem;font-weight:bold";
      note.textContent = "This tab shows the previous version of the page: the last save added errors. Fix them to see the new one.";
      lines.unshift(note);
    }
    overlay.querySelector(".manabi-problems").replaceChildren(...lines);
  };
  const source = new EventSource("/__manabi__/events?since=" + encodeURIComponent(since));
  source.onmessage = (event) => {
    const data = JSON.parse(event.data);
    const page = here();
    if (data.changed.includes("*") || data.changed.includes(page)) { location.reload(); return; }
    const mine = data.assets.filter((path) => used().has(path));
    // a stylesheet is swapped in place (the scroll position stays); any other file reloads the page
    if (mine.some((path) => !path.endsWith(".css") || stylesheets(path).length === 0)) { location.reload(); return; }
    for (const path of mine) {
      for (const link of stylesheets(path)) {
        const url = new URL(link.href);
        url.searchParams.set("build", data.build);
        link.href = url.href;
      }
    }
    const problems = (data.problems[page] || []).concat(data.problems["*"] || []);
    if (problems.length) show(problems, (data.held || []).includes(page)); else hide();
    document.documentElement.dataset.manabiBuild = data.build;  // the last build this tab heard of, handled
  };
})();
