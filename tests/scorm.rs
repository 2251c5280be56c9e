//! The SCORM 1.2 package (`cargo xtask scorm`; `cargo xtask test` writes it once per run, in
//! English and in Vietnamese, from one build, and names them in `LAB_SCORM_PACKAGE` and
//! `LAB_SCORM_PACKAGE_VI`): its manifest against the SCORM 1.2 schemas with xmllint, and the
//! package inside a stand-in LMS (`tests/fixtures/scorm-lms/`) that runs scorm-again's SCORM 1.2
//! run-time (`LAB_SCORM_RUNTIME`) and records every call: a learner who answers, leaves and comes
//! back on another computer, the status and score as the checkpoints are answered, and the
//! Vietnamese package opening and resuming on the Vietnamese pages.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use lab_i18n::Lang;
use serde_json::{json, Value};
use support::webdriver::required_env;
use support::{Hosting, Session, StaticServer, STRICT_CSP};

/// The README's policy with the one change an LMS needs: the package's pages are shown in
/// frames of the same site (the LMS's page, and the launch page's course frame).
fn package_csp() -> &'static str {
    static CSP: OnceLock<String> = OnceLock::new();
    CSP.get_or_init(|| STRICT_CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'"))
}
const PROGRESS_KEY: &str = "integration-patterns-lab.progress";

/// A package, by the folder it is unzipped into and the variable that names its zip.
#[derive(Clone, Copy)]
struct Package {
    folder: &'static str,
    variable: &'static str,
}

const ENGLISH: Package = Package { folder: "course", variable: "LAB_SCORM_PACKAGE" };
const VIETNAMESE: Package = Package { folder: "course-vi", variable: "LAB_SCORM_PACKAGE_VI" };

impl Package {
    /// Its launch page, from the stand-in LMS's page.
    fn launch_page(self) -> String {
        format!("../{}/scorm.html", self.folder)
    }
}

/// The packages unzipped into `course/` and `course-vi/` beside the stand-in LMS in `lms/`, once
/// per test run.
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = std::env::temp_dir().join(format!("lab-scorm-{}", std::process::id()));
        let _ = fs::remove_dir_all(&site);
        for package in [ENGLISH, VIETNAMESE] {
            let zip = fs::File::open(required_env(package.variable)).expect("the SCORM package (run `cargo xtask test`)");
            zip::ZipArchive::new(zip).expect("the package is a zip").extract(site.join(package.folder)).expect("the package unzips");
        }
        let lms = site.join("lms");
        fs::create_dir_all(&lms).expect("a folder for the stand-in LMS");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scorm-lms");
        for file in ["index.html", "lms.js"] {
            fs::copy(fixture.join(file), lms.join(file)).expect("the stand-in LMS copies");
        }
        fs::copy(required_env("LAB_SCORM_RUNTIME"), lms.join("scorm12.js")).expect("scorm-again's scorm12.js (run `cargo xtask test`)");
        site
    })
}

fn course_dir() -> PathBuf {
    site().join(ENGLISH.folder)
}

/// The package's list of quizzes, as its launch page reads it.
fn course_of(package: Package) -> Value {
    serde_json::from_str(&fs::read_to_string(site().join(package.folder).join("scorm-course.json")).expect("scorm-course.json")).expect("it is JSON")
}

fn course() -> Value {
    course_of(ENGLISH)
}

fn graded(course: &Value) -> Vec<&Value> {
    course["quizzes"].as_array().expect("quizzes").iter().filter(|quiz| quiz["graded"] == true).collect()
}

/// xmllint reads one schema and ignores the document's `xsi:schemaLocation`, so this one, beside
/// the package's copies, imports the three namespaces a manifest uses: the packaging itself,
/// ADL's SCORM extensions and the metadata.
const ALL_NAMESPACES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <xsd:import namespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2" schemaLocation="imscp_rootv1p1p2.xsd"/>
  <xsd:import namespace="http://www.adlnet.org/xsd/adlcp_rootv1p2" schemaLocation="adlcp_rootv1p2.xsd"/>
  <xsd:import namespace="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1" schemaLocation="imsmd_rootv1p2p1.xsd"/>
</xsd:schema>
"#;

