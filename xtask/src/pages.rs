//! Trunk's post-build hook `cargo xtask write-pages`: writes every page of the course as real
//! HTML, painted by the app's own views on the host (`lab_app::paint`), and the files the app
//! downloads when a page needs them, each named by its content:
//!
//! - `index.html` (the course map), `lesson/<slug>/index.html`, `quiz/<id>/index.html`,
//!   `sandbox/index.html`, `404.html`: readable, with working links, before any wasm arrives;
//! - `embed/<slug>/index.html`: a lesson's simulation alone, for an iframe in another site
//!   (see [`write_embed_pages`]);
//! - `lesson-<slug>-<hash>.html` (a lesson's text, for opening it from another page),
//!   `sim-<slug>-<hash>.json` (its simulation, for the player), `preview-<slug>-<hash>.html`
//!   (its diagram, drawn by the player's view at the first step), `quiz-<id>-<hash>.json`,
//!   and the course's quizzes in Moodle's GIFT format;
//! - the later modules (the player, the quiz pages, the sandbox), renamed
//!   `lab-player-<hash>.js` / `_bg.wasm`, `lab-quizzes-<hash>.js` / `_bg.wasm` and
//!   `lab-sandbox-<hash>.js` / `_bg.wasm` (Trunk builds them as "workers", whose names it
//!   keeps fixed), each named in every page's meta tag of its name (see `lab_app::modules`).
//!
//! Trunk's own `index.html` (with the loader moved out by `externalize-loader`) is the template.

use std::fs;
use std::path::Path;

use lab_app::modules::{self, Module};
use lab_app::paint::{paint, Content};
use lab_app::route::Route;
use lab_app::site::{language_folder, prefix_for};
use lab_content::{load_lessons, ContentError, Lesson, LessonFigures, LessonScenario, Published, QuizFile};
use lab_i18n::pages as msg;
use lab_i18n::Lang;

use crate::{workspace, Result};

/// What a lesson page runs first: it starts the simulation before the shell (see the file).
const START_LESSON: &str = include_str!("../../assets/start-lesson.js");
/// What an embed page runs after it: messages in the frame, and a quiz question if asked for.
const EMBED: &str = include_str!("../../assets/embed.js");
/// The embed pages' own styles, beside the app (Trunk copies the file).
const EMBED_STYLESHEET: &str = "embed.css";
/// The final assessment is a quiz page without a quiz file: it draws from the checkpoints.
const FINAL_ID: &str = "final";

/// Entry point for the hook.
pub fn write_from_trunk_env() -> Result<()> {
    write(&workspace::trunk_staging_dir("write-pages")?)
}

/// The course as the build sees it.
#[derive(Clone)]
struct Course {
    lessons: Vec<Lesson>,
    challenges: Vec<lab_content::LessonChallenge>,
    scenarios: Vec<LessonScenario>,
    figures: Vec<LessonFigures>,
    quizzes: Vec<QuizFile>,
}

fn load_course() -> Result<Course> {
    let dir = workspace::root().join("lessons");
    let list = |errors: Vec<ContentError>| ContentError::list(&errors);
    let mut lessons = load_lessons(&dir).map_err(list)?;
    let quizzes = lab_content::load_quizzes(&dir, &lessons).map_err(list)?;
    // The benchmark's build adds its own lessons (see build.rs); their files go with them.
    if let Some(extra) = std::env::var_os("LAB_EXTRA_LESSONS") {
        lessons.extend(load_lessons(Path::new(&extra)).map_err(list)?);
    }
    let (mut scenarios, mut figures) = (Vec::new(), Vec::new());
    for folder in [dir].into_iter().chain(std::env::var_os("LAB_EXTRA_LESSONS").map(Into::into)) {
        let slugs: Vec<&str> = lessons.iter().filter(|lesson| folder.join(&lesson.slug).is_dir()).map(|lesson| lesson.slug.as_str()).collect();
        scenarios.extend(lab_content::load_scenarios(&folder, &slugs).map_err(list)?);
        figures.extend(lab_content::load_all_figures(&folder, &slugs).map_err(list)?);
    }
    let slugs: Vec<&str> = lessons.iter().map(|lesson| lesson.slug.as_str()).collect();
    let challenges = lab_content::load_challenges(&workspace::root().join("lessons"), &slugs).map_err(list)?;
    lab_content::with_challenge_links(&mut lessons, &challenges);
    Ok(Course { lessons, challenges, scenarios, figures, quizzes })
}

