//! The pattern player in headless Chromium: playback, true step-back, scrubbing, the
//! keyboard, parameters, faults, share links and reduced motion. Every test also fails on
//! any console error (see `browser_test`).

mod support;

use serde_json::{json, Map, Value};
use support::{browser_test, Page, ROOT};

const LESSON: &str = "lesson/api-gateway/";
/// The lesson's own player; figures in the text are players too (`figure-player`).
const POSITION: &str = "[data-testid=player] [data-testid=position]";

fn position(page: &Page) -> String {
    let session = &page.session;
    session.text(&session.wait_for(POSITION))
}

/// The step number shown ("Step 12 of 900 · ..." is 12).
fn step(page: &Page) -> usize {
    let text = position(page);
    text.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("no step in {text:?}"))
}

fn wait_for_step(page: &Page, n: usize) {
    let reached = page.session.wait_until(|| (step(page) == n).then_some(()));
    assert!(reached.is_some(), "expected step {n}, the player shows {:?}", position(page));
}

fn click(page: &Page, test_id: &str) {
    let session = &page.session;
    session.click(&session.wait_for(&format!("[data-testid={test_id}]")));
}

/// Everything the player shows about the state: component states, counters, narration.
fn visible_state(page: &Page) -> Value {
    page.session.execute(
        "const texts = s => [...document.querySelectorAll(s)].map(e => e.textContent);
         return { nodes: texts('[data-testid=node-status]'), metrics: texts('[data-testid=metrics] dd'),
                  narration: texts('[data-testid=narration]'), position: texts('[data-testid=position]') };",
    )
}

/// Sets an input's value as a person would, then fires the event the app listens to.
fn set_input(page: &Page, test_id: &str, value: &str, event: &str) {
    let args = json!([test_id, value, event]);
    page.session.execute(&format!(
        "const [id, value, event] = {args};
         const e = document.querySelector(`[data-testid=player] [data-testid=${{id}}]`);
         e.value = value; e.dispatchEvent(new Event(event, {{ bubbles: true }}));"
    ));
}

fn metric(page: &Page, id: &str) -> String {
    let session = &page.session;
    session.text(&session.wait_for(&format!("[data-testid=metric-{id}]")))
}

fn open_player(page: &Page) {
    page.session.wait_for("[data-testid=player]");
    wait_for_step(page, 1);
}

#[test]
fn play_pause_and_a_step_back_restores_the_state() {
    browser_test(ROOT, LESSON, |page| {
        open_player(page);
        // Late in the run, past the lesson's chapter breakpoints (which pause by themselves).
        click(page, "end");
        let at = step(page) - 300;
        set_input(page, "timeline", &(at - 1).to_string(), "input");
        wait_for_step(page, at);
        let before = visible_state(page);
        click(page, "next");
        wait_for_step(page, at + 1);
        assert_ne!(visible_state(page), before);
        click(page, "previous");
        wait_for_step(page, at);
        assert_eq!(visible_state(page), before, "back shows exactly the state before forward");

        // The slowest speed, so the 300 steps left cannot run out (the run would stop at its
        // end and the next press would replay it) before the test pauses, however loaded the
        // machine.
        set_input(page, "speed", "0", "input");
        page.session.wait_for_text("[data-testid=player] [data-testid=speed-value]", "0.01× real time");
        click(page, "play");
        let moved = page.session.wait_until(|| (step(page) > at).then_some(()));
        assert!(moved.is_some(), "playing advances the steps");
        click(page, "play");
        // The pause has been drawn (the button offers Play again) before the step is read.
        page.session.wait_for_text("[data-testid=play]", "Play");
        let paused_at = step(page);
        std::thread::sleep(std::time::Duration::from_millis(400));
        assert_eq!(step(page), paused_at, "pause stops the clock");
    });
}

#[test]
fn the_timeline_scrubs_and_the_log_jumps() {
    browser_test(ROOT, LESSON, |page| {
        open_player(page);
        set_input(page, "timeline", "300", "input");
        wait_for_step(page, 301);
        let session = &page.session;
        let rows = session.find_all("[data-testid=event-log] tbody tr button");
        assert!(rows.len() > 5, "the log shows the steps around the cursor");
        session.click(&rows[0]);
        wait_for_step(page, 295);
        click(page, "end");
        let last = step(page);
        assert!(position(page).contains(&format!("of {last}")), "{}", position(page));
        click(page, "start");
        wait_for_step(page, 1);
    });
}

