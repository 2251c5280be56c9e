// A lesson page starts its simulation before the app's shell: the simulation is what the
// learner came for, and on a slow network the two downloads would otherwise share the link.
// This script downloads the player module and the lesson's data, mounts the player into the
// painted page, and leaves a handle that the shell adopts when it takes the page over
// (src/takeover.rs, src/views/player_slot.rs). The shell's loader waits for `labLessonStart`.
// If anything fails, the page stays as painted and the shell loads the player itself, with
// its message and a button to try again.
(function () {
  var slot = document.querySelector("[data-sim]");
  var player = document.querySelector('meta[name="lab-player"]');
  var root = document.querySelector('meta[name="lab-root"]');
  if (!slot || !player || !root) return;
  var base = new URL(root.content, location.href);
  var script = new URL(player.content, base);
  var wasm = new URL(player.content.replace(/\.js$/, "_bg.wasm"), base);
  var data = fetch(new URL(slot.dataset.sim, base)).then(function (response) {
    if (!response.ok) throw new Error(response.status);
    return response.text();
  });
  // The shell's player loader (src/player_module.rs) shares this promise, so the module is
  // downloaded and started once.
  globalThis.labPlayerModule = import(script.href).then(function (module) {
    return module.default({ module_or_path: wasm }).then(function () { return module; });
  });
  globalThis.labLessonStart = Promise.all([globalThis.labPlayerModule, data])
    .then(function (loaded) {
      var mount = slot.querySelector(".player-mount");
      var handle = loaded[0].mount_player(mount, loaded[1], location.hash);
      globalThis.labPaintedPlayer = { sim: slot.dataset.sim, handle: handle };
      // The preview stays in the page, hidden (assets/player.css): the shell adopts its drawing.
      slot.setAttribute("data-player-started", "");
    })
    .catch(function () {
      // A failed download is retried by the shell; a failed module import is not cached.
      globalThis.labPlayerModule = null;
    });
})();
