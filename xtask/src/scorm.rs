//! `cargo xtask scorm`: the course as a SCORM 1.2 package for an LMS (README, "Uploading to an
//! LMS (SCORM 1.2)"). The package is the release build (`dist/`) as it is, plus a launch page
//! that holds the LMS session and shows the course in a frame (`assets/scorm/`), the list of
//! quizzes it reports on (`scorm-course.json`), `imsmanifest.xml` and the SCORM 1.2 schemas.
//! Nothing of it goes into `dist/`: hosting the course elsewhere is unchanged. `--lang` writes
//! the package in another language: its launch page's words (`messages/<lang>/scorm.toml`),
//! its title and description, and the course opening on that language's pages (`vi/`).

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use lab_app::catalog::LESSONS;
use lab_app::quiz::catalog::{self, QUIZZES};
use lab_app::quiz::scorm::{CourseQuiz, ScormCourse};
use lab_app::site::language_folder;
use lab_i18n::Lang;
use zip::write::SimpleFileOptions;

use crate::{workspace, Result};

/// The score (0 to 100) from which a learner passes: the manifest's `adlcp:masteryscore`.
pub const MASTERY_SCORE: u32 = 80;
/// The SCORM 1.2 content-packaging schemas, at the package's root as SCORM packages carry them.
pub const SCHEMAS: [&str; 4] = ["imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd"];
pub const MANIFEST: &str = "imsmanifest.xml";
pub const LAUNCH_PAGE: &str = "scorm.html";
pub const COURSE_FILE: &str = "scorm-course.json";
const LAUNCH_SCRIPT: (&str, &str) = ("scorm-launch.js", include_str!("../../assets/scorm/launch.js"));
const LAUNCH_STYLES: (&str, &str) = ("scorm-launch.css", include_str!("../../assets/scorm/launch.css"));
/// The message file of the launch page's words and the package's description, in each language.
const WORDS_AREA: &str = "scorm";
/// The launch page's data block: the script's words, the course's home and the languages' folders.
const LAUNCH_DATA_ID: &str = "lms-launch";
/// The area's words the launch script does not show: the manifest's, and the status line's
/// first words, written into the page.
const NOT_SCRIPT_WORDS: [&str; 3] = ["description", "module-title", "connecting"];

/// What `cargo xtask scorm` was asked for.
#[derive(Debug, PartialEq)]
pub struct Options {
    /// Only this module's checkpoints are graded, and the package opens at its first lesson.
    pub module: Option<String>,
    /// The language of the launch page, the manifest and the pages the course opens on.
    pub lang: Lang,
    pub out: PathBuf,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options> {
        let mut module = None;
        let mut lang = Lang::En;
        let mut out = None;
        let mut rest = args.iter();
        while let Some(flag) = rest.next() {
            let value = rest.next().ok_or_else(|| format!("`{flag}` needs a value"))?;
            match flag.as_str() {
                "--module" => module = Some(value.clone()),
                "--lang" => lang = language(value)?,
                "--out" => out = Some(PathBuf::from(value)),
                _ => return Err(format!("scorm takes `--module NAME`, `--lang CODE` and `--out FILE`, not `{flag}`")),
            }
        }
        let out = out.unwrap_or_else(|| default_out(module.as_deref(), lang));
        Ok(Options { module, lang, out })
    }
}

/// The language `code` names; an unknown one is refused with the list of the known ones.
fn language(code: &str) -> Result<Lang> {
    Lang::from_code(code).ok_or_else(|| {
        let known: Vec<String> = Lang::ALL.iter().map(|lang| format!("{} ({})", lang.code(), lang.own_name())).collect();
        format!("the course is not written in `{code}`; its languages are: {}", known.join(", "))
    })
}

/// `integration-patterns-lab[-<module>][-<language>]-scorm.zip`, English without its code.
fn default_out(module: Option<&str>, lang: Lang) -> PathBuf {
    let module = module.map(slug);
    let lang = (lang != Lang::En).then(|| lang.code().to_string());
    let parts: Vec<String> = ["integration-patterns-lab".to_string()].into_iter().chain(module).chain(lang).chain(["scorm.zip".to_string()]).collect();
    workspace::root().join("dist-scorm").join(parts.join("-"))
}

fn slug(text: &str) -> String {
    let words: Vec<String> = text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|word| !word.is_empty()).map(str::to_ascii_lowercase).collect();
    words.join("-")
}