#[test]
fn keyboard_shortcuts_drive_the_player() {
    browser_test(ROOT, LESSON, |page| {
        open_player(page);
        let session = &page.session;
        session.execute("document.querySelector('[data-testid=player]').focus()");
        session.press_key("\u{E014}"); // →
        wait_for_step(page, 2);
        session.press_key("\u{E012}"); // ←
        wait_for_step(page, 1);
        session.press_key("\u{E010}"); // End
        let last = step(page);
        assert!(last > 100, "End goes to the last step, not {last}");
        session.press_key("\u{E011}"); // Home
        wait_for_step(page, 1);
        let speed = session.text(&session.wait_for("[data-testid=speed-value]"));
        session.press_key("+");
        assert_ne!(session.text(&session.wait_for("[data-testid=speed-value]")), speed);
        // The slowest speed, so playback cannot reach the next chapter (where it pauses by
        // design) before the test has seen it play, however loaded the machine.
        for _ in 0..10 {
            session.press_key("-");
        }
        session.wait_for_text("[data-testid=speed-value]", "0.01× real time");
        session.press_key("\u{E00D}"); // Space
        session.wait_for_text("[data-testid=play]", "Pause");
        session.press_key("\u{E00D}");
        session.wait_for_text("[data-testid=play]", "Play");
        let rows = "return document.querySelectorAll('[data-testid=help-dialog] tbody tr').length";
        assert_eq!(session.execute(rows), json!(0), "the key list is made when first opened, not with the player");
        session.press_key("?");
        assert_eq!(session.execute("return document.querySelector('[data-testid=help-dialog]').open"), json!(true));
        let listed = session.wait_until(|| session.execute(rows).as_u64().filter(|count| *count >= 9));
        assert!(listed.is_some(), "the opened dialog lists every shortcut");
        session.press_key("\u{E00C}"); // Escape
        assert_eq!(session.execute("return document.querySelector('[data-testid=help-dialog]').open"), json!(false));
    });
}

#[test]
fn a_parameter_change_reruns_and_bad_values_are_refused() {
    browser_test(ROOT, LESSON, |page| {
        open_player(page);
        set_input(page, "timeline", "200", "input");
        wait_for_step(page, 201);
        let time_before = position(page).split(" · ").nth(1).map(str::to_string);
        let errors_before = metric(page, "errors");
        set_input(page, "param-error-rate", "0.6", "change");
        let changed = page.session.wait_until(|| (metric(page, "errors") != errors_before).then_some(()));
        assert!(changed.is_some(), "a higher error rate changes the error count");
        let time_after = position(page).split(" · ").nth(1).map(str::to_string);
        assert!(time_before.is_some());
        assert_eq!(time_after, time_before, "the same simulated moment after the re-run");

        set_input(page, "param-error-rate", "7", "change");
        page.session.wait_for_text("[data-testid=param-error-rate-error]", "Choose a value from 0 to 1.");
    });
}

#[test]
fn a_parameter_slider_works_by_keyboard_and_marks_the_change() {
    browser_test(ROOT, LESSON, |page| {
        open_player(page);
        let session = &page.session;
        let field = "[data-testid=player] [data-testid=param-error-rate]";
        let slider = "[data-testid=player] [data-testid=param-error-rate-slider]";
        let number = || session.execute(&format!("return Number(document.querySelector('{field}').value)")).as_f64().unwrap();
        let note_shown = || session.execute("return !document.querySelector('[data-testid=param-error-rate-changed]').hidden") == json!(true);
        // Late in the run, where many payments have been made.
        click(page, "end");
        let before = number();
        assert!(!note_shown(), "the lesson's value is not marked");
        let errors_before = metric(page, "errors");
        session.execute(&format!("document.querySelector('{slider}').focus()"));
        for _ in 0..20 {
            session.press_key("\u{E014}"); // →
        }
        let moved = session.wait_until(|| ((number() - (before + 0.2)).abs() < 1e-9).then_some(()));
        assert!(moved.is_some(), "twenty steps of 0.01 from {before}: the box shows {}", number());
        assert!(note_shown(), "a changed value is marked in words");
        let spoken = session.execute(&format!("return document.querySelector('{slider}').getAttribute('aria-valuetext')"));
        assert_eq!(spoken.as_str().map(|text| text.ends_with(" fraction")), Some(true), "the slider speaks its unit: {spoken}");
        let reran = session.wait_until(|| (metric(page, "errors") != errors_before).then_some(()));
        assert!(reran.is_some(), "the run follows the slider");
        click(page, "reset-params");
        let back = session.wait_until(|| (number() == before && !note_shown()).then_some(()));
        assert!(back.is_some(), "one click back to the lesson's values");
    });
}

