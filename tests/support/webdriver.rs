//! A minimal W3C WebDriver client for ChromeDriver: just the calls the browser tests use.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The key W3C WebDriver uses to mark an element reference in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
const WAIT_LIMIT: Duration = Duration::from_secs(10);

/// A headless Chromium session, with its own ChromeDriver process and profile.
pub struct Session {
    driver: Child,
    base: String,
    profile: PathBuf,
}

#[derive(Clone, Debug)]
pub struct Element(String);

impl Session {
    pub fn start() -> Session {
        Session::try_start(false).unwrap_or_else(|error| panic!("{error}"))
    }

    /// A fresh browser (new profile, so an empty cache). With `network_log`, ChromeDriver also
    /// records Chromium's network events for `network_events` (the loading benchmark's use).
    pub fn try_start(network_log: bool) -> Result<Session, String> {
        let chromedriver = try_env("CHROMEDRIVER")?;
        let chrome = try_env("CHROME_BIN")?;
        let (mut session, driver_url) = start_driver(&chromedriver)?;
        let logs = if network_log { json!({ "browser": "ALL", "performance": "ALL" }) } else { json!({ "browser": "ALL" }) };
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:loggingPrefs": logs,
            "goog:chromeOptions": {
                "binary": chrome,
                // The flags a root process on a closed network needs (see TOOLCHAIN notes).
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", "--window-size=1280,900",
                         format!("--user-data-dir={}", session.profile.display())]
            }
        }}});
        let created = try_post(&format!("{driver_url}/session"), &capabilities)?;
        let id = created["sessionId"].as_str().ok_or_else(|| format!("ChromeDriver started no session: {created}"))?;
        session.base = format!("{driver_url}/session/{id}");
        Ok(session)
    }

    pub fn navigate(&self, url: &str) {
        self.post(&["url"], json!({ "url": url }));
    }

    /// Navigates, returning the browser's error (e.g. `net::ERR_INTERNET_DISCONNECTED`).
    pub fn try_navigate(&self, url: &str) -> Result<(), String> {
        self.try_post(&["url"], json!({ "url": url })).map(drop)
    }

    pub fn refresh(&self) {
        self.post(&["refresh"], json!({}));
    }

    pub fn back(&self) {
        self.post(&["back"], json!({}));
    }

    pub fn current_url(&self) -> String {
        self.get(&["url"]).as_str().unwrap_or_default().to_string()
    }

    pub fn execute(&self, script: &str) -> Value {
        self.execute_with(script, json!([]))
    }

    /// Runs `script` with `arguments` bound to `args` (a JSON array).
    pub fn execute_with(&self, script: &str, args: Value) -> Value {
        self.post(&["execute", "sync"], json!({ "script": script, "args": args }))
    }

    pub fn try_execute_with(&self, script: &str, args: Value) -> Result<Value, String> {
        self.try_post(&["execute", "sync"], json!({ "script": script, "args": args }))
    }

    /// The element a script returns, if it returns one.
    pub fn element_from_script(&self, script: &str, args: Value) -> Option<Element> {
        element_of(&self.execute_with(script, args))
    }

    /// Types into an element; for a file input, the text is the path of the file to choose.
    pub fn type_text(&self, element: &Element, text: &str) {
        self.post(&["element", &element.0, "value"], json!({ "text": text }));
    }

    /// Runs a Chrome DevTools Protocol command (emulated media, device metrics, performance
    /// metrics) and returns its result.
    pub fn devtools(&self, command: &str, params: Value) -> Value {
        self.post(&["goog", "cdp", "execute"], json!({ "cmd": command, "params": params }))
    }

    pub fn try_devtools(&self, command: &str, params: Value) -> Result<Value, String> {
        self.try_post(&["goog", "cdp", "execute"], json!({ "cmd": command, "params": params }))
    }

    /// Chromium's network events (`{"method": "Network.…", "params": …}`) since the last call;
    /// the session must have been started with `network_log`.
    pub fn network_events(&self) -> Result<Vec<Value>, String> {
        let entries = self.try_post(&["se", "log"], json!({ "type": "performance" }))?;
        let messages = entries.as_array().into_iter().flatten().filter_map(|entry| entry["message"].as_str());
        Ok(messages
            .filter_map(|message| serde_json::from_str::<Value>(message).ok())
            .map(|logged| logged["message"].clone())
            .filter(|event| event["method"].as_str().is_some_and(|method| method.starts_with("Network.")))
            .collect())
    }

    pub fn find_all(&self, css: &str) -> Vec<Element> {
        let found = self.post(&["elements"], json!({ "using": "css selector", "value": css }));
        found.as_array().map(|items| items.iter().filter_map(element_of).collect()).unwrap_or_default()
    }

    /// Waits for the first element matching `css`, failing the test after a timeout.
    pub fn wait_for(&self, css: &str) -> Element {
        let element = self.wait_until(|| self.find_all(css).into_iter().next());
        element.unwrap_or_else(|| panic!("no element matches `{css}` after {WAIT_LIMIT:?} at {}{}", self.current_url(), self.diagnosis()))
    }

    /// Waits until the first element matching `css` has exactly `text`.
    pub fn wait_for_text(&self, css: &str, text: &str) -> Element {
        let found = self.wait_until(|| self.find_all(css).into_iter().next().filter(|element| self.text(element) == text));
        found.unwrap_or_else(|| {
            let seen: Vec<String> = self.find_all(css).iter().map(|element| self.text(element)).collect();
            panic!("`{css}` never showed {text:?}; it shows {seen:?}{}", self.diagnosis())
        })
    }

    /// What the page logged, for a failing wait's message: usually the reason it failed.
    fn diagnosis(&self) -> String {
        let logs = self.post(&["se", "log"], json!({ "type": "browser" }));
        let loads = self.execute("return performance.getEntriesByType('resource').map(e => `${e.name.split('/').pop()} ${Math.round(e.duration)} ms`).join(', ')");
        format!("\nbrowser log: {logs}\nloaded: {loads}")
    }

    pub fn wait_until<T>(&self, mut probe: impl FnMut() -> Option<T>) -> Option<T> {
        let started = Instant::now();
        loop {
            if let Some(value) = probe() {
                return Some(value);
            }
            if started.elapsed() > WAIT_LIMIT {
                return None;
            }
            sleep(Duration::from_millis(50));
        }
    }

    /// An element's text. One the page has re-rendered since it was found has none any more
    /// (WebDriver's "stale element reference"), so a wait looking for a text looks again.
    pub fn text(&self, element: &Element) -> String {
        let url = format!("{}/element/{}/text", self.base, element.0);
        match ureq::get(&url).call() {
            Err(ureq::Error::Status(404, response)) => {
                let body = response.into_string().unwrap_or_default();
                assert!(body.contains("stale element reference"), "WebDriver {url} answered 404: {body}");
                String::new()
            }
            result => into_value(result, &url).as_str().unwrap_or_default().to_string(),
        }
    }

    pub fn click(&self, element: &Element) {
        self.post(&["element", &element.0, "click"], json!({}));
    }

    /// The handle of the window (tab) commands go to.
    pub fn window_handle(&self) -> String {
        self.get(&["window"]).as_str().unwrap_or_default().to_string()
    }

    /// Opens a new tab of the same browser (same profile and storage) and switches to it.
    pub fn new_window(&self) {
        let created = self.post(&["window", "new"], json!({ "type": "tab" }));
        let handle = created["handle"].as_str().unwrap_or_else(|| panic!("no handle in {created}")).to_string();
        self.switch_to_window(&handle);
    }

    pub fn switch_to_window(&self, handle: &str) {
        self.post(&["window"], json!({ "handle": handle }));
    }

    /// Sends later commands into the page's `index`th frame (0 for its first iframe).
    pub fn switch_to_frame(&self, index: u64) {
        self.post(&["frame"], json!({ "id": index }));
    }

    /// Sends later commands to the page itself again, out of any frame.
    pub fn switch_to_top(&self) {
        self.post(&["frame"], json!({ "id": null }));
    }

    /// Presses and releases one key (a W3C key code such as "\u{E004}" for Tab).
    pub fn press_key(&self, key: &str) {
        let actions = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": [
            { "type": "keyDown", "value": key }, { "type": "keyUp", "value": key }
        ]}]});
        self.post(&["actions"], actions);
    }

    /// Holds `keys` down in order and releases them in reverse: a chord such as Control+Z.
    pub fn press_chord(&self, keys: &[&str]) {
        let down = keys.iter().map(|key| json!({ "type": "keyDown", "value": key }));
        let up = keys.iter().rev().map(|key| json!({ "type": "keyUp", "value": key }));
        let actions = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": down.chain(up).collect::<Vec<_>>() }]});
        self.post(&["actions"], actions);
    }

    /// Console messages at error level, uncaught exceptions, failed loads and CSP violations
    /// since the last call.
    pub fn severe_logs(&self) -> Vec<String> {
        let entries = self.post(&["se", "log"], json!({ "type": "browser" }));
        entries
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter(|entry| entry["level"] == "SEVERE")
                    .map(|entry| entry["message"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn get(&self, path: &[&str]) -> Value {
        let url = format!("{}/{}", self.base, path.join("/"));
        into_value(ureq::get(&url).call(), &url)
    }

    fn post(&self, path: &[&str], body: Value) -> Value {
        post(&format!("{}/{}", self.base, path.join("/")), &body)
    }

    fn try_post(&self, path: &[&str], body: Value) -> Result<Value, String> {
        try_post(&format!("{}/{}", self.base, path.join("/")), &body)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if !self.base.is_empty() {
            let _ = ureq::delete(&self.base).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn post(url: &str, body: &Value) -> Value {
    into_value(ureq::post(url).send_json(body), url)
}

fn try_post(url: &str, body: &Value) -> Result<Value, String> {
    try_value(ureq::post(url).send_json(body), url)
}

fn into_value(result: Result<ureq::Response, ureq::Error>, url: &str) -> Value {
    try_value(result, url).unwrap_or_else(|error| panic!("{error}"))
}

/// WebDriver answers `{"value": ...}`, with an error object and a 4xx/5xx status on failure.
fn try_value(result: Result<ureq::Response, ureq::Error>, url: &str) -> Result<Value, String> {
    match result {
        Ok(response) => {
            let body: Value = response.into_json().map_err(|error| format!("{url}: bad JSON: {error}"))?;
            Ok(body.get("value").cloned().unwrap_or(body))
        }
        Err(ureq::Error::Status(status, response)) => {
            let body = response.into_string().unwrap_or_default();
            Err(format!("WebDriver {url} answered {status}: {body}"))
        }
        Err(error) => Err(format!("WebDriver {url}: {error}")),
    }
}

fn element_of(value: &Value) -> Option<Element> {
    value.get(ELEMENT_KEY).and_then(Value::as_str).map(|id| Element(id.to_string()))
}

/// How long ChromeDriver may take to answer: longer than an element's wait, since a machine
/// busy building (CI's, with tests running in parallel) starts processes slowly.
const DRIVER_START_LIMIT: Duration = Duration::from_secs(30);
/// A driver that quits at start (its port taken between our check and its bind) is started
/// again on another port.
const DRIVER_ATTEMPTS: usize = 3;

/// A ChromeDriver answering on a free port, inside a session (without a browser yet) that
/// ends it and its profile when dropped; and the driver's address.
fn start_driver(chromedriver: &str) -> Result<(Session, String), String> {
    let mut problem = String::new();
    for _ in 0..DRIVER_ATTEMPTS {
        let port = free_port()?;
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| format!("cannot start ChromeDriver {chromedriver}: {error}"))?;
        let driver_url = format!("http://127.0.0.1:{port}");
        let profile = std::env::temp_dir().join(format!("lab-browser-test-{}-{port}", std::process::id()));
        // Built now, so a session that fails to start still ends its driver and profile.
        let mut session = Session { driver, base: String::new(), profile };
        match wait_until_ready(&mut session.driver, &driver_url) {
            Ok(()) => return Ok((session, driver_url)),
            Err(error) => problem = error,
        }
    }
    Err(problem)
}

fn wait_until_ready(driver: &mut Child, driver_url: &str) -> Result<(), String> {
    let started = Instant::now();
    while started.elapsed() < DRIVER_START_LIMIT {
        if ureq::get(&format!("{driver_url}/status")).call().is_ok() {
            return Ok(());
        }
        if let Ok(Some(status)) = driver.try_wait() {
            return Err(format!("ChromeDriver quit at start ({status}) at {driver_url}"));
        }
        sleep(Duration::from_millis(50));
    }
    Err(format!("ChromeDriver did not start at {driver_url} within {DRIVER_START_LIMIT:?}"))
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|error| format!("no free local port: {error}"))?;
    listener.local_addr().map(|address| address.port()).map_err(|error| format!("no free local port: {error}"))
}

pub fn required_env(name: &str) -> String {
    try_env(name).unwrap_or_else(|error| panic!("{error}"))
}

fn try_env(name: &str) -> Result<String, String> {
    std::env::var(name)
        .map_err(|_| format!("{name} is not set: run the browser tests with `cargo xtask test`, which installs Chromium and sets it"))
}

/// The release build the tests serve: `LAB_DIST`, set by `cargo xtask test`.
pub fn dist_dir() -> PathBuf {
    let dist = PathBuf::from(required_env("LAB_DIST"));
    assert!(
        Path::new(&dist).join("index.html").is_file(),
        "{} has no index.html: build it with `cargo xtask dist` or run `cargo xtask test`",
        dist.display()
    );
    dist
}
