//! The sandbox page: toolbar, palette, canvas and property panel around one [`Ed`] (the
//! editor's state), and the run below them. Every change goes through [`Ed::edit`], which
//! keeps it undoable, saves the draft and says what happened to screen readers.

mod canvas;
mod challenge;
mod file;
mod palette;
pub(crate) mod properties;
mod run;
mod toolbar;

use lab_challenge::Challenge;
use lab_i18n::sandbox as msg;
use lab_sim::{ScenarioError, Where};
use leptos::prelude::*;

use crate::blueprints;
use crate::draft::{Draft, History, Point};
use crate::{share_link, storage};

/// What the property panel shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Selection {
    Nothing,
    Component(String),
    Link(usize),
}

/// The canvas's size on screen, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub width: f64,
    pub height: f64,
}

impl Frame {
    /// Before the canvas is on screen: the shape of [`ViewBox::START`].
    pub const START: Frame = Frame { width: 960.0, height: 540.0 };

    /// Height over width; a frame with no size yet has the start's shape.
    fn aspect(self) -> f64 {
        if self.width > 0.0 && self.height > 0.0 { self.height / self.width } else { Frame::START.height / Frame::START.width }
    }
}

/// The fewest screen pixels an empty canvas gives a diagram unit: a component (about 100
/// units wide) stays about 60 px wide on a phone.
const LEAST_SCALE: f64 = 0.6;

/// The part of the canvas on screen, in diagram units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewBox {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl ViewBox {
    pub const START: ViewBox = ViewBox { x: 0.0, y: 0.0, width: 960.0, height: 540.0 };

    /// Zoomed by `factor` (above 1 zooms in) about the centre.
    pub fn zoomed(self, factor: f64) -> ViewBox {
        let width = (self.width / factor).clamp(200.0, 8000.0);
        let height = width * self.height / self.width;
        ViewBox { x: self.x + (self.width - width) / 2.0, y: self.y + (self.height - height) / 2.0, width, height }
    }

    pub fn panned(self, dx: f64, dy: f64) -> ViewBox {
        ViewBox { x: self.x + dx, y: self.y + dy, ..self }
    }

    /// Everything in `draft` in sight, with a margin, in the shape of the canvas on screen
    /// (`frame`), so none of it is letterboxed. An empty draft shows the top left, where the
    /// first component lands, narrower on a narrow screen: components stay big enough to tap.
    pub fn fitting(draft: &Draft, frame: Frame) -> ViewBox {
        let margin = 90.0;
        let aspect = frame.aspect();
        let xs = draft.places.iter().map(|p| p.x);
        let ys = draft.places.iter().map(|p| p.y);
        let (min_x, max_x) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| (lo.min(x), hi.max(x)));
        let (min_y, max_y) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| (lo.min(y), hi.max(y)));
        if !min_x.is_finite() {
            let width = ViewBox::START.width.min(frame.width / LEAST_SCALE).max(ViewBox::START.width / 2.0);
            return ViewBox { x: 0.0, y: 0.0, width, height: width * aspect };
        }
        let width = (max_x - min_x + 2.0 * margin).max(ViewBox::START.width / 2.0);
        let width = width.max((max_y - min_y + 2.0 * margin) / aspect);
        let height = width * aspect;
        ViewBox { x: (min_x + max_x - width) / 2.0, y: (min_y + max_y - height) / 2.0, width, height }
    }

    /// Whether `point` (a component's centre) is in sight, with room for its outline.
    pub fn shows(&self, point: Point) -> bool {
        let room = 60.0;
        point.x - room >= self.x && point.x + room <= self.x + self.width && point.y - room >= self.y && point.y + room <= self.y + self.height
    }

    pub fn attribute(&self) -> String {
        format!("{} {} {} {}", self.x, self.y, self.width, self.height)
    }
}

/// The editor's state, shared by every part of the page.
#[derive(Clone, Copy)]
pub struct Ed {
    pub history: RwSignal<History>,
    pub selection: RwSignal<Selection>,
    /// A link being drawn from this component: the next component chosen ends it.
    pub connecting: RwSignal<Option<String>>,
    /// A component being dragged, and where it is now (committed on release).
    pub dragging: RwSignal<Option<(usize, Point)>>,
    pub view_box: RwSignal<ViewBox>,
    /// The canvas element, for its size on screen.
    pub canvas: NodeRef<leptos::svg::Svg>,
    /// The last thing done, for screen readers (a polite live region).
    pub said: RwSignal<String>,
    /// A problem the learner must read (a refused import or link): shown until the next one.
    pub notice: RwSignal<Option<String>>,
    /// The draft the player runs; changed by Run, so editing does not restart it.
    pub running: RwSignal<Option<Draft>>,
    /// The design challenge being solved, if any.
    pub challenge: StoredValue<Option<Challenge>>,
    /// Where the draft is kept between visits (the free sandbox's, or the challenge's own).
    storage_key: StoredValue<String>,
}