/// Goes to step 41 and clicks the diagram's `test_id` (a component or a link) to choose it for
/// faults; the click is dispatched, as a message may sit on top of it.
fn choose_at_step_41(page: &Page, test_id: &str) {
    set_input(page, "timeline", "40", "input");
    wait_for_step(page, 41);
    let session = &page.session;
    session.wait_for(&format!("[data-testid={test_id}]"));
    session.execute_with(
        "document.querySelector(`[data-testid=${arguments[0]}]`).dispatchEvent(new MouseEvent('click', { bubbles: true }))",
        json!([test_id]),
    );
}

#[test]
fn a_fault_forks_the_run_and_the_original_returns() {
    browser_test(ROOT, LESSON, |page| {
        open_player(page);
        let session = &page.session;
        choose_at_step_41(page, "node-payments");
        session.wait_for("[data-testid=node-payments].node-selected");
        click(page, "fault-crash");
        session.wait_for_text("[data-testid=fault-list] li", "From step 41: payments crashed");
        click(page, "end");
        session.wait_for("[data-testid=node-payments].node-down");
        let dropped = session.text(&session.wait_for("[data-testid=error-kinds]"));
        assert!(dropped.contains("Lost to an injected fault") || dropped.contains("Server errors") || dropped.contains("No answer in time"), "{dropped}");
        click(page, "original-run");
        let healed = session.wait_until(|| session.find_all("[data-testid=node-payments].node-down").is_empty().then_some(()));
        assert!(healed.is_some(), "the original run has no crash");
    });
}

#[test]
fn a_share_link_round_trips_and_a_bad_one_degrades() {
    browser_test(ROOT, LESSON, |page| {
        open_player(page);
        let session = &page.session;
        set_input(page, "param-rate", "90", "change");
        set_input(page, "timeline", "120", "input");
        wait_for_step(page, 121);
        click(page, "share");
        let link = session.execute("return document.querySelector('[data-testid=share-link]').value");
        let link = link.as_str().expect("a link").to_string();
        assert!(link.contains("/lesson/api-gateway/#v=1&") && link.contains("p=rate:90"), "{link}");
        page.go("");
        session.wait_for("[data-testid=lesson-card]");
        session.navigate(&link);
        session.refresh();
        wait_for_step(page, 121);
        let rate = session.execute("return document.querySelector('[data-testid=param-rate]').value");
        assert_eq!(rate, json!("90"));

        page.go("lesson/api-gateway/#v=9&step=abc");
        session.refresh();
        session.wait_for("[data-testid=player-notice]");
        assert!(session.text(&session.wait_for("[data-testid=player-notice]")).contains("could not be opened"));
        wait_for_step(page, 1);
    });
}

#[test]
fn reduced_motion_jumps_and_never_autoplays() {
    browser_test(ROOT, "", |page| {
        let session = &page.session;
        session.devtools(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-reduced-motion", "value": "reduce" }] }),
        );
        page.go(LESSON);
        open_player(page);
        std::thread::sleep(std::time::Duration::from_millis(500));
        assert_eq!(step(page), 1, "nothing starts moving by itself");
        click(page, "play");
        let (before, after) = transforms_a_moment_apart(page);
        click(page, "play");
        let still = before.iter().filter(|(key, _)| after.contains_key(*key)).count();
        assert!(still > 0, "some messages stay in transit across the moment: {before:?} {after:?}");
        assert!(before.iter().all(|(key, place)| after.get(key).is_none_or(|later| later == place)), "messages sit still on their links: {before:?} {after:?}");
    });
}

/// Each message in transit and its place on the diagram, read twice 150 ms apart while playing.
fn transforms_a_moment_apart(page: &Page) -> (Map<String, Value>, Map<String, Value>) {
    let read = || {
        let places = page.session.execute(
            "return Object.fromEntries([...document.querySelectorAll('[data-testid=messages] [data-msg-key]')].map(e => [e.dataset.msgKey, e.getAttribute('transform')]))",
        );
        places.as_object().cloned().unwrap_or_default()
    };
    let before = page.session.wait_until(|| Some(read()).filter(|places| !places.is_empty())).expect("messages in transit while playing");
    std::thread::sleep(std::time::Duration::from_millis(150));
    (before, read())
}

#[test]
fn without_reduced_motion_messages_glide() {
    browser_test(ROOT, LESSON, |page| {
        open_player(page);
        let session = &page.session;
        click(page, "play");
        let glided = session.wait_until(|| {
            let (before, after) = transforms_a_moment_apart(page);
            before.iter().any(|(key, place)| after.get(key).is_some_and(|later| later != place)).then_some(())
        });
        click(page, "play");
        assert!(glided.is_some(), "messages move along their links");
    });
}

