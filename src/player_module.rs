//! The player module (`crates/player`): the simulation engine, the rule languages and the
//! player's views, a second download the shell starts only when a page needs it (a lesson's
//! simulation, a simulator-graded question), and prefetches when the learner is idle on a page
//! that links to one. Each page names the module's file in its `lab-player` meta tag (the name
//! carries a content hash, known only once the module is built). The two modules share no
//! memory: the shell hands over the lesson's data file as text, and gets back a handle, or
//! for a quiz question a [`lab_quiz::MeasuredRun`] as JSON.

pub use browser::*;

/// The name of the meta tag with the module's script file.
pub const PLAYER_META: &str = "lab-player";

/// The module's wasm file, beside its script: `lab-player-<hash>.js` → `lab-player-<hash>_bg.wasm`.
pub fn wasm_file_of(script: &str) -> String {
    format!("{}_bg.wasm", script.strip_suffix(".js").unwrap_or(script))
}

/// In the browser only.
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::js_sys::{Function, Promise, Reflect};

    use super::{wasm_file_of, PLAYER_META};
    use crate::dom::fetch_text;
    use crate::site;

    #[wasm_bindgen(inline_js = r#"
export function load_module(script, wasm) {
    // A lesson page may have started it already (assets/start-lesson.js).
    if (!globalThis.labPlayerModule) {
        const loading = import(script).then(async (module) => {
            await module.default({ module_or_path: wasm });
            return module;
        });
        loading.catch(() => { globalThis.labPlayerModule = null; });
        globalThis.labPlayerModule = loading;
    }
    return globalThis.labPlayerModule;
}
export function prefetch(url, as) {
    const link = document.createElement("link");
    link.rel = "prefetch";
    link.href = url;
    if (as) { link.as = as; link.crossOrigin = "anonymous"; }
    document.head.appendChild(link);
}
"#)]
    extern "C" {
        fn load_module(script: &str, wasm: &str) -> Promise;
        fn prefetch(url: &str, as_: &str);
    }

    /// Seconds of quiet on a page before the module is prefetched.
    const IDLE_BEFORE_PREFETCH_MS: u32 = 3000;

    fn script_file() -> Option<String> {
        document().query_selector(&format!("meta[name={PLAYER_META}]")).ok().flatten()?.get_attribute("content")
    }

    /// The loaded module (its exports), loading it on first use; later calls share it.
    async fn module() -> Result<JsValue, String> {
        let script = script_file().ok_or("this page does not say where the simulation is")?;
        let wasm = wasm_file_of(&script);
        JsFuture::from(load_module(&site::asset(&script), &site::asset(&wasm)))
            .await
            .map_err(|_| "the simulation could not be downloaded".to_string())
    }

    /// Calls the module's export `name` with `args`; its error (a message) comes back as text.
    fn call(module: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, String> {
        let function: Function = Reflect::get(module, &JsValue::from_str(name))
            .ok()
            .and_then(|value| value.dyn_into().ok())
            .ok_or_else(|| format!("the simulation module has no `{name}`"))?;
        let array = web_sys::js_sys::Array::new();
        for arg in args {
            array.push(arg);
        }
        function.apply(&JsValue::NULL, &array).map_err(|error| error.as_string().unwrap_or_else(|| "the simulation failed".to_string()))
    }

    /// A mounted player; dropping it does not unmount, [`Mounted::unmount`] does.
    pub struct Mounted(JsValue);

    /// The player a lesson page mounted before the shell arrived (`assets/start-lesson.js`),
    /// if it shows the simulation in `sim_file`: its handle, taken once.
    pub fn take_painted_player(sim_file: &str) -> Option<Mounted> {
        let global = web_sys::js_sys::global();
        let key = JsValue::from_str("labPaintedPlayer");
        let painted = Reflect::get(&global, &key).ok().filter(|value| value.is_object())?;
        let sim = Reflect::get(&painted, &JsValue::from_str("sim")).ok()?.as_string()?;
        if sim != sim_file {
            return None;
        }
        let handle = Reflect::get(&painted, &JsValue::from_str("handle")).ok().filter(|value| value.is_object())?;
        let _ = Reflect::delete_property(&global, &key);
        Some(Mounted(handle))
    }

    impl Mounted {
        pub fn unmount(&self) {
            if let Ok(free) = Reflect::get(&self.0, &JsValue::from_str("free")).and_then(|f| f.dyn_into::<Function>()) {
                let _ = free.call0(&self.0);
            }
        }
    }

    /// Downloads the module and the lesson's data file side by side, then mounts the player
    /// into `parent`; `hash` may hold a share link.
    pub async fn mount(parent: web_sys::HtmlElement, data_file: &str, hash: String) -> Result<Mounted, String> {
        let url = site::asset(data_file);
        let data = fetch_text(&url);
        let (module, data) = futures::future::join(module(), data).await;
        let (module, data) = (module?, data.map_err(|why| format!("the lesson's simulation could not be downloaded ({why})"))?);
        call(&module, "mount_player", &[parent.into(), JsValue::from_str(&data), JsValue::from_str(&hash)]).map(Mounted)
    }

    /// Measures one instance of a simulator-graded question (see `lab_player::exports`).
    pub async fn measure(question_json: String, data_file: &str, instance_json: String) -> Result<lab_quiz::MeasuredRun, String> {
        let url = site::asset(data_file);
        let data = fetch_text(&url);
        let (module, data) = futures::future::join(module(), data).await;
        let (module, data) = (module?, data.map_err(|why| format!("the lesson's simulation could not be downloaded ({why})"))?);
        let answer = call(&module, "measure_question", &[JsValue::from_str(&question_json), JsValue::from_str(&data), JsValue::from_str(&instance_json)])?;
        serde_json::from_str(&answer.as_string().unwrap_or_default()).map_err(|_| "the simulation's answer could not be read".to_string())
    }

    /// After a quiet moment on a page that links to lessons, the module is fetched into the
    /// browser's cache, unless the learner asked the browser to save data.
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
                if let Some(script) = script_file() {
                    prefetch(&site::asset(&script), "script");
                    prefetch(&site::asset(&wasm_file_of(&script)), "fetch");
                }
            },
            std::time::Duration::from_millis(u64::from(IDLE_BEFORE_PREFETCH_MS)),
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
