//! The property panel: the selected component's fields, generated from its kind's table (type,
//! unit, range, explanation), or the selected link's mode and latency. Lists (a gateway's
//! routes, a bus's rules) are edited as TOML text, as a scenario file writes them.

use lab_i18n::sandbox as msg;
use lab_sim::{ComponentSpec, FieldInfo, FieldType, FieldValue, Mode};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{canvas, number, Ed, Selection};
use crate::kind_words::{field_name, part_name, translated};

/// The shapes a distribution takes, and the numbers of each.
pub(crate) const DIST_PARTS: [(&str, &[&str]); 4] =
    [("fixed", &["ms"]), ("uniform", &["min_ms", "max_ms"]), ("exponential", &["mean_ms"]), ("log_normal", &["median_ms", "sigma"])];
/// The shapes a workload takes, and the numbers of each.
pub(crate) const WORKLOAD_PARTS: [(&str, &[&str]); 4] = [
    ("constant", &["rate_per_s", "count", "start_ms"]),
    ("poisson", &["rate_per_s", "count", "start_ms"]),
    ("burst", &["size", "at_ms", "bursts", "every_ms"]),
    ("list", &[]),
];

pub fn view(ed: Ed) -> impl IntoView {
    view! {
        <aside class="sandbox-properties" aria-label=msg::PROPERTIES.text() data-testid="sandbox-properties">
            {move || match ed.selection.get() {
                Selection::Component(name) => component_panel(ed, name).into_any(),
                Selection::Link(link) => link_panel(ed, link).into_any(),
                Selection::Nothing => view! {
                    <h2>{msg::PROPERTIES.text()}</h2>
                    <p>{msg::PROPERTIES_HELP.text()}</p>
                }
                .into_any(),
            }}
        </aside>
    }
}

fn component_panel(ed: Ed, name: String) -> impl IntoView {
    let Some(component) = ed.draft_untracked(|d| d.index_of(&name).and_then(|i| d.scenario.components.get(i).cloned())) else {
        return view! { <p>{msg::COMPONENT_GONE.text()}</p> }.into_any();
    };
    let info = component.info();
    let fields = info.fields.iter().map(|field| field_row(ed, &component, field)).collect_view();
    let (rename_from, remove_name, copy_name) = (name.clone(), name.clone(), name.clone());
    let (link_name, linking_name) = (name.clone(), name.clone());
    let linking = Memo::new(move |_| ed.connecting.with(|c| c.as_deref() == Some(linking_name.as_str())));
    view! {
        <h2>{msg::COMPONENT_HEADING.with(&[("name", &name), ("kind", &translated(info.title))])}</h2>
        <p class="kind-explanation">{translated(info.explanation)}</p>
        <div class="prop-actions">
            // The pointer's way to start a link (keys have C on the component): on a touch
            // screen it is the only one.
            <button type="button" data-testid="prop-link"
                on:click=move |_| if linking.get_untracked() { canvas::cancel_link(ed) } else { canvas::start_link(ed, &link_name, msg::LINKING_BY_POINTER) }>
                {move || if linking.get() { msg::CANCEL_LINK.text() } else { msg::LINK_TO.text() }}
            </button>
            <button type="button" data-testid="prop-duplicate" on:click=move |_| {
                let name = copy_name.clone();
                if let Some(copy) = ed.edit(|d| d.duplicate(&name), |copy| msg::DUPLICATED.with(&[("name", &name), ("copy", copy)])) {
                    ed.selection.set(Selection::Component(copy));
                }
            }>{msg::DUPLICATE.text()}</button>
            <button type="button" data-testid="prop-remove" on:click=move |_| canvas::remove(ed, &remove_name)>{msg::REMOVE.text()}</button>
        </div>
        <label class="prop">
            <span>{msg::NAME.text()}</span>
            <input type="text" value=name.clone() data-testid="prop-name"
                on:change=move |e| {
                    let to = event_value(&e);
                    let from = rename_from.clone();
                    if ed.edit(|d| d.rename(&from, &to), |()| msg::RENAMED.with(&[("from", &from), ("to", &to)])).is_some() {
                        ed.selection.set(Selection::Component(to.trim().to_string()));
                    }
                } />
        </label>
        {fields}
    }
    .into_any()
}