#[test]
fn a_chapter_breakpoint_pauses_playback_with_its_text() {
    let lessons = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let scenario = lab_content::load_scenario(&lessons, "api-gateway").expect("a valid scenario").expect("a scenario");
    let [first, second, ..] = scenario.sim.chapters.as_slice() else {
        panic!("the api-gateway lesson has at least two chapters")
    };
    browser_test(ROOT, LESSON, |page| {
        open_player(page);
        let session = &page.session;
        session.wait_for_text("[data-testid=chapter]", &format!("Chapter: {}", first.text));
        session.execute("document.querySelector('[data-testid=player]').focus()");
        for _ in 0..4 {
            session.press_key("+");
        }
        click(page, "play");
        let paused = session.wait_until(|| {
            let chapter = session.find_all("[data-testid=chapter]").into_iter().next()?;
            (step(page) > 1 && session.text(&chapter) == format!("Chapter: {}", second.text)).then_some(())
        });
        assert!(paused.is_some(), "playback stops at the next chapter with its text");
        session.wait_for_text("[data-testid=play]", "Play");
    });
}

fn dialog_open(page: &Page) -> bool {
    page.session.execute("return document.querySelector('[data-testid=message-dialog]').open") == json!(true)
}

fn active_attribute(page: &Page, name: &str) -> Value {
    page.session.execute_with("return document.activeElement.getAttribute(arguments[0])", json!([name]))
}

#[test]
fn a_message_card_shows_its_fields_and_history_and_gives_focus_back() {
    browser_test(ROOT, LESSON, |page| {
        open_player(page);
        let session = &page.session;
        // Step 4: the gateway has just sent the request on to payments, so it is on that link.
        set_input(page, "timeline", "3", "input");
        wait_for_step(page, 4);
        let key = session.execute(
            "const m = document.querySelector('[data-testid=messages] [data-msg-key]'); m.focus(); return m.dataset.msgKey",
        );
        assert!(key.is_string(), "a message is on the diagram: {key}");
        session.press_key("\u{E007}"); // Enter
        session.wait_until(|| dialog_open(page).then_some(())).expect("Enter opens the card");
        let id = session.text(&session.wait_for("[data-testid=message-id]"));
        assert!(id.starts_with('#'), "{id}");
        assert!(session.text(&session.wait_for("[data-testid=message-status]")).contains("consumed"));
        let hops = session.find_all("[data-testid=message-hops] tbody tr");
        assert!(hops.len() >= 4, "customer → api → payments → ledger and back: {} hops", hops.len());
        let first = session.text(&hops[0]);
        assert!(first.contains("customer → api"), "{first}");
        assert!(first.contains("ms"), "link, waiting and working times: {first}");
        wait_for_step(page, 4);
        session.press_key("\u{E00C}"); // Escape
        session.wait_until(|| (!dialog_open(page)).then_some(())).expect("Escape closes the card");
        assert_eq!(active_attribute(page, "data-msg-key"), key, "focus returns to the message");
        wait_for_step(page, 4);

        // The event log's message column opens the card too, and Close returns focus there.
        let button = session.wait_for("[data-testid=event-log] [data-log-msg]");
        let row = session.execute("return document.querySelector('[data-testid=event-log] [data-log-msg]').dataset.logMsg");
        session.click(&button);
        session.wait_until(|| dialog_open(page).then_some(())).expect("the log opens the card");
        click(page, "message-close");
        session.wait_until(|| (!dialog_open(page)).then_some(())).expect("Close closes the card");
        assert_eq!(active_attribute(page, "data-log-msg"), row, "focus returns to the log's button");
    });
}

#[test]
fn a_cut_link_loses_messages_and_a_repair_restores_it() {
    browser_test(ROOT, LESSON, |page| {
        open_player(page);
        let session = &page.session;
        choose_at_step_41(page, "link-api-payments");
        session.wait_for("[data-testid=link-api-payments] .link-selected");
        click(page, "fault-cut");
        session.wait_for_text("[data-testid=fault-list] li", "From step 41: link api → payments cut");
        set_input(page, "timeline", "400", "input");
        wait_for_step(page, 401);
        session.wait_for("[data-testid=link-api-payments] .link-cut");
        let label = session.text(&session.wait_for("[data-testid=link-api-payments] [data-testid=link-label]"));
        assert!(label.starts_with("✂ cut · ") && label.ends_with(" lost"), "{label}");
        let kinds = session.text(&session.wait_for("[data-testid=error-kinds]"));
        assert!(kinds.contains("Lost to an injected fault: "), "{kinds}");

        click(page, "fault-repair");
        session.wait_until(|| (session.find_all("[data-testid=fault-list] li").len() == 2).then_some(())).expect("two faults");
        click(page, "end");
        let repaired = session.wait_until(|| session.find_all("[data-testid=link-api-payments] .link-cut").is_empty().then_some(()));
        assert!(repaired.is_some(), "the link works again after the repair");
        let label = session.text(&session.wait_for("[data-testid=link-api-payments] [data-testid=link-label]"));
        assert!(label.ends_with(" lost") && !label.contains("cut"), "the losses stay counted: {label}");
    });
}

