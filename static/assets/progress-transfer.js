// manabi progress, taken along: export this site's record to a file, import one (another
// device, another browser), and "continue where you left off" (the last chapter opened).
// Home and series pages only; progress.js keeps the record (its format is described there).
// Importing merges: a mark or "read" in either is kept, so importing twice changes nothing.
(() => {
  const tools = document.querySelector(".progress-transfer");
  if (!tools) return;
  const script = document.currentScript;
  const root = new URL("..", script ? script.src : location.href).href; // this file is <root>/assets/
  const key = "manabi-progress:" + root;
  let store;
  try {
    store = window.localStorage;
    store.getItem(key);
  } catch (error) {
    tools.hidden = true; // no storage: nothing to take along
    return;
  }
  const status = tools.querySelector(".progress-transfer-status");
  const say = (name) => { status.textContent = status.dataset[name]; };
  const record = () => { try { return JSON.parse(store.getItem(key) || "null"); } catch (error) { return null; } };
  const isRecord = (data) => data && typeof data.pages === "object" && data.pages && !Array.isArray(data.pages);

  // b into a: lists joined, a mark or "read" in either kept, the most help, a quiz answered right
  const merge = (a, b) => {
    for (const name in b) {
      const x = a[name], y = b[name];
      if (Array.isArray(x) && Array.isArray(y)) a[name] = [...new Set([...x, ...y])];
      else if (x && y && typeof x === "object" && typeof y === "object") merge(x, y);
      else if (x === undefined || y === true || y === "right" || (typeof y === "number" && y > x)) a[name] = y;
    }
    return a;
  };

  const last = (record() || {}).last;
  const next = tools.querySelector(".progress-continue");
  if (last && typeof last.page === "string" && next) {
    const link = next.querySelector("a");
    link.href = new URL(last.page, root).href;
    link.querySelector(".progress-continue-title").textContent = last.title || last.page;
    next.hidden = false;
  }

  tools.querySelector("button.progress-export").addEventListener("click", () => {
    const data = record() || { pages: {} };
    const file = new Blob([JSON.stringify({ manabi: "progress", site: root, ...data }, null, 1)], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(file);
    link.download = "manabi-progress-" + (location.hostname || "site") + ".json";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000); // not at once: a busy browser may not have read it yet
  });

  tools.querySelector("input.progress-import").addEventListener("change", async ({ target }) => {
    const [file] = target.files;
    if (!file) return;
    let found;
    try { found = JSON.parse(await file.text()); } catch (error) { found = null; }
    target.value = "";
    if (!isRecord(found)) return say("failed");
    const data = record();
    const mine = isRecord(data) ? data : { pages: {} };
    Object.entries(found.pages).forEach(([page, state]) => {
      if (!state || typeof state !== "object") return;
      const into = mine.pages[page];
      mine.pages[page] = into ? merge(into, state) : state;
      if (into && !state.k) delete into.k; // marks from before keys: progress.js moves them
    });
    if (!mine.last && found.last) mine.last = found.last;
    try { store.setItem(key, JSON.stringify(mine)); } catch (error) { return say("failed"); }
    window.dispatchEvent(new StorageEvent("storage", { key })); // progress.js counts again
    say("imported");
  });
})();
