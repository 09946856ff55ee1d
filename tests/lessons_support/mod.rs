//! Helpers shared by the tests that check lessons against the simulator
//! (`lessons_claims.rs`, `lessons_precision.rs`, `lessons_pytorch.rs`, `lessons_recurrent.rs`,
//! `lessons_transformer.rs`, `recurrent_train_page.rs`) and render their sections
//! (`lessons_markdown.rs`): checking claims on both cores, and what every section's HTML must
//! be.
#![allow(dead_code)]

use std::collections::HashSet;
use std::fmt::Debug;
use std::sync::atomic::{AtomicUsize, Ordering};

use gradient_flow_explorer::lessons::{Section, WIDGET_MARKER};

/// `f` of every item, in order, worked on two threads that each take the next item not yet
/// taken (the 20-seed runs take half the time on 2 cores, however unequal the items); a
/// thread that panicked makes this panic.
pub fn map_on_two_threads<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break done };
            done.push((i, f(item)));
        }
    };
    let mut all = std::thread::scope(|scope| {
        let other = scope.spawn(work);
        let mut mine = work();
        mine.extend(
            other
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p)),
        );
        mine
    });
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

/// The failures of `check` over `items`, on two threads (`map_on_two_threads`).
pub fn failures_on_two_threads<T: Sync>(
    items: &[T],
    check: impl Fn(&T) -> Vec<String> + Sync,
) -> Vec<String> {
    map_on_two_threads(items, check).concat()
}

/// `html` without its formulas' `data-tex` attributes: what a reader sees as text.
pub fn outside_math(html: &str) -> String {
    html.split("data-tex=\"")
        .enumerate()
        .map(|(k, part)| {
            if k == 0 {
                part
            } else {
                part.split_once('"').map_or("", |(_, rest)| rest)
            }
        })
        .collect()
}

/// A mode's section renders: a new, URL-safe id (added to `ids`), prose before its widget,
/// no widget marker or placeholder left, no literal `$` outside a formula.
pub fn assert_mode_section_renders(s: &Section, ids: &mut HashSet<&'static str>) {
    assert!(ids.insert(s.id), "section id {} is taken", s.id);
    assert!(s
        .id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
    let html = s.html();
    assert!(html.before.len() > 500, "{}", s.id);
    assert!(!html.before.contains(WIDGET_MARKER) && !html.after.contains(WIDGET_MARKER));
    assert!(!html.before.contains('\u{E000}') && !html.after.contains('\u{E000}'));
    let outside = outside_math(&(html.before + &html.after));
    assert!(!outside.contains('$'), "{}: a literal $", s.id);
}

/// Claim `id`'s median range `lo..=hi` of `quantity` says "about" one number: both ends of
/// one sign, within a factor of 1.5 either side of it.
pub fn assert_about_one_number(id: &str, quantity: impl Debug, lo: f64, hi: f64) {
    let same_sign = lo * hi > 0.0;
    let ratio = hi.abs().max(lo.abs()) / hi.abs().min(lo.abs());
    assert!(
        same_sign && ratio <= 1.5 * 1.5 + 1e-9,
        "{id}: {quantity:?} in {lo}..={hi} is not \"about\" one number (a factor of 1.5 either \
         side)"
    );
}