#[test]
fn the_plots_over_time_follow_the_cursor() {
    browser_test(ROOT, LESSON, |page| {
        open_player(page);
        let session = &page.session;
        session.wait_for("[data-testid=in-flight-plot]");
        let cursor = || session.execute("return document.querySelector('[data-testid=in-flight-plot] [data-testid=plot-cursor]').getAttribute('x1')");
        let before = cursor();
        set_input(page, "timeline", "500", "input");
        wait_for_step(page, 501);
        let after = cursor();
        assert_ne!(before, after, "the cursor moves with the timeline");
        let series = session.execute("return document.querySelector('[data-testid=in-flight-plot] path.series').getAttribute('d')");
        assert!(series.as_str().is_some_and(|d| d.matches(" L").count() > 10), "a series from the run: {series}");
    });
}

fn view_box(page: &Page) -> Vec<f64> {
    let text = page.session.execute("return document.querySelector('[data-testid=diagram-svg]').getAttribute('viewBox')");
    text.as_str().unwrap_or_default().split_whitespace().filter_map(|n| n.parse().ok()).collect()
}

#[test]
fn the_diagram_zooms_and_pans_by_buttons_keys_and_wheel_on_a_phone() {
    browser_test(ROOT, "", |page| {
        let session = &page.session;
        session.devtools(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": true }),
        );
        page.go(LESSON);
        open_player(page);
        let whole = view_box(page);
        assert_eq!(&whole[..2], &[0.0, 0.0]);
        let width = session.execute("return document.querySelector('[data-testid=diagram-svg]').getBoundingClientRect().width");
        assert!(width.as_f64().is_some_and(|w| w > 250.0 && w <= 360.0), "the diagram fits the phone: {width}");

        click(page, "zoom-in");
        session.wait_for_text("[data-testid=zoom-value]", "125%");
        let zoomed = view_box(page);
        assert!(zoomed[2] < whole[2] && zoomed[3] < whole[3], "{zoomed:?}");

        // Keys on the focused diagram pan it and do not step the player.
        session.execute("document.querySelector('[data-testid=diagram-svg]').focus()");
        session.press_key("\u{E014}"); // →
        let panned = session.wait_until(|| Some(view_box(page)).filter(|v| v[0] > zoomed[0]));
        assert!(panned.is_some(), "→ pans right");
        assert_eq!(step(page), 1, "the arrow panned instead of stepping");
        session.press_key("+");
        session.wait_for_text("[data-testid=zoom-value]", "156%");
        session.press_key("0");
        session.wait_for_text("[data-testid=zoom-value]", "100%");
        assert_eq!(view_box(page), whole);

        // The wheel zooms where the pointer is.
        session.execute(
            "const svg = document.querySelector('[data-testid=diagram-svg]'); const r = svg.getBoundingClientRect();
             svg.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, clientX: r.left + r.width * 0.9, clientY: r.top + r.height / 2, bubbles: true, cancelable: true }));",
        );
        session.wait_for_text("[data-testid=zoom-value]", "125%");
        assert!(view_box(page)[0] > 0.0, "zoomed towards the pointer on the right");
        // Fit by keyboard: the button is reachable and Enter presses it.
        session.execute("document.querySelector('[data-testid=zoom-reset]').focus()");
        session.press_key("\u{E007}"); // Enter
        session.wait_for_text("[data-testid=zoom-value]", "100%");
        // A phone widens its layout viewport to fit anything too wide, so check that too.
        let widths = session.execute("return [document.documentElement.scrollWidth, window.innerWidth]");
        assert_eq!(widths, json!([360, 360]), "no horizontal scrolling at 360 px");
    });
}

/// The compare table's row `name` as (first run, second run).
fn compare_row(page: &Page, name: &str) -> (String, String) {
    let cells = page.session.execute_with(
        "const row = [...document.querySelectorAll('[data-testid=compare-table] tbody tr')].find(r => r.querySelector('th').textContent === arguments[0]);
         return row ? [...row.querySelectorAll('td')].map(td => td.textContent) : null;",
        json!([name]),
    );
    let cells: Vec<String> = serde_json::from_value(cells).unwrap_or_else(|e| panic!("no row {name}: {e}"));
    (cells[0].clone(), cells[1].clone())
}

