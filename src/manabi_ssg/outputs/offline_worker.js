// manabi's offline reading worker (outputs/offline.py writes it as sw.js at the site's root).
// Registered only when a learner presses "Read this series offline" (assets/offline.js).
// Each saved series is one cache, named by the build's hash: a page never mixes two builds.
const BUILD = "__MANABI_BUILD__";
const PREFIX = "manabi-offline|" + self.registration.scope + "|";  // one site per scope
const cacheName = (series, build) => PREFIX + series + "|" + build;
const parse = (name) => { const [series, build] = name.slice(PREFIX.length).split("|"); return { series, build }; };
const ours = async () => (await caches.keys()).filter((name) => name.startsWith(PREFIX));
const META = "__manabi_offline_meta__";  // in each cache: the manifest it was filled from

async function fill(manifestUrl, report) {
  // a new cache filled whole, then the series' older caches dropped: never half of two builds
  const response = await fetch(manifestUrl, { cache: "no-store" });
  if (!response.ok) throw new Error("manifest " + response.status);
  const manifest = await response.json();
  const name = cacheName(manifest.series, manifest.build);
  const cache = await caches.open(name);
  let done = 0;
  try {
    for (const file of manifest.files) {
      const url = new URL(file.url, self.registration.scope).href;
      const got = await fetch(url, { cache: "no-store" });
      if (!got.ok) throw new Error(file.url + " " + got.status);
      await cache.put(url, got);
      done += file.bytes;
      report && report({ type: "progress", done, total: manifest.bytes });
    }
    await cache.put(new URL(META, self.registration.scope).href, new Response(JSON.stringify(manifest)));
  } catch (error) {
    await caches.delete(name);
    throw error;
  }
  for (const old of await ours()) {
    if (old !== name && parse(old).series === manifest.series) await caches.delete(old);
  }
  return manifest;
}

async function saved() {
  const list = [];
  for (const name of await ours()) {
    const meta = await (await caches.open(name)).match(new URL(META, self.registration.scope).href);
    if (meta) list.push(await meta.json());
  }
  return list;
}

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    await self.clients.claim();
    // a new build: each saved series is filled again from its new manifest, when online
    let updated = false;
    for (const manifest of await saved()) {
      if (manifest.build === BUILD) continue;
      try {
        await fill(new URL(manifest.series + "/offline.json", self.registration.scope).href);
        updated = true;
      } catch (error) { /* offline, or the series is gone: the old build stays whole */ }
    }
    if (updated) {
      for (const client of await self.clients.matchAll()) client.postMessage({ type: "updated" });
    }
  })());
});

self.addEventListener("message", (event) => {
  const port = event.ports[0];
  const data = event.data || {};
  const reply = (message) => port && port.postMessage(message);
  event.waitUntil((async () => {
    try {
      if (data.type === "save") {
        const manifest = await fill(data.manifest, reply);
        reply({ type: "saved", bytes: manifest.bytes });
      } else if (data.type === "remove") {
        for (const name of await ours()) if (parse(name).series === data.series) await caches.delete(name);
        reply({ type: "removed" });
      }
    } catch (error) {
      reply({ type: "failed", message: String(error) });
    }
  })());
});

function escape(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
}

async function offlinePage() {
  // what is saved, with links to each series' page: a page not saved has nothing else to show
  const list = await saved();
  const lang = list.length ? list[0].lang : "en";
  const ja = lang === "ja";
  const items = list.map((m) => `<li lang="${escape(m.lang)}"><a href="${escape(new URL(m.index, self.registration.scope).href)}">${escape(m.title)}</a></li>`).join("");
  const body = `<!DOCTYPE html><html lang="${ja ? "ja" : "en"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<title>${ja ? "オフライン" : "Offline"}</title></head><body><main><h1>${ja ? "オフラインです" : "You are offline"}</h1>`
    + `<p>${ja ? "このページは保存されていません。保存した連載:" : "This page is not saved. Saved series:"}</p>`
    + `<ul class="offline-saved">${items}</ul></main></body></html>`;
  return new Response(body, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(self.registration.scope)) return;
  event.respondWith((async () => {
    // a saved file is read from its cache; a folder's address is its index.html
    const url = new URL(request.url);
    url.hash = "";
    const names = [url.href];
    if (url.pathname.endsWith("/")) names.push(url.href + "index.html");
    for (const name of await ours()) {
      const cache = await caches.open(name);
      for (const candidate of names) {
        const hit = await cache.match(candidate);
        if (hit) return hit;
      }
      // Pagefind asks for its entry file with ?ts=…: a file's query never picks another file here
      if (request.mode !== "navigate") {
        const hit = await cache.match(url.href, { ignoreSearch: true });
        if (hit) return hit;
      }
    }
    try {
      return await fetch(request);
    } catch (error) {
      if (request.mode === "navigate") return offlinePage();
      throw error;
    }
  })());
});
