// The SCORM 1.2 launch page's script, written only into the package by `cargo xtask scorm`
// (README, "Uploading to an LMS (SCORM 1.2)"). The course's pages load one another in full, and
// a SCO opens its LMS session once per launch, so this page holds the session for the whole
// visit and shows the course in a frame. The course pages are the same as on any host: they keep
// the learner's progress in localStorage. This page fills that storage from cmi.suspend_data at
// launch and reports back whenever the course writes it (a `storage` event reaches every other
// page of the same origin, this one included). The quiz module reads and writes the data.
// `cargo xtask scorm` writes the page in the package's language, with a data block holding this
// script's words (messages/<lang>/scorm.toml), the course's home page and the languages' folders.

const PROGRESS_KEY = "integration-patterns-lab.progress";
/// SCORM 1.2's run-time environment: the API is looked for in at most this many parent windows.
const MOST_PARENTS = 7;
const launch = JSON.parse(document.getElementById("lms-launch").textContent);
/// A bookmark is a page of the course, in English or in a language's folder: the course map
/// (empty, `vi/`), a lesson or quiz (`lesson/api-gateway/`, `vi/quiz/sagas/`), the sandbox.
const BOOKMARK = new RegExp(`^(?:(?:${launch.languages.join("|")})/)?(?:(?:lesson|quiz)/[a-z0-9-]+/|sandbox/)?$`);
/// How often the frame's address is read: the course moves between pages in place
/// (history.pushState), which sends no event to this page.
const BOOKMARK_CHECK_MS = 1000;

const frame = document.getElementById("course");
const statusLine = document.getElementById("lms-status");
const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute("content") ?? "";

const session = { api: null, quizzes: null, course: null, courseJson: "", mastery: 0, started: 0, sent: new Map(), finished: false };

function say(text) {
  statusLine.textContent = text;
}