impl Ed {
    fn new(draft: Draft, notice: Option<String>, challenge: Option<Challenge>) -> Ed {
        let storage_key = match &challenge {
            Some(challenge) => storage::challenge_key(&challenge.spec.slug),
            None => storage::SANDBOX_KEY.to_string(),
        };
        let view_box = ViewBox::fitting(&draft, Frame::START);
        Ed {
            history: RwSignal::new(History::new(draft)),
            selection: RwSignal::new(Selection::Nothing),
            connecting: RwSignal::new(None),
            dragging: RwSignal::new(None),
            view_box: RwSignal::new(view_box),
            canvas: NodeRef::new(),
            said: RwSignal::new(String::new()),
            notice: RwSignal::new(notice),
            running: RwSignal::new(None),
            challenge: StoredValue::new(challenge),
            storage_key: StoredValue::new(storage_key),
        }
    }

    /// Applies an edit; says `done` (given the edit's result) or why it was refused, and keeps
    /// the draft for the next visit.
    pub fn edit<T>(&self, edit: impl FnOnce(&mut Draft) -> Result<T, String>, done: impl FnOnce(&T) -> String) -> Option<T> {
        let mut result = None;
        self.history.update(|history| result = Some(history.apply(edit)));
        match result {
            Some(Ok(value)) => {
                self.say(done(&value));
                self.keep();
                Some(value)
            }
            Some(Err(why)) => {
                self.say(msg::EDIT_REFUSED.with(&[("why", &why)]));
                None
            }
            None => None,
        }
    }

    pub fn say(&self, words: String) {
        self.said.set(words);
    }

    /// The canvas's size on screen ([`Frame::START`] before it is there).
    pub fn frame(&self) -> Frame {
        self.canvas.get_untracked().map_or(Frame::START, |svg| {
            let rect = svg.get_bounding_client_rect();
            Frame { width: rect.width(), height: rect.height() }
        })
    }

    /// Shows everything in the draft.
    pub fn fit(&self) {
        let frame = self.frame();
        self.view_box.set(self.draft_untracked(|d| ViewBox::fitting(d, frame)));
    }

    pub fn draft<R>(&self, read: impl FnOnce(&Draft) -> R) -> R {
        self.history.with(|history| read(history.now()))
    }

    pub fn draft_untracked<R>(&self, read: impl FnOnce(&Draft) -> R) -> R {
        self.history.with_untracked(|history| read(history.now()))
    }

    /// Replaces the whole draft (a blueprint, an import), undoably, and shows all of it.
    pub fn start_from(&self, draft: Draft, words: String) {
        let fit = ViewBox::fitting(&draft, self.frame());
        let replace = move |now: &mut Draft| {
            *now = draft;
            Ok(())
        };
        if self.edit(replace, |()| words).is_some() {
            self.selection.set(Selection::Nothing);
            self.view_box.set(fit);
        }
    }

    pub fn undo(&self) {
        let mut undone = false;
        self.history.update(|history| undone = history.undo());
        self.say(if undone { msg::UNDONE } else { msg::NOTHING_TO_UNDO }.text().to_string());
        self.after_history_move();
    }

    pub fn redo(&self) {
        let mut redone = false;
        self.history.update(|history| redone = history.redo());
        self.say(if redone { msg::REDONE } else { msg::NOTHING_TO_REDO }.text().to_string());
        self.after_history_move();
    }

    /// A selection that names what no longer exists is dropped.
    fn after_history_move(&self) {
        let gone = match self.selection.get_untracked() {
            Selection::Component(name) => self.draft_untracked(|d| d.index_of(&name).is_none()),
            Selection::Link(link) => self.draft_untracked(|d| link >= d.scenario.links.len()),
            Selection::Nothing => false,
        };
        if gone {
            self.selection.set(Selection::Nothing);
        }
        self.keep();
    }

    fn keep(&self) {
        let key = self.storage_key.get_value();
        if let Err(why) = self.draft_untracked(|draft| storage::save(&key, draft)) {
            self.notice.set(Some(msg::NOT_KEPT.with(&[("why", &why)])));
        }
    }
}

