//! How fast the app loads on a phone-class network, printed as numbers (never asserted): run it
//! with `cargo xtask bench-load`, which builds the release `dist/` and sets `LAB_DIST` and the
//! browser for it.
//!
//! A static server gzips `dist/` as hosts do. Every run is a fresh headless Chromium (a new
//! profile, so an empty cache), throttled through the DevTools protocol before it navigates.
//! Each figure is the median of `RUNS` runs, read from the page's own clock (paint entries, User
//! Timing marks, resource timing, and a watcher installed before the page's scripts), in time
//! since the navigation started.

#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use support::{Hosting, Session, StaticServer};

// The pages, relative to the site root ({slug} is a lesson's folder): every page is a real file.
const HOME_PAGE: &str = "";
const LESSON_PAGE: &str = "lesson/{slug}/";
/// The lesson opened directly, as from a shared link.
const DIRECT_LESSON: &str = "api-gateway";

/// The moments the app marks with User Timing: its wasm shell has taken over the page (links
/// and progress live), and a lesson's player is mounted with Play working.
#[derive(Clone, Copy)]
enum Stage {
    Shell,
    Player,
}

impl Stage {
    const ALL: [Stage; 2] = [Stage::Shell, Stage::Player];

    fn mark(self) -> &'static str {
        match self {
            Stage::Shell => "lab:shell-ready",
            Stage::Player => "lab:player-ready",
        }
    }

    /// Today's build sets no marks; this element stands in, only when the mark is absent.
    fn fallback(self) -> &'static str {
        match self {
            Stage::Shell => "[data-testid=course-map], main h1",
            Stage::Player => "[data-testid=play]",
        }
    }
}

/// Set by the player module as it starts mounting (before it reads the lesson's data).
const PLAYER_MOUNT: &str = "lab:player-mount";

const LESSON_TEXT: &str = "[data-testid=lesson-text]";
/// A lesson link in either address style (`#/lesson/x` or `lesson/x/`).
const LESSON_LINK: &str = "a[href*='lesson/']";

const RUNS: usize = 5;
const HOSTING: Hosting = Hosting { mount: "/", csp: None, gzip: true };

/// The phone-class network.
const DOWN_BITS_PER_SECOND: f64 = 1_600_000.0;
const UP_BITS_PER_SECOND: f64 = 750_000.0;
const LATENCY_MS: f64 = 150.0;

/// "The first download in all" ends when the page's network has been idle this long.
const QUIET: Duration = Duration::from_secs(2);
/// A page whose network never goes quiet is read anyway after this long, and flagged.
const SETTLE_LIMIT: Duration = Duration::from_secs(40);
const SERVICE_WORKER_WAIT_MS: u32 = 10_000;
/// How long an offline lesson has to reach player-ready.
const OFFLINE_LIMIT_MS: f64 = 10_000.0;
const POLL: Duration = Duration::from_millis(100);

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nerror: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let dist = dist_folder()?;
    check_browser_env()?;
    let lessons = lessons_with_a_player()?;
    print_header(&dist);
    let server = StaticServer::start(dist.clone(), HOSTING);
    let home = format!("{}{HOME_PAGE}", server.url);
    let lesson = format!("{}{}", server.url, lesson_page(DIRECT_LESSON));

    let (cold, second) = home_visits(&home)?;
    print_throttling_check(&cold);
    print_home(&cold);
    let direct = measure(true, &lesson)?;
    print_lesson(&direct);
    print_lesson_waterfall(&direct);
    print_second_visit(second.as_deref());
    print_offline(&dist, &lessons)?;
    let local = measure(false, &home)?;
    print_figure("localhost, no throttling: home shell ready", &readiness(&local, Stage::Shell), Unit::Milliseconds, 450.0);
    print_worker_note(&[&cold, &direct]);
    print_unsettled(&[&cold, &direct, &local]);
    Ok(())
}

