// manabi progress: what a learner has done, kept in this browser only (localStorage).
// No server, no cookie. The controls are laid out from the first paint (CSS hides
// them without scripting); they are hidden here when storage is refused (private
// modes). One record per site, under a key named after the site's root URL, so
// two manabi sites on one host never mix:
//   {"pages": {"ja/mlp/chapter-1.html": {"read": true, "done": ["q1a2b3c4d", "z5e6f7a8b"], "k": 1}}}
// An exercise is kept under its keys (exercise_identity.py: its author's id, else its
// title and the start and end of its question), never its number, so a problem
// inserted before it leaves its mark where it was; it is done when any key is.
// A record without "k" is from before keys: its marks name anchors (exercise-1),
// moved to the keys of the exercise that has that anchor the first time a page
// knows both. A record kept under a chapter's old address (aliases:) joins its own on
// the first page that names both. "help": the most each exercise's learner opened, under its keys: 1 a hint, 2 its answer.
(() => {
  const script = document.currentScript;
  const root = new URL("..", script ? script.src : location.href).href; // this file is <root>/assets/progress.js
  const key = "manabi-progress:" + root;
  let store;
  try {
    store = window.localStorage;
    store.setItem(key + ":test", "1");
    store.removeItem(key + ":test");
  } catch (error) {
    // no storage: nothing here would work
    document.querySelectorAll(".exercise-done-bar, .chapter-progress, .progress-clear-bar").forEach((element) => { element.hidden = true; });
    return;
  }

  // A chapter's old addresses (front matter aliases:), from the pages that show it: old -> new.
  const moves = {};
  document.querySelectorAll("[data-aliases]").forEach((element) => {
    let found = {};
    try { found = element.dataset.progressPage ? { [element.dataset.progressPage]: element.dataset.aliases.split(" ") } : JSON.parse(element.dataset.aliases); } catch (error) { /* none */ }
    Object.entries(found).forEach(([page, olds]) => olds.forEach((old) => { if (old && old !== page) moves[old] = page; }));
  });
  // What was kept under an old address joins the chapter's own record: marks, read, anything else.
  const move = (data) => {
    let moved = false;
    Object.entries(moves).forEach(([old, page]) => {
      const from = data.pages[old];
      if (!from) return;
      const into = data.pages[page] || (data.pages[page] = { ...from, done: [] });
      into.done = [...new Set([...(into.done || []), ...(from.done || [])])];
      if (from.read === true) into.read = true;
      if (!from.k) delete into.k; // anchors among the marks: settle() moves them to keys
      for (const name in from) if (!(name in into)) into[name] = from[name];
      delete data.pages[old];
      moved = true;
    });
    return moved;
  };
  const load = () => {
    try {
      const data = JSON.parse(store.getItem(key) || "{}");
      if (!data || typeof data.pages !== "object" || !data.pages) return { pages: {} };
      if (move(data)) save(data);
      return data;
    } catch (error) {
      return { pages: {} };
    }
  };
  const save = (data) => {
    try { store.setItem(key, JSON.stringify(data)); } catch (error) { /* full: the page still works */ }
  };
  const entry = (data, page) => (data.pages[page] = data.pages[page] || { done: [], k: 1 });
  // "exercise-1=qa,zb" (cards) -> {anchor: "exercise-1", keys: ["qa", "zb"]}
  const described = (text) => { const [anchor, keys = ""] = text.split("="); return { anchor, keys: keys.split(",").filter(Boolean) }; };
  const isDone = (state, keys) => keys.some((id) => (state.done || []).includes(id));
  const helpOf = (state, keys) => Math.max(0, ...keys.map((id) => (state.help || {})[id] || 0));
  // Marks kept under anchors (before keys) moved to the keys of the exercises holding those anchors.
  const settle = (data, page, exercises) => {
    const state = data.pages[page];
    if (!state || state.k) return false;
    const done = (state.done || []).filter((id) => !id.startsWith("exercise-")); // keys a moved record brought
    exercises.forEach((item) => { if ((state.done || []).includes(item.anchor)) done.push(...item.keys); });
    state.done = done;
    state.k = 1;
    return true;
  };
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? values[name] : all));
  // A count's text in the form the number takes (data-label-NAME-one, -other…: CLDR plural categories)
  const plurals = new Intl.PluralRules(document.documentElement.lang || undefined);
  const counted = (element, name, n) => element.dataset[name + plurals.select(n).replace(/^./, (c) => c.toUpperCase())] ?? element.dataset[name + "Other"] ?? "";
  const press = (button, on) => button.setAttribute("aria-pressed", on ? "true" : "false");

  // A chapter: its exercises' "done" toggles and "I have read this chapter" at its end.
  const end = document.querySelector(".chapter-progress[data-progress-page]");
  if (end) {
    const page = end.dataset.progressPage;
    const readButton = end.querySelector("button.chapter-read");
    const keysOf = (button) => [button.dataset.exercise, ...(button.dataset.keys || "").split(" ").filter(Boolean)];
    const exercises = [...document.querySelectorAll("button.exercise-done")].map((button) =>
      ({ anchor: (button.closest("section.exercise") || {}).id, keys: keysOf(button) }));
    const sync = () => {
      const data = load();
      if (settle(data, page, exercises)) save(data);
      const state = data.pages[page] || { done: [] };
      document.querySelectorAll("button.exercise-done").forEach((button) => {
        const done = isDone(state, keysOf(button));
        press(button, done);
        const said = button.parentElement.querySelector(".exercise-help"); // how it was solved, once done
        if (said) said.textContent = done ? said.dataset["label" + ["None", "Hints", "Answer"][helpOf(state, keysOf(button))]] : "";
      });
      if (readButton) press(readButton, state.read === true);
    };
    // A hint (1) or an answer (2) opened by the learner's own click (never by printing): the most kept.
    const helped = (sections, level) => {
      const data = load();
      settle(data, page, exercises);
      const help = (entry(data, page).help ||= {});
      sections.forEach((section) => {
        const button = section && section.querySelector("button.exercise-done");
        if (button) keysOf(button).forEach((id) => { help[id] = Math.max(help[id] || 0, level); });
      });
      save(data);
      sync();
    };
    document.addEventListener("click", ({ target }) => {
      const details = target.closest && target.closest("summary")?.parentElement;
      if (details && !details.open && details.matches(".hint, .answer")) helped([details.closest(".exercise")], details.matches(".answer") ? 2 : 1);
      else if (target.closest?.(".hint-next")) helped([target.closest(".exercise")], 1);
      // "open all answers": manabi.js, listening on the button, pressed it first
      else if (target.closest?.(".answers-toggle")?.getAttribute("aria-pressed") === "true") {
        helped([...document.querySelectorAll(".exercise")].filter((section) => section.querySelector("details.answer")), 2);
      }
    });
    document.querySelectorAll("button.exercise-done").forEach((button) => {
      button.addEventListener("click", () => {
        const data = load();
        settle(data, page, exercises);
        const state = entry(data, page);
        const keys = keysOf(button);
        state.done = state.done.filter((x) => !keys.includes(x));
        if (button.getAttribute("aria-pressed") !== "true") state.done.push(...keys);
        save(data);
        sync();
      });
    });
    if (readButton) {
      readButton.addEventListener("click", () => {
        const data = load();
        const state = entry(data, page);
        state.read = readButton.getAttribute("aria-pressed") !== "true"; // an explicit "no" is kept: never marked again by scrolling
        save(data);
        sync();
      });
      // Reaching the end counts as reading it, unless the learner has said otherwise.
      if ("IntersectionObserver" in window) {
        const watcher = new IntersectionObserver((seen) => {
          if (!seen.some((item) => item.isIntersecting)) return;
          watcher.disconnect();
          const data = load();
          const state = entry(data, page);
          if (state.read === undefined) {
            state.read = true;
            save(data);
            sync();
          }
        });
        watcher.observe(end);
      }
    }
    sync();
    const last = load(); // the chapter to continue from, on the home page (progress-transfer.js)
    last.last = { page, title: (document.querySelector("h1") || document).textContent.trim() };
    save(last);
    window.addEventListener("pageshow", sync); // back/forward cache: show marks made in another page
    window.addEventListener("storage", (event) => { if (event.key === key) sync(); }); // marks made in another tab
  }

  // Series and home pages: per chapter, exercises done and whether it was read; per series, chapters read.
  const summaries = () => {
    const data = load();
    const pages = data.pages;
    let settled = false;
    const shown = {};
    const doneIn = (page, ids) => {
      const exercises = ids.map(described);
      settled = settle(data, page, exercises) || settled;
      return exercises.filter((item) => isDone(pages[page] || {}, item.keys)).length;
    };
    const rightIn = (page, ids) => ids.filter((id) => ((pages[page] || {}).quizzes || {})[id] === "right").length; // quiz.js's "quizzes"
    const unaidedIn = (page, ids) => ids.map(described).filter(({ keys }) => isDone(pages[page] || {}, keys) && !helpOf(pages[page] || {}, keys)).length;
    document.querySelectorAll(".progress-chapter[data-progress-page]").forEach((element) => {
      const page = element.dataset.progressPage;
      const ids = element.dataset.exercises.split(" ").filter(Boolean);
      const done = doneIn(page, ids);
      const unaided = unaidedIn(page, ids);
      const read = (pages[page] || {}).read === true;
      const quizzes = (element.dataset.quizzes || "").split(" ").filter(Boolean);
      const right = rightIn(page, quizzes);
      element.dataset.done = String(done);
      element.dataset.unaided = String(unaided);
      element.dataset.read = String(read);
      element.dataset.quizzesRight = String(right);
      shown[page] = element.dataset;
      const parts = [];
      if (read) parts.push(element.dataset.labelRead);
      if (ids.length) parts.push(fill(counted(element, "labelExercises", ids.length), { done, total: ids.length }));
      if (done) parts.push(fill(counted(element, "labelUnaided", unaided), { n: unaided }));
      if (quizzes.length) parts.push(fill(counted(element, "labelQuizzes", quizzes.length), { done: right, total: quizzes.length }));
      element.textContent = parts.join(" · ");
      element.hidden = !read && done === 0 && right === 0;
    });
    document.querySelectorAll(".progress-series[data-exercises]").forEach((element) => {
      let chapters = {};
      try { chapters = JSON.parse(element.dataset.exercises); } catch (error) { /* theme markup broken: counts stay 0 */ }
      const urls = Object.keys(chapters);
      const read = urls.filter((page) => (pages[page] || {}).read === true).length;
      const done = urls.reduce((sum, page) => sum + doneIn(page, chapters[page]), 0);
      const unaided = urls.reduce((sum, page) => sum + unaidedIn(page, chapters[page]), 0);
      const total = urls.reduce((sum, page) => sum + chapters[page].length, 0);
      let quizzes = {};
      try { quizzes = JSON.parse(element.dataset.quizzes); } catch (error) { /* none */ }
      const qs = Object.keys(quizzes);
      const asked = qs.reduce((sum, page) => sum + quizzes[page].length, 0);
      const right = qs.reduce((sum, page) => sum + rightIn(page, quizzes[page]), 0);
      element.dataset.done = String(read);
      element.dataset.exercisesDone = String(done);
      element.dataset.quizzesRight = String(right);
      element.dataset.unaided = String(unaided);
      const parts = [fill(counted(element, "labelChapters", urls.length), { done: read, total: urls.length })];
      if (total) parts.push(fill(counted(element, "labelExercises", total), { done, total }));
      if (done) parts.push(fill(counted(element, "labelUnaided", unaided), { n: unaided }));
      if (asked) parts.push(fill(counted(element, "labelQuizzes", asked), { done: right, total: asked }));
      element.textContent = parts.join(" · ");
      element.hidden = read === 0 && done === 0 && right === 0;
    });
    // the exercises page: each exercise marked when it is done, its chapter's marks settled as a whole
    const listed = {};
    document.querySelectorAll(".exercise-entry[data-progress-page]").forEach((item) => (listed[item.dataset.progressPage] ||= []).push(item));
    Object.entries(listed).forEach(([page, items]) => {
      const exercises = items.map((item) => described(item.dataset.exercise));
      settled = settle(data, page, exercises) || settled;
      items.forEach((item, n) => {
        item.dataset.done = String(isDone(pages[page] || {}, exercises[n].keys));
        item.querySelector(".exercise-entry-done").hidden = item.dataset.done !== "true";
      });
    });
    // the series map's boxes show what the chapter cards count (partials/series_map.html)
    document.querySelectorAll(".map-node[data-progress-page]").forEach((node) => {
      const found = shown[node.dataset.progressPage];
      if (found) Object.assign(node.dataset, { read: found.read, done: found.done });
    });
    if (settled) save(data);
  };
  summaries();
  window.addEventListener("pageshow", summaries);
  window.addEventListener("storage", (event) => { if (event.key === key) summaries(); });

  // Clear: forget this site's record.
  document.querySelectorAll(".progress-clear-bar").forEach((bar) => {
    bar.querySelector("button.progress-clear").addEventListener("click", () => {
      store.removeItem(key);
      summaries();
      document.querySelectorAll("button.exercise-done, button.chapter-read").forEach((button) => press(button, false));
      const status = bar.querySelector(".progress-status");
      if (status) status.textContent = status.dataset.cleared;
    });
  });
})();
