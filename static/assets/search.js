// manabi search: Pagefind's JavaScript API behind the header's search box and
// the search page.  Pagefind (pagefind/pagefind.js, written by the build) picks
// the index of this page's <html lang>; every URL is relative, so the site
// works under any sub-path.  All text comes from data- attributes rendered
// from the message catalogue.
(() => {
  const forms = Array.from(document.querySelectorAll("form.search-box[data-pagefind]"));
  if (!forms.length) return;

  let loading = null;
  const pagefind = (form) => {
    if (!loading) {
      const url = new URL(form.dataset.pagefind, document.baseURI).href;
      loading = import(url).then(async (api) => {
        await api.options({ excerptLength: 24 });
        return api;
      });
      loading.catch(() => { loading = null; });
    }
    return loading;
  };

  // Japanese and Chinese queries are split into words by the browser
  // (Intl.Segmenter) before Pagefind sees them.  Chromium's segmenter breaks a
  // katakana loanword it does not know into single characters
  // (アクティブラーニング -> アクティブ ラ ー ニ ン グ), which matches nothing:
  // join such runs back into one word, as the index (segmented at build time)
  // has them.
  const KATAKANA = /^[\u30A0-\u30FF\u31F0-\u31FF\uFF66-\uFF9F]$/u;
  const prepare = (query) => {
    const lang = document.documentElement.lang || "";
    if (!/^(ja|zh)\b/i.test(lang) || typeof Intl.Segmenter === "undefined") return query;
    const words = [];
    let run = "";
    for (const { segment } of new Intl.Segmenter(lang, { granularity: "word" }).segment(query)) {
      if (Array.from(segment).length === 1 && KATAKANA.test(segment)) {
        run += segment;
        continue;
      }
      if (run) words.push(run);
      run = "";
      words.push(segment);
    }
    if (run) words.push(run);
    return words.join(" ").replace(/\s+/g, " ").trim();
  };

  const fill = (text, values) => (text || "").replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));

  // Pagefind's excerpt is HTML with <mark> around the matches: keep the text
  // and the marks, nothing else (parsed in an inert document, never run).
  const excerpt = (html) => {
    const doc = new DOMParser().parseFromString(`<body>${html || ""}</body>`, "text/html");
    const out = document.createDocumentFragment();
    doc.body.childNodes.forEach((node) => {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.append(mark);
      } else {
        out.append(document.createTextNode(node.textContent));
      }
    });
    return out;
  };

  const resultItem = (data) => {
    const item = document.createElement("li");
    item.className = "search-result";
    const link = document.createElement("a");
    link.className = "search-result-link";
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    const text = document.createElement("p");
    text.className = "search-result-excerpt";
    text.append(excerpt(data.excerpt));
    item.append(link, text);
    return item;
  };

  forms.forEach((form) => {
    const input = form.querySelector(".search-input");
    const list = form.querySelector(".search-list");
    const status = form.querySelector(".search-status");
    const message = form.querySelector(".search-message");
    const panel = form.querySelector(".search-results");
    const series = form.querySelector(".search-series");
    const onPage = form.dataset.page === "true";
    const labels = form.dataset;
    let generation = 0;
    let timer = 0;

    const say = (text) => {
      status.textContent = text;
      if (message) message.textContent = text;
    };
    const show = (open) => { if (!onPage) panel.hidden = !open; };
    const links = () => Array.from(list.querySelectorAll("a.search-result-link"));

    const run = async () => {
      const query = input.value.trim();
      const mine = ++generation;
      form.setAttribute("aria-busy", "true");
      const done = () => { if (mine === generation) form.removeAttribute("aria-busy"); };
      if (!query) {
        list.replaceChildren();
        say("");
        show(false);
        done();
        return;
      }
      show(true);
      say(labels.labelLoading);
      try {
        const api = await pagefind(form);
        const search = await api.search(prepare(query));
        if (mine !== generation) return;
        let found = (search && search.results) || [];
        let data;
        if (series && series.value) {
          // One series: the results whose URL lies in its folder (a URL test,
          // not a Pagefind filter, which would make the index differ from
          // build to build).
          const folder = new URL(series.value.replace(/\/?$/, "/"), new URL(form.dataset.home, document.baseURI));
          const prefix = decodeURI(folder.pathname);
          const all = await Promise.all(found.slice(0, 300).map((result) => result.data()));
          data = all.filter((item) => decodeURI(new URL(item.url, document.baseURI).pathname).startsWith(prefix));
          found = data;
        } else {
          data = await Promise.all(found.slice(0, onPage ? 30 : 8).map((result) => result.data()));
        }
        if (mine !== generation) return;
        list.replaceChildren(...data.slice(0, onPage ? 30 : 8).map(resultItem));
        const n = found.length;
        say(n === 0 ? fill(labels.labelNone, { query }) : n === 1 ? fill(labels.labelOne, { n, query }) : fill(labels.labelResults, { n, query }));
      } catch (error) {
        if (mine !== generation) return;
        list.replaceChildren();
        say(labels.labelError);
      }
      done();
    };

    input.addEventListener("input", () => {
      clearTimeout(timer);
      form.setAttribute("aria-busy", "true");
      timer = setTimeout(run, 120);
    });
    input.addEventListener("focus", () => { pagefind(form).catch(() => {}); });

    // Keyboard: ArrowDown from the box into the results, ArrowUp/ArrowDown
    // between them, Escape back to the box (closing the results).
    form.addEventListener("keydown", (event) => {
      const all = links();
      const at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && all.length && (event.target === input || at >= 0)) {
        event.preventDefault();
        show(true);
        all[Math.min(at + 1, all.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault();
        (at === 0 ? input : all[at - 1]).focus();
      } else if (event.key === "Escape") {
        if (onPage) return;
        if (event.target === input && panel.hidden) {
          input.value = "";
          run();
        }
        show(false);
        input.focus();
      }
    });
    if (!onPage) {
      form.addEventListener("focusout", (event) => {
        if (!form.contains(event.relatedTarget)) show(false);
      });
    }

    if (onPage) {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const params = new URLSearchParams();
        if (input.value.trim()) params.set("q", input.value.trim());
        if (series && series.value) params.set("series", series.value);
        history.replaceState(null, "", `${location.pathname}${params.toString() ? "?" + params : ""}`);
        run();
      });
      const params = new URLSearchParams(location.search);
      input.value = params.get("q") || "";
      if (series) {
        series.addEventListener("change", run);
        const wanted = params.get("series");
        if (wanted && Array.from(series.options).some((option) => option.value === wanted)) series.value = wanted;
      }
      if (input.value.trim()) run();
    }
  });
})();