fn write(dir: &Path) -> Result<()> {
    let course = load_course()?;
    let template = Template::read(dir)?;
    for file in lab_content::challenge_files(&course.challenges) {
        save(dir, &file.file, &file.text)?;
    }
    let gift = lab_content::gift_file(&workspace::root().join("lessons"), &course.quizzes);
    save(dir, &gift.file, &gift.text)?;
    let start_lesson = lab_content::content_name("start", "lesson", "js", START_LESSON.as_bytes());
    save(dir, &start_lesson, START_LESSON)?;

    lab_i18n::reset();
    let english = Files::of(&course, Lang::En, None);
    let redirect = write_redirect(dir, &course)?;
    write_language(dir, &course, &english, &template, &start_lesson, &redirect)?;
    // A host answers any missing address with this page, at whatever depth: its links start
    // from the site root, which is right for a course hosted at the root of its site.
    save(dir, "404.html", &template.page(&Route::NotFound(String::new()), "/", &Content::default(), ""))?;

    let translations = load_translations(&course)?;
    for lang in Lang::ALL.into_iter().filter(|lang| *lang != Lang::En) {
        let (translated, slugs) = course.in_language(&translations, lang);
        let files = Files::of(&translated, lang, Some(&english));
        let table = language_table(lang, &course, &translated, &slugs, &english, &files)?;
        lab_i18n::install(lang, &table)?;
        let script = lab_i18n::publish::script(lang, &table);
        let script_file = in_language(&lab_content::content_name("messages", lang.code(), "js", script.as_bytes()), lang);
        save(dir, &script_file, &script)?;
        let written = write_language(dir, &translated, &files, &template.in_language(&script_file), &start_lesson, "");
        lab_i18n::reset();
        written?;
    }
    Ok(())
}

/// The files a language's pages download: each lesson's text, simulation, figures and quiz.
struct Files {
    /// `(slug, file, html)` of each lesson's text.
    texts: Vec<Published>,
    sims: Vec<Published>,
    quizzes: Vec<Published>,
    figures: Vec<Published>,
}

impl Files {
    /// Named by their content. Another language's files that differ from the English carry its
    /// code before the extension (`quiz-sagas-<hash>.vi.json`), so the service worker caches
    /// them only for a learner who uses that language; so do all its simulations, because the
    /// diagram drawn from one (`preview-…`) shows that language's words even when the
    /// simulation's own texts are untranslated.
    fn of(course: &Course, lang: Lang, english: Option<&Files>) -> Files {
        let texts = course.lessons.iter().map(|lesson| Published { key: lesson.slug.clone(), file: lesson.page_file(), text: lesson.html.clone() }).collect();
        let mut files = Files { texts, sims: lab_content::player_files(&course.scenarios), quizzes: lab_content::quiz_files(&course.quizzes), figures: lab_content::figure_files(&course.figures) };
        if let Some(english) = english {
            let mark = |file: &mut Published| file.file = in_language(&file.file, lang);
            files.sims.iter_mut().for_each(mark);
            for (mine, theirs) in [(&mut files.texts, &english.texts), (&mut files.quizzes, &english.quizzes), (&mut files.figures, &english.figures)] {
                mine.iter_mut().zip(theirs).filter(|(mine, theirs)| mine.file != theirs.file).for_each(|(mine, _)| mark(mine));
            }
        }
        files
    }

