//! A minimal static file server for `dist/`, on a free loopback port, one thread per request.
//! It records every request with its status, so a test can see what the page (and its worker,
//! whose own fetches the page's Performance timeline does not show) asked for.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Every request served so far: (path with query, HTTP status).
pub type RequestLog = Arc<Mutex<Vec<(String, u16)>>>;

/// Serves `root` under the path `prefix` ("" for the site root, "/x" for a subdirectory, as a
/// static host serving the page from a folder would) in a background thread; returns the base
/// URL (ending in `prefix`, no trailing slash). Anything outside `prefix` is 404.
pub fn serve(root: PathBuf, prefix: &str) -> super::Result<(String, RequestLog)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}{prefix}", listener.local_addr()?);
    let prefix = prefix.to_string();
    let log = RequestLog::default();
    let server_log = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (root, prefix, log) = (root.clone(), prefix.clone(), server_log.clone());
            std::thread::spawn(move || {
                let _ = respond(stream, &root, &prefix, &log);
            });
        }
    });
    Ok((url, log))
}

fn respond(stream: TcpStream, root: &Path, prefix: &str, log: &RequestLog) -> std::io::Result<()> {
    let mut request_line = String::new();
    BufReader::new(&stream).read_line(&mut request_line)?;
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let status = send_file(stream, root, prefix, target)?;
    if let Ok(mut log) = log.lock() {
        log.push((target.to_string(), status));
    }
    Ok(())
}

/// Answers one request for `target`; returns the status sent.
fn send_file(
    mut stream: TcpStream,
    root: &Path,
    prefix: &str,
    target: &str,
) -> std::io::Result<u16> {
    let Some(path) = target
        .split(['?', '#'])
        .next()
        .and_then(|p| p.strip_prefix(prefix))
        .and_then(|p| p.strip_prefix('/'))
    else {
        return not_found(stream);
    };
    let relative = Path::new(if path.is_empty() { "index.html" } else { path });
    let safe = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    match std::fs::read(root.join(relative)) {
        Ok(body) if safe => {
            let header = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                mime(relative),
                body.len()
            );
            stream.write_all(header.as_bytes())?;
            stream.write_all(&body)?;
            Ok(200)
        }
        _ => not_found(stream),
    }
}

fn not_found(mut stream: TcpStream) -> std::io::Result<u16> {
    stream
        .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")?;
    Ok(404)
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("woff2") => "font/woff2",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}
