//! `cargo xtask scorm`: the course as a SCORM 1.2 package for an LMS (README, "Uploading to an
//! LMS (SCORM 1.2)"). The package is the release build (`dist/`) as it is, plus a launch page
//! that holds the LMS session and shows the course in a frame (`assets/scorm/`), the list of
//! quizzes it reports on (`scorm-course.json`), `imsmanifest.xml` and the SCORM 1.2 schemas.
//! Nothing of it goes into `dist/`: hosting the course elsewhere is unchanged.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use lab_app::catalog::LESSONS;
use lab_app::quiz::catalog::{self, QUIZZES};
use lab_app::quiz::scorm::{CourseQuiz, ScormCourse};
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
const COURSE_TITLE: &str = "Integration Patterns Lab";
const DESCRIPTION: &str = "An interactive course on how microservices communicate, with live simulations and checkpoint quizzes.";

/// What `cargo xtask scorm` was asked for.
#[derive(Debug, PartialEq)]
pub struct Options {
    /// Only this module's checkpoints are graded, and the package opens at its first lesson.
    pub module: Option<String>,
    pub out: PathBuf,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options> {
        let mut module = None;
        let mut out = None;
        let mut rest = args.iter();
        while let Some(flag) = rest.next() {
            let value = rest.next().ok_or_else(|| format!("`{flag}` needs a value"))?;
            match flag.as_str() {
                "--module" => module = Some(value.clone()),
                "--out" => out = Some(PathBuf::from(value)),
                _ => return Err(format!("scorm takes `--module NAME` and `--out FILE`, not `{flag}`")),
            }
        }
        let out = out.unwrap_or_else(|| default_out(module.as_deref()));
        Ok(Options { module, out })
    }
}

fn default_out(module: Option<&str>) -> PathBuf {
    let name = match module {
        Some(module) => format!("integration-patterns-lab-{}-scorm.zip", slug(module)),
        None => "integration-patterns-lab-scorm.zip".to_string(),
    };
    workspace::root().join("dist-scorm").join(name)
}

fn slug(text: &str) -> String {
    let words: Vec<String> = text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|word| !word.is_empty()).map(str::to_ascii_lowercase).collect();
    words.join("-")
}

/// Writes the package from a release build in `dist`, with the schemas from `schemas`; returns
/// what it holds, for the command to print.
pub fn write_package(dist: &Path, schemas: &Path, options: &Options) -> Result<ScormCourse> {
    let course = course(dist, options.module.as_deref())?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    collect_files(dist, dist, &mut files)?;
    let course_json = serde_json::to_string_pretty(&course).map_err(|error| error.to_string())?;
    files.push((COURSE_FILE.to_string(), course_json.into_bytes()));
    files.push((LAUNCH_PAGE.to_string(), launch_page(dist, &course)?.into_bytes()));
    for (name, text) in [LAUNCH_SCRIPT, LAUNCH_STYLES] {
        files.push((name.to_string(), text.as_bytes().to_vec()));
    }
    for schema in SCHEMAS {
        let path = schemas.join(schema);
        files.push((schema.to_string(), fs::read(&path).map_err(|error| format!("{}: {error}", path.display()))?));
    }
    files.sort();
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    let manifest = manifest(&course, &names);
    write_zip(&options.out, &manifest, &files)?;
    Ok(course)
}

/// The package's quizzes from the app's own catalog and the quiz files of the build: the
/// checkpoints of the chosen module's lessons (every lesson by default) are graded.
fn course(dist: &Path, module: Option<&str>) -> Result<ScormCourse> {
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
    let (title, start) = match (module, lessons.first()) {
        (Some(_), Some(first)) => {
            let name = LESSONS.iter().find(|lesson| lesson.slug == *first).map(|lesson| lesson.module).unwrap_or_default();
            (format!("{COURSE_TITLE}: {name}"), format!("lesson/{first}/"))
        }
        _ => (COURSE_TITLE.to_string(), String::new()),
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

/// The launch page: the connection's status line and the course's frame. It names the quiz
/// module's script as every page of the build does.
fn launch_page(dist: &Path, course: &ScormCourse) -> Result<String> {
    let home = fs::read_to_string(dist.join("index.html")).map_err(|error| format!("dist/index.html: {error}"))?;
    let quiz_meta = home
        .lines()
        .find(|line| line.starts_with("<meta name=\"lab-quizzes\""))
        .ok_or("dist/index.html does not name the quiz module (build dist/ again)")?;
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"icon\" href=\"favicon.svg\">\n{quiz_meta}\n<meta name=\"lab-scorm-course\" content=\"{COURSE_FILE}\">\n\
         <link rel=\"stylesheet\" href=\"{styles}\">\n<script type=\"module\" src=\"{script}\"></script>\n</head>\n<body>\n\
         <p id=\"lms-status\" role=\"status\">Connecting to your learning platform…</p>\n\
         <iframe id=\"course\" title=\"{title}\"></iframe>\n</body>\n</html>\n",
        title = escape(&course.title),
        styles = LAUNCH_STYLES.0,
        script = LAUNCH_SCRIPT.0,
    ))
}

/// `imsmanifest.xml`: one organization with one item, the launch page as its one SCO, and
/// every file of the package listed under it.
pub fn manifest(course: &ScormCourse, files: &[&str]) -> String {
    let title = escape(&course.title);
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
        <imsmd:title><imsmd:langstring xml:lang="en">{title}</imsmd:langstring></imsmd:title>
        <imsmd:language>en</imsmd:language>
        <imsmd:description><imsmd:langstring xml:lang="en">{description}</imsmd:langstring></imsmd:description>
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
        description = escape(DESCRIPTION),
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

    #[test]
    fn reads_its_options() {
        let args = |list: &[&str]| list.iter().map(|arg| arg.to_string()).collect::<Vec<_>>();
        let module = Options::parse(&args(&["--module", "The API gateway"])).unwrap();
        assert_eq!(module.module.as_deref(), Some("The API gateway"));
        assert!(module.out.ends_with("dist-scorm/integration-patterns-lab-the-api-gateway-scorm.zip"), "{}", module.out.display());
        assert_eq!(Options::parse(&args(&["--out", "x.zip"])).unwrap(), Options { module: None, out: PathBuf::from("x.zip") });
        assert!(Options::parse(&args(&["--module"])).is_err());
        assert!(Options::parse(&args(&["--modul", "x"])).is_err());
    }

    #[test]
    fn the_manifest_names_the_sco_its_mastery_score_and_every_file() {
        let course = ScormCourse { title: "Lab: A & B".into(), quizzes: Vec::new(), mastery_score: 80.0, start: String::new() };
        let manifest = manifest(&course, &["scorm.html", "lesson/a b/index.html"]);
        assert!(manifest.contains("<title>Lab: A &amp; B</title>"));
        assert!(manifest.contains("adlcp:scormtype=\"sco\" href=\"scorm.html\""));
        assert!(manifest.contains("<adlcp:masteryscore>80</adlcp:masteryscore>"));
        assert!(manifest.contains("<file href=\"lesson/a b/index.html\"/>"));
    }
}