/// A number as Rust writes it ("2.5", "5"), with as many decimals, in the language's way ("2,5"
/// in Vietnamese).
pub fn number(x: f64) -> String {
    let text = x.to_string();
    let places = text.split_once('.').map_or(0, |(_, fraction)| fraction.len());
    lab_i18n::decimal(x, places)
}

/// What is wrong with the draft, as the engine's validator says it (first problem only).
pub fn problem(draft: &Draft) -> Option<ScenarioError> {
    draft.scenario.validate().err()
}

/// A problem's words for a learner, without the place (the canvas shows where).
pub fn problem_words(problem: &ScenarioError) -> String {
    match problem.place {
        Where::Component(_) | Where::Link(_) => problem.message.clone(),
        _ => problem.to_string(),
    }
}

/// Where the sandbox starts: a lesson's scenario (`lesson_json`, with the parameters of the
/// share link after the lesson's name in `hash`), the architecture in a sandbox link, the one
/// kept from the last visit, or a blank canvas; what cannot be read says why.
fn starting_draft(hash: &str, lesson_json: &str) -> (Draft, Option<String>) {
    if !lesson_json.is_empty() {
        return match from_lesson(hash, lesson_json) {
            Ok(draft) => (draft, None),
            Err(why) => (Draft::laid_out(blueprints::blank()), Some(msg::LESSON_NOT_OPENED.with(&[("why", &why)]))),
        };
    }
    if share_link::is_sandbox_fragment(hash) {
        return match share_link::from_fragment(hash) {
            Ok(draft) => (draft, None),
            Err(why) => (Draft::laid_out(blueprints::blank()), Some(msg::LINK_NOT_OPENED.with(&[("why", &why)]))),
        };
    }
    match storage::load(storage::SANDBOX_KEY) {
        Ok(Some(draft)) => (draft, None),
        Ok(None) => (Draft::laid_out(blueprints::blank()), None),
        Err(why) => (Draft::laid_out(blueprints::blank()), Some(why)),
    }
}

/// A challenge's draft: the learner's own from an earlier visit, or the challenge's start.
fn challenge_draft(challenge: &Challenge) -> (Draft, Option<String>) {
    match storage::load(&storage::challenge_key(&challenge.spec.slug)) {
        Ok(Some(draft)) => (draft, None),
        Ok(None) => (Draft::laid_out(challenge.start.clone()), None),
        Err(why) => (Draft::laid_out(challenge.start.clone()), Some(why)),
    }
}

/// A lesson's scenario with the parameters the learner had set there.
fn from_lesson(hash: &str, lesson_json: &str) -> Result<Draft, String> {
    let lesson = lab_player::model::player_data(lesson_json)?.lesson;
    let share = hash.split_once('&').map_or("", |(_, share)| share);
    let scenario = match lab_player::share_link::from_hash(&format!("#{share}"), &lesson.scenario) {
        Ok(state) if !share.is_empty() => state.scenario_for(&lesson.scenario),
        _ => lesson.scenario,
    };
    Ok(Draft::laid_out(scenario))
}

/// What the sandbox opens on, from the page's fragment and the data file it names (a lesson's
/// or a challenge's, or none).
fn opened(hash: &str, data: Result<String, String>) -> (Draft, Option<String>, Option<Challenge>) {
    let blank = |why: String| (Draft::laid_out(blueprints::blank()), Some(why), None);
    match data {
        Err(why) => blank(msg::DATA_NOT_ARRIVED.with(&[("why", &why)])),
        Ok(data) if hash.trim_start_matches('#').starts_with(CHALLENGE_KEY) => match serde_json::from_str::<Challenge>(&data) {
            Ok(challenge) => {
                let (draft, notice) = challenge_draft(&challenge);
                (draft, notice, Some(challenge))
            }
            Err(_) => blank(msg::CHALLENGE_NOT_READ.text().to_string()),
        },
        Ok(data) => {
            let (draft, notice) = starting_draft(hash, &data);
            (draft, notice, None)
        }
    }
}

/// The fragment that opens a design challenge (`#challenge=<slug>`; the shell finds its file).
const CHALLENGE_KEY: &str = "challenge=";

/// The sandbox, once what it opens on has arrived.
#[component]
pub fn Sandbox(hash: String, data_url: String) -> impl IntoView {
    if data_url.is_empty() {
        return editor(opened(&hash, Ok(String::new()))).into_any();
    }
    let data = RwSignal::new(None::<Result<String, String>>);
    leptos::task::spawn_local(async move {
        let _ = data.try_set(Some(fetch_text(&data_url).await));
    });
    (move || match data.get() {
        None => view! { <p class="module-loading" role="status">{msg::LOADING.text()}</p> }.into_any(),
        Some(loaded) => editor(opened(&hash, loaded)).into_any(),
    })
    .into_any()
}

