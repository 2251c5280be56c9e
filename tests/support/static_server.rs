//! A plain static file server, as an instructor's host would be: files are served as they are,
//! under a mount path, with no rewrite rules and no fallback to index.html. One thread per
//! connection and `Connection: close` keep it simple and never let one download wait on another.
//! With `gzip`, it compresses text and wasm for requests that accept it, as real hosts do.

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};

use flate2::write::GzEncoder;
use flate2::Compression;

pub struct StaticServer {
    stopping: Arc<AtomicBool>,
    address: String,
    thread: Option<JoinHandle<()>>,
    /// The address of the mount point, ending in '/'.
    pub url: String,
}

pub struct Hosting {
    /// Where the folder is mounted, e.g. "/" or "/course/lab/".
    pub mount: &'static str,
    /// A Content-Security-Policy header to send with every response.
    pub csp: Option<&'static str>,
    /// Gzip text, JS, CSS, JSON, SVG and wasm when the request accepts it.
    pub gzip: bool,
}

/// What the server holds for its connections: the folder, how it is hosted, and, with `gzip`,
/// every file compressed beforehand, so no download waits on compression (hosts cache it too).
struct Site {
    root: PathBuf,
    hosting: Hosting,
    gzipped: HashMap<PathBuf, Vec<u8>>,
}

struct Reply {
    status: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl StaticServer {
    pub fn start(root: PathBuf, hosting: Hosting) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port for the static server");
        let address = listener.local_addr().expect("a bound address").to_string();
        let url = format!("http://{address}{}", hosting.mount);
        let stopping = Arc::new(AtomicBool::new(false));
        let gzipped = if hosting.gzip { gzip_folder(&root) } else { HashMap::new() };
        let site = Arc::new(Site { root, hosting, gzipped });
        let stop = Arc::clone(&stopping);
        let thread = thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let site = Arc::clone(&site);
                if let Ok(stream) = stream {
                    thread::spawn(move || serve_connection(stream, &site));
                }
            }
        });
        StaticServer { stopping, address, thread: Some(thread), url }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(&self.address);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve_connection(stream: TcpStream, site: &Site) {
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut accepts_gzip = false;
    let mut header = String::new();
    while reader.read_line(&mut header).map(|read| read > 2).unwrap_or(false) {
        accepts_gzip |= accepts_gzip_header(&header);
        header.clear();
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let reply = respond(site, target, accepts_gzip);
    let hosting = &site.hosting;
    let mut head = format!("HTTP/1.1 {}\r\nContent-Length: {}\r\nConnection: close\r\n", reply.status, reply.body.len());
    for (name, value) in reply.headers.iter().chain(hosting.csp.map(|policy| ("Content-Security-Policy", policy.to_string())).iter()) {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = &stream;
    let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&reply.body));
}

fn accepts_gzip_header(line: &str) -> bool {
    let Some((name, value)) = line.split_once(':') else { return false };
    name.trim().eq_ignore_ascii_case("accept-encoding") && value.split(',').any(|coding| coding.trim().starts_with("gzip"))
}

fn respond(site: &Site, target: &str, accepts_gzip: bool) -> Reply {
    let mount = site.hosting.mount;
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if format!("{path}/") == mount {
        // What nginx and most hosts do for a folder without its trailing slash.
        return Reply { status: "301 Moved Permanently", headers: vec![("Location", mount.to_string())], body: Vec::new() };
    }
    let Some((file, body)) = file_for(&site.root, mount, path).and_then(|file| fs::read(&file).ok().map(|bytes| (file, bytes))) else {
        // What GitHub Pages and most hosts do: the site's own 404.html, if it has one.
        return match fs::read(site.root.join("404.html")) {
            Ok(body) => Reply { status: "404 Not Found", headers: vec![("Content-Type", "text/html; charset=utf-8".to_string())], body },
            Err(_) => Reply { status: "404 Not Found", headers: vec![("Content-Type", "text/plain".to_string())], body: b"not found".to_vec() },
        };
    };
    let content_type = content_type(&file);
    let mut headers = vec![("Content-Type", content_type.to_string())];
    if !site.hosting.gzip || !compresses(content_type) {
        return Reply { status: "200 OK", headers, body };
    }
    // Caches key on the encoding as well as the address.
    headers.push(("Vary", "Accept-Encoding".to_string()));
    if !accepts_gzip {
        return Reply { status: "200 OK", headers, body };
    }
    let body = site.gzipped.get(&file).cloned().unwrap_or_else(|| gzip(&body));
    headers.push(("Content-Encoding", "gzip".to_string()));
    Reply { status: "200 OK", headers, body }
}