/// One field, as an input of its type; a change replaces the component by an edited copy.
fn field_row(ed: Ed, component: &ComponentSpec, field: &'static FieldInfo) -> AnyView {
    let path = field.path;
    let unit = if field.unit.is_empty() { String::new() } else { format!(" ({})", translated(field.unit)) };
    let label = format!("{}{unit}", field_name(path));
    let explanation = translated(field.explanation);
    match field.ty {
        FieldType::Number | FieldType::Count | FieldType::Probability | FieldType::Duration => {
            number_input(ed, component, path.to_string(), label, field)
        }
        FieldType::Bool => {
            let checked = component.field(path) == Some(FieldValue::Bool(true));
            let c = component.clone();
            view! {
                <label class="prop prop-check" title=explanation.clone()>
                    <input type="checkbox" checked=checked data-testid=format!("prop-{path}")
                        on:change=move |e| set(ed, &c, path, FieldValue::Bool(event_checked(&e))) />
                    <span>{label}</span>
                    {help(&explanation)}
                </label>
            }
            .into_any()
        }
        FieldType::Choice => choice_input(ed, component, path, label, field.choices, explanation),
        FieldType::Text => {
            let value = match component.field(path) {
                Some(FieldValue::Text(text)) => text,
                _ => String::new(),
            };
            let c = component.clone();
            view! {
                <label class="prop" title=explanation.clone()>
                    <span>{label}</span>
                    <input type="text" value=value data-testid=format!("prop-{path}")
                        on:change=move |e| {
                            let text = event_value(&e);
                            set(ed, &c, path, if text.trim().is_empty() { FieldValue::Absent } else { FieldValue::Text(text) })
                        } />
                    {help(&explanation)}
                </label>
            }
            .into_any()
        }
        FieldType::Distribution => shaped(ed, component, field, label, &DIST_PARTS),
        FieldType::Workload => shaped(ed, component, field, label, &WORKLOAD_PARTS),
        FieldType::Table => table_input(ed, component, field, label),
    }
}

fn number_input(ed: Ed, component: &ComponentSpec, path: String, label: String, field: &FieldInfo) -> AnyView {
    let value = match component.field(&path) {
        Some(FieldValue::Number(x)) => x.to_string(),
        _ => String::new(),
    };
    let step = match field.ty {
        FieldType::Count => "1",
        _ => "any",
    };
    let min = number(field.min);
    let range = if field.max.is_finite() {
        msg::RANGE_BETWEEN.with(&[("min", &min), ("max", &number(field.max))])
    } else if field.min_excluded {
        msg::RANGE_ABOVE.with(&[("min", &min)])
    } else {
        msg::RANGE_AT_LEAST.with(&[("min", &min)])
    };
    let explanation = translated(field.explanation);
    let allowed = msg::FIELD_ALLOWED.with(&[("explanation", &explanation), ("range", &range)]);
    let c = component.clone();
    view! {
        <label class="prop" title=explanation>
            <span>{label}</span>
            <input type="number" step=step min=field.min.to_string() max=field.max.is_finite().then(|| field.max.to_string())
                value=value data-testid=format!("prop-{path}") aria-description=allowed.clone()
                on:change=move |e| {
                    let text = event_value(&e);
                    match text.trim().parse::<f64>() {
                        Ok(x) if x.is_finite() => set(ed, &c, &path, FieldValue::Number(x)),
                        _ if text.trim().is_empty() => set(ed, &c, &path, FieldValue::Absent),
                        _ => ed.say(msg::NOT_A_NUMBER.with(&[("text", &text)])),
                    }
                } />
            {help(&allowed)}
        </label>
    }
    .into_any()
}

fn choice_input(ed: Ed, component: &ComponentSpec, path: &'static str, label: String, choices: &[&'static str], explanation: String) -> AnyView {
    let current = match component.field(path) {
        Some(FieldValue::Text(word)) => word,
        _ => String::new(),
    };
    let options = choices.iter().map(|word| view! { <option value=*word selected=*word == current>{field_name(word)}</option> }).collect_view();
    let c = component.clone();
    view! {
        <label class="prop" title=explanation.clone()>
            <span>{label}</span>
            <select data-testid=format!("prop-{path}") on:change=move |e| set(ed, &c, path, FieldValue::Text(event_value(&e)))>{options}</select>
            {help(&explanation)}
        </label>
    }
    .into_any()
}

/// What a field means, shown while it has focus (a finger has no hover for the title). Hidden
/// from the field's name: screen readers hear it as the field's description.
fn help(text: &str) -> impl IntoView {
    view! { <small class="prop-help" aria-hidden="true">{text.to_string()}</small> }
}