#[test]
fn two_parameter_sets_run_side_by_side() {
    browser_test(ROOT, LESSON, |page| {
        open_player(page);
        let session = &page.session;
        click(page, "compare-params");
        session.wait_for("[data-testid=compare-table]");
        let (mine, lesson) = compare_row(page, "Errors");
        assert_eq!(mine, lesson, "unchanged parameters run the same");
        set_input(page, "param-error-rate", "0.6", "change");
        let more = session.wait_until(|| {
            let (mine, lesson) = compare_row(page, "Errors");
            (mine.parse::<u64>().ok()? > lesson.parse::<u64>().ok()?).then_some(())
        });
        assert!(more.is_some(), "more errors with the higher error rate: {:?}", compare_row(page, "Errors"));
        let (a, b) = compare_row(page, "Requests");
        assert_eq!(a, b, "the same workload on both sides");
        let (p99, _) = compare_row(page, "Caller latency p99");
        assert!(p99.ends_with(" ms"), "{p99}");
    });
}

/// Steps through a run by the timeline, a tenth at a time, until `probe` finds something.
fn scrub_until<T>(page: &Page, mut probe: impl FnMut() -> Option<T>) -> Option<T> {
    click(page, "end");
    let last = step(page);
    (0..=40).find_map(|k| {
        set_input(page, "timeline", &(last * k / 40).to_string(), "input");
        probe()
    })
}

#[test]
fn on_a_wide_screen_the_player_stays_beside_the_text_while_it_scrolls() {
    browser_test(ROOT, LESSON, |page| {
        let session = &page.session;
        session.devtools("Emulation.setDeviceMetricsOverride", json!({ "width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": false }));
        open_player(page);
        let place = || {
            session.execute(
                "const box = e => document.querySelector(e).getBoundingClientRect();
                 const text = box('[data-testid=lesson-text]'), player = box('[data-testid=player-slot]');
                 return { beside: player.left >= text.right, top: player.top, bottom: player.bottom, height: innerHeight };",
            )
        };
        // While the text still fills the window (below it, the page ends and the player with it).
        let reading = session.execute(
            "return document.querySelector('[data-testid=lesson-text]').getBoundingClientRect().bottom + scrollY - innerHeight",
        );
        let reading = reading.as_f64().unwrap();
        assert!(reading > 2000.0, "a long text: {reading}");
        for scrolled in [0.0, reading / 2.0, reading] {
            session.execute(&format!("window.scrollTo(0, {scrolled})"));
            let at = session.wait_until(|| Some(place()).filter(|p| p["beside"] == json!(true))).expect("the player beside the text");
            let (top, bottom, height) = (at["top"].as_f64().unwrap(), at["bottom"].as_f64().unwrap(), at["height"].as_f64().unwrap());
            assert!(top >= 0.0 && top < height && bottom > height / 2.0, "in view after scrolling {scrolled} px: {at}");
        }
        let overflow = session.execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assert_eq!(overflow, json!(0), "no horizontal scrolling");
        assert_eq!(dock_shown(page), json!(false), "the player is in view, so its bar is not");
    });
}

fn dock_shown(page: &Page) -> Value {
    page.session.execute("return !document.querySelector('[data-testid=player-dock]').hidden")
}

#[test]
fn on_a_phone_a_bar_follows_the_reader_and_nothing_overflows() {
    browser_test(ROOT, "lesson/sync-vs-async/", |page| {
        let session = &page.session;
        session.devtools("Emulation.setDeviceMetricsOverride", json!({ "width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": true }));
        open_player(page);
        session.wait_for("html[data-player-ready]");
        let overflow = || session.execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        session.execute("window.scrollTo(0, 0)");
        assert!(session.wait_until(|| (dock_shown(page) == json!(true)).then_some(())).is_some(), "reading the text, the bar shows");
        assert_eq!(overflow(), json!(0), "no horizontal scrolling at the top");

        // A sentence of the text plays the simulation; the bar says so where the reader is.
        session.execute("document.querySelector(\"[data-action='p=sales-time:800&play']\").scrollIntoView({ block: 'center' })");
        click_action(page, "p=sales-time:800&play");
        let pressed = session.execute("return document.querySelector('[data-testid=dock-play]').getAttribute('aria-pressed')");
        assert_eq!(pressed, json!("true"), "the bar shows the run playing");
        click(page, "dock-play");
        let status = session.text(&session.wait_for("[data-testid=dock-status]"));
        assert!(status.starts_with("Step "), "{status}");

        click(page, "dock-show");
        assert!(session.wait_until(|| (dock_shown(page) == json!(false)).then_some(())).is_some(), "at the player, the bar goes");
        let focused = session.execute("return document.activeElement.dataset.testid");
        assert_eq!(focused, json!("player"), "the player has the focus");
        assert_eq!(overflow(), json!(0), "no horizontal scrolling at the player");
        session.execute("window.scrollTo(0, document.body.scrollHeight)");
        assert_eq!(overflow(), json!(0), "no horizontal scrolling at the end");
    });
}