fn lesson_page(slug: &str) -> String {
    LESSON_PAGE.replace("{slug}", slug)
}

// ---- set-up -------------------------------------------------------------------------------

fn dist_folder() -> Result<PathBuf, String> {
    let dist = std::env::var_os("LAB_DIST").map(PathBuf::from).ok_or(
        "LAB_DIST is not set: run the benchmark with `cargo xtask bench-load`, which builds dist/ and sets it",
    )?;
    if !dist.join("index.html").is_file() {
        return Err(format!("{} has no index.html: build it with `cargo xtask dist`, or run `cargo xtask bench-load`", dist.display()));
    }
    Ok(dist)
}

fn check_browser_env() -> Result<(), String> {
    for name in ["CHROME_BIN", "CHROMEDRIVER"] {
        let path = std::env::var_os(name).map(PathBuf::from).unwrap_or_default();
        if !path.is_file() {
            return Err(format!(
                "{name} does not name a program (`{}`): run `cargo xtask bench-load`, which installs Chromium and \
                 ChromeDriver and sets it",
                path.display()
            ));
        }
    }
    Ok(())
}

/// The lessons that have a simulation, so "player-ready" can mean something for each.
fn lessons_with_a_player() -> Result<Vec<String>, String> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let entries = std::fs::read_dir(&folder).map_err(|error| format!("cannot read {}: {error}", folder.display()))?;
    let mut slugs: Vec<String> = entries
        .flatten()
        .filter(|entry| entry.path().join("scenario.toml").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    slugs.sort();
    Ok(slugs)
}

fn print_header(dist: &Path) {
    println!("Loading benchmark of {}, {}{}", dist.display(), utc_now(), machine_load());
    println!(
        "Network: phone profile, {} Mbit/s down, {} kbit/s up, {LATENCY_MS} ms latency (Chromium's emulation), gzip from \
         the server; the localhost figure is unthrottled",
        DOWN_BITS_PER_SECOND / 1e6,
        UP_BITS_PER_SECOND / 1e3
    );
    println!("Each figure: median of {RUNS} runs, each in a fresh browser (empty cache); times from the page's clock since navigation start\n");
}

// ---- the browser --------------------------------------------------------------------------

/// A fresh headless Chromium with the page watcher installed and, when `throttled`, the phone
/// network applied, all before its first navigation.
fn fresh_browser(throttled: bool) -> Result<Session, String> {
    let session = Session::try_start(true)?;
    session.try_devtools("Network.enable", json!({}))?;
    // The HTTP cache stays on, as in a learner's browser; the profile is new, so it starts empty.
    session.try_devtools("Network.setCacheDisabled", json!({ "cacheDisabled": false }))?;
    if throttled {
        emulate_network(&session, false)?;
    }
    session.try_devtools("Page.addScriptToEvaluateOnNewDocument", json!({ "source": watcher_script() }))?;
    Ok(session)
}

/// The phone network, or no network at all. Throughputs are in bytes per second.
fn emulate_network(session: &Session, offline: bool) -> Result<(), String> {
    let conditions = json!({
        "offline": offline,
        "latency": LATENCY_MS,
        "downloadThroughput": DOWN_BITS_PER_SECOND / 8.0,
        "uploadThroughput": UP_BITS_PER_SECOND / 8.0,
    });
    session.try_devtools("Network.emulateNetworkConditions", conditions).map(drop)
}

