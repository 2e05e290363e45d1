// manabi: the little JavaScript a chapter needs. Everything works without it.
(() => {
  // Print with every hint and answer open, then restore.  When the reader
  // chose "answers gathered at the end" (.print-options), each answer moves
  // into an appendix after the chapter for the print, and back after it.
  // A series' print page (.print-book) has one appendix after its last
  // chapter, the answers under each chapter's title.
  const opened = [];
  const moved = [];
  const gather = document.getElementById("print-answers-end");
  if (gather) gather.disabled = false;
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll("details:not([open])").forEach((d) => { d.open = true; opened.push(d); });
    const bodies = Array.from(document.querySelectorAll(".chapter-body"));
    if (!gather || !gather.checked || !bodies.length) return;
    const book = document.querySelector(".print-book");
    const appendix = document.createElement("section");
    appendix.className = "answers-appendix";
    const title = document.createElement("h2");
    title.textContent = gather.closest("fieldset").dataset.appendixTitle || "";
    appendix.append(title);
    const named = (tag, text) => { const h = document.createElement(tag); h.textContent = text; appendix.append(h); };
    bodies.forEach((body) => {
      const exercises = Array.from(body.querySelectorAll(".exercise")).filter((e) => e.querySelector("details.answer"));
      if (book && exercises.length) {
        const chapter = body.closest("article") && body.closest("article").querySelector(".chapter-title");
        named("h3", chapter ? chapter.textContent : "");
      }
      exercises.forEach((exercise) => {
        const heading = exercise.querySelector("h2, h3, h4, h5, h6");
        named(book ? "h4" : "h3", heading ? heading.textContent.replace(/\s*#$/, "") : "");
        exercise.querySelectorAll("details.answer").forEach((answer) => {
          const mark = document.createComment("answer");
          answer.before(mark);
          appendix.append(answer);
          moved.push([mark, answer]);
        });
      });
    });
    if (book) book.append(appendix);
    else bodies[0].after(appendix);
  });
  // the print page's own button: printing is what it is for
  document.querySelectorAll(".print-book-button").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
  window.addEventListener("afterprint", () => {
    opened.splice(0).forEach((d) => { d.open = false; });
    moved.splice(0).forEach(([mark, answer]) => { mark.replaceWith(answer); });
    document.querySelectorAll(".answers-appendix").forEach((a) => a.remove());
  });

  // Hints one at a time: an exercise with several (data-hints) shows the first
  // (components.css hides the rest while scripting runs); its button opens the
  // next, moves after it and says which comes next ("ヒント 3/3"), and goes
  // once the last is open.  Focus moves to the hint just opened.
  document.querySelectorAll("button.hint-next").forEach((button) => {
    const exercise = button.closest(".exercise");
    const bar = button.parentElement;
    if (!exercise || !bar) return;
    const hints = Array.from(exercise.querySelectorAll("details.hint[data-hint]"));
    button.addEventListener("click", () => {
      const next = Number(button.dataset.next);
      const hint = hints[next - 1];
      if (!hint) return;
      hint.classList.add("hint-shown");
      hint.open = true;
      hint.after(bar);
      if (next >= hints.length) {
        bar.remove();
      } else {
        button.dataset.next = String(next + 1);
        const words = button.querySelector(".hint-next-words") || button; // its problem's name (hidden) stays
        words.textContent = button.dataset.label.replace("{n}", String(next + 1)).replace("{total}", String(hints.length));
      }
      const summary = hint.querySelector("summary");
      if (summary) summary.focus();
    });
  });

  // "Open all answers" / "Close all answers": the button is rendered hidden
  // (it does nothing without JavaScript) and revealed here.
  const toggles = Array.from(document.querySelectorAll("button.answers-toggle"));
  if (toggles.length) {
    // a self-check question's solution is not one: quiz.js shows it once the question is answered
    const answers = () => Array.from(document.querySelectorAll("details.answer:not(.quiz-solution)"));
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

  // The table of contents is laid out by CSS alone.  Here it only marks the
  // section in view (aria-current, and the narrow screens' button says its
  // name), keeps that entry visible in a list that scrolls, and closes the
  // narrow screens' popover when one of its links is followed.
  const tocList = document.getElementById("toc-list");
  if (tocList) {
    const entries = [];
    tocList.querySelectorAll("a[href^='#']").forEach((link) => {
      const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (target) entries.push([target, link]);
    });
    const current = document.querySelector(".toc-current");
    let shown = null;
    const reveal = (link) => {  // scroll the list, never the page
      const box = [tocList, tocList.closest(".page-aside")].find((b) => b && b.scrollHeight > b.clientHeight + 1);
      if (!box) return;
      const a = link.getBoundingClientRect(), b = box.getBoundingClientRect();
      if (a.top < b.top || a.bottom > b.bottom) box.scrollTop += a.top - b.top - b.height / 3;
    };
    const mark = () => {
      const line = window.innerHeight * 0.25;
      let pick = null;
      for (const [target, link] of entries) {
        if (target.getBoundingClientRect().top > line) break;
        pick = link;
      }
      if (pick === shown) return;
      if (shown) shown.removeAttribute("aria-current");
      shown = pick;
      if (current) current.textContent = pick ? pick.textContent : "";
      if (pick) { pick.setAttribute("aria-current", "true"); reveal(pick); }
    };
    if (entries.length && "IntersectionObserver" in window) {
      // two triggers: a heading crossing the top quarter of the screen, and a
      // heading entering or leaving it (a long jump crosses no line)
      [{ rootMargin: "0px 0px -75% 0px" }, {}].forEach((options) => {
        const observer = new IntersectionObserver(mark, options);
        entries.forEach(([target]) => observer.observe(target));
      });
    }
    tocList.addEventListener("click", (event) => {
      if (event.target.closest("a") && tocList.matches(":popover-open")) tocList.hidePopover();
    });
    tocList.addEventListener("toggle", (event) => { if (event.newState === "open" && shown) reveal(shown); });
  }

  // A long chapter's parts off screen stand at an estimated height until drawn
  // (.chapter-part, content-visibility: auto), so the browser's own return to
  // a place read (a reload, Back to this page or to a spot in it), an offset
  // from the top, would land elsewhere.  Each history entry keeps its place
  // as "this far below this heading" (updated as the reader stops scrolling),
  // and the place is put back from it.
  if (document.querySelector(".chapter-part + .chapter-part")) {
    history.scrollRestoration = "manual";
    const marks = Array.from(document.querySelectorAll(".chapter-body :is(h1, h2, h3, h4, h5, h6, section)[id]"));
    const placeNow = () => {
      let above = null;
      for (const candidate of marks) {
        if (!candidate.checkVisibility({ contentVisibilityAuto: true })) continue;  // a skipped part's heading: not where it will be
        if (candidate.getBoundingClientRect().top > 0) break;
        above = candidate;
      }
      // above every heading: the text before them, which is never skipped
      return above ? { id: above.id, below: -above.getBoundingClientRect().top } : { id: "", below: window.scrollY };
    };
    const restore = (place) => {
      const mark = place.id ? document.getElementById(place.id) : document.documentElement;
      if (!mark) return;
      // scrolled there, then set right again each frame while the parts around it are drawn at their heights
      let frames = 0;
      const stop = () => { frames = 60; };
      ["wheel", "touchstart", "keydown", "mousedown"].forEach((name) => addEventListener(name, stop, { once: true, passive: true }));
      const settle = () => {
        const error = mark.getBoundingClientRect().top + place.below;
        if (Math.abs(error) >= 1) window.scrollBy(0, error);
        if (++frames < 60) requestAnimationFrame(settle);
      };
      settle();
    };
    const keep = () => history.replaceState({ ...(history.state || {}), manabiPlace: placeNow() }, "");
    // the history entry is not written once the page is being left: the tab's storage is, for the next load
    const key = `manabi-place:${location.pathname}`;
    const stored = () => { try { return JSON.parse(sessionStorage.getItem(key) || "null"); } catch (error) { return null; } };
    const arrived = (performance.getEntriesByType("navigation")[0] || {}).type;
    const kept = stored() || (history.state || {}).manabiPlace;
    if (kept && (arrived === "reload" || arrived === "back_forward")) restore(kept);
    let pause = 0;
    addEventListener("scroll", () => { clearTimeout(pause); pause = setTimeout(keep, 150); }, { passive: true });
    // a link within the page makes a new entry: the one left keeps where the reader was, for Back
    document.addEventListener("click", (event) => {
      const link = event.target.closest && event.target.closest("a[href*='#']");
      if (link && link.pathname === location.pathname) keep();
    }, true);
    addEventListener("pagehide", () => { try { sessionStorage.setItem(key, JSON.stringify(placeNow())); } catch (error) { /* no storage */ } });
    addEventListener("popstate", (event) => { const place = (event.state || {}).manabiPlace; if (place) restore(place); });
  }

  // A box that scrolls sideways (a long code line, a wide table or equation)
  // gets a tab stop so the keyboard can scroll it, and a table's box becomes
  // a named region; boxes that fit get neither.  Checked again when the
  // window resizes and when a <details> opens.
  const markScrollers = () => {
    // all reads first, then all writes: one layout, not one per box.  Boxes
    // in a closed <details> are left for its toggle: measuring one would lay
    // out the hidden content, once per <details>.
    const boxes = Array.from(document.querySelectorAll("pre, .math-block, .table-wrap"))
      .filter((box) => !box.closest("details:not([open])"));
    const overflowing = boxes.map((box) => box.scrollWidth > box.clientWidth + 1);
    boxes.forEach((box, index) => {
      const overflows = overflowing[index];
      if (overflows && !box.hasAttribute("tabindex")) {
        box.tabIndex = 0;
        box.dataset.scrolls = "";
        if (box.dataset.label) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", box.dataset.label);
        }
      } else if (!overflows && "scrolls" in box.dataset) {
        box.removeAttribute("tabindex");
        delete box.dataset.scrolls;
        if (box.dataset.label) {
          box.removeAttribute("role");
          box.removeAttribute("aria-label");
        }
      }
    });
  };
  let pending = 0;
  const later = () => { cancelAnimationFrame(pending); pending = requestAnimationFrame(markScrollers); };
  later();
  window.addEventListener("load", later);
  window.addEventListener("resize", later);
  document.addEventListener("toggle", later, true);

  // Every code block's copy button (in the HTML from the build: inserting
  // them here cost a relayout of the whole chapter); the result is said in
  // the page's status region (role=status) as well as on the button.
  const status = document.getElementById("manabi-status");
  if (!navigator.clipboard) {  // a page served over plain http: no clipboard to write to
    document.querySelectorAll("button.code-copy").forEach((button) => { button.hidden = true; });
  } else if (status) {
    const say = (text) => { status.textContent = ""; setTimeout(() => { status.textContent = text; }, 50); };
    document.addEventListener("click", (event) => {
      const button = event.target instanceof Element ? event.target.closest(".code-block > button.code-copy") : null;
      const code = button && button.parentElement.querySelector("pre");
      if (!code) return;
      navigator.clipboard.writeText(code.innerText.replace(/\n$/, "")).then(
        () => { button.dataset.done = ""; say(status.dataset.copied); },
        () => say(status.dataset.copyFailed),
      );
    });
  }

  // Escape hides a citation's tooltip (hovered or focused) and leaves focus
  // where it is; it can show again once the pointer or focus has left.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".citation-ref:hover, .citation-ref:focus-within").forEach((ref) => {
      ref.classList.add("tip-dismissed");
      const reset = () => ref.classList.remove("tip-dismissed");
      ref.addEventListener("mouseleave", reset, { once: true });
      ref.addEventListener("focusout", reset, { once: true });
    });
  });

  // The header's colour switch: the system's colours, light, dark, and round again.
  // The choice is kept (localStorage "manabi-theme") and head.html applies it on the
  // next page before its first paint; which label shows is CSS's (html[data-theme]).
  document.querySelectorAll("button.theme-toggle").forEach((button) => {
    button.addEventListener("click", () => {
      const root = document.documentElement;
      const next = { "": "light", light: "dark", dark: "" }[root.dataset.theme || ""] ?? "";
      if (next) root.dataset.theme = next; else delete root.dataset.theme;
      try {
        if (next) localStorage.setItem("manabi-theme", next); else localStorage.removeItem("manabi-theme");
      } catch (error) { /* no storage: the choice lasts for this page */ }
    });
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