fn param_value(page: &Page, name: &str) -> Value {
    page.session.execute(&format!("return document.querySelector('[data-testid=player] [data-testid=param-{name}]').value"))
}

fn click_action(page: &Page, action: &str) {
    let session = &page.session;
    session.click(&session.wait_for(&format!("[data-testid=text-action][data-action='{action}']")));
}

#[test]
fn a_sentence_of_the_text_sets_what_it_names_plays_and_the_share_link_keeps_it() {
    browser_test(ROOT, "lesson/sync-vs-async/", |page| {
        open_player(page);
        let session = &page.session;
        session.wait_for("html[data-player-ready]");
        set_input(page, "param-rate", "30", "change");
        let concurrency = param_value(page, "payments-concurrency");
        set_input(page, "timeline", "200", "input");
        wait_for_step(page, 201);

        click_action(page, "p=sales-time:800&play");
        assert_eq!(param_value(page, "sales-time"), json!("800"), "the named parameter is set");
        assert_eq!(param_value(page, "rate"), json!("30"), "the learner's other change stays");
        assert_eq!(param_value(page, "payments-concurrency"), concurrency, "parameters it does not name stay");
        let playing = session.execute("return document.querySelector('[data-testid=player] [data-testid=play]').getAttribute('aria-pressed')");
        assert_eq!(playing, json!("true"), "it plays");
        assert!(step(page) < 200, "from the start of the new run: {}", position(page));

        click_action(page, "chapter=3");
        let chapter = session.text(&session.wait_for("[data-testid=player] [data-testid=chapter]"));
        assert!(chapter.contains("throttle"), "the jump shows the chapter it names: {chapter}");
        click(page, "share");
        let link = session.execute("return document.querySelector('[data-testid=share-link]').value");
        let link = link.as_str().expect("a link");
        assert!(link.contains("sales-time:800") && link.contains("rate:30"), "{link}");

        click_action(page, "reset&play");
        assert_eq!(param_value(page, "sales-time"), json!("200"), "reset goes back to the lesson's values");
        assert_eq!(param_value(page, "rate"), json!("20"));
    });
}