/// Runs before any of the page's own scripts and records, on the page's clock, when each
/// watched element is first present and shown (`at`) and when the next frame has been rendered
/// (`painted`). A MutationObserver sees the change as it happens; polling over WebDriver would
/// add its own delay.
fn watcher_script() -> String {
    let mut watches = vec![LESSON_LINK, LESSON_TEXT];
    watches.extend(Stage::ALL.map(Stage::fallback));
    let watches = json!(watches);
    format!(
        "(() => {{
  performance.setResourceTimingBufferSize(1000);
  const watches = {watches};
  const seen = window.__labLoad = {{}};
  const painted = () => new Promise(r => requestAnimationFrame(() => {{ const c = new MessageChannel(); c.port1.onmessage = () => r(performance.now()); c.port2.postMessage(0); }}));
  const shown = el => el.checkVisibility() && el.getBoundingClientRect().width > 0;
  const look = () => {{
    for (const css of watches) {{
      if (seen[css] || ![...document.querySelectorAll(css)].some(shown)) continue;
      const entry = seen[css] = {{ at: performance.now(), painted: null }};
      painted().then(t => {{ entry.painted = t; }});
    }}
    if (watches.every(css => seen[css])) observer.disconnect();
  }};
  const observer = new MutationObserver(look);
  observer.observe(document, {{ childList: true, subtree: true, attributes: true }});
}})();"
    )
}

/// Everything one page load showed, in ms since its navigation started (None: not reached).
struct Load {
    fcp: Option<f64>,
    /// Each `Stage`'s mark, by name, or null.
    marks: Value,
    /// Each watched selector's `at` and `painted` times (see `watcher_script`).
    watched: Value,
    downloads: Vec<Download>,
    /// Whether the network went quiet before the page was read.
    settled: bool,
}

struct Download {
    name: String,
    transfer_bytes: f64,
    /// When the page asked for it.
    fetch_start: f64,
    response_start: f64,
    response_end: f64,
    navigation: bool,
    /// Answered through a service worker (resource timing's `workerStart`).
    via_worker: bool,
}

/// How a readiness figure was reached in one run.
#[derive(Clone, Copy)]
enum Ready {
    Mark(f64),
    Fallback(f64),
    NotReached,
}

impl Load {
    /// The first paint at which the watched element was there: first contentful paint if it
    /// was present by then, else the frame rendered after it appeared.
    fn first_paint_with(&self, css: &str) -> Option<f64> {
        let fcp = self.fcp?;
        let entry = &self.watched[css];
        let at = entry["at"].as_f64()?;
        if at <= fcp {
            Some(fcp)
        } else {
            entry["painted"].as_f64()
        }
    }

    fn ready(&self, stage: Stage) -> Ready {
        match (self.marks[stage.mark()].as_f64(), self.watched[stage.fallback()]["at"].as_f64()) {
            (Some(time), _) => Ready::Mark(time),
            (None, Some(time)) => Ready::Fallback(time),
            (None, None) => Ready::NotReached,
        }
    }

    fn bytes_before_fcp(&self) -> Option<f64> {
        let fcp = self.fcp?;
        Some(self.downloads.iter().filter(|d| d.navigation || d.response_end <= fcp).map(|d| d.transfer_bytes).sum())
    }

    /// Everything the page loaded itself; a service worker's own fetches are not in the page's
    /// resource timing.
    fn bytes_in_all(&self) -> f64 {
        self.downloads.iter().map(|d| d.transfer_bytes).sum()
    }
}

/// `RUNS` loads of `url`, each in a fresh browser.
fn measure(throttled: bool, url: &str) -> Result<Vec<Load>, String> {
    (0..RUNS).map(|_| visit(&fresh_browser(throttled)?, url)).collect()
}

/// Cold visits of the home page and, in the same browsers once their service worker is ready,
/// second visits (None when the app registers no service worker).
fn home_visits(home: &str) -> Result<(Vec<Load>, Option<Vec<Load>>), String> {
    let (mut cold, mut second) = (Vec::new(), Some(Vec::new()));
    for _ in 0..RUNS {
        let session = fresh_browser(true)?;
        cold.push(visit(&session, home)?);
        let Some(warm) = second.as_mut() else { continue };
        if service_worker_ready(&session)? {
            warm.push(visit(&session, home)?);
        } else {
            // No worker on the first visit means the build has none; do not wait again.
            second = None;
        }
    }
    Ok((cold, second))
}

