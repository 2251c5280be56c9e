//! A plain static file server, as an instructor's host would be: files are served as they are,
//! under a mount path, with no rewrite rules and no fallback to index.html.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread::{self, JoinHandle};

use tiny_http::{Header, Response, Server};

pub struct StaticServer {
    server: Arc<Server>,
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

impl StaticServer {
    pub fn start(root: PathBuf, hosting: Hosting) -> StaticServer {
        let server = Arc::new(Server::http("127.0.0.1:0").expect("a local port for the static server"));
        let port = server.server_addr().to_ip().map(|address| address.port()).expect("an IP address");
        let url = format!("http://127.0.0.1:{port}{}", hosting.mount);
        let worker = Arc::clone(&server);
        let thread = thread::spawn(move || {
            for request in worker.incoming_requests() {
                let response = respond(&root, &hosting, request.url());
                let _ = request.respond(response);
            }
        });
        StaticServer { server, thread: Some(thread), url }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn respond(root: &Path, hosting: &Hosting, url: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let mut response = if format!("{path}/") == hosting.mount {
        // What nginx and most hosts do for a folder without its trailing slash.
        Response::from_data(Vec::new()).with_status_code(301).with_header(header("Location", hosting.mount))
    } else {
        match file_for(root, hosting.mount, path).and_then(|file| fs::read(&file).ok().map(|bytes| (file, bytes))) {
            Some((file, bytes)) => Response::from_data(bytes).with_header(header("Content-Type", content_type(&file))),
            None => Response::from_data(b"not found".to_vec()).with_status_code(404),
        }
    };
    if let Some(policy) = hosting.csp {
        response.add_header(header("Content-Security-Policy", policy));
    }
    response
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
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}
