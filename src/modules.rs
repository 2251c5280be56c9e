//! The app's later downloads: wasm-bindgen modules of their own, each started only when a page
//! needs it, and prefetched when the learner is idle on a page that links to one.
//!
//! - the player module (`crates/player`): the simulation engine, the rule languages and the
//!   player's views, for a lesson's simulation or a simulator-graded question
//!   ([`crate::player_module`]);
//! - the quiz module (`src/bin/lab-quizzes.rs`): the quiz pages, their questions and the final
//!   assessment ([`crate::quiz_module`]);
//! - the sandbox module (`crates/sandbox`): the sandbox page, with its own copy of the player
//!   and a TOML parser ([`crate::views::sandbox`]).
//!
//! Each page names a module's script in a meta tag (the name carries a content hash, known only
//! once the module is built). Modules share no memory with the shell: what crosses is text and
//! DOM elements, and a module's failure comes back as a message.

/// A module the shell loads on demand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Module {
    /// The meta tag naming its script, and the stem Trunk gives its files.
    pub name: &'static str,
    /// Where the loading module is kept on `globalThis`, so every caller (and a page's own
    /// start script) shares one download.
    global: &'static str,
}

pub const PLAYER: Module = Module { name: "lab-player", global: "labPlayerModule" };
pub const QUIZZES: Module = Module { name: "lab-quizzes", global: "labQuizModule" };
pub const SANDBOX: Module = Module { name: "lab-sandbox", global: "labSandboxModule" };
/// The sandbox's own styles, beside the app: the sandbox page links them, and opened from
/// another page, its module adds the link.
pub const SANDBOX_STYLESHEET: &str = "sandbox.css";
/// The meta tag naming the player's stylesheet, which pages without a player do not link.
pub const PLAYER_STYLES_META: &str = "lab-player-styles";
/// Every module, for the build (which names their files by content) and the size report.
pub const ALL: [Module; 3] = [PLAYER, QUIZZES, SANDBOX];
/// The modules fetched ahead while a learner is idle: those most pages lead to. The sandbox is
/// fetched only by its own page.
const PREFETCHED: [Module; 2] = [PLAYER, QUIZZES];

impl Module {
    /// The script Trunk writes, before the build names it by content.
    pub fn built_script(&self) -> String {
        format!("{}.js", self.name)
    }
}

/// The module's wasm file, beside its script: `lab-player-<hash>.js` → `lab-player-<hash>_bg.wasm`.
pub fn wasm_file_of(script: &str) -> String {
    format!("{}_bg.wasm", script.strip_suffix(".js").unwrap_or(script))
}

pub use browser::*;

/// In the browser only.
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::js_sys::{Function, Promise, Reflect};

    use lab_i18n::shell as msg;

    use super::{wasm_file_of, Module};
    use crate::dom::meta_content;
    use crate::site;

    #[wasm_bindgen(inline_js = r#"
export function load_module(global, script, wasm) {
    if (!globalThis[global]) {
        const loading = import(script).then(async (module) => {
            await module.default({ module_or_path: wasm });
            return module;
        });
        loading.catch(() => { globalThis[global] = null; });
        globalThis[global] = loading;
    }
    return globalThis[global];
}
export function prefetch(url, as) {
    const link = document.createElement("link");
    link.rel = "prefetch";
    link.href = url;
    if (as) { link.as = as; link.crossOrigin = "anonymous"; }
    document.head.appendChild(link);
}
export function link_stylesheet(url) {
    const href = new URL(url, location.href).href;
    if ([...document.querySelectorAll("link[rel=stylesheet]")].some((link) => link.href === href)) return;
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
}
export function when_near(element, start) {
    let started = false;
    const go = () => {
        if (started) return;
        started = true;
        observer.disconnect();
        start();
    };
    // A screen ahead, so the view is drawn before it scrolls into sight.
    const observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) go();
    }, { rootMargin: "100% 0px" });
    observer.observe(element);
    element.addEventListener("focusin", go, { once: true });
}
"#)]
    extern "C" {
        fn load_module(global: &str, script: &str, wasm: &str) -> Promise;
        fn prefetch(url: &str, as_: &str);
        fn link_stylesheet(url: &str);
        /// Runs `start` once `element` comes within a screen of the view, or takes focus.
        pub fn when_near(element: &web_sys::Element, start: JsValue);
    }

    /// Links the player's stylesheet (named by the page's meta tag) unless the page has it: a
    /// page without a player leaves it out of its first download.
    pub fn link_player_styles() {
        if let Some(file) = meta_content(super::PLAYER_STYLES_META) {
            link_stylesheet(&site::asset(&file));
        }
    }

    /// Seconds of quiet on a page before the modules are prefetched.
    const IDLE_BEFORE_PREFETCH_MS: u64 = 3000;

    fn script_file(module: Module) -> Option<String> {
        meta_content(module.name)
    }

    /// The loaded module (its exports), loading it on first use; later calls share it.
    pub async fn load(module: Module) -> Result<JsValue, String> {
        let script = script_file(module).ok_or_else(|| msg::MODULE_NOT_NAMED.text())?;
        let wasm = wasm_file_of(&script);
        JsFuture::from(load_module(module.global, &site::asset(&script), &site::asset(&wasm)))
            .await
            .map_err(|_| msg::MODULE_DOWNLOAD_FAILED.text().to_string())
    }

    /// Calls the module's export `name` with `args`; its error (a message) comes back as text.
    pub fn call(exports: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, String> {
        let function: Function = Reflect::get(exports, &JsValue::from_str(name))
            .ok()
            .and_then(|value| value.dyn_into().ok())
            .ok_or_else(|| msg::MODULE_MISSING_EXPORT.with(&[("name", &name)]))?;
        let array = web_sys::js_sys::Array::new();
        for arg in args {
            array.push(arg);
        }
        function.apply(&JsValue::NULL, &array).map_err(|error| error.as_string().unwrap_or_else(|| msg::MODULE_FAILED.text().to_string()))
    }

    /// Something a module mounted; dropping it does not unmount, [`Mounted::unmount`] does.
    pub struct Mounted(pub(crate) JsValue);

    impl Mounted {
        pub fn unmount(&self) {
            if let Ok(free) = Reflect::get(&self.0, &JsValue::from_str("free")).and_then(|f| f.dyn_into::<Function>()) {
                let _ = free.call0(&self.0);
            }
        }
    }

    /// After a quiet moment on a page, the modules are fetched into the browser's cache and the
    /// player's styles linked, unless the learner asked the browser to save data.
    pub fn prefetch_when_idle() {
        let save_data = Reflect::get(&window().navigator(), &JsValue::from_str("connection"))
            .ok()
            .filter(|connection| !connection.is_undefined())
            .and_then(|connection| Reflect::get(&connection, &JsValue::from_str("saveData")).ok())
            .is_some_and(|flag| flag.is_truthy());
        if save_data {
            return;
        }
        set_timeout(
            || {
                link_player_styles();
                for module in super::PREFETCHED {
                    if let Some(script) = script_file(module) {
                        prefetch(&site::asset(&script), "script");
                        prefetch(&site::asset(&wasm_file_of(&script)), "fetch");
                    }
                }
            },
            std::time::Duration::from_millis(IDLE_BEFORE_PREFETCH_MS),
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_wasm_sits_beside_the_script() {
        assert_eq!(super::wasm_file_of("lab-player-0123.js"), "lab-player-0123_bg.wasm");
    }
}