/// Opens `url` as a new document (through about:blank, so a fragment address is a page load,
/// not a route change) and waits until its network is quiet, then reads what the page recorded.
fn visit(session: &Session, url: &str) -> Result<Load, String> {
    session.try_navigate("about:blank")?;
    session.network_events()?; // forget the events of earlier pages
    session.try_navigate(url)?;
    let settled = wait_until_quiet(session)?;
    read_load(session, settled)
}

/// Waits until the page has had no request in flight and no network event for `QUIET`, at
/// most `SETTLE_LIMIT`; false when it never did. Resource timing only lists finished downloads,
/// so Chromium's network events (through ChromeDriver's performance log) tell what is in flight.
fn wait_until_quiet(session: &Session) -> Result<bool, String> {
    let started = Instant::now();
    let mut in_flight = HashSet::new();
    let mut last_event = Instant::now();
    while started.elapsed() < SETTLE_LIMIT {
        let events = session.network_events()?;
        if !events.is_empty() {
            last_event = Instant::now();
        }
        for event in &events {
            track_request(&mut in_flight, event);
        }
        if in_flight.is_empty() && last_event.elapsed() >= QUIET {
            return Ok(true);
        }
        sleep(POLL);
    }
    Ok(false)
}

fn track_request(in_flight: &mut HashSet<String>, event: &Value) {
    let id = event["params"]["requestId"].as_str().unwrap_or_default().to_string();
    match event["method"].as_str() {
        Some("Network.requestWillBeSent") => {
            in_flight.insert(id);
        }
        Some("Network.loadingFinished" | "Network.loadingFailed") => {
            in_flight.remove(&id);
        }
        _ => {}
    }
}

const READ_LOAD: &str = "
    const mark = name => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? null;
    const marks = Object.fromEntries(arguments[0].map(name => [name, mark(name)]));
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
    const downloads = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map(e => ({
        name: e.name, transfer: e.transferSize, fetch: e.startTime,
        start: e.responseStart, end: e.responseEnd, navigation: e.entryType === 'navigation', viaWorker: e.workerStart > 0 }));
    return { fcp, marks, watched: window.__labLoad ?? {}, downloads };";

fn read_load(session: &Session, settled: bool) -> Result<Load, String> {
    let mut marks = Stage::ALL.map(Stage::mark).to_vec();
    marks.push(PLAYER_MOUNT);
    let page = session.try_execute_with(READ_LOAD, json!([marks]))?;
    let downloads = page["downloads"].as_array().into_iter().flatten().map(download).collect();
    Ok(Load {
        fcp: page["fcp"].as_f64(),
        marks: page["marks"].clone(),
        watched: page["watched"].clone(),
        downloads,
        settled,
    })
}

fn download(entry: &Value) -> Download {
    let number = |key: &str| entry[key].as_f64().unwrap_or(0.0);
    Download {
        name: entry["name"].as_str().unwrap_or_default().to_string(),
        transfer_bytes: number("transfer"),
        fetch_start: number("fetch"),
        response_start: number("start"),
        response_end: number("end"),
        navigation: entry["navigation"].as_bool().unwrap_or(false),
        via_worker: entry["viaWorker"].as_bool().unwrap_or(false),
    }
}

/// Waits (on the page's timer) for the service worker the app registered, if any.
fn service_worker_ready(session: &Session) -> Result<bool, String> {
    let script = "return Promise.race([
        navigator.serviceWorker ? navigator.serviceWorker.ready.then(() => true) : Promise.resolve(false),
        new Promise(r => setTimeout(() => r(false), arguments[0]))]);";
    Ok(session.try_execute_with(script, json!([SERVICE_WORKER_WAIT_MS]))?.as_bool().unwrap_or(false))
}

// ---- offline --------------------------------------------------------------------------------