    fn all(&self) -> impl Iterator<Item = &Published> {
        self.texts.iter().chain(&self.sims).chain(&self.quizzes).chain(&self.figures)
    }
}

/// `quiz-sagas-<hash>.vi.json` for `quiz-sagas-<hash>.json` in Vietnamese (see
/// `service_worker::language_of`).
fn in_language(file: &str, lang: Lang) -> String {
    match file.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}.{}.{extension}", lang.code()),
        None => format!("{file}.{}", lang.code()),
    }
}

/// The translations of the course's own lessons: the benchmark's (`LAB_EXTRA_LESSONS`) have
/// none, not even their module's name, and stay English on every language's pages.
fn load_translations(course: &Course) -> Result<lab_content::Translations> {
    let dir = workspace::root().join("lessons");
    let own: Vec<Lesson> = course.lessons.iter().filter(|lesson| dir.join(&lesson.slug).is_dir()).cloned().collect();
    lab_content::load_translations(&dir, &own, &course.scenarios, &course.figures, &course.quizzes).map_err(|errors| ContentError::list(&errors))
}

impl Course {
    /// The course in `lang` (what is not translated stays English), and the lessons translated.
    fn in_language(&self, translations: &lab_content::Translations, lang: Lang) -> (Course, Vec<String>) {
        let mut course = self.clone();
        let slugs = translations.apply(lang.code(), &mut course.lessons, &mut course.scenarios, &mut course.figures, &mut course.quizzes);
        (course, slugs)
    }
}

/// What a page of `lang` carries for the modules to show it in that language: the interface's
/// texts (`messages/<lang>/`) and, under `content`, what of the course differs from the
/// English (see `lab_i18n::content`).
fn language_table(lang: Lang, english: &Course, translated: &Course, slugs: &[String], english_files: &Files, files: &Files) -> Result<String> {
    let table = lab_i18n::publish::table_json(&workspace::root().join("messages"), lang)?;
    let mut table: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&table).map_err(|error| error.to_string())?;
    let mut content = serde_json::Map::new();
    let mut put = |key: String, value: &str| {
        content.insert(key, serde_json::Value::String(value.to_string()));
    };
    for (lesson, theirs) in english.lessons.iter().zip(&translated.lessons) {
        if slugs.contains(&lesson.slug) {
            put(format!("lesson/{}/translated", lesson.slug), "1");
            put(format!("lesson/{}/title", lesson.slug), &theirs.front.title);
            put(format!("lesson/{}/summary", lesson.slug), &theirs.front.summary);
        }
        if theirs.front.module != lesson.front.module {
            put(format!("module/{}", lesson.front.module), &theirs.front.module);
        }
    }
    for (ours, theirs) in english.quizzes.iter().zip(&translated.quizzes) {
        if ours.quiz.title != theirs.quiz.title {
            put(format!("quiz/{}/title", ours.quiz.id), &theirs.quiz.title);
        }
    }
    let differing = |kind: &str, mine: &[Published], theirs: &[Published], put: &mut dyn FnMut(String, &str)| {
        for (ours, file) in mine.iter().zip(theirs).filter(|(ours, file)| ours.file != file.file) {
            let key = match kind {
                "figure" => match ours.key.split_once('/') {
                    Some((slug, name)) => format!("lesson/{slug}/figure/{name}"),
                    None => continue,
                },
                "quiz" => format!("quiz/{}/file", ours.key),
                _ => format!("lesson/{}/{kind}", ours.key),
            };
            put(key, &file.file);
        }
    };
    differing("page", &english_files.texts, &files.texts, &mut put);
    differing("sim", &english_files.sims, &files.sims, &mut put);
    differing("quiz", &english_files.quizzes, &files.quizzes, &mut put);
    differing("figure", &english_files.figures, &files.figures, &mut put);
    table.insert(lab_i18n::CONTENT_KEY.to_string(), serde_json::Value::Object(content));
    serde_json::to_string(&table).map_err(|error| error.to_string())
}

