// manabi: the little JavaScript a chapter needs. Everything works without it.
(() => {
  // Print with every hint and answer open, then restore.
  const opened = [];
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll("details:not([open])").forEach((d) => { d.open = true; opened.push(d); });
  });
  window.addEventListener("afterprint", () => { opened.splice(0).forEach((d) => { d.open = false; }); });

  // "Open all answers" / "Close all answers": the button is rendered hidden
  // (it does nothing without JavaScript) and revealed here.
  const toggles = Array.from(document.querySelectorAll("button.answers-toggle"));
  if (toggles.length) {
    const answers = () => Array.from(document.querySelectorAll("details.answer"));
    const sync = () => {
      const all = answers();
      const allOpen = all.length > 0 && all.every((d) => d.open);
      toggles.forEach((button) => {
        button.setAttribute("aria-pressed", allOpen ? "true" : "false");
        button.textContent = allOpen ? button.dataset.labelHide : button.dataset.labelShow;
      });
    };
    toggles.forEach((button) => {
      button.hidden = false;
      button.addEventListener("click", () => {
        const open = button.getAttribute("aria-pressed") !== "true";
        answers().forEach((d) => { d.open = open; });
        sync();
      });
    });
    answers().forEach((d) => d.addEventListener("toggle", sync));
    sync();
  }

  // The table of contents comes before the chapter on narrow screens: start it
  // closed there (it is rendered open, so it is whole without JavaScript).
  if (window.matchMedia("(max-width: 63.99rem)").matches) {
    document.querySelectorAll("details.toc-details").forEach((d) => { d.open = false; });
  }

  // A box that scrolls sideways (a long code line, a wide equation) gets a tab
  // stop so the keyboard can scroll it; boxes that fit get none.  Checked again
  // when the window resizes and when a <details> opens.
  const markScrollers = () => {
    document.querySelectorAll("pre, .math-block").forEach((box) => {
      const overflows = box.scrollWidth > box.clientWidth + 1;
      if (overflows && !box.hasAttribute("tabindex")) {
        box.tabIndex = 0;
        box.dataset.scrolls = "";
      } else if (!overflows && "scrolls" in box.dataset) {
        box.removeAttribute("tabindex");
        delete box.dataset.scrolls;
      }
    });
  };
  let pending = 0;
  const later = () => { cancelAnimationFrame(pending); pending = requestAnimationFrame(markScrollers); };
  markScrollers();
  window.addEventListener("load", later);
  window.addEventListener("resize", later);
  document.addEventListener("toggle", later, true);

  // A citation's tooltip closes with Escape while the citation has focus.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const active = document.activeElement;
    if (active && active.classList && active.classList.contains("citation")) active.blur();
  });

  // "/" focuses the search box (the search page's own, else the header's),
  // unless the reader is typing somewhere.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    const target = event.target;
    if (target && (target.isContentEditable || (target.closest && target.closest("input, textarea, select")))) return;
    const box = document.querySelector(".search-box-page .search-input") || document.querySelector(".search-box .search-input");
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });
})();