/// Visits home once on the phone network, then goes offline and opens every lesson afresh.
/// Its own server, stopped before going offline: Chromium's emulation covers the page, not the
/// service worker's own fetches, which must fail too.
fn offline_lessons(dist: &Path, lessons: &[String]) -> Result<(usize, bool), String> {
    let session = fresh_browser(true)?;
    let server = StaticServer::start(dist.to_path_buf(), HOSTING);
    let site = server.url.clone();
    visit(&session, &format!("{site}{HOME_PAGE}"))?;
    let has_worker = service_worker_ready(&session)?;
    drop(server);
    emulate_network(&session, true)?;
    let mut playing = 0;
    for slug in lessons {
        // As in `visit`: a new document each time.
        session.try_navigate("about:blank")?;
        let opened = session.try_navigate(&format!("{site}{}", lesson_page(slug))).is_ok();
        if opened && plays_offline(&session)? {
            playing += 1;
        }
    }
    Ok((playing, has_worker))
}

/// Whether the page reaches player-ready within `OFFLINE_LIMIT_MS` of its navigation.
fn plays_offline(session: &Session) -> Result<bool, String> {
    let started = Instant::now();
    loop {
        let load = read_load(session, false)?;
        if let Ready::Mark(time) | Ready::Fallback(time) = load.ready(Stage::Player) {
            return Ok(time <= OFFLINE_LIMIT_MS);
        }
        // Chromium's error page for a failed load never plays.
        let failed = session.try_execute_with("return document.URL.startsWith('chrome-error:');", json!([]))?;
        if failed.as_bool().unwrap_or(false) || started.elapsed().as_secs_f64() * 1000.0 > OFFLINE_LIMIT_MS {
            return Ok(false);
        }
        sleep(POLL);
    }
}

// ---- printing -------------------------------------------------------------------------------

enum Unit {
    Seconds,
    Milliseconds,
    Kilobytes,
}

impl Unit {
    /// `value` is in ms for times and in bytes for sizes; a kilobyte is 1,000 bytes.
    fn show(&self, value: f64) -> String {
        match self {
            Unit::Seconds => format!("{:.2} s", value / 1000.0),
            Unit::Milliseconds => format!("{value:.0} ms"),
            Unit::Kilobytes => format!("{:.0} KB", value / 1000.0),
        }
    }
}

/// One figure per run (None: not reached in that run), with the fallback note when any run
/// fell back.
struct Figure {
    values: Vec<Option<f64>>,
    note: String,
}

fn plain(values: impl IntoIterator<Item = Option<f64>>) -> Figure {
    Figure { values: values.into_iter().collect(), note: String::new() }
}

fn readiness(loads: &[Load], stage: Stage) -> Figure {
    let states: Vec<Ready> = loads.iter().map(|load| load.ready(stage)).collect();
    let fell_back = states.iter().any(|state| matches!(state, Ready::Fallback(_)));
    let note = if fell_back {
        format!(" (fallback: `{}` present; no {} mark)", stage.fallback(), stage.mark())
    } else {
        String::new()
    };
    let values = states
        .iter()
        .map(|state| match state {
            Ready::Mark(time) | Ready::Fallback(time) => Some(*time),
            Ready::NotReached => None,
        })
        .collect();
    Figure { values, note }
}

/// One line: the label, the median, the floor (in the figure's unit) and whether it is met.
/// A figure the issue sets no floor for, printed for what it tells.
fn print_reading(label: &str, figure: &Figure, unit: Unit, why: &str) {
    let reached: Vec<f64> = figure.values.iter().flatten().copied().collect();
    let value = median(&reached).map_or_else(|| "not reached".to_string(), |value| unit.show(value));
    println!("{label:<46} {value:>12}   ({why}){}", figure.note);
}

fn print_figure(label: &str, figure: &Figure, unit: Unit, floor: f64) {
    let reached: Vec<f64> = figure.values.iter().flatten().copied().collect();
    let (value, verdict) = match median(&reached) {
        Some(value) => (unit.show(value), if value <= floor { "meets" } else { "misses" }),
        None => ("not reached".to_string(), "-"),
    };
    let partly = if !reached.is_empty() && reached.len() < figure.values.len() {
        format!(" (reached in {} of {} runs)", reached.len(), figure.values.len())
    } else {
        String::new()
    };
    print_line(label, &value, &unit.show(floor), &format!("{verdict}{partly}{}", figure.note));
}

