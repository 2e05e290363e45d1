// manabi search: Pagefind's JavaScript API behind the header's search box and
// the search page.  The build writes one Pagefind bundle per group of
// chapters of a language (pagefind/<lang>-<n>/) and pagefind/bundles.json;
// this page's <html lang> picks the bundles.  Every URL is relative, so the
// site works under any sub-path.  All text comes from data- attributes
// rendered from the message catalogue.
(() => {
  // Kana and kanji (with the marks they share: 。「」ー): writing without spaces between words.
  const KANA_KANJI = "\\p{scx=Han}\\p{scx=Hiragana}\\p{scx=Katakana}";

  // A page opened with ?highlight=word+word (a search result's link) marks
  // those words in the chapter.
  const highlight = () => {
    const words = new URLSearchParams(location.search).getAll("highlight").join(" ")
      .split(/\s+/).map((w) => w.replace(/^"+|"+$/g, "")).filter((w) => w.length > 0);
    const body = document.querySelector("[data-pagefind-body]");
    if (!words.length || !body) return;
    // A word of letters matches at the start of a word ("active" marks
    // "actively", as Pagefind's stemming finds it, but not "interactive");
    // Japanese and Chinese have no spaces between words: any place matches.
    const startsKanaKanji = new RegExp(`^[${KANA_KANJI}]`, "u");
    const escaped = words.sort((a, b) => b.length - a.length).map((w) => {
      const literal = w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return /^[\p{L}\p{N}]/u.test(w) && !startsKanaKanji.test(w)
        ? `(?<![\\p{L}\\p{N}])${literal}` : literal;
    });
    const pattern = new RegExp(escaped.join("|"), "giu");
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => (node.parentElement.closest("script, style, mark, .heading-anchor, .visually-hidden, [data-pagefind-ignore]")
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach((node) => {
      const text = node.textContent;
      const parts = [];
      let last = 0;
      for (const match of text.matchAll(pattern)) {
        parts.push(document.createTextNode(text.slice(last, match.index)));
        const mark = document.createElement("mark");
        mark.className = "search-highlight";
        mark.textContent = match[0];
        parts.push(mark);
        last = match.index + match[0].length;
      }
      if (!parts.length) return;
      parts.push(document.createTextNode(text.slice(last)));
      node.replaceWith(...parts);
    });
  };
  highlight();

  const forms = Array.from(document.querySelectorAll("form.search-box[data-pagefind]"));
  if (!forms.length) return;
  const fromDisk = location.protocol === "file:";

  // The index is split into bundles (pagefind/bundles.json lists them per
  // language): the first is loaded, the others are merged into it.  Result
  // URLs are site-relative, so every bundle is given the site's root.
  let loading = null;
  const pagefind = (form) => {
    if (!loading) {
      const listing = new URL(form.dataset.pagefind, document.baseURI);
      const root = new URL("../", listing).pathname;
      const lang = (document.documentElement.lang || "").toLowerCase();
      loading = fetch(listing).then((response) => {
        if (!response.ok) throw new Error(`${listing}: ${response.status}`);
        return response.json();
      }).then(async (bundles) => {
        const names = bundles[lang] || [];
        if (!names.length) return null;
        const folder = (name) => new URL(`${name}/`, listing).pathname;
        const api = await import(new URL(`${names[0]}/pagefind.js`, listing).href);
        await api.options({ excerptLength: 24, baseUrl: root });
        await Promise.all(names.slice(1).map((name) => api.mergeIndex(folder(name), { baseUrl: root, language: lang })));
        return api;
      });
      loading.catch(() => { loading = null; });
    }
    return loading;
  };

  // Several words: pages that hold them as a phrase come first, then pages
  // that hold them apart (Pagefind alone ranks by the words, not their order).
  // A query in quotes is a phrase search already.
  const searchRanked = async (api, query) => {
    const words = query.split(" ").filter(Boolean);
    if (words.length < 2 || query.includes('"')) return (await api.search(query)).results;
    const [phrase, loose] = await Promise.all([api.search(`"${query}"`), api.search(query)]);
    // Pagefind's order within each group: a stable partition of its ranking
    const holds = new Set(phrase.results.map((result) => result.id));
    const rest = loose.results.filter((result) => !holds.has(result.id));
    const ranked = loose.results.filter((result) => holds.has(result.id));
    const inLoose = new Set(ranked.map((result) => result.id));
    return ranked.concat(phrase.results.filter((result) => !inLoose.has(result.id)), rest);
  };

  // Japanese and Chinese queries are split into words (Intl.Segmenter, the
  // word breaker the index was split with at build time).  Chromium's
  // segmenter breaks a katakana loanword it does not know into single
  // characters (アクティブラーニング -> アクティブ ラ ー ニ ン グ): such runs are
  // joined back into one word, so the opened page marks the word, not every
  // ラ and ー in it.
  const KATAKANA = /^[\u30A0-\u30FF\u31F0-\u31FF\uFF66-\uFF9F]$/u;
  const prepare = (query, joinKatakana = true) => {
    const lang = document.documentElement.lang || "";
    if (!/^(ja|zh)\b/i.test(lang) || typeof Intl.Segmenter === "undefined") return query;
    const words = [];
    let run = "";
    for (const { segment } of new Intl.Segmenter(lang, { granularity: "word" }).segment(query)) {
      if (joinKatakana && Array.from(segment).length === 1 && KATAKANA.test(segment)) {
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

  // A word typed without spaces that the segmenter splits (機械学習 -> 機械 学習)
  // is one compound: a page must hold its parts side by side, as a phrase,
  // not 機械 in one sentence and 学習 in another.  Words typed apart stay apart.
  // The phrase is split exactly as the index is (katakana runs not joined).
  const holdingCompounds = async (api, query, found) => {
    if (query.includes('"')) return found;
    const phrases = query.split(/\s+/).map((typed) => prepare(typed, false)).filter((words) => words.includes(" "));
    if (!phrases.length) return found;
    const holding = await Promise.all(phrases.map(async (words) => new Set((await api.search(`"${words}"`)).results.map((r) => r.id))));
    return found.filter((result) => holding.every((ids) => ids.has(result.id)));
  };

  // The index holds Japanese and Chinese with a hair space between words
  // (split at build time as Intl.Segmenter splits the query): never shown.
  // Pagefind writes an excerpt's words back with plain spaces between them:
  // those between two kana, kanji or Japanese punctuation marks go too, and
  // those between one of them and a digit (第 1 章), across the <mark>
  // around a match.
  const shown = (text) => (text || "").replace(/\u200a/g, "");
  const NO_SPACES = `${KANA_KANJI}\\uff01-\\uff60`;  // and full-width punctuation: （）！, written without spaces
  const GAP = "((?:</?mark>)*) +((?:</?mark>)*)";
  const SPACED = [
    new RegExp(`([${NO_SPACES}])${GAP}(?=[${NO_SPACES}0-9])`, "gu"),
    new RegExp(`([0-9])${GAP}(?=[${NO_SPACES}])`, "gu"),
  ];
  const unspaced = (html) => SPACED.reduce((text, gap) => text.replace(gap, "$1$2$3"), shown(html));

  const fill = (text, values) => (text || "").replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));
  // A count's text in the form the number takes (data-label-results-one, -other…: CLDR plural categories)
  const plurals = new Intl.PluralRules(document.documentElement.lang || undefined);
  const counted = (labels, name, n) => labels[name + plurals.select(n).replace(/^./, (c) => c.toUpperCase())] ?? labels[name + "Other"];

  // Pagefind's excerpt is HTML with <mark> around the matches: keep the text
  // and the marks, nothing else (parsed in an inert document, never run).
  const excerpt = (html) => {
    const doc = new DOMParser().parseFromString(`<body>${unspaced(html)}</body>`, "text/html");
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

  // The section of the page where the words are: the sub-result (a heading's
  // anchor) with the most matches, else the page itself.
  const bestSection = (data) => {
    const sections = (data.sub_results || []).filter((sub) => sub.url);
    if (!sections.length) return { url: data.url, title: "", excerpt: data.excerpt };
    const best = sections.reduce((a, b) => ((b.locations || []).length > (a.locations || []).length ? b : a));
    return { url: best.url, title: best.url.includes("#") ? best.title : "", excerpt: best.excerpt || data.excerpt };
  };

  const withHighlight = (url, query) => {
    const [path, anchor] = url.split("#");
    const joined = `${path}${path.includes("?") ? "&" : "?"}highlight=${encodeURIComponent(query)}`;
    return anchor === undefined ? joined : `${joined}#${anchor}`;
  };

  const resultItem = (data, query) => {
    const section = bestSection(data);
    const item = document.createElement("li");
    item.className = "search-result";
    const link = document.createElement("a");
    link.className = "search-result-link";
    link.href = withHighlight(section.url, query);
    link.textContent = shown(data.meta && data.meta.title) || data.url;
    item.append(link);
    if (section.title && shown(section.title) !== link.textContent) {
      const where = document.createElement("span");
      where.className = "search-result-section";
      where.textContent = shown(section.title);
      item.append(" ", where);
    }
    const text = document.createElement("p");
    text.className = "search-result-excerpt";
    text.append(excerpt(section.excerpt));
    item.append(text);
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
      if (fromDisk) {  // no index can load over file://: say so, and what to do
        say(labels.labelServer);
        done();
        return;
      }
      say(labels.labelLoading);
      try {
        const api = await pagefind(form);
        const prepared = prepare(query);
        let found = api ? await searchRanked(api, prepared) : [];
        found = api ? await holdingCompounds(api, query, found) : found;
        if (mine !== generation) return;
        const limit = onPage ? 30 : 8;
        if (series && series.value) {
          // One series: the results whose URL lies in its folder (a URL test,
          // not a Pagefind filter, which would make the index differ from
          // build to build).
          const folder = new URL(series.value.replace(/\/?$/, "/"), new URL(form.dataset.home, document.baseURI));
          const prefix = decodeURI(folder.pathname);
          const all = await Promise.all(found.slice(0, 300).map((result) => result.data()));
          found = all.filter((item) => decodeURI(new URL(item.url, document.baseURI).pathname).startsWith(prefix));
          if (mine !== generation) return;
          list.replaceChildren(...found.slice(0, limit).map((item) => resultItem(item, prepared)));
        } else {
          // the first result is loaded alone and shown at once, then the
          // others (each loads a chapter's text and works out its excerpts)
          list.replaceChildren();
          if (found.length) {
            const first = await found[0].data();
            if (mine !== generation) return;
            list.append(resultItem(first, prepared));
            const rest = await Promise.all(found.slice(1, limit).map((result) => result.data()));
            if (mine !== generation) return;
            list.append(...rest.map((item) => resultItem(item, prepared)));
          }
        }
        const n = found.length;
        say(n === 0 ? fill(labels.labelNone, { query }) : fill(counted(labels, "labelResults", n), { n, query }));
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
      // the index chunks for these words load while the typing pause is awaited
      const query = input.value.trim();
      if (query && !fromDisk) pagefind(form).then((api) => api && api.preload(prepare(query))).catch(() => {});
      timer = setTimeout(run, 120);
    });
    input.addEventListener("focus", () => { if (!fromDisk) pagefind(form).catch(() => {}); });

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
