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

  // A citation's tooltip closes with Escape while the citation has focus.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const active = document.activeElement;
    if (active && active.classList && active.classList.contains("citation")) active.blur();
  });
})();