/// Writes the package from a release build in `dist`, with the schemas from `schemas`; returns
/// what it holds, for the command to print.
pub fn write_package(dist: &Path, schemas: &Path, options: &Options) -> Result<ScormCourse> {
    let words = Words::read(&workspace::root().join("messages"), options.lang)?;
    let course = course(dist, options.module.as_deref(), options.lang, &words)?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    collect_files(dist, dist, &mut files)?;
    let course_json = serde_json::to_string_pretty(&course).map_err(|error| error.to_string())?;
    files.push((COURSE_FILE.to_string(), course_json.into_bytes()));
    files.push((LAUNCH_PAGE.to_string(), launch_page(dist, &course, options.lang, &words)?.into_bytes()));
    for (name, text) in [LAUNCH_SCRIPT, LAUNCH_STYLES] {
        files.push((name.to_string(), text.as_bytes().to_vec()));
    }
    for schema in SCHEMAS {
        let path = schemas.join(schema);
        files.push((schema.to_string(), fs::read(&path).map_err(|error| format!("{}: {error}", path.display()))?));
    }
    files.sort();
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    let manifest = manifest(&course, options.lang, words.get("description")?, &names);
    write_zip(&options.out, &manifest, &files)?;
    Ok(course)
}

/// The launch page's words and the package's description in its language
/// (`messages/<lang>/scorm.toml`, the English where a text is missing), and the course's name
/// (`brand` in `messages/<lang>/shell.toml`).
struct Words {
    texts: Vec<(String, String)>,
    brand: String,
}

impl Words {
    fn read(messages: &Path, lang: Lang) -> Result<Words> {
        let texts = lab_i18n::publish::area(messages, lang, WORDS_AREA)?;
        let shell = lab_i18n::publish::area(messages, lang, "shell")?;
        let brand = shell.into_iter().find(|(key, _)| key == "brand").map(|(_, text)| text).ok_or("messages/en/shell.toml has no `brand`")?;
        Ok(Words { texts, brand })
    }

    fn get(&self, key: &str) -> Result<&str> {
        self.texts.iter().find(|(found, _)| found == key).map(|(_, text)| text.as_str()).ok_or_else(|| format!("messages/en/{WORDS_AREA}.toml has no `{key}`"))
    }

    /// The words the launch script shows, by key.
    fn for_script(&self) -> serde_json::Map<String, serde_json::Value> {
        self.texts.iter().filter(|(key, _)| !NOT_SCRIPT_WORDS.contains(&key.as_str())).map(|(key, text)| (key.clone(), serde_json::Value::String(text.clone()))).collect()
    }
}

/// A module's name in `lang`, from the course's translations of the module names
/// (`lessons/modules.<lang>.toml`); the English name when there is none.
fn module_name(english: &str, lang: Lang) -> Result<String> {
    if lang == Lang::En {
        return Ok(english.to_string());
    }
    let dir = workspace::root().join("lessons");
    let list = |errors: Vec<lab_content::ContentError>| lab_content::ContentError::list(&errors);
    let lessons = lab_content::load_lessons(&dir).map_err(list)?;
    let names = lab_content::load_module_names(&dir, lang.code(), &lessons).map_err(list)?;
    Ok(names.and_then(|names| names.get(english).cloned()).unwrap_or_else(|| english.to_string()))
}