/// Every page of the course in the installed language, and the files they download.
fn write_language(dir: &Path, course: &Course, files: &Files, template: &Template, start_lesson: &str, home_head: &str) -> Result<()> {
    for file in files.all() {
        save(dir, &file.file, &file.text)?;
    }
    let sims = &files.sims;
    let quizzes = &files.quizzes;
    let previews = write_previews(dir, sims)?;
    save(dir, &page_file(&Route::Home), &template.page(&Route::Home, &prefix_for(&Route::Home), &Content::default(), "").replacen("</head>", &format!("{home_head}</head>"), 1))?;
    for lesson in &course.lessons {
        let route = Route::Lesson(lesson.slug.clone());
        let prefix = prefix_for(&route);
        let preview = previews.iter().find(|(slug, _)| *slug == lesson.slug).map(|(_, html)| html.as_str());
        let content = Content { lesson_text: Some(&lesson.html), preview, quiz_json: None };
        let page = template.page(&route, &prefix, &content, "");
        let page = match sims.iter().find(|sim| sim.key == lesson.slug) {
            Some(sim) => template.simulation_first(&page, &prefix, start_lesson, &sim.file),
            None => page,
        };
        save(dir, &page_file(&route), &page)?;
    }
    write_embed_pages(dir, course, template, sims, &previews, start_lesson)?;
    for quiz in quizzes.iter().map(|file| (file.key.as_str(), Some(file))).chain([(FINAL_ID, None)]) {
        let (id, file): (&str, Option<&Published>) = quiz;
        let route = Route::Quiz(id.to_string());
        let content = Content { quiz_json: file.map(|file| file.text.as_str()), ..Content::default() };
        let prefix = prefix_for(&route);
        let page = template.page(&route, &prefix, &content, &file.map(quiz_data_block).unwrap_or_default());
        save(dir, &page_file(&route), &template.with_module(&page, &prefix, modules::QUIZZES))?;
    }
    let sandbox = template.page(&Route::Sandbox, &prefix_for(&Route::Sandbox), &Content::default(), "");
    let styles = format!("<link rel=\"stylesheet\" href=\"{}{}\" data-sandbox-styles>\n</head>", prefix_for(&Route::Sandbox), modules::SANDBOX_STYLESHEET);
    let sandbox = template.with_module(&sandbox, &prefix_for(&Route::Sandbox), modules::SANDBOX).replacen("</head>", &styles, 1);
    save(dir, &page_file(&Route::Sandbox), &sandbox)?;
    Ok(())
}

/// Each lesson's diagram at its first step, drawn by the player's own view, as a file for
/// lessons opened from another page; returned for the lesson pages themselves.
fn write_previews(dir: &Path, sims: &[Published]) -> Result<Vec<(String, String)>> {
    sims.iter()
        .map(|sim| {
            let data = serde_json::from_str(&sim.text).map_err(|error| format!("{}: {error}", sim.file))?;
            let html = lab_player::preview::diagram_html(data).map_err(|error| format!("drawing the diagram of {}: {error}", sim.key))?;
            save(dir, &lab_app::catalog::preview_file_of(&sim.file), &html)?;
            Ok((sim.key.clone(), html))
        })
        .collect()
}