/// xmllint's verdict on `document` against the package's schemas: its messages when it fails.
fn validate(document: &Path) -> Result<(), String> {
    let schema = course_dir().join("all-namespaces.xsd");
    fs::write(&schema, ALL_NAMESPACES).expect("the schema that imports the package's schemas");
    let output = Command::new("xmllint").arg("--noout").arg("--schema").arg(&schema).arg(document).output().expect("xmllint runs (`cargo xtask test` installs it)");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

#[test]
fn the_manifest_validates_against_the_scorm_1_2_schemas() {
    let course = course_dir();
    let manifest_path = course.join("imsmanifest.xml");
    if let Err(messages) = validate(&manifest_path) {
        panic!("xmllint: {messages}");
    }

    let manifest = fs::read_to_string(&manifest_path).expect("the manifest");
    assert!(manifest.contains("<adlcp:masteryscore>80</adlcp:masteryscore>"));
    let listed: Vec<&str> = manifest.split("<file href=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
    assert!(listed.contains(&"scorm.html") && listed.contains(&"index.html"), "the launch page and the course map are listed");
    for file in &listed {
        assert!(course.join(file).is_file(), "the manifest lists {file}, which the package lacks");
    }

    // The validator checks the SCORM extensions too: a resource that is neither a SCO nor an
    // asset, or an unknown metadata element, is refused.
    for (right, wrong) in [("adlcp:scormtype=\"sco\"", "adlcp:scormtype=\"lesson\""), ("imsmd:language>", "imsmd:tongue>")] {
        let broken = site().join("broken-manifest.xml");
        fs::write(&broken, manifest.replace(right, wrong)).expect("a broken copy");
        assert!(validate(&broken).is_err(), "xmllint accepted {wrong}");
    }
}

/// A browser on the stand-in LMS, serving the package and the LMS from one site.
struct Lms {
    session: Session,
    _server: StaticServer,
}

/// The course's document inside the launch page inside the LMS's frame (all one origin).
const COURSE_DOCUMENT: &str = "const course = document.getElementById('sco').contentDocument?.getElementById('course')?.contentDocument;";

impl Lms {
    fn open() -> Lms {
        let server = StaticServer::start(site().to_path_buf(), Hosting { mount: "/", csp: Some(package_csp()), gzip: false });
        let session = Session::start();
        session.navigate(&format!("{}lms/index.html", server.url));
        Lms { session, _server: server }
    }

    fn launch(&self, kept: Value) {
        self.launch_package(ENGLISH, kept);
    }

    fn launch_package(&self, package: Package, kept: Value) {
        self.session.execute_with("lms.launch(arguments[0], '80', arguments[1]);", json!([package.launch_page(), kept]));
    }

    /// Waits until the course in the launch page's frame answers at `place` (`quiz/…/`, or ""
    /// for the course map).
    fn wait_for_course(&self, place: &str) {
        self.wait_for_course_of(ENGLISH, place);
    }

    fn wait_for_course_of(&self, package: Package, place: &str) {
        let script = format!(
            "{COURSE_DOCUMENT} return !!course && course.location.pathname.endsWith('/{}/' + arguments[0])
               // A frame between two pages can hold a document not yet given its root element.
               && !!course.documentElement?.hasAttribute('data-shell-ready')
               && !course.querySelector('[data-quiz-place^=\"quiz:\"]:not([data-quiz-live])');",
            package.folder
        );
        let ready = self.session.wait_until(|| (self.session.execute_with(&script, json!([place])) == Value::Bool(true)).then_some(()));
        assert!(ready.is_some(), "the course never answered at {place:?}; the LMS saw {:?}", self.calls());
    }

    /// The launch page's status line, once it says `text`; the launch page's and the course's
    /// languages (`<html lang>`).
    fn wait_for_status(&self, text: &str) -> (Value, Value) {
        let script = format!(
            "{COURSE_DOCUMENT} const launch = document.getElementById('sco').contentDocument;
             return launch?.getElementById('lms-status')?.textContent === arguments[0] ? [launch.documentElement.lang, course?.documentElement?.lang] : null;"
        );
        let languages = self.session.wait_until(|| Some(self.session.execute_with(&script, json!([text]))).filter(|found| !found.is_null()));
        let status = self.session.execute("return document.getElementById('sco').contentDocument?.getElementById('lms-status')?.textContent;");
        let languages = languages.unwrap_or_else(|| panic!("the launch page never said {text:?}; it says {status}"));
        (languages[0].clone(), languages[1].clone())
    }

    fn calls(&self) -> Vec<Value> {
        self.session.execute("return lms.calls;").as_array().cloned().unwrap_or_default()
    }

    /// The values set for `element`, in order.
    fn set_values(&self, element: &str) -> Vec<String> {
        self.calls()
            .iter()
            .filter(|call| call["method"] == "LMSSetValue" && call["args"][0] == element)
            .filter_map(|call| call["args"][1].as_str().map(str::to_string))
            .collect()
    }

    /// Waits until the last value set for `element` is `value`.
    fn wait_for_value(&self, element: &str, value: &str) {
        let found = self.session.wait_until(|| (self.set_values(element).last().map(String::as_str) == Some(value)).then_some(()));
        assert!(found.is_some(), "{element} was never set to {value:?}; it was set to {:?}", self.set_values(element));
    }

    fn wait_for_finish(&self) {
        let finished = self.session.wait_until(|| self.calls().iter().any(|call| call["method"] == "LMSFinish").then_some(()));
        assert!(finished.is_some(), "the package never called LMSFinish: {:?}", self.calls());
    }

    fn stored_progress(&self) -> Value {
        let text = self.session.execute_with("return localStorage.getItem(arguments[0]);", json!([PROGRESS_KEY]));
        text.as_str().and_then(|text| serde_json::from_str(text).ok()).unwrap_or(Value::Null)
    }

    fn assert_no_console_errors(&self) {
        let errors = self.session.severe_logs();
        assert!(errors.is_empty(), "the pages logged errors:\n{}", errors.join("\n"));
    }
}

/// The calls of one launch, by method and element, in order: what the run-time saw.
fn call_names(calls: &[Value]) -> Vec<String> {
    calls
        .iter()
        .map(|call| match call["args"][0].as_str() {
            Some(element) if !element.is_empty() => format!("{} {element}", call["method"].as_str().unwrap_or_default()),
            _ => call["method"].as_str().unwrap_or_default().to_string(),
        })
        .collect()
}

fn position(names: &[String], wanted: &str) -> usize {
    names.iter().position(|name| name == wanted).unwrap_or_else(|| panic!("no call {wanted:?} in {names:?}"))
}

/// Answers the first two single-answer questions of the quiz in the course frame with their
/// first option; returns their ids.
fn answer_two_questions(lms: &Lms) -> Vec<String> {
    let script = format!(
        "{COURSE_DOCUMENT}
         const questions = [...course.querySelectorAll('[data-testid=question]')].filter(q => q.querySelector('input[type=radio]')).slice(0, 2);
         for (const question of questions) {{
           question.querySelector('label').click();
           question.querySelector('[data-testid=check]').click();
         }}
         return questions.map(q => q.dataset.question);"
    );
    let ids: Vec<String> = serde_json::from_value(lms.session.execute(&script)).expect("question ids");
    assert_eq!(ids.len(), 2, "the checkpoint has two single-answer questions");
    ids
}

/// The score the package must report: every graded question's points over their number.
fn expected_score(course: &Value, progress: &Value) -> String {
    let (mut points, mut questions) = (0.0, 0);
    for quiz in graded(course) {
        questions += quiz["questions"].as_array().map_or(0, Vec::len);
        let saved = &progress["quizzes"][quiz["id"].as_str().unwrap_or_default()];
        if saved["hash"] == quiz["hash"] {
            points += saved["answers"].as_object().map_or(0.0, |answers| answers.values().filter_map(|answer| answer["score"].as_f64()).sum());
        }
    }
    format!("{}", (10_000.0 * points / questions as f64).round() / 100.0)
}

#[test]
fn a_learner_answers_leaves_and_resumes_on_another_computer() {
    let course = course();
    let quiz = graded(&course)[0];
    let quiz_id = quiz["id"].as_str().expect("an id");
    let place = format!("quiz/{quiz_id}/");
    let lms = Lms::open();

    lms.launch(Value::Null);
    lms.wait_for_course("");
    lms.wait_for_value("cmi.core.lesson_status", "incomplete");
    lms.session.execute_with(&format!("{COURSE_DOCUMENT} course.location.href = arguments[0];"), json!([format!("../course/{place}")]));
    lms.wait_for_course(&place);
    lms.wait_for_value("cmi.core.lesson_location", &place);
    let answered = answer_two_questions(&lms);
    let answers_of = |progress: &Value| answered.iter().map(|id| progress["quizzes"][quiz_id]["answers"][id].clone()).collect::<Vec<_>>();
    let saved = lms.session.wait_until(|| Some(lms.stored_progress()).filter(|progress| answers_of(progress).iter().all(|answer| !answer.is_null())));
    let saved = saved.expect("the course saved both answers");
    lms.wait_for_value("cmi.core.score.raw", &expected_score(&course, &saved));
    let suspend_data = lms.set_values("cmi.suspend_data");
    assert!(suspend_data.last().is_some_and(|data| data.starts_with("1|") && data.len() <= 4096), "{suspend_data:?}");
    assert_eq!(lms.set_values("cmi.core.lesson_status").last().map(String::as_str), Some("incomplete"), "one checkpoint of many");

    lms.session.execute("lms.leave();");
    lms.wait_for_finish();
    let first = call_names(&lms.calls());
    assert_eq!(first[0], "LMSInitialize");
    assert!(position(&first, "LMSGetValue cmi.suspend_data") < position(&first, "LMSSetValue cmi.core.lesson_status"));
    assert!(position(&first, "LMSGetValue cmi.core.lesson_location") < position(&first, "LMSSetValue cmi.core.lesson_status"));
    assert!(position(&first, "LMSSetValue cmi.core.lesson_status") < position(&first, "LMSCommit"));
    let session_time = position(&first, "LMSSetValue cmi.core.session_time");
    assert_eq!(first.last().map(String::as_str), Some("LMSFinish"), "{first:?}");
    assert!(session_time < first.len() - 1 && first.iter().skip(session_time).all(|name| !name.starts_with("LMSSetValue cmi.suspend_data")));
    let time = lms.set_values("cmi.core.session_time").pop().expect("a session time");
    assert!(is_timespan(&time), "{time:?} is not a SCORM 1.2 CMITimespan");
    assert_eq!(lms.set_values("cmi.core.exit").last().map(String::as_str), Some("suspend"));
    let kept = lms.session.execute("return lms.kept();");
    assert_eq!(kept["core"]["lesson_location"], place.as_str());

    // Another computer: nothing in this browser's storage, only what the LMS kept.
    lms.session.execute("localStorage.clear();");
    lms.launch(kept.clone());
    lms.wait_for_course(&place);
    let second = lms.calls();
    let handed: Vec<&Value> = second.iter().filter(|call| call["method"] == "LMSGetValue" && call["args"][0] == "cmi.suspend_data").map(|call| &call["result"]).collect();
    assert_eq!(handed, vec![&kept["suspend_data"]], "the second launch reads the first one's suspend data");
    let restored = lms.stored_progress();
    assert_eq!(answers_of(&restored), answers_of(&saved), "the answers come back as they were given");
    let summary = lms.session.execute(&format!("{COURSE_DOCUMENT} return course.querySelector('[data-testid=score]').textContent;"));
    let total = quiz["questions"].as_array().map_or(0, Vec::len);
    assert!(summary.as_str().is_some_and(|text| text.contains(&format!("2 of {total} answered"))), "the quiz page shows {summary}");
    lms.assert_no_console_errors();
}

/// HH:MM:SS.SS, the hours with two to four digits.
fn is_timespan(text: &str) -> bool {
    let parts: Vec<&str> = text.split(':').collect();
    let digits = |part: &str, range: std::ops::RangeInclusive<usize>| range.contains(&part.len()) && part.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [hours, minutes, seconds] => {
            let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, "00"));
            digits(hours, 2..=4) && digits(minutes, 2..=2) && digits(whole, 2..=2) && digits(fraction, 1..=2)
        }
        _ => false,
    }
}

