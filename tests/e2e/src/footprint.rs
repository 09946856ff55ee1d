//! What the page costs the machine, read from outside the browser: the private memory of the
//! Chromium renderer that runs it (the page's and the worker's JS heaps and wasm memories all
//! live in that one process, with Blink's and V8's own share; shared libraries excluded), and
//! the gzipped size of the builds.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use crate::Result;

/// Private memory (`Private_Clean` + `Private_Dirty`, bytes) of the renderer showing the page:
/// of the renderer processes under `root` (the chromedriver process) the largest one, which
/// leaves out the browser's own UI renderer and the idle spare.
pub fn page_renderer_private_bytes(root: u32) -> Result<u64> {
    let mut parent = HashMap::new();
    for entry in std::fs::read_dir("/proc")? {
        let Some(pid) = entry?
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        if let Some(ppid) = proc_field(pid, "status", "PPid:") {
            parent.insert(pid, ppid as u32);
        }
    }
    let descends_from_root = |mut pid: u32| {
        while let Some(&p) = parent.get(&pid) {
            if p == root {
                return true;
            }
            pid = p;
        }
        false
    };
    parent
        .keys()
        .filter(|&&pid| descends_from_root(pid))
        .filter(|&&pid| {
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            let cmdline = String::from_utf8_lossy(&cmdline);
            cmdline.contains("--type=renderer") && !cmdline.contains("--top-chrome-webui")
        })
        .map(|&pid| {
            let kb = |field| proc_field(pid, "smaps_rollup", field).unwrap_or(0);
            (kb("Private_Clean:") + kb("Private_Dirty:")) * 1024
        })
        .max()
        .ok_or_else(|| format!("no renderer process found under pid {root}").into())
}

/// A numeric field of /proc/<pid>/<file> (kB for memory fields).
fn proc_field(pid: u32, file: &str, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/{file}")).ok()?;
    let line = text.lines().find(|l| l.starts_with(field))?;
    line[field.len()..].split_whitespace().next()?.parse().ok()
}

/// Bytes of `path` after `gzip -9`.
pub fn gzipped_bytes(path: &Path) -> Result<u64> {
    let out = Command::new("gzip").arg("-9c").arg(path).output()?;
    if !out.status.success() {
        return Err(format!("gzip failed on {}", path.display()).into());
    }
    Ok(out.stdout.len() as u64)
}