/// A page per lesson with a simulation, `embed/<slug>/index.html`: the simulation alone, for an
/// iframe in another site (slides, an LMS), sized to its frame, its view from the share link in
/// the fragment. It carries the lesson's diagram as drawn at build time and starts the player
/// exactly as the lesson page does (`start-lesson.js`), without the shell: no header, footer or
/// course text, and nothing more to download than the lesson's own player. `embed.js` adds a
/// question of the lesson's checkpoint quiz (`?question=<number or id>`), with the quiz module.
fn write_embed_pages(dir: &Path, course: &Course, template: &Template, sims: &[Published], previews: &[(String, String)], start_lesson: &str) -> Result<()> {
    let embed_script = lab_content::content_name("embed", "page", "js", EMBED.as_bytes());
    save(dir, &embed_script, EMBED)?;
    let folder = language_folder(lab_i18n::language());
    let prefix = "../".repeat(2 + folder.matches('/').count());
    let prefix = prefix.as_str();
    let lang = lab_i18n::language().code();
    for lesson in &course.lessons {
        let (Some(sim), Some((_, preview))) = (sims.iter().find(|sim| sim.key == lesson.slug), previews.iter().find(|(slug, _)| *slug == lesson.slug)) else { continue };
        let title = escape(&msg::EMBED_TITLE.with(&[("lesson", &lesson.front.title)]));
        let head = format!(
            "{}\n<link rel=\"stylesheet\" href=\"{prefix}{EMBED_STYLESHEET}\">\n<title>{title}</title>\n<meta name=\"lab-root\" content=\"{prefix}\">\n{}{LOADER_TAG}\"{prefix}{embed_script}\"></script>\n",
            template.head_without_shell(prefix),
            template.module_metas(),
        );
        let head = template.simulation_first(&head, prefix, start_lesson, &sim.file);
        let body = format!(
            "<main class=\"embed\" data-testid=\"embed\">\n\
             <div class=\"player-slot\" data-testid=\"player-slot\" data-sim=\"{sim}\"><div class=\"player-mount\"></div>\
             <section class=\"player player-preview\" data-testid=\"player-preview\" aria-busy=\"true\" aria-label=\"{loading_label}\">\
             <p class=\"player-loading\" role=\"status\"><progress aria-label=\"{loading_bare}\"></progress> {loading}</p>\
             <div class=\"preview-diagram\">{preview}</div></section></div>\n\
             <div class=\"embed-question\" data-embed-question=\"{slug}\"></div>\n\
             <p class=\"embed-credit\"><a href=\"{prefix}{folder}lesson/{slug}/\" target=\"_blank\" rel=\"noopener\">{lesson_title}</a> · {brand}</p>\n</main>",
            sim = sim.file,
            slug = lesson.slug,
            loading_label = escape(lab_i18n::shell::PLAYER_LOADING_REGION.text()),
            loading = escape(lab_i18n::shell::PLAYER_LOADING_NOTE.text()),
            loading_bare = escape(lab_i18n::shell::PLAYER_LOADING.text()),
            lesson_title = escape(&lesson.front.title),
            brand = escape(lab_i18n::shell::BRAND.text()),
        );
        let noscript = escape(msg::EMBED_NOSCRIPT.text());
        let page = format!("<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>{head}</head>\n<body>\n{body}\n<noscript><p class=\"noscript\">{noscript}</p></noscript>\n</body>\n</html>\n");
        save(dir, &format!("{folder}embed/{}/index.html", lesson.slug), &page)?;
    }
    Ok(())
}