/// Progress answering every graded question with `score`, as the course would save it.
fn every_checkpoint_answered(course: &Value, score: f64) -> String {
    let quizzes: serde_json::Map<String, Value> = graded(course)
        .into_iter()
        .map(|quiz| {
            let answers: serde_json::Map<String, Value> = quiz["questions"]
                .as_array()
                .expect("questions")
                .iter()
                .filter_map(Value::as_str)
                .map(|id| (id.to_string(), json!({ "picks": [0], "score": score, "fully_right": score == 1.0 })))
                .collect();
            (quiz["id"].as_str().unwrap_or_default().to_string(), json!({ "hash": quiz["hash"], "answers": answers }))
        })
        .collect();
    json!({ "version": 1, "quizzes": quizzes }).to_string()
}

#[test]
fn the_status_follows_the_checkpoints_and_the_mastery_score() {
    let course = course();
    let lms = Lms::open();
    lms.launch(Value::Null);
    lms.wait_for_course("");
    lms.wait_for_value("cmi.core.lesson_status", "incomplete");
    lms.wait_for_value("cmi.core.score.raw", "0");
    let save = |progress: String| lms.session.execute_with("localStorage.setItem(arguments[0], arguments[1]);", json!([PROGRESS_KEY, progress]));

    save(every_checkpoint_answered(&course, 0.75));
    lms.wait_for_value("cmi.core.score.raw", "75");
    lms.wait_for_value("cmi.core.lesson_status", "failed");
    save(every_checkpoint_answered(&course, 1.0));
    lms.wait_for_value("cmi.core.score.raw", "100");
    lms.wait_for_value("cmi.core.lesson_status", "passed");
    assert_eq!(lms.set_values("cmi.core.score.max"), vec!["100"]);
    assert_eq!(lms.set_values("cmi.core.score.min"), vec!["0"]);

    lms.session.execute("lms.leave();");
    lms.wait_for_finish();
    assert_eq!(lms.set_values("cmi.core.exit").last().map(String::as_str), Some(""), "a finished learner leaves normally");
    lms.assert_no_console_errors();
}

