// A lesson's embed page (embed/<slug>/, painted by xtask/src/pages.rs): its simulation alone,
// for an iframe in another site. start-lesson.js, which runs first, mounts the player with the
// share link in the fragment; this script says so in the frame when it could not, and with
// `?question=<number or id>` shows that question of the lesson's checkpoint quiz below the
// player, drawn by the quiz module (src/quiz/embedded.rs), which only then is downloaded.
(function () {
  var slot = document.querySelector("[data-sim]");
  var place = document.querySelector("[data-embed-question]");
  var root = document.querySelector('meta[name="lab-root"]');
  var quizzes = document.querySelector('meta[name="lab-quizzes"]');
  function say(where, text) {
    var problem = document.createElement("p");
    problem.className = "player-error";
    problem.setAttribute("role", "alert");
    problem.setAttribute("data-testid", "embed-problem");
    problem.textContent = text;
    where.appendChild(problem);
  }
  Promise.resolve(globalThis.labLessonStart).then(function () {
    if (slot && !slot.hasAttribute("data-player-started")) {
      say(slot, "The simulation could not be loaded. Check the connection and reload the page.");
    }
  });
  var question = new URLSearchParams(location.search).get("question");
  if (question === null || !place || !root || !quizzes) return;
  var base = new URL(root.content, location.href);
  var script = new URL(quizzes.content, base);
  var wasm = new URL(quizzes.content.replace(/\.js$/, "_bg.wasm"), base);
  import(script.href)
    .then(function (module) {
      return module.default({ module_or_path: wasm }).then(function () {
        globalThis.labEmbeddedQuestion = module.mount_question(place, place.dataset.embedQuestion, question);
      });
    })
    .catch(function (problem) {
      say(place, typeof problem === "string" ? problem : "The question could not be loaded. Check the connection and reload the page.");
    });
})();