/// Every file below `folder` that `compresses`, gzipped, by path.
fn gzip_folder(folder: &Path) -> HashMap<PathBuf, Vec<u8>> {
    let mut gzipped = HashMap::new();
    let Ok(entries) = fs::read_dir(folder) else { return gzipped };
    for path in entries.flatten().map(|entry| entry.path()) {
        if path.is_dir() {
            gzipped.extend(gzip_folder(&path));
        } else if let Some(bytes) = compresses(content_type(&path)).then(|| fs::read(&path).ok()).flatten() {
            gzipped.insert(path, gzip(&bytes));
        }
    }
    gzipped
}

/// Level 9, as `cargo xtask dist` reports sizes (`gzip -9`) and as hosts that precompress do.
fn gzip(body: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(body);
    encoder.finish().unwrap_or_default()
}

/// Text and wasm shrink to a third or less; images and fonts are compressed already.
fn compresses(content_type: &str) -> bool {
    content_type.starts_with("text/") || ["javascript", "json", "svg", "wasm"].iter().any(|kind| content_type.contains(kind))
}

fn file_for(root: &Path, mount: &str, path: &str) -> Option<PathBuf> {
    let relative = path.strip_prefix(mount)?;
    let relative = if relative.is_empty() || relative.ends_with('/') { format!("{relative}index.html") } else { relative.to_string() };
    let relative = Path::new(&relative);
    if relative.components().any(|part| !matches!(part, Component::Normal(_))) {
        return None;
    }
    Some(root.join(relative)).filter(|file| file.is_file())
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|extension| extension.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use flate2::read::GzDecoder;

    use super::*;

    fn folder_with(name: &str, text: &str) -> PathBuf {
        let folder = std::env::temp_dir().join(format!("lab-static-server-{}", std::process::id()));
        fs::create_dir_all(&folder).unwrap();
        fs::write(folder.join(name), text).unwrap();
        folder
    }

    #[test]
    fn gzips_text_only_when_asked_and_accepted() {
        let text = "body { color: red; }\n".repeat(50);
        let folder = folder_with("style.css", &text);
        let gzipping = StaticServer::start(folder.clone(), Hosting { mount: "/", csp: None, gzip: true });
        let url = format!("{}style.css", gzipping.url);

        let compressed = ureq::get(&url).set("Accept-Encoding", "gzip, deflate").call().unwrap();
        assert_eq!(compressed.header("Content-Encoding"), Some("gzip"));
        assert_eq!(compressed.header("Content-Type"), Some("text/css"));
        let mut unzipped = String::new();
        GzDecoder::new(compressed.into_reader()).read_to_string(&mut unzipped).unwrap();
        assert_eq!(unzipped, text);

        let plain = ureq::get(&url).call().unwrap();
        assert_eq!(plain.header("Content-Encoding"), None);
        assert_eq!(plain.into_string().unwrap(), text);

        let not_gzipping = StaticServer::start(folder.clone(), Hosting { mount: "/", csp: None, gzip: false });
        let as_before = ureq::get(&format!("{}style.css", not_gzipping.url)).set("Accept-Encoding", "gzip").call().unwrap();
        assert_eq!(as_before.header("Content-Encoding"), None);
        let _ = fs::remove_dir_all(&folder);
    }

    #[test]
    fn leaves_images_and_fonts_alone() {
        assert!(compresses("application/wasm") && compresses("image/svg+xml") && compresses("text/html; charset=utf-8"));
        assert!(!compresses("image/png") && !compresses("font/woff2"));
        assert!(accepts_gzip_header("accept-encoding: br, gzip\r\n"));
        assert!(!accepts_gzip_header("Accept: gzip\r\n"));
    }
}
