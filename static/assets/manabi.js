// manabi: the little JavaScript a chapter needs. Everything works without it.
(() => {
  // Print with every hint and answer open, then restore.
  const opened = [];
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll("details:not([open])").forEach((d) => { d.open = true; opened.push(d); });
  });
  window.addEventListener("afterprint", () => { opened.splice(0).forEach((d) => { d.open = false; }); });
})();