fn print_line(label: &str, value: &str, floor: &str, verdict: &str) {
    println!("{label:<46} {value:>12}   floor ≤ {floor:<7} {verdict}");
    let _ = std::io::stdout().flush();
}

fn print_home(cold: &[Load]) {
    print_figure("home: first contentful paint", &plain(cold.iter().map(|l| l.fcp)), Unit::Seconds, 700.0);
    let links = plain(cold.iter().map(|l| l.first_paint_with(LESSON_LINK)));
    print_figure("home: lesson links usable (one shown, painted)", &links, Unit::Seconds, 1200.0);
    print_reading("home: shell ready (lab:shell-ready)", &readiness(cold, Stage::Shell), Unit::Seconds, "no floor: links work before it");
    print_figure("home: bytes before first paint", &plain(cold.iter().map(Load::bytes_before_fcp)), Unit::Kilobytes, 60_000.0);
    let all = plain(cold.iter().map(|l| Some(l.bytes_in_all())));
    print_figure("home: first download in all (gzipped)", &all, Unit::Kilobytes, 150_000.0);
    print_home_downloads(cold);
}

/// What the home page's median visit downloaded, largest first: what its first download is made of.
fn print_home_downloads(cold: &[Load]) {
    let mut runs: Vec<&Load> = cold.iter().collect();
    runs.sort_by(|a, b| a.bytes_in_all().total_cmp(&b.bytes_in_all()));
    let Some(load) = runs.get(runs.len() / 2) else { return };
    let mut files: Vec<&Download> = load.downloads.iter().collect();
    files.sort_by(|a, b| b.transfer_bytes.total_cmp(&a.transfer_bytes));
    println!("  its median visit downloaded (as served, headers included):");
    for d in files {
        println!("    {:>6.1} KB  {}", d.transfer_bytes / 1000.0, short_name(&d.name));
    }
}

/// A download's file name, without its address.
fn short_name(name: &str) -> &str {
    name.rsplit('/').find(|part| !part.is_empty()).unwrap_or(name)
}

fn print_lesson(loads: &[Load]) {
    let text = plain(loads.iter().map(|l| l.first_paint_with(LESSON_TEXT)));
    print_figure(&format!("lesson {DIRECT_LESSON}: lesson text readable"), &text, Unit::Seconds, 900.0);
    let playable = readiness(loads, Stage::Player);
    print_figure(&format!("lesson {DIRECT_LESSON}: simulation playable"), &playable, Unit::Seconds, 3000.0);
}

/// What the direct lesson downloaded before it could play, in its median run: where the
/// time goes, for whoever makes it faster.
fn print_lesson_waterfall(loads: &[Load]) {
    let mut runs: Vec<(f64, &Load)> = loads
        .iter()
        .filter_map(|load| match load.ready(Stage::Player) {
            Ready::Mark(time) | Ready::Fallback(time) => Some((time, load)),
            Ready::NotReached => None,
        })
        .collect();
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let Some(&(ready, load)) = runs.get(runs.len() / 2) else { return };
    let mut before: Vec<&Download> = load.downloads.iter().filter(|d| d.response_end <= ready).collect();
    before.sort_by(|a, b| a.fetch_start.total_cmp(&b.fetch_start));
    println!("  its median run, playable at {:.2} s, downloaded before then (asked, first byte, last byte):", ready / 1000.0);
    for d in before {
        let name = short_name(&d.name);
        let (asked, first, last) = (d.fetch_start / 1000.0, d.response_start / 1000.0, d.response_end / 1000.0);
        println!("    {:>6.1} KB  {asked:.2} s  {first:.2} s  {last:.2} s  {name}", d.transfer_bytes / 1000.0);
    }
    if let Some(mount) = load.marks[PLAYER_MOUNT].as_f64() {
        println!("    the player module started mounting at {:.2} s", mount / 1000.0);
    }
}

