// "Read this series offline" (partials/offline_control.html): registers sw.js only when pressed.
// Hidden without scripting, over file:// and where the browser has no service workers.
(() => {
  const box = document.querySelector(".offline-control");
  if (!box || location.protocol === "file:" || !("serviceWorker" in navigator) || !window.caches) return;
  const save = box.querySelector(".offline-save");
  const remove = box.querySelector(".offline-remove");
  const size = box.querySelector(".offline-size");
  const status = box.querySelector(".offline-status");
  const series = box.dataset.series;
  const manifestUrl = new URL(box.dataset.manifest, location.href).href;
  const workerUrl = new URL(box.dataset.worker, location.href).href;
  const scope = new URL(".", workerUrl).href;
  const say = (text) => { status.textContent = text; };
  const megabytes = (bytes) => (bytes / 1048576).toFixed(1) + " MB";
  const isSaved = async () => (await caches.keys()).some((name) => name.startsWith("manabi-offline|" + scope + "|" + series + "|"));
  const showSaved = (on) => { remove.hidden = !on; };

  // the build saved last time this page looked: a different one now means the worker updated the series
  // while the learner was elsewhere (a chapter page), and this page says so once
  const seenKey = "manabi-offline-build|" + scope + "|" + series;
  const savedBuild = async () => {
    for (const name of await caches.keys()) {
      if (!name.startsWith("manabi-offline|" + scope + "|" + series + "|")) continue;
      const meta = await (await caches.open(name)).match(new URL("__manabi_offline_meta__", scope).href);
      if (meta) return (await meta.json()).build;
    }
    return null;
  };
  const remember = async (announce) => {
    const build = await savedBuild();
    let seen = null;
    try { seen = localStorage.getItem(seenKey); } catch (error) { /* no storage: nothing to compare */ }
    if (announce && build && seen && seen !== build) say(box.dataset.updated);
    try { if (build) localStorage.setItem(seenKey, build); else localStorage.removeItem(seenKey); } catch (error) { /* as above */ }
  };

  box.hidden = false;
  fetch(manifestUrl).then((r) => r.json()).then((m) => { size.textContent = "(" + megabytes(m.bytes) + ")"; }).catch(() => {});
  isSaved().then(showSaved);
  remember(true).finally(() => { box.dataset.checked = ""; });  // data-checked: the saved build was compared
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data && event.data.type === "updated") { say(box.dataset.updated); remember(false); }
  });

  const ask = async (message, onProgress) => {
    // the worker is registered here, never before: a learner who never presses gets none
    await navigator.serviceWorker.register(workerUrl, { scope });
    const registration = await navigator.serviceWorker.ready;
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => {
        if (event.data.type === "progress") onProgress(event.data);
        else resolve(event.data);
      };
      registration.active.postMessage(message, [channel.port2]);
    });
  };

  save.addEventListener("click", async () => {
    save.disabled = true;
    say(box.dataset.saving);
    try {
      const answer = await ask({ type: "save", manifest: manifestUrl },
        (p) => say(box.dataset.saving + " " + Math.round((100 * p.done) / Math.max(p.total, 1)) + "%"));
      if (answer.type === "saved") { say(box.dataset.saved); showSaved(true); await remember(false); } else say(box.dataset.failed);
    } catch (error) {
      say(box.dataset.failed);
    } finally {
      save.disabled = false;
    }
  });

  remove.addEventListener("click", async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("manabi-offline|" + scope + "|" + series + "|")) await caches.delete(name);
    }
    // nothing saved under the site any more: the worker goes too, and the site is as before the first press
    if (!(await caches.keys()).some((name) => name.startsWith("manabi-offline|" + scope + "|"))) {
      const registration = await navigator.serviceWorker.getRegistration(scope);
      if (registration) await registration.unregister();
    }
    showSaved(false);
    await remember(false);
    say(box.dataset.removed);
  });
})();