/// The words under `key` in the package's language, with `{name}` filled from `values`.
function word(key, values = {}) {
  return launch.words[key].replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/// The LMS's API in `start` or one of its parents; a window of another origin cannot be read.
function apiFrom(start) {
  let win = start;
  for (let step = 0; win && step <= MOST_PARENTS; step += 1) {
    try {
      if (win.API) return win.API;
    } catch {
      return null;
    }
    if (win.parent === win) return null;
    win = win.parent;
  }
  return null;
}

function findApi() {
  return apiFrom(window) ?? (window.opener ? apiFrom(window.opener) : null);
}

function lmsError() {
  const code = session.api.LMSGetLastError();
  return word("lms-error", { code, text: session.api.LMSGetErrorString(code) });
}

/// Sends a value unless the LMS already has it; true when sent.
function send(element, value) {
  if (session.sent.get(element) === value) return false;
  if (session.api.LMSSetValue(element, value) !== "true") {
    say(word("refused", { element, error: lmsError() }));
    return false;
  }
  session.sent.set(element, value);
  return true;
}

function storedProgress() {
  try {
    return localStorage.getItem(PROGRESS_KEY) ?? "";
  } catch {
    return "";
  }
}

/// The frame's page as a bookmark, or null when it is not a page of the course.
function bookmark() {
  try {
    const base = new URL(".", document.baseURI).pathname;
    const path = frame.contentWindow.location.pathname.replace(/index\.html$/, "");
    const inside = path.startsWith(base) ? path.slice(base.length) : null;
    return inside !== null && BOOKMARK.test(inside) ? inside : null;
  } catch {
    return null;
  }
}

function sendBookmark() {
  const place = bookmark();
  return place !== null && send("cmi.core.lesson_location", place);
}

/// Sends the status, score, bookmark and suspend data for what the course has saved, and
/// commits when any of them changed.
function report() {
  if (!session.api || session.finished) return;
  let result;
  try {
    result = JSON.parse(session.quizzes.scorm_report(storedProgress(), session.courseJson, session.mastery));
  } catch (why) {
    say(word("not-sent", { why }));
    return;
  }
  const changed = [
    send("cmi.core.lesson_status", result.status),
    send("cmi.core.score.raw", String(result.score)),
    send("cmi.core.score.min", "0"),
    send("cmi.core.score.max", "100"),
    sendBookmark(),
    send("cmi.suspend_data", result.suspend_data),
  ].some(Boolean);
  if (changed) session.api.LMSCommit("");
  if (result.left_out.length > 0) {
    say(word("too-long", { count: result.left_out.length }));
  }
}

function noteBookmark() {
  if (session.api && !session.finished && sendBookmark()) session.api.LMSCommit("");
}

/// Ends the session: the last values, the time spent, and LMSFinish. A learner who has not
/// finished leaves with `suspend`, so the LMS keeps the data for the next launch.
function finish() {
  if (!session.api || session.finished) return;
  report();
  send("cmi.core.exit", session.sent.get("cmi.core.lesson_status") === "incomplete" ? "suspend" : "");
  send("cmi.core.session_time", timespan(performance.now() - session.started));
  session.api.LMSFinish("");
  session.finished = true;
}

/// SCORM 1.2's CMITimespan: HHHH:MM:SS.SS, hours with at least two digits.
function timespan(ms) {
  const hundredths = Math.max(0, Math.round(ms / 10));
  const hours = Math.min(9999, Math.floor(hundredths / 360000));
  const minutes = Math.floor(hundredths / 6000) % 60;
  const seconds = (hundredths % 6000) / 100;
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}:${seconds.toFixed(2).padStart(5, "0")}`;
}

async function loadQuizModule() {
  const script = new URL(meta("lab-quizzes"), document.baseURI).href;
  const module = await import(script);
  await module.default({ module_or_path: script.replace(/\.js$/, "_bg.wasm") });
  return module;
}

/// Puts the LMS's record of the learner's progress where the course reads it. The LMS is the
/// record: what this browser held (another learner's, on a shared computer) is replaced. False
/// when something went wrong, which the status line then says.
function restore(suspendData) {
  let progress;
  let restored = true;
  try {
    progress = session.quizzes.scorm_restore(suspendData, session.courseJson);
  } catch (why) {
    say(word("unreadable", { why }));
    progress = session.quizzes.scorm_restore("", session.courseJson);
    restored = false;
  }
  try {
    localStorage.setItem(PROGRESS_KEY, progress);
  } catch {
    say(word("no-storage"));
    return false;
  }
  return restored;
}

function open(place) {
  frame.src = BOOKMARK.test(place) && place !== "" ? place : session.course.start || launch.home;
}

async function start() {
  try {
    session.courseJson = await (await fetch(meta("lab-scorm-course"))).text();
    session.course = JSON.parse(session.courseJson);
    session.quizzes = await loadQuizModule();
  } catch (why) {
    say(word("no-connection", { why }));
    frame.src = launch.home;
    return;
  }
  const api = findApi();
  if (!api) {
    say(word("no-platform"));
    open("");
    return;
  }
  session.api = api;
  if (api.LMSInitialize("") !== "true") {
    say(word("no-session", { error: lmsError() }));
    session.api = null;
    open("");
    return;
  }
  session.started = performance.now();
  const suspendData = api.LMSGetValue("cmi.suspend_data");
  const place = api.LMSGetValue("cmi.core.lesson_location");
  const mastery = Number.parseFloat(api.LMSGetValue("cmi.student_data.mastery_score"));
  session.mastery = Number.isFinite(mastery) ? mastery : session.course.mastery_score;
  // A problem with the saved progress stays on the status line rather than "connected".
  if (restore(suspendData)) say(word("connected"));
  window.addEventListener("storage", (event) => {
    if (event.key === PROGRESS_KEY) report();
  });
  window.addEventListener("pagehide", finish);
  frame.addEventListener("load", noteBookmark);
  setInterval(noteBookmark, BOOKMARK_CHECK_MS);
  open(place);
  report();
}

start();