/// Outside an LMS the launch page shows the course as any host does, and says progress stays
/// in the browser.
#[test]
fn without_an_lms_the_package_is_the_course() {
    let server = StaticServer::start(course_dir(), Hosting { mount: "/", csp: Some(package_csp()), gzip: false });
    let session = Session::start();
    session.navigate(&format!("{}scorm.html", server.url));
    session.wait_for_text("#lms-status", "No learning platform found: your answers are kept in this browser only.");
    let script = "return !!document.getElementById('course').contentDocument?.documentElement?.hasAttribute('data-shell-ready');";
    let shown = session.wait_until(|| (session.execute(script) == Value::Bool(true)).then_some(()));
    assert!(shown.is_some(), "the course map never answered in the launch page's frame");
    let errors = session.severe_logs();
    assert!(errors.is_empty(), "the pages logged errors:\n{}", errors.join("\n"));
}

/// A message in `lang` from `messages/<lang>/<area>.toml`: the launch page's words (`scorm`), as
/// `cargo xtask scorm` writes them, or the quiz module's.
fn message(lang: Lang, area: &str, key: &str) -> String {
    let messages = Path::new(env!("CARGO_MANIFEST_DIR")).join("messages");
    let words = lab_i18n::publish::area(&messages, lang, area).expect("the message files");
    words.into_iter().find(|(found, _)| found == key).map(|(_, text)| text).unwrap_or_else(|| panic!("messages/en/{area}.toml has no `{key}`"))
}