/// The package's quizzes from the app's own catalog and the quiz files of the build: the
/// checkpoints of the chosen module's lessons (every lesson by default) are graded. The package
/// opens on the pages of its language.
fn course(dist: &Path, module: Option<&str>, lang: Lang, words: &Words) -> Result<ScormCourse> {
    let lessons: Vec<&str> = match module {
        None => LESSONS.iter().map(|lesson| lesson.slug).collect(),
        Some(wanted) => {
            let chosen: Vec<&str> = LESSONS.iter().filter(|lesson| lesson.module.eq_ignore_ascii_case(wanted)).map(|lesson| lesson.slug).collect();
            if chosen.is_empty() {
                let mut modules: Vec<&str> = LESSONS.iter().map(|lesson| lesson.module).collect();
                modules.dedup();
                return Err(format!("the course has no module `{wanted}`; its modules are: {}", modules.join(", ")));
            }
            chosen
        }
    };
    let quizzes = QUIZZES
        .iter()
        .map(|entry| {
            let path = dist.join(entry.file);
            let json = fs::read_to_string(&path).map_err(|error| format!("{}: {error} (build dist/ first)", path.display()))?;
            let loaded = catalog::read(entry, &json).map_err(|why| format!("{}: {why}", path.display()))?;
            Ok(CourseQuiz {
                id: entry.id.to_string(),
                hash: entry.hash.to_string(),
                questions: loaded.quiz.questions.into_iter().map(|question| question.id).collect(),
                graded: entry.lesson.is_some_and(|lesson| lessons.contains(&lesson)),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let folder = language_folder(lang);
    let (title, start) = match (module, lessons.first()) {
        (Some(_), Some(first)) => {
            let name = module_name(LESSONS.iter().find(|lesson| lesson.slug == *first).map(|lesson| lesson.module).unwrap_or_default(), lang)?;
            let title = lab_i18n::fill(words.get("module-title")?, &[("course", &words.brand), ("module", &name)]);
            (title, format!("{folder}lesson/{first}/"))
        }
        _ => (words.brand.clone(), folder),
    };
    Ok(ScormCourse { title, quizzes, mastery_score: f64::from(MASTERY_SCORE), start })
}

fn collect_files(root: &Path, dir: &Path, files: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(root, &path, files)?;
        } else {
            let relative = path.strip_prefix(root).map_err(|error| error.to_string())?;
            let name = relative.components().map(|part| part.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            files.push((name, fs::read(&path).map_err(|error| format!("{}: {error}", path.display()))?));
        }
    }
    Ok(())
}

/// The launch page: the connection's status line and the course's frame, in the package's
/// language. It names the quiz module's script as every page of the build does, and carries
/// what its script needs in a data block (never run as script).
fn launch_page(dist: &Path, course: &ScormCourse, lang: Lang, words: &Words) -> Result<String> {
    let home = fs::read_to_string(dist.join("index.html")).map_err(|error| format!("dist/index.html: {error}"))?;
    let quiz_meta = home
        .lines()
        .find(|line| line.starts_with("<meta name=\"lab-quizzes\""))
        .ok_or("dist/index.html does not name the quiz module (build dist/ again)")?;
    let home = match language_folder(lang) {
        folder if folder.is_empty() => "./".to_string(),
        folder => folder,
    };
    let languages: Vec<&str> = Lang::ALL.iter().filter(|other| **other != Lang::En).map(|other| other.code()).collect();
    let data = serde_json::json!({ "home": home, "languages": languages, "words": words.for_script() });
    let table = language_script(dist, lang)?;
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"icon\" href=\"favicon.svg\">\n{quiz_meta}\n<meta name=\"lab-scorm-course\" content=\"{COURSE_FILE}\">\n\
         <script type=\"application/json\" id=\"{LAUNCH_DATA_ID}\">{data}</script>\n{table}\
         <link rel=\"stylesheet\" href=\"{styles}\">\n<script type=\"module\" src=\"{script}\"></script>\n</head>\n<body>\n\
         <p id=\"lms-status\" role=\"status\">{connecting}</p>\n\
         <iframe id=\"course\" title=\"{title}\"></iframe>\n</body>\n</html>\n",
        lang = lang.code(),
        title = escape(&course.title),
        // `<` escaped, so no text can close the element.
        data = data.to_string().replace('<', "\\u003c"),
        connecting = escape(words.get("connecting")?),
        styles = LAUNCH_STYLES.0,
        script = LAUNCH_SCRIPT.0,
    ))
}

/// The tag of the script that hands `lang`'s table to the quiz module, as that language's pages
/// load it (`messages-vi-<hash>.vi.js`, written by `write-pages`), so what the module reports
/// (saved progress it cannot read) is in the package's language; none for English.
fn language_script(dist: &Path, lang: Lang) -> Result<String> {
    if lang == Lang::En {
        return Ok(String::new());
    }
    let (start, end) = (format!("messages-{}-", lang.code()), format!(".{}.js", lang.code()));
    let entries = fs::read_dir(dist).map_err(|error| format!("{}: {error}", dist.display()))?;
    let file = entries
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .find(|name| name.starts_with(&start) && name.ends_with(&end))
        .ok_or_else(|| format!("dist/ has no {start}<hash>{end} for the {} pages (build dist/ again)", lang.own_name()))?;
    Ok(format!("<script defer src=\"{file}\"></script>\n"))
}

/// `imsmanifest.xml`: one organization with one item, the launch page as its one SCO, and
/// every file of the package listed under it; its title and description in `lang`.
pub fn manifest(course: &ScormCourse, lang: Lang, description: &str, files: &[&str]) -> String {
    let title = escape(&course.title);
    let lang = lang.code();
    let file_list: String = files.iter().map(|name| format!("      <file href=\"{}\"/>\n", escape(name))).collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="integration-patterns-lab" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
    <imsmd:lom>
      <imsmd:general>
        <imsmd:title><imsmd:langstring xml:lang="{lang}">{title}</imsmd:langstring></imsmd:title>
        <imsmd:language>{lang}</imsmd:language>
        <imsmd:description><imsmd:langstring xml:lang="{lang}">{description}</imsmd:langstring></imsmd:description>
      </imsmd:general>
    </imsmd:lom>
  </metadata>
  <organizations default="course">
    <organization identifier="course">
      <title>{title}</title>
      <item identifier="course-item" identifierref="course-sco" isvisible="true">
        <title>{title}</title>
        <adlcp:masteryscore>{MASTERY_SCORE}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="course-sco" type="webcontent" adlcp:scormtype="sco" href="{LAUNCH_PAGE}">
{file_list}    </resource>
  </resources>
</manifest>
"#,
        description = escape(description),
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The zip, with the manifest first (some LMSs read only the start of a large upload to check it).
fn write_zip(out: &Path, manifest: &str, files: &[(String, Vec<u8>)]) -> Result<()> {
    if let Some(folder) = out.parent() {
        fs::create_dir_all(folder).map_err(|error| format!("{}: {error}", folder.display()))?;
    }
    let fail = |error: &dyn std::fmt::Display| format!("writing {}: {error}", out.display());
    let file = fs::File::create(out).map_err(|error| fail(&error))?;
    let mut zip = zip::ZipWriter::new(file);
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let all = std::iter::once((MANIFEST, manifest.as_bytes())).chain(files.iter().map(|(name, bytes)| (name.as_str(), bytes.as_slice())));
    for (name, bytes) in all {
        zip.start_file(name, options).map_err(|error| fail(&error))?;
        zip.write_all(bytes).map_err(|error| fail(&error))?;
    }
    zip.finish().map_err(|error| fail(&error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::collections::BTreeSet;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|arg| arg.to_string()).collect()
    }

    #[test]
    fn reads_its_options() {
        let module = Options::parse(&args(&["--module", "The API gateway"])).unwrap();
        assert_eq!(module.module.as_deref(), Some("The API gateway"));
        assert_eq!(module.lang, Lang::En);
        assert!(module.out.ends_with("dist-scorm/integration-patterns-lab-the-api-gateway-scorm.zip"), "{}", module.out.display());
        assert_eq!(Options::parse(&args(&["--out", "x.zip"])).unwrap(), Options { module: None, lang: Lang::En, out: PathBuf::from("x.zip") });
        let vietnamese = Options::parse(&args(&["--lang", "vi", "--module", "Foundations"])).unwrap();
        assert_eq!(vietnamese.lang, Lang::Vi);
        assert!(vietnamese.out.ends_with("dist-scorm/integration-patterns-lab-foundations-vi-scorm.zip"), "{}", vietnamese.out.display());
        assert!(Options::parse(&args(&["--lang", "vi"])).unwrap().out.ends_with("dist-scorm/integration-patterns-lab-vi-scorm.zip"));
        assert!(Options::parse(&args(&["--module"])).is_err());
        assert!(Options::parse(&args(&["--modul", "x"])).is_err());
    }

    #[test]
    fn an_unknown_language_is_refused_with_the_known_ones() {
        for unknown in ["fr", "VI", ""] {
            let refused = Options::parse(&args(&["--lang", unknown])).unwrap_err();
            assert!(refused.contains(&format!("`{unknown}`")), "{refused}");
            assert!(Lang::ALL.iter().all(|lang| refused.contains(&format!("{} ({})", lang.code(), lang.own_name()))), "{refused}");
        }
    }

    #[test]
    fn the_manifest_names_the_sco_its_mastery_score_every_file_and_its_language() {
        let course = ScormCourse { title: "Lab: A & B".into(), quizzes: Vec::new(), mastery_score: 80.0, start: String::new() };
        let manifest = manifest(&course, Lang::En, "About <this>", &["scorm.html", "lesson/a b/index.html"]);
        assert!(manifest.contains("<title>Lab: A &amp; B</title>"));
        assert!(manifest.contains("adlcp:scormtype=\"sco\" href=\"scorm.html\""));
        assert!(manifest.contains("<adlcp:masteryscore>80</adlcp:masteryscore>"));
        assert!(manifest.contains("<file href=\"lesson/a b/index.html\"/>"));
        assert!(manifest.contains("<imsmd:language>en</imsmd:language>") && manifest.contains("xml:lang=\"en\">About &lt;this&gt;<"));
        let vietnamese = super::manifest(&course, Lang::Vi, "Về", &["scorm.html"]);
        assert!(vietnamese.contains("<imsmd:language>vi</imsmd:language>") && !vietnamese.contains("xml:lang=\"en\""), "{vietnamese}");
    }

    fn words(lang: Lang) -> Words {
        Words::read(&workspace::root().join("messages"), lang).unwrap()
    }

    /// The launch page of a package in `lang`, from a build whose home page names the quiz module.
    fn launch_page_in(lang: Lang) -> String {
        let dist = std::env::temp_dir().join(format!("lab-scorm-launch-{}-{}", std::process::id(), lang.code()));
        fs::create_dir_all(&dist).unwrap();
        fs::write(dist.join("index.html"), "<head>\n<meta name=\"lab-quizzes\" content=\"lab-quizzes-1.js\">\n</head>\n").unwrap();
        fs::write(dist.join("messages-vi-1.vi.js"), "window.labMessages = {};\n").unwrap();
        let words = words(lang);
        let course = ScormCourse { title: words.brand.clone(), quizzes: Vec::new(), mastery_score: 80.0, start: language_folder(lang) };
        let page = launch_page(&dist, &course, lang, &words).unwrap();
        let _ = fs::remove_dir_all(&dist);
        page
    }

    /// The launch script's data block, parsed.
    fn launch_data(page: &str) -> serde_json::Value {
        let start = format!("<script type=\"application/json\" id=\"{LAUNCH_DATA_ID}\">");
        let data = page.split_once(&start).and_then(|(_, rest)| rest.split_once("</script>")).map(|(data, _)| data).unwrap_or_default();
        serde_json::from_str(data).unwrap()
    }

    #[test]
    fn the_english_launch_page_keeps_its_words() {
        let page = launch_page_in(Lang::En);
        assert!(page.contains("<html lang=\"en\">"));
        assert!(page.contains("<p id=\"lms-status\" role=\"status\">Connecting to your learning platform…</p>"));
        let data = launch_data(&page);
        assert_eq!(data["home"], "./");
        assert_eq!(data["words"]["no-platform"], "No learning platform found: your answers are kept in this browser only.");
        assert!(!page.contains("messages-vi-"), "an English page loads no table");
    }

    #[test]
    fn the_vietnamese_launch_page_has_no_english_word_left() {
        let page = launch_page_in(Lang::Vi);
        let (english, vietnamese) = (words(Lang::En), words(Lang::Vi));
        assert!(page.contains("<html lang=\"vi\">"), "{page}");
        let table = page.find("<script defer src=\"messages-vi-1.vi.js\"></script>").expect("the Vietnamese table, for the quiz module's messages");
        assert!(page.find("<script type=\"module\"").is_some_and(|module| table < module), "the table loads before the module that reads it");
        assert!(page.contains(&format!("<p id=\"lms-status\" role=\"status\">{}</p>", vietnamese.get("connecting").unwrap())));
        let data = launch_data(&page);
        assert_eq!(data["home"], "vi/");
        assert_eq!(data["words"], serde_json::Value::Object(vietnamese.for_script()));
        let keys = |words: &Words| words.texts.iter().map(|(key, _)| key.clone()).collect::<Vec<_>>();
        assert_eq!(keys(&english), keys(&vietnamese));
        for (key, text) in &english.texts {
            assert!(!page.contains(text.as_str()), "`{key}` is in English on the Vietnamese launch page: {text}");
            // A text of placeholders and punctuation only (`{course}: {module}`) may stay as it is.
            let has_words = text.split('{').map(|part| part.split_once('}').map_or(part, |(_, rest)| rest)).any(|rest| rest.chars().any(char::is_alphabetic));
            assert!(!has_words || vietnamese.get(key).unwrap() != text, "`{key}` is not translated");
        }
    }

    #[test]
    fn the_launch_script_shows_every_word_it_is_given_and_no_other() {
        let shown: BTreeSet<String> = LAUNCH_SCRIPT.1.split("word(\"").skip(1).filter_map(|rest| rest.split('"').next()).map(str::to_string).collect();
        let given: BTreeSet<String> = words(Lang::En).for_script().keys().cloned().collect();
        assert_eq!(shown, given);
    }

    #[test]
    fn a_module_is_named_in_the_package_language() {
        assert_eq!(module_name("Foundations", Lang::En).unwrap(), "Foundations");
        let vietnamese = module_name("Foundations", Lang::Vi).unwrap();
        assert!(!vietnamese.is_empty() && vietnamese != "Foundations", "{vietnamese}");
    }
}