fn print_second_visit(second: Option<&[Load]>) {
    const LABEL: &str = "second visit, warm service worker: home FCP";
    match second {
        Some(loads) => print_figure(LABEL, &plain(loads.iter().map(|l| l.fcp)), Unit::Seconds, 300.0),
        None => print_line(LABEL, "skipped", &Unit::Seconds.show(300.0), "no service worker registered within 10 s"),
    }
}

fn print_offline(dist: &Path, lessons: &[String]) -> Result<(), String> {
    let (playing, has_worker) = offline_lessons(dist, lessons)?;
    let worker = if has_worker { "" } else { " (no service worker registered)" };
    println!("offline after one visit: {playing} of {} lessons play{worker}", lessons.len());
    Ok(())
}

/// Checks that the emulation applied: the largest download from the network, timed on its own,
/// cannot beat the profile (parallel downloads share it, and latency adds to it).
fn print_throttling_check(cold: &[Load]) {
    let from_network = cold.iter().flat_map(|load| &load.downloads).filter(|d| !d.via_worker);
    let largest = from_network.max_by(|a, b| a.transfer_bytes.total_cmp(&b.transfer_bytes));
    let Some(largest) = largest.filter(|d| d.transfer_bytes >= 100_000.0 && d.response_end > d.response_start) else {
        println!("throttling check: no download large enough to time\n");
        return;
    };
    let seconds = (largest.response_end - largest.response_start) / 1000.0;
    let megabits = largest.transfer_bytes * 8.0 / seconds / 1e6;
    let verdict = if megabits > DOWN_BITS_PER_SECOND / 1e6 * 1.2 { "faster than the profile: throttling did NOT apply" } else { "applied" };
    let name = largest.name.rsplit('/').next().unwrap_or_default();
    println!("throttling check: {name}, {:.0} KB in {seconds:.2} s = {megabits:.2} Mbit/s: {verdict}\n", largest.transfer_bytes / 1000.0);
}

/// Chromium emulates the network for the page only: a service worker's own fetches, and what it
/// answers from them, go at full speed, so figures that depend on them are too good.
fn print_worker_note(throttled: &[&[Load]]) {
    let through_worker = throttled.iter().flat_map(|loads| loads.iter()).flat_map(|load| &load.downloads).filter(|d| d.via_worker).count();
    if through_worker > 0 {
        println!(
            "\nnote: {through_worker} requests of the throttled first visits were answered through the service worker, \
             whose own network use Chromium does not throttle: those figures are optimistic"
        );
    }
}

fn print_unsettled(groups: &[&[Load]]) {
    let unsettled = groups.iter().flat_map(|loads| loads.iter()).filter(|load| !load.settled).count();
    if unsettled > 0 {
        println!("\nnote: in {unsettled} loads the network was still busy after {SETTLE_LIMIT:?}; they were read as they stood");
    }
}

/// The one-minute load average where the system tells it (Linux): times on a busy machine are
/// longer, and the reader should know.
fn machine_load() -> String {
    let average = std::fs::read_to_string("/proc/loadavg").ok().and_then(|text| text.split_whitespace().next().map(str::to_string));
    average.map(|load| format!(", machine load average {load}")).unwrap_or_default()
}

fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied()
}

/// "YYYY-MM-DD HH:MM UTC" from the system clock, without a date crate.
fn utc_now() -> String {
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH).map(|since| since.as_secs()).unwrap_or(0);
    let (year, month, day) = civil_date(seconds / 86_400);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", seconds % 86_400 / 3600, seconds % 3600 / 60)
}

/// The Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_date(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let (era, day_of_era) = (z / 146_097, z % 146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    (year_of_era + era * 400 + u64::from(month <= 2), month, day)
}
