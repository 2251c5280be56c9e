//! Offline use and updates. [`register_service_worker`] registers `sw.js`, the worker
//! `cargo xtask write-service-worker` writes at the root of the built folder: after one visit
//! every file of the build answers from its cache. A new deployment installs a new worker
//! beside the running one; [`UpdateNotice`] offers it, and only the learner's Reload lets it
//! take over, so a page never runs half of one version and half of another.
//!
//! Everything here goes through web-sys rather than a JavaScript snippet, so the build gains
//! no file that is not named by its content. Where the browser has no service workers (an
//! insecure `http://` page, an old browser) nothing happens and the course works online.

use std::cell::Cell;
use std::rc::Rc;

use lab_i18n::shell as msg;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration};

const WORKER_FILE: &str = "sw.js";
/// The message `sw.js` answers by taking over at once.
const SKIP_WAITING: &str = "skip-waiting";
/// A development build (`cargo xtask serve`) registers no worker: a cache in front of the live
/// reload would show the previous build. It removes one a release build left on the address.
const ENABLED: bool = !cfg!(debug_assertions);

/// Registers `sw.js` from `root_url`, the folder the course is published in (ending in '/');
/// the worker's scope is that folder. When a new worker takes over a page it already
/// controlled (the learner chose Reload, here or in another tab), the page reloads once, so it
/// runs the version the cache now holds.
pub fn register_service_worker(root_url: &str) {
    let Some(container) = container() else { return };
    if !ENABLED {
        unregister_all(&container);
        return;
    }
    let Ok(script) = web_sys::Url::new_with_base(WORKER_FILE, root_url) else { return };
    let options = web_sys::RegistrationOptions::new();
    options.set_update_via_cache(web_sys::ServiceWorkerUpdateViaCache::None);
    let registering = container.register_with_options(&script.href(), &options);
    let controlled = container.controller().is_some();
    reload_when_replaced(&container, controlled);
    spawn_local(async move {
        // With a worker in charge, a failure is a missed update check (offline, say): the
        // cached version goes on working, so there is nothing to say.
        if let Err(error) = JsFuture::from(registering).await {
            if !controlled {
                let reason = error.dyn_ref::<js_sys::Error>().map(|error| String::from(error.message())).unwrap_or_default();
                web_sys::console::warn_1(&format!("The course will not work offline: {reason}").into());
            }
        }
    });
}

/// The browser's service workers, where it has them (`navigator.serviceWorker` is missing on
/// insecure pages).
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = window().navigator();
    js_sys::Reflect::get(&navigator, &JsValue::from_str("serviceWorker")).ok()?.dyn_into().ok()
}

/// The first change of worker only takes charge of a page that had none (the first visit);
/// any later one replaces the version the page runs, so the page reloads, once.
fn reload_when_replaced(container: &ServiceWorkerContainer, controlled: bool) {
    let controlled = Rc::new(Cell::new(controlled));
    let reloading = Rc::new(Cell::new(false));
    let on_change = Closure::<dyn Fn()>::new(move || {
        if controlled.replace(true) && !reloading.replace(true) {
            let _ = window().location().reload();
        }
    });
    container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
}

fn unregister_all(container: &ServiceWorkerContainer) {
    let listing = container.get_registrations();
    spawn_local(async move {
        let Ok(registrations) = JsFuture::from(listing).await else { return };
        for registration in js_sys::Array::from(&registrations).iter() {
            if let Some(unregistering) = registration.dyn_ref::<ServiceWorkerRegistration>().and_then(|r| r.unregister().ok()) {
                let _ = JsFuture::from(unregistering).await;
            }
        }
    });
}

/// "A new version of the course is ready." with Reload and Not now, shown while a new worker
/// is installed and waiting. Reload asks it to take over; the page then reloads (see
/// [`register_service_worker`]). Not now hides the notice: the new version then starts once
/// every tab of the course is closed, or when the notice is shown again on the next visit.
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let (waiting, set_waiting) = signal_local(None::<ServiceWorker>);
    if let Some(container) = container().filter(|_| ENABLED) {
        spawn_local(async move {
            let Ok(ready) = container.ready() else { return };
            let Ok(registration) = JsFuture::from(ready).await else { return };
            watch_for_waiting(registration.unchecked_into(), move |worker| set_waiting.set(Some(worker)));
        });
    }
    let reload = move |_| {
        if let Some(worker) = waiting.get_untracked() {
            let _ = worker.post_message(&JsValue::from_str(SKIP_WAITING));
        }
    };
    view! {
        <div class="update-notice-region" role="status">
            <Show when=move || waiting.with(Option::is_some)>
                <div class="update-notice" data-testid="update-notice">
                    <p>{msg::UPDATE_READY.text()}</p>
                    <button type="button" class="primary" on:click=reload data-testid="update-reload">{msg::UPDATE_RELOAD.text()}</button>
                    <button type="button" on:click=move |_| set_waiting.set(None) data-testid="update-dismiss">{msg::UPDATE_DISMISS.text()}</button>
                </div>
            </Show>
        </div>
    }
}

/// Calls `offer` with the registration's waiting worker now, if there is one, and whenever a
/// worker being installed (now or found later) reaches the waiting state.
fn watch_for_waiting(registration: ServiceWorkerRegistration, offer: impl Fn(ServiceWorker) + 'static) {
    let offer_waiting = Rc::new({
        let registration = registration.clone();
        move || {
            if let Some(worker) = registration.waiting() {
                offer(worker);
            }
        }
    });
    offer_waiting();
    let follow = {
        let registration = registration.clone();
        move || {
            let Some(installing) = registration.installing() else { return };
            let offer_waiting = Rc::clone(&offer_waiting);
            let on_state = Closure::<dyn Fn()>::new(move || offer_waiting());
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        }
    };
    follow();
    let on_found = Closure::<dyn Fn()>::new(follow);
    registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
    on_found.forget();
}
