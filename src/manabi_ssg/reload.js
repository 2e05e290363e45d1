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
  let overlay = null;
  const show = (items) => {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "manabi-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;z-index:2147483647;max-height:50vh;overflow:auto;" +
        "background:#2b0d0d;color:#fff;font:14px/1.5 ui-monospace,monospace;padding:1rem;border-radius:8px;box-shadow:0 4px 24px #0008;" +
        "overflow-wrap:anywhere";  // a long path wraps: on a phone it would widen the page
      document.body.appendChild(overlay);
    }
    overlay.replaceChildren(...items.map((d) => {
      const line = document.createElement("div");
      line.className = "manabi-problem";
      line.textContent = `${d.path}:${d.line}:${d.col}: ${d.level}: ${d.message}`;
      return line;
    }));
  };
  const hide = () => { if (overlay) { overlay.remove(); overlay = null; } };
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
    if (problems.length) show(problems); else hide();
  };
})();