/// `cargo xtask scorm --lang vi`: the launch page speaks Vietnamese, saved progress it cannot
/// read is reported in Vietnamese (the quiz module's words too), a bookmark that is no page of
/// the course is refused and the course opens on the Vietnamese course map, the learner's place
/// on a Vietnamese page is sent as the bookmark, and the next launch resumes there.
#[test]
fn the_vietnamese_package_opens_and_resumes_on_vietnamese_pages() {
    let connected = message(Lang::Vi, "scorm", "connected");
    assert_ne!(connected, message(Lang::En, "scorm", "connected"), "the status line is translated");
    let why = message(Lang::Vi, "quiz", "scorm-format");
    let unreadable = lab_i18n::fill(&message(Lang::Vi, "scorm", "unreadable"), &[("why", &why)]);
    let course = course_of(VIETNAMESE);
    let quiz_id = graded(&course)[0]["id"].as_str().expect("an id").to_string();
    let place = format!("vi/quiz/{quiz_id}/");
    let lms = Lms::open();

    let damaged = json!({ "suspend_data": "9|0.abcd:0!", "core": { "lesson_location": "vi/lesson/../../../lms/", "entry": "resume" } });
    lms.launch_package(VIETNAMESE, damaged);
    lms.wait_for_course_of(VIETNAMESE, "vi/");
    assert_eq!(lms.wait_for_status(&unreadable), (json!("vi"), json!("vi")), "the launch page and the course are in Vietnamese");
    lms.wait_for_value("cmi.core.lesson_location", "vi/");
    lms.session.execute_with(&format!("{COURSE_DOCUMENT} course.location.href = arguments[0];"), json!([format!("../{}/{place}", VIETNAMESE.folder)]));
    lms.wait_for_course_of(VIETNAMESE, &place);
    lms.wait_for_value("cmi.core.lesson_location", &place);
    lms.session.execute("lms.leave();");
    lms.wait_for_finish();
    let kept = lms.session.execute("return lms.kept();");
    assert_eq!(kept["core"]["lesson_location"], place.as_str());

    lms.launch_package(VIETNAMESE, kept);
    lms.wait_for_course_of(VIETNAMESE, &place);
    assert_eq!(lms.wait_for_status(&connected), (json!("vi"), json!("vi")));
    lms.assert_no_console_errors();
}