/// Addresses from before lessons had pages (`#/lesson/<slug>?v=1&...` on the home page) are sent
/// to the page itself, keeping a share link, by a small script the home page runs before it
/// paints (so an old link does not flash the course map). Only known pages are redirected; any
/// other old address is left to the app, which says it does not exist. The same script opens
/// the course in the learner's language: a visit that starts at the English home page (typed,
/// bookmarked, linked from another site) goes to the home page of the language they last used.
/// Returns the tag.
fn write_redirect(dir: &Path, course: &Course) -> Result<String> {
    let pages: Vec<String> = course
        .lessons
        .iter()
        .map(|lesson| format!("\"lesson/{}\"", lesson.slug))
        .chain(course.quizzes.iter().map(|file| format!("\"quiz/{}\"", file.quiz.id)))
        .chain([format!("\"quiz/{FINAL_ID}\"")])
        .collect();
    let languages: Vec<String> = Lang::ALL.iter().filter(|lang| **lang != Lang::En).map(|lang| format!("\"{}\"", lang.code())).collect();
    let script = format!(
        "// Sends addresses made before lessons had pages (#/lesson/x?v=1&...) to the page itself.\n\
         (function () {{\n\
         \x20 var pages = [{}];\n\
         \x20 var old = /^#\\/((?:lesson|quiz)\\/[a-z0-9-]+)\\/?(?:[?&](.*))?$/.exec(location.hash);\n\
         \x20 if (old && pages.indexOf(old[1]) >= 0) {{ location.replace(old[1] + \"/\" + (old[2] ? \"#\" + old[2] : \"\")); return; }}\n\
         \x20 // A visit that starts here, not a link from another page of the course, opens in the learner's language.\n\
         \x20 var languages = [{}], chosen = null;\n\
         \x20 try {{ chosen = localStorage.getItem(\"{}\"); }} catch (e) {{}}\n\
         \x20 var fromCourse = document.referrer && new URL(document.referrer).origin === location.origin;\n\
         \x20 if (languages.indexOf(chosen) >= 0 && !fromCourse) location.replace(chosen + \"/\" + location.hash);\n\
         }})();\n",
        pages.join(","),
        languages.join(","),
        lab_app::LANGUAGE_KEY,
    );
    let file = lab_content::content_name("redirect", "old-addresses", "js", script.as_bytes());
    save(dir, &file, &script)?;
    Ok(format!("<script src=\"{file}\"></script>\n"))
}

/// The quiz's questions for the app to adopt, in a data block (never run as script; `<` is
/// escaped so the text cannot close the element).
fn quiz_data_block(file: &Published) -> String {
    format!(
        "<script type=\"application/json\" id=\"{}\" data-quiz=\"{}\">{}</script>",
        lab_app::takeover::QUIZ_DATA_ID,
        file.key,
        file.text.replace('<', "\\u003c")
    )
}

/// The file of a route's page in the installed language, relative to the site root.
fn page_file(route: &Route) -> String {
    format!("{}{}index.html", language_folder(lab_i18n::language()), route.path())
}

fn save(dir: &Path, file: &str, text: &str) -> Result<()> {
    let path = dir.join(file);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
    }
    fs::write(&path, text).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// How the shell's loader begins in the head (`externalize-loader` wrote it).
const LOADER_TAG: &str = "<script type=\"module\" src=";

/// Trunk's page, split where each page's own parts go.
struct Template {
    /// The `<head>` content with asset paths relative to the root (`./`), minus the title.
    head: String,
    /// Each later module with its script's name.
    modules: Vec<(Module, String)>,
    /// For a language other than English, the script that hands its table to the modules.
    language_script: Option<String>,
}

impl Template {
    fn read(dir: &Path) -> Result<Template> {
        let index = dir.join("index.html");
        let html = fs::read_to_string(&index).map_err(|error| format!("cannot read {}: {error}", index.display()))?;
        let head = between(&html, "<head>", "</head>").ok_or_else(|| format!("{} has no <head>", index.display()))?;
        let head = without_title(&without_wasm_preload(head));
        if !head.contains(&description_tag(msg::DESCRIPTION.english())) {
            return Err(format!("{}: its description is not messages/en/pages.toml's `description`; keep them the same", index.display()));
        }
        let modules = modules::ALL.into_iter().map(|module| Ok((module, name_module(dir, module)?))).collect::<Result<_>>()?;
        Ok(Template { head, modules, language_script: None })
    }

    /// The template for pages in `lang`, which load `script` (its table) before any module.
    fn in_language(&self, script: &str) -> Template {
        Template { head: self.head.clone(), modules: self.modules.clone(), language_script: Some(script.to_string()) }
    }

    /// The tag that loads the language's table: deferred, so it runs after the page is parsed
    /// and before the module scripts that follow it (they run in document order).
    fn language_tag(&self, prefix: &str) -> String {
        self.language_script.as_ref().map(|script| format!("<script defer src=\"{prefix}{script}\"></script>\n")).unwrap_or_default()
    }