/// A distribution or a workload: its shape, then the numbers that shape has.
fn shaped(ed: Ed, component: &ComponentSpec, field: &'static FieldInfo, label: String, shapes: &'static [(&'static str, &'static [&'static str])]) -> AnyView {
    let path = field.path;
    let current = match component.field(path) {
        Some(FieldValue::Text(word)) => word,
        _ => String::new(),
    };
    let words: Vec<&'static str> = shapes.iter().map(|(word, _)| *word).collect();
    let parts = shapes.iter().find(|(word, _)| *word == current).map_or(&[][..], |(_, parts)| *parts);
    let numbers = parts
        .iter()
        .map(|part| {
            number_input(ed, component, format!("{path}.{part}"), part_name(path, part), field)
        })
        .collect_view();
    view! {
        <fieldset class="prop-group">
            <legend>{label.clone()}</legend>
            {choice_input(ed, component, path, msg::SHAPE.text().to_string(), &words, translated(field.explanation))}
            {numbers}
        </fieldset>
    }
    .into_any()
}

/// A list field as the TOML a scenario file writes for it.
fn table_input(ed: Ed, component: &ComponentSpec, field: &'static FieldInfo, label: String) -> AnyView {
    let path = field.path;
    let text = table_text(component, path);
    let explanation = translated(field.explanation);
    let as_toml = msg::FIELD_AS_TOML.with(&[("explanation", &explanation)]);
    let c = component.clone();
    view! {
        <label class="prop prop-table" title=explanation>
            <span>{label}</span>
            <textarea rows="3" spellcheck="false" data-testid=format!("prop-{path}") aria-description=as_toml.clone()
                on:change=move |e| {
                    let text = event_value(&e);
                    match with_table(&c, path, &text) {
                        Ok(edited) => replace(ed, edited, path),
                        Err(why) => ed.say(msg::NOT_CHANGED.with(&[("why", &why)])),
                    }
                }>{text}</textarea>
            {help(&as_toml)}
        </label>
    }
    .into_any()
}

/// The field `key` of a component, as TOML (empty when absent).
pub fn table_text(component: &ComponentSpec, key: &str) -> String {
    inner_table(component).and_then(|inner| inner.get(key).map(|value| value.to_string())).unwrap_or_default()
}

/// The component with its field `key` set from TOML text (cleared when the text is empty).
pub fn with_table(component: &ComponentSpec, key: &str, text: &str) -> Result<ComponentSpec, String> {
    let Some(mut inner) = inner_table(component) else { return Err(msg::NOT_A_TABLE.text().to_string()) };
    if text.trim().is_empty() {
        inner.remove(key);
    } else {
        let parsed: toml::Table = toml::from_str(&format!("value = {text}")).map_err(|e| not_toml(&e))?;
        let value = parsed.get("value").cloned().ok_or_else(|| msg::NOTHING_WRITTEN.text())?;
        inner.insert(key.to_string(), value);
    }
    let mut outer = toml::Table::new();
    outer.insert(component.kind().to_string(), toml::Value::Table(inner));
    toml::Value::Table(outer).try_into::<ComponentSpec>().map_err(|e| msg::TABLE_NOT_FITTING.with(&[("error", &e.message().trim())]))
}

/// Why a list field's text is not TOML, in the parser's words (it has none for a text that
/// stops in the middle of a value).
fn not_toml(error: &toml::de::Error) -> String {
    match error.message().trim() {
        "" => msg::NOT_TOML_PLAIN.text().to_string(),
        words => msg::NOT_TOML.with(&[("error", &words)]),
    }
}

fn inner_table(component: &ComponentSpec) -> Option<toml::Table> {
    match toml::Value::try_from(component).ok()? {
        toml::Value::Table(outer) => outer.into_iter().next().and_then(|(_, inner)| inner.as_table().cloned()),
        _ => None,
    }
}

fn set(ed: Ed, component: &ComponentSpec, path: &str, value: FieldValue) {
    let mut edited = component.clone();
    match edited.set_field(path, value) {
        Ok(()) => replace(ed, edited, path),
        Err(why) => ed.say(msg::NOT_CHANGED.with(&[("why", &why)])),
    }
}

fn replace(ed: Ed, edited: ComponentSpec, path: &str) {
    let name = edited.name().to_string();
    ed.edit(|d| d.replace(edited), |()| msg::FIELD_CHANGED.with(&[("name", &name), ("field", &field_name(path))]));
}

fn link_panel(ed: Ed, link: usize) -> impl IntoView {
    let Some(spec) = ed.draft_untracked(|d| d.scenario.links.get(link).cloned()) else {
        return view! { <p>{msg::LINK_GONE.text()}</p> }.into_any();
    };
    let latency = match spec.latency {
        lab_sim::Dist::Fixed { ms } => ms,
        _ => canvas::NEW_LINK_LATENCY_MS,
    };
    let mode = spec.mode;
    let set_link = move |mode: Mode, latency: f64| {
        ed.edit(|d| d.set_link(link, mode, latency), |()| msg::LINK_NOW.with(&[("mode", &mode_words(mode)), ("latency", &number(latency))]));
    };
    view! {
        <h2>{msg::LINK_HEADING.with(&[("from", &spec.from), ("to", &spec.to)])}</h2>
        <label class="prop">
            <span>{msg::MODE.text()}</span>
            <select data-testid="prop-link-mode" on:change=move |e| set_link(if event_value(&e) == "async" { Mode::Async } else { Mode::Sync }, latency)>
                <option value="sync" selected=mode == Mode::Sync>{msg::MODE_SYNC.text()}</option>
                <option value="async" selected=mode == Mode::Async>{msg::MODE_ASYNC.text()}</option>
            </select>
        </label>
        <label class="prop">
            <span>{msg::LATENCY.text()}</span>
            <input type="number" min="0" step="any" value=latency.to_string() data-testid="prop-link-latency"
                on:change=move |e| {
                    match event_value(&e).trim().parse::<f64>() {
                        Ok(ms) if ms.is_finite() && ms >= 0.0 => set_link(mode, ms),
                        _ => ed.say(msg::LATENCY_INVALID.text().to_string()),
                    }
                } />
        </label>
        <div class="prop-actions">
            <button type="button" data-testid="prop-link-remove" on:click=move |_| {
                if ed.edit(|d| d.disconnect(link), |()| msg::LINK_REMOVED.text().to_string()).is_some() {
                    ed.selection.set(Selection::Nothing);
                }
            }>{msg::REMOVE_LINK.text()}</button>
        </div>
    }
    .into_any()
}

pub(crate) fn mode_words(mode: Mode) -> String {
    match mode {
        Mode::Sync => msg::SYNCHRONOUS,
        Mode::Async => msg::ASYNCHRONOUS,
    }
    .text().to_string()
}

fn event_value(e: &leptos::ev::Event) -> String {
    e.target()
        .and_then(|t| {
            t.clone().dyn_into::<web_sys::HtmlInputElement>().map(|i| i.value()).ok().or_else(|| {
                t.clone().dyn_into::<web_sys::HtmlSelectElement>().map(|s| s.value()).ok().or_else(|| t.dyn_into::<web_sys::HtmlTextAreaElement>().map(|a| a.value()).ok())
            })
        })
        .unwrap_or_default()
}

fn event_checked(e: &leptos::ev::Event) -> bool {
    e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).is_some_and(|i| i.checked())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_field_round_trips_through_its_text() {
        let gateway = ComponentSpec::with_defaults("gateway", "edge").unwrap();
        let edited = with_table(&gateway, "routes", r#"[{ op = "POST /pay", target = "pay" }]"#).unwrap();
        assert!(table_text(&edited, "routes").contains("POST /pay"));
        assert_eq!(with_table(&edited, "routes", &table_text(&edited, "routes")).unwrap(), edited);
        let refused = with_table(&gateway, "routes", "[{ op = 3 }]").unwrap_err();
        assert!(refused.starts_with("the text does not fit this field: ") && refused.contains("invalid type: integer `3`"), "{refused}");
        let refused = with_table(&gateway, "routes", "[{ op = ").unwrap_err();
        assert_eq!(refused, "the text is not valid TOML");
        let refused = with_table(&gateway, "routes", "[{ op = 'x' }").unwrap_err();
        assert!(refused.starts_with("the text is not valid TOML: ") && refused.contains("expected `]`"), "{refused}");
        crate::views::tests::install_vietnamese();
        let refused = with_table(&gateway, "routes", "[{ op = 'x' }").unwrap_err();
        assert!(refused.starts_with("văn bản không phải TOML hợp lệ: “invalid array") && refused.ends_with("expected `]`”"), "{refused}");
        lab_i18n::reset();
    }
}
