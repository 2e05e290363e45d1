// manabi serve: reload this tab when its page is rebuilt; show problems in an overlay.
// Injected by `manabi serve` only, never into `manabi build` output.
(() => {
  const here = () => {
    let path = decodeURIComponent(location.pathname).replace(/^\/+/, "");
    if (path === "" || path.endsWith("/")) path += "index.html";
    return path;
  };
  let overlay = null;
  const show = (items) => {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "manabi-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;z-index:2147483647;max-height:50vh;overflow:auto;" +
        "background:#2b0d0d;color:#fff;font:14px/1.5 ui-monospace,monospace;padding:1rem;border-radius:8px;box-shadow:0 4px 24px #0008";
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
  const source = new EventSource("/__manabi__/events");
  source.onmessage = (event) => {
    const data = JSON.parse(event.data);
    const page = here();
    if (data.changed && data.changed.includes(page)) { location.reload(); return; }
    const problems = (data.problems && (data.problems[page] || []).concat(data.problems["*"] || [])) || [];
    if (problems.length) show(problems); else hide();
  };
})();
