//! A plain static file server, as an instructor's host would be: files are served as they are,
//! under a mount path, with no rewrite rules and no fallback to index.html. One thread per
//! connection and `Connection: close` keep it simple and never let one download wait on another.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};

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
        let site = Arc::new((root, hosting));
        let stop = Arc::clone(&stopping);
        let thread = thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let site = Arc::clone(&site);
                if let Ok(stream) = stream {
                    thread::spawn(move || serve_connection(stream, &site.0, &site.1));
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

fn serve_connection(stream: TcpStream, root: &Path, hosting: &Hosting) {
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut header = String::new();
    while reader.read_line(&mut header).map(|read| read > 2).unwrap_or(false) {
        header.clear();
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let reply = respond(root, hosting, target);
    let mut head = format!("HTTP/1.1 {}\r\nContent-Length: {}\r\nConnection: close\r\n", reply.status, reply.body.len());
    for (name, value) in reply.headers.iter().chain(hosting.csp.map(|policy| ("Content-Security-Policy", policy.to_string())).iter()) {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = &stream;
    let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&reply.body));
}

fn respond(root: &Path, hosting: &Hosting, target: &str) -> Reply {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if format!("{path}/") == hosting.mount {
        // What nginx and most hosts do for a folder without its trailing slash.
        return Reply { status: "301 Moved Permanently", headers: vec![("Location", hosting.mount.to_string())], body: Vec::new() };
    }
    match file_for(root, hosting.mount, path).and_then(|file| fs::read(&file).ok().map(|bytes| (file, bytes))) {
        Some((file, body)) => Reply { status: "200 OK", headers: vec![("Content-Type", content_type(&file).to_string())], body },
        // What GitHub Pages and most hosts do: the site's own 404.html, if it has one.
        None => match fs::read(root.join("404.html")) {
            Ok(body) => Reply { status: "404 Not Found", headers: vec![("Content-Type", "text/html; charset=utf-8".to_string())], body },
            Err(_) => Reply { status: "404 Not Found", headers: vec![("Content-Type", "text/plain".to_string())], body: b"not found".to_vec() },
        },
    }
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
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}