#[test]
fn a_prediction_is_graded_by_the_run_it_makes() {
    browser_test(ROOT, "lesson/sync-vs-async/", |page| {
        open_player(page);
        let session = &page.session;
        session.wait_for("html[data-player-ready]");
        let commit = |band: usize| {
            session.execute(&format!(
                "const form = document.querySelector('[data-testid=prediction]');
                 form.scrollIntoView({{ block: 'center' }});
                 form.querySelectorAll('input[name=guess]')[{band}].checked = true;"
            ));
            session.click(&session.wait_for("[data-testid=prediction] button[type=submit]"));
            session.wait_until(|| Some(session.text(&session.wait_for("[data-testid=prediction-verdict]"))).filter(|t| !t.is_empty())).expect("a verdict")
        };
        let first = commit(0);
        assert_eq!(param_value(page, "sales-time"), json!("800"), "committing makes the prediction's run");
        let total = session.text(&session.wait_for("[data-testid=metric-throttled] ~ .counter-total"));
        let throttled: f64 = total.trim_start_matches("run total ").parse().unwrap_or_else(|_| panic!("{total}"));
        assert!(first.contains(&format!("run gave {throttled} ")), "the verdict reads the run the player shows: {first} / {total}");
        let bounds: Vec<f64> = serde_json::from_str::<Value>(session.execute("return document.querySelector('[data-testid=prediction]').dataset.prediction").as_str().unwrap()).unwrap()["choices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|band| band["below"].as_f64().unwrap_or(f64::INFINITY))
            .collect();
        let right = bounds.iter().position(|below| throttled < *below).unwrap();
        assert_eq!(first.starts_with("Right."), right == 0, "{first}");
        let second = commit(right);
        assert!(second.starts_with("Right."), "the band holding {throttled} is right: {second}");
    });
}

#[test]
fn a_figure_in_the_text_plays_on_its_own_and_leaves_the_lessons_player_alone() {
    browser_test(ROOT, "lesson/messaging-mechanics/", |page| {
        open_player(page);
        let session = &page.session;
        let before = step(page);
        session.execute("document.querySelector('[data-figure=outbox]').scrollIntoView()");
        let figure = "[data-figure=outbox] [data-testid=figure-player]";
        session.wait_for(figure);
        let figure_step = || {
            let text = session.text(&session.wait_for(&format!("{figure} [data-testid=position]")));
            text.split_whitespace().nth(1).and_then(|n| n.parse::<usize>().ok()).unwrap_or(0)
        };
        assert_eq!(figure_step(), 1, "a figure starts at its first step");
        session.click(&session.wait_for(&format!("{figure} [data-testid=play]")));
        let moved = session.wait_until(|| (figure_step() > 5).then_some(()));
        assert!(moved.is_some(), "the figure plays: {}", figure_step());
        assert_eq!(step(page), before, "the lesson's own player did not move");
        // A figure has its own ids: none repeats on the page.
        let repeated = session.execute(
            "const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
             return ids.filter((id, i) => ids.indexOf(id) !== i);",
        );
        assert_eq!(repeated, json!([]), "ids used twice");
        let other = session.execute("return document.querySelector('[data-figure=fifo-vs-standard]') !== null");
        assert_eq!(other, json!(true), "the lesson's second figure has its place");
    });
}

#[test]
fn a_state_machine_lights_the_states_its_executions_are_in() {
    browser_test(ROOT, "lesson/sagas/", |page| {
        open_player(page);
        let session = &page.session;
        session.wait_for("[data-testid^=machine-] .sm-state");
        let lit = scrub_until(page, || {
            let active = session.find_all("[data-testid^=machine-] .sm-state-active");
            active.first().map(|e| session.text(e))
        });
        let lit = lit.expect("some step has a running execution in a lit state");
        assert!(lit.starts_with("▶ ") && lit.ends_with(')'), "marked, not by colour alone: {lit}");
    });
}

#[test]
fn a_breaker_shows_its_state_and_its_plot_and_a_dead_letter_queue_is_named() {
    browser_test(ROOT, "lesson/partial-failure/", |page| {
        open_player(page);
        let session = &page.session;
        let series = session.execute("return document.querySelector('[data-testid=breaker-plot] path.series').getAttribute('d')");
        assert!(series.as_str().is_some_and(|d| d.starts_with("M0.0,")), "the breaker's state over the run: {series}");
        let words = scrub_until(page, || {
            let status = session.text(&session.wait_for("[data-testid=node-breaker] [data-testid=node-status]"));
            (status.contains("OPEN") || status.contains("half-open")).then_some(status)
        });
        assert!(words.is_some(), "the breaker opens at some step of the lesson");
    });
    browser_test(ROOT, "lesson/decouple-messaging/", |page| {
        open_player(page);
        page.session.wait_for("[aria-label*='dead letter queue']");
    });
}

/// Past a hundred messages on the diagram, they are drawn as one path per look (each message
/// still in its place); below that, each is an element of its own that can be clicked.
#[test]
fn a_crowd_of_messages_is_drawn_as_one_path_per_look() {
    browser_test(ROOT, "lesson/scalable-webhook/", |page| {
        open_player(page);
        let session = &page.session;
        let count = || {
            let counts = session.execute(
                "const g = document.querySelector('[data-testid=messages]');
                 const crowd = [...g.querySelectorAll('[data-testid=message-crowd] path')].map(p => (p.getAttribute('d').match(/M/g) || []).length);
                 return [Number(g.dataset.inTransit), g.querySelectorAll('[data-msg-key]').length, crowd.reduce((a, b) => a + b, 0)];",
            );
            let number = |i: usize| counts[i].as_u64().unwrap_or_default();
            (number(0), number(1), number(2))
        };
        set_input(page, "timeline", "150", "input");
        wait_for_step(page, 151);
        let (in_transit, one_by_one, in_crowd) = count();
        assert!(in_transit > 100, "the webhook burst puts over a hundred messages on the link: {in_transit}");
        assert_eq!((one_by_one, in_crowd), (0, in_transit), "all drawn in the crowd");
        page.go(LESSON);
        open_player(page);
        set_input(page, "timeline", "40", "input");
        wait_for_step(page, 41);
        let (in_transit, one_by_one, in_crowd) = count();
        assert!(in_transit > 0 && in_transit <= 100, "{in_transit}");
        assert_eq!((one_by_one, in_crowd), (in_transit, 0), "each drawn on its own");
    });
}