    /// A lesson page with a simulation asks for it first: as the head is parsed, it preloads the
    /// player module and the lesson's data, and `start_script` (before the shell's loader, as
    /// module scripts run in order) mounts the player, while the shell's loader waits for it.
    fn simulation_first(&self, page: &str, prefix: &str, start_script: &str, sim: &str) -> String {
        let tags = format!(
            "{}<link rel=\"preload\" href=\"{prefix}{sim}\" as=\"fetch\" type=\"application/json\" crossorigin>\n\
             <script type=\"module\" src=\"{prefix}{start_script}\"></script>\n",
            self.module_preloads(modules::PLAYER, prefix)
        );
        page.replacen(LOADER_TAG, &format!("{tags}{LOADER_TAG}"), 1)
    }

    /// A quiz page needs the quiz module as soon as the shell, and the sandbox page the
    /// sandbox module: both download side by side.
    fn with_module(&self, page: &str, prefix: &str, module: Module) -> String {
        page.replacen(LOADER_TAG, &format!("{}{LOADER_TAG}", self.module_preloads(module, prefix)), 1)
    }

    /// The head's tags that fetch a module's script and wasm while the page is parsed.
    fn module_preloads(&self, module: Module, prefix: &str) -> String {
        let script = self.script_of(module);
        let wasm = modules::wasm_file_of(script);
        format!(
            "<link rel=\"modulepreload\" href=\"{prefix}{script}\">\n\
             <link rel=\"preload\" href=\"{prefix}{wasm}\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n"
        )
    }

    fn script_of(&self, wanted: Module) -> &str {
        self.modules.iter().find(|(module, _)| *module == wanted).map_or("", |(_, script)| script.as_str())
    }

    /// The head with paths starting at `prefix`.
    fn head_at(&self, prefix: &str) -> String {
        let head = self.head.replace("href=\"./", &format!("href=\"{prefix}")).replace("src=\"./", &format!("src=\"{prefix}"));
        let head = head.replacen(&description_tag(msg::DESCRIPTION.english()), &description_tag(msg::DESCRIPTION.text()), 1);
        format!("{}{head}", self.language_tag(prefix))
    }

    /// The head without the shell's loader and its script's preload: for a page the shell never
    /// takes over.
    fn head_without_shell(&self, prefix: &str) -> String {
        let head = self.head_at(prefix);
        head.lines().filter(|line| !line.contains(LOADER_TAG) && !line.contains("rel=\"modulepreload\"")).collect::<Vec<_>>().join("\n")
    }

    /// The meta tags naming each later module's script, and the player's stylesheet.
    fn module_metas(&self) -> String {
        let scripts = self.modules.iter().map(|(module, script)| format!("<meta name=\"{}\" content=\"{script}\">\n", module.name));
        let styles = self.player_styles().map(|file| format!("<meta name=\"{}\" content=\"{file}\">\n", modules::PLAYER_STYLES_META));
        scripts.chain(styles).collect()
    }

    /// The player's stylesheet as Trunk named it (`player-<hash>.css`).
    fn player_styles(&self) -> Option<&str> {
        self.head.lines().filter(|line| line.contains("rel=\"stylesheet\"")).find_map(|line| between(line, "href=\"./", "\"").filter(|file| file.starts_with(PLAYER_STYLES_STEM)))
    }

    /// A page without a player leaves the player's stylesheet to the shell, which links it when
    /// the learner is idle or moves in place to a page with a player (`modules::link_player_styles`).
    fn without_player_styles(&self, head: &str) -> String {
        match self.player_styles() {
            Some(file) => head.lines().filter(|line| !(line.contains("rel=\"stylesheet\"") && line.contains(file))).collect::<Vec<_>>().join("\n"),
            None => head.to_string(),
        }
    }

