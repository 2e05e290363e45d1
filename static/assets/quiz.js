// manabi quiz: self-check questions (markdown/quiz.py writes them). Loaded only on
// pages that have one. Without it the quiz is still a question with its choices,
// and its solution is the closed <details class="quiz-solution"> under it; here that
// <details> (hidden by CSS while scripting runs) is what answers are checked against.
// The result is said in the quiz's role=status line. Results count in progress, in
// the record progress.js keeps (localStorage, one key per site):
//   {"pages": {"ja/x/chapter-1.html": {"done": [...], "k": 1, "quizzes": {"q1a2b3c4d5": "right"}}}}
// A quiz's result is kept under its data-key (its author's id, else a hash of its
// question), never its number.
(() => {
  const script = document.currentScript;
  const root = new URL("..", script ? script.src : location.href).href; // this file is <root>/assets/quiz.js
  const storeKey = "manabi-progress:" + root;
  const pageMark = document.querySelector(".chapter-progress[data-progress-page]");
  const record = (id, result) => {
    if (!pageMark || !id) return;
    try {
      const store = window.localStorage;
      let data = JSON.parse(store.getItem(storeKey) || "{}");
      if (!data || typeof data.pages !== "object" || !data.pages) data = { pages: {} };
      const page = pageMark.dataset.progressPage;
      const entry = (data.pages[page] = data.pages[page] || { done: [], k: 1 });
      entry.quizzes = entry.quizzes && typeof entry.quizzes === "object" ? entry.quizzes : {};
      if (entry.quizzes[id] !== "right") entry.quizzes[id] = result; // once right, a later slip does not undo it
      store.setItem(storeKey, JSON.stringify(data));
    } catch (error) { /* no storage: the quiz still checks */ }
  };
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? values[name] : all));
  const plain = (element) => (element ? element.textContent.replace(/\s+/g, " ").trim() : "");
  // "９．８１", "−3", "1,5": what a learner types, as a number (NaN when it is none)
  const number = (text) => {
    let value = text.normalize("NFKC").replace(/[\u2212\u2013\u2014]/g, "-").replace(/\s+/g, "");
    if (/^-?\d+,\d+$/.test(value)) value = value.replace(",", ".");
    return value === "" ? NaN : Number(value);
  };

  document.querySelectorAll(".quiz").forEach((quiz) => {
    const check = quiz.querySelector("button.quiz-check");
    const reveal = quiz.querySelector("button.quiz-reveal");
    const result = quiz.querySelector(".quiz-result");
    const solution = quiz.querySelector("details.quiz-solution");
    if (!check || !reveal || !result || !solution) return; // an edition without answers: nothing to check against
    const choices = Array.from(quiz.querySelectorAll(".quiz-choice"));
    const keyOf = (choice) => solution.querySelector(`li[data-choice="${choice.dataset.choice}"]`);
    const correct = (choice) => { const item = keyOf(choice); return !!item && item.hasAttribute("data-correct"); };
    const field = quiz.querySelector(".quiz-number input");

    const say = (text) => {
      // the same words twice in a row are announced again: the line is emptied first
      result.textContent = "";
      requestAnimationFrame(() => { result.textContent = text; });
    };
    const clear = () => {
      quiz.querySelectorAll(".quiz-feedback").forEach((element) => element.remove());
      choices.forEach((choice) => { delete choice.dataset.state; });
      if (field) field.removeAttribute("aria-invalid");
    };
    const show = () => { quiz.classList.add("quiz-shown"); solution.open = true; };
    // a wrong choice explains itself: its mark and explanation, copied from the solution
    const explain = (choice) => {
      const item = keyOf(choice);
      const note = document.createElement("div");
      note.className = "quiz-feedback";
      const mark = document.createElement("strong");
      mark.textContent = plain(item && item.querySelector(".quiz-key-mark"));
      note.append(mark);
      const why = item && item.querySelector(".quiz-why");
      if (why) note.append(...Array.from(why.cloneNode(true).childNodes));
      choice.append(note);
      return plain(why);
    };

    check.addEventListener("click", () => {
      clear();
      if (field) {
        const value = number(field.value);
        if (Number.isNaN(value)) { say(result.dataset.number); field.focus(); return; }
        const key = solution.querySelector(".quiz-key-number");
        const answer = Number(key && key.dataset.answer);
        const tolerance = Number(key && key.dataset.tolerance) || 0;
        const right = Math.abs(value - answer) <= tolerance + 1e-9 * Math.max(1, Math.abs(answer));
        if (right) show(); else field.setAttribute("aria-invalid", "true");
        record(quiz.dataset.key, right ? "right" : "wrong");
        say(right ? result.dataset.right : result.dataset.wrong);
        return;
      }
      const chosen = choices.filter((choice) => choice.querySelector("input").checked);
      if (!chosen.length) { say(result.dataset.choose); return; }
      const wrong = chosen.filter((choice) => !correct(choice));
      const missed = choices.filter((choice) => correct(choice) && !chosen.includes(choice));
      const right = !wrong.length && !missed.length;
      const words = [right ? result.dataset.right : result.dataset.wrong];
      wrong.forEach((choice) => {
        choice.dataset.state = "wrong";
        const why = explain(choice);
        words.push(why ? fill(result.dataset.because, { choice: plain(choice.querySelector("label")), why }) : plain(choice.querySelector("label")));
      });
      if (!right && !wrong.length) words.push(result.dataset.missing);
      if (right) { chosen.forEach((choice) => { choice.dataset.state = "right"; }); show(); }
      record(quiz.dataset.key, right ? "right" : "wrong");
      say(words.join(" "));
    });
    if (field) field.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); check.click(); } });

    reveal.addEventListener("click", () => {
      clear();
      choices.filter(correct).forEach((choice) => { choice.dataset.state = "answer"; });
      const answer = field ? plain(solution.querySelector(".quiz-key-number"))
        : choices.filter(correct).map((choice) => plain(choice.querySelector("label"))).join(", ");
      show();
      record(quiz.dataset.key, "shown");
      say(fill(result.dataset.shown, { answer }));
    });
  });
})();