async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let response = JsFuture::from(window().fetch_with_str(url)).await.map_err(|_| msg::NETWORK_FAILED.text())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| msg::NO_RESPONSE.text())?;
    if !response.ok() {
        return Err(msg::SERVER_ANSWERED.with(&[("status", &response.status())]));
    }
    let text = response.text().map_err(|_| msg::RESPONSE_NO_TEXT.text())?;
    JsFuture::from(text).await.ok().and_then(|text| text.as_string()).ok_or_else(|| msg::RESPONSE_NO_TEXT.text().to_string())
}

fn editor((draft, notice, challenge): (Draft, Option<String>, Option<Challenge>)) -> impl IntoView {
    let ed = Ed::new(draft, notice, challenge);
    run::warm_up_when_idle(ed);
    view! {
        <section class="sandbox" data-testid="sandbox" aria-label=msg::SANDBOX_LABEL.text()
            on:keydown=move |e| toolbar::shortcut(ed, &e)>
            {challenge::view(ed)}
            {toolbar::view(ed)}
            {move || ed.notice.get().map(|text| view! { <p class="sandbox-notice" role="alert" data-testid="sandbox-notice">{text}</p> })}
            <div class="sandbox-main">
                {palette::view(ed)}
                {canvas::view(ed)}
                {properties::view(ed)}
            </div>
            <p class="visually-hidden" aria-live="polite" data-testid="sandbox-said">{move || ed.said.get()}</p>
            {run::view(ed)}
        </section>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod tests {
    use lab_i18n::Lang;

    /// The Vietnamese table, as a Vietnamese page carries it.
    #[allow(clippy::unwrap_used, reason = "a test's helper: a panic is how it reports a failure")]
    pub(crate) fn install_vietnamese() {
        let messages = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../messages");
        let table = lab_i18n::publish::table_json(&messages, Lang::Vi).unwrap();
        lab_i18n::install(Lang::Vi, &table).unwrap();
    }

    /// Until `lab validate` checks every area: this module's files have the same keys and
    /// placeholders in both languages.
    #[test]
    fn the_sandbox_and_kinds_files_agree_in_every_language() {
        let messages = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../messages");
        let ours = |problem: &lab_i18n::publish::Problem| ["sandbox.toml", "kinds.toml"].iter().any(|file| problem.file.ends_with(file));
        let problems: Vec<String> = lab_i18n::publish::check(&messages).iter().filter(|problem| ours(problem)).map(ToString::to_string).collect();
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn the_view_takes_the_canvas_shape_and_a_phone_sees_components_big_enough_to_tap() {
        use super::{Frame, ViewBox};
        use crate::draft::{Draft, Point};
        let phone = Frame { width: 330.0, height: 480.0 };
        let empty = Draft::laid_out(crate::blueprints::blank());
        let on_phone = ViewBox::fitting(&empty, phone);
        assert!(phone.width / on_phone.width >= 0.6, "an empty canvas on a phone: {on_phone:?}");
        assert_eq!(ViewBox::fitting(&empty, Frame::START), ViewBox::START, "a desktop-shaped canvas starts as before");

        let mut two = empty.clone();
        two.places = vec![Point { x: 120.0, y: 100.0 }, Point { x: 900.0, y: 400.0 }];
        for frame in [phone, Frame::START, Frame { width: 1200.0, height: 576.0 }] {
            let fit = ViewBox::fitting(&two, frame);
            assert!((fit.height / fit.width - frame.height / frame.width).abs() < 1e-9, "the frame's shape: {fit:?} in {frame:?}");
            assert!(two.places.iter().all(|&p| fit.shows(p)), "everything in sight: {fit:?}");
        }
        assert!(!on_phone.shows(Point { x: 900.0, y: 100.0 }), "far right is out of sight on a phone");
    }

    #[test]
    fn numbers_keep_their_decimals_in_the_languages_way() {
        lab_i18n::reset();
        assert_eq!([super::number(5.0), super::number(2.5), super::number(0.125)], ["5", "2.5", "0.125"]);
        install_vietnamese();
        assert_eq!([super::number(5.0), super::number(2.5), super::number(0.125)], ["5", "2,5", "0,125"]);
        lab_i18n::reset();
    }
}