    /// A whole page: the head with paths starting at `prefix`, the painted body, and `after`.
    fn page(&self, route: &Route, prefix: &str, content: &Content, after: &str) -> String {
        let body = paint(route, prefix, content);
        let head = if shows_a_player(route) { self.head_at(prefix) } else { self.without_player_styles(&self.head_at(prefix)) };
        let module_metas = self.module_metas();
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>{head}\n<title>{title}</title>\n<meta name=\"lab-root\" content=\"{prefix}\">\n{module_metas}</head>\n<body>\n<div id=\"{root}\" class=\"app\">{body}</div>\n<noscript><p class=\"noscript\">{noscript}</p></noscript>\n{after}</body>\n</html>\n",
            lang = lab_i18n::language().code(),
            title = escape(&lab_app::page_title(route)),
            root = lab_app::takeover::PAINTED_ROOT_ID,
            noscript = escape(msg::NOSCRIPT.text()),
        )
    }
}

/// Trunk names the player's stylesheet from `assets/player.css`.
const PLAYER_STYLES_STEM: &str = "player-";

/// Whether a page shows a player or its preview (and needs the player's styles to be painted):
/// lessons, the sandbox. The home page, quizzes and the not-found page do not.
fn shows_a_player(route: &Route) -> bool {
    matches!(route, Route::Lesson(_) | Route::Sandbox)
}

/// Trunk preloads the shell's wasm from the head, where it would share the first round trips
/// with the stylesheets and delay the first paint; the loader script fetches it right after.
fn without_wasm_preload(head: &str) -> String {
    head.lines().filter(|line| !(line.contains("rel=\"preload\"") && line.contains(".wasm"))).collect::<Vec<_>>().join("\n")
}

fn without_title(head: &str) -> String {
    match (head.find("<title>"), head.find("</title>")) {
        (Some(start), Some(end)) if start < end => format!("{}{}", &head[..start], &head[end + "</title>".len()..]),
        _ => head.to_string(),
    }
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = start + text[start..].find(close)?;
    Some(&text[start..end])
}

/// Renames a module's files by their content; returns its script's new name.
fn name_module(dir: &Path, module: Module) -> Result<String> {
    let built_script = module.built_script();
    let built_wasm = modules::wasm_file_of(&built_script);
    let read = |file: &str| fs::read(dir.join(file)).map_err(|error| format!("the module {file} is missing from the build: {error}"));
    let (script, wasm) = (read(&built_script)?, read(&built_wasm)?);
    let (prefix, stem) = module.name.split_once('-').unwrap_or((module.name, ""));
    let named = lab_content::content_name(prefix, stem, "js", &[script.as_slice(), wasm.as_slice()].concat());
    let rename = |from: &str, to: &str| fs::rename(dir.join(from), dir.join(to)).map_err(|error| format!("cannot rename {from}: {error}"));
    rename(&built_script, &named)?;
    rename(&built_wasm, &modules::wasm_file_of(&named))?;
    Ok(named)
}

/// The page's description for search engines and link previews.
fn description_tag(text: &str) -> String {
    format!("<meta name=\"description\" content=\"{}\">", escape(text))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_loses_the_wasm_preload_and_its_title() {
        let head = "\n<title>X</title>\n<link rel=\"stylesheet\" href=\"./style-1.css\">\n<link rel=\"preload\" href=\"./app_bg.wasm\" as=\"fetch\">\n<link rel=\"modulepreload\" href=\"./app.js\">";
        let cleaned = without_title(&without_wasm_preload(head));
        assert!(!cleaned.contains(".wasm") && !cleaned.contains("<title>"), "{cleaned}");
        assert!(cleaned.contains("style-1.css") && cleaned.contains("app.js"));
    }

    #[test]
    fn quiz_data_cannot_close_its_element() {
        let file = Published { key: "q".into(), file: "quiz-q-1.json".into(), text: "{\"p\":\"</script><b>\"}".into() };
        let block = quiz_data_block(&file);
        assert_eq!(block.matches("</script>").count(), 1, "{block}");
    }

    #[test]
    fn pages_live_in_folders_of_their_own() {
        assert_eq!(page_file(&Route::Home), "index.html");
        assert_eq!(page_file(&Route::Lesson("sagas".into())), "lesson/sagas/index.html");
    }
}
