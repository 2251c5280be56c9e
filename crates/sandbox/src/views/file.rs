//! The draft leaving and entering the sandbox: export the scenario as a TOML file in the
//! lessons' format, import one (checked, with the file's line on a mistake), and share the
//! whole draft as a link.

use lab_i18n::sandbox as msg;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::Ed;
use crate::draft::Draft;
use crate::share_link;

pub fn buttons(ed: Ed) -> impl IntoView {
    let link = RwSignal::new(None::<String>);
    view! {
        <button type="button" data-testid="sandbox-export" on:click=move |_| export(ed)>{msg::EXPORT_FILE.text()}</button>
        <label class="file-button">
            <span>{msg::IMPORT_FILE.text()}</span>
            <input type="file" accept=".toml,text/plain" data-testid="sandbox-import" on:change=move |e| import(ed, &e) />
        </label>
        <button type="button" data-testid="sandbox-share" on:click=move |_| share(ed, link)>{msg::SHARE_LINK.text()}</button>
        {move || link.get().map(|url| view! {
            <input class="share-url" type="text" readonly=true value=url data-testid="sandbox-share-url" aria-label=msg::SHARE_URL_LABEL.text() />
        })}
    }
}

fn export(ed: Ed) {
    let scenario = ed.draft_untracked(|d| d.scenario.clone());
    let file = format!("{}.toml", scenario.name);
    match lab_sim::to_toml(&scenario).map_err(|_| ()).and_then(|text| download(&file, &text)) {
        Ok(()) => ed.say(msg::SAVED_FILE.with(&[("file", &file)])),
        Err(()) => ed.notice.set(Some(msg::SAVE_REFUSED.text().to_string())),
    }
}

fn download(file_name: &str, text: &str) -> Result<(), ()> {
    let parts = web_sys::js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| ())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ())?;
    let anchor: web_sys::HtmlAnchorElement = document().create_element("a").map_err(|_| ())?.dyn_into().map_err(|_| ())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

fn import(ed: Ed, e: &leptos::ev::Event) {
    let Some(file) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
    else {
        return;
    };
    let name = file.name();
    leptos::task::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|value| value.as_string());
        match text.map(|text| lab_sim::from_toml(&name, &text)) {
            Some(Ok(scenario)) => {
                ed.notice.set(None);
                ed.start_from(Draft::laid_out(scenario), msg::IMPORTED.with(&[("name", &name)]));
            }
            Some(Err(why)) => ed.notice.set(Some(msg::NOT_IMPORTED.with(&[("name", &name), ("why", &why)]))),
            None => ed.notice.set(Some(msg::NOT_TEXT.with(&[("name", &name)]))),
        }
    });
}

fn share(ed: Ed, link: RwSignal<Option<String>>) {
    match ed.draft_untracked(share_link::to_fragment) {
        Ok(fragment) => {
            let here = window().location();
            let url = format!("{}{}{fragment}", here.origin().unwrap_or_default(), here.pathname().unwrap_or_default());
            let _ = window().history().map(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&fragment)));
            link.set(Some(url));
            ed.say(msg::LINK_READY.text().to_string());
        }
        Err(why) => ed.notice.set(Some(why)),
    }
}
