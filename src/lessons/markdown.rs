//! Markdown → HTML for the lesson prose, with TeX kept intact for KaTeX.
//!
//! Markdown would happily eat the `_` and `*` of a formula, so a small pre-pass lifts every
//! `$…$` (inline) and `$$…$$` (display) span out of the source before parsing, leaves an opaque
//! token in its place, and swaps the token for a placeholder element afterwards:
//!
//! ```html
//! <span class="math" data-tex="\frac{a}{b}" data-display="false"></span>
//! ```
//!
//! The UI finds `.math` elements and renders `data-tex` with KaTeX. A display formula that
//! stands alone in its paragraph becomes a `<div class="math" … data-display="true">` instead
//! of a paragraph.
//!
//! Rules of the pre-pass (close to pandoc's `tex_math_dollars`):
//! * fenced code blocks (```` ``` ```` or `~~~`) and code spans are copied untouched;
//! * `\$` is a literal dollar sign (Markdown then drops the backslash);
//! * inline math: the opening `$` must be followed by a non-space, the closing `$` preceded by a
//!   non-space and not followed by a digit; it may not cross a blank line;
//! * display math `$$…$$` may span lines (but not a blank line);
//! * an unmatched `$` stays a literal `$`.
//!
//! Indented (4-space) code blocks are not recognised by the pre-pass; the lessons use fences.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

/// One formula found in Markdown source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MathSpan {
    /// The TeX source, exactly as written between the dollars.
    pub tex: String,
    /// `true` for `$$…$$`.
    pub display: bool,
}

const TOKEN_OPEN: char = '\u{E000}';
const TOKEN_CLOSE: char = '\u{E001}';

/// `rel` of every link that leaves the app (opened in a new tab).
pub const EXTERNAL_LINK_REL: &str = "noopener";

/// Escapes text for use in HTML content or a double-quoted attribute.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The element the UI turns into a KaTeX rendering.
pub fn math_placeholder(tex: &str, display: bool) -> String {
    let tag = if display { "div" } else { "span" };
    format!(
        "<{tag} class=\"math\" data-tex=\"{}\" data-display=\"{display}\"></{tag}>",
        escape_html(tex)
    )
}

/// Every formula in `src`, in order of appearance.
pub fn extract_math(src: &str) -> Vec<MathSpan> {
    split_math(src).1
}

/// Markdown with math to HTML with math placeholders (see the module docs).
pub fn render_markdown(src: &str) -> String {
    let (text, spans) = split_math(src);
    let html = markdown_to_html(&text);
    insert_math(&html, &spans)
}

/// Like [`render_markdown`] for a one-paragraph snippet (a table cell, a card, an answer):
/// a single enclosing `<p>…</p>` is dropped.
pub fn render_inline_markdown(src: &str) -> String {
    let html = render_markdown(src);
    let trimmed = html.trim_end();
    if let Some(inner) = trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        if !inner.contains("<p>") {
            return inner.to_string();
        }
    }
    html
}

/// The pre-pass: the source with every formula replaced by a token, and the formulas.
fn split_math(src: &str) -> (String, Vec<MathSpan>) {
    // Tokens are built from private-use characters; strip any that the author typed.
    let src: String = src
        .chars()
        .filter(|&c| c != TOKEN_OPEN && c != TOKEN_CLOSE)
        .collect();
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut spans = Vec::new();
    // `copied` is the start of the not-yet-copied source; every cut is at an ASCII byte.
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        if (i == 0 || b[i - 1] == b'\n') && fence_at(b, i).is_some() {
            i = skip_fenced_block(b, i);
            continue;
        }
        match b[i] {
            b'\\' => {
                i += if i + 1 < b.len() && b[i + 1].is_ascii() {
                    2
                } else {
                    1
                }
            }
            b'`' => i = skip_code_span(b, i),
            b'$' => {
                let found = if b.get(i + 1) == Some(&b'$') {
                    find_display_end(b, i + 2).map(|end| (i + 2, end, end + 2, true))
                } else {
                    find_inline_end(b, i + 1).map(|end| (i + 1, end, end + 1, false))
                };
                match found {
                    Some((start, end, after, display)) => {
                        out.push_str(&src[copied..i]);
                        out.push(TOKEN_OPEN);
                        out.push_str(&spans.len().to_string());
                        out.push(TOKEN_CLOSE);
                        spans.push(MathSpan {
                            tex: src[start..end].trim().to_string(),
                            display,
                        });
                        copied = after;
                        i = after;
                    }
                    // An unmatched `$$` stays literal as a pair.
                    None => i += if b.get(i + 1) == Some(&b'$') { 2 } else { 1 },
                }
            }
            _ => i += 1,
        }
    }
    out.push_str(&src[copied..]);
    (out, spans)
}

/// If a code fence opens at line start `i`: its character and length.
fn fence_at(b: &[u8], i: usize) -> Option<(u8, usize)> {
    let mut j = i;
    while j < b.len() && j - i < 3 && b[j] == b' ' {
        j += 1;
    }
    let c = *b.get(j)?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = b[j..].iter().take_while(|&&x| x == c).count();
    (n >= 3).then_some((c, n))
}

/// From the opening fence line at `i`, the index just past the closing fence line (or the end).
fn skip_fenced_block(b: &[u8], i: usize) -> usize {
    let Some((c, n)) = fence_at(b, i) else {
        return i + 1;
    };
    let mut line = next_line(b, i);
    while line < b.len() {
        if let Some((c2, n2)) = fence_at(b, line) {
            let rest_start = line + b[line..].iter().take_while(|&&x| x == b' ').count() + n2;
            let rest_blank = b[rest_start..next_line(b, line)]
                .iter()
                .all(|x| x.is_ascii_whitespace());
            if c2 == c && n2 >= n && rest_blank {
                return next_line(b, line);
            }
        }
        line = next_line(b, line);
    }
    b.len()
}

fn next_line(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&x| x == b'\n')
        .map_or(b.len(), |p| i + p + 1)
}

/// From a backtick run at `i`, the index past the matching code span, or past the run.
fn skip_code_span(b: &[u8], i: usize) -> usize {
    let n = b[i..].iter().take_while(|&&x| x == b'`').count();
    let mut j = i + n;
    while j < b.len() {
        if b[j] == b'`' {
            let m = b[j..].iter().take_while(|&&x| x == b'`').count();
            if m == n {
                return j + m;
            }
            j += m;
        } else {
            j += 1;
        }
    }
    i + n
}

/// Is there a blank line starting right after the newline at `nl`?
fn blank_line_after(b: &[u8], nl: usize) -> bool {
    let mut j = nl + 1;
    while j < b.len() && (b[j] == b' ' || b[j] == b'\t' || b[j] == b'\r') {
        j += 1;
    }
    j >= b.len() || b[j] == b'\n'
}

/// Index of the closing `$$` for display math whose content starts at `start`.
fn find_display_end(b: &[u8], start: usize) -> Option<usize> {
    let mut j = start;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'\n' if blank_line_after(b, j) => return None,
            b'$' if b.get(j + 1) == Some(&b'$') => {
                return (!b[start..j].iter().all(|x| x.is_ascii_whitespace())).then_some(j)
            }
            _ => j += 1,
        }
    }
    None
}

/// Index of the closing `$` for inline math whose content starts at `start`.
fn find_inline_end(b: &[u8], start: usize) -> Option<usize> {
    if b.get(start).is_none_or(|x| x.is_ascii_whitespace()) {
        return None;
    }
    let mut j = start;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'\n' if blank_line_after(b, j) => return None,
            b'$' => {
                let prev_ok = !b[j - 1].is_ascii_whitespace();
                let next_ok = !b.get(j + 1).is_some_and(|x| x.is_ascii_digit());
                if prev_ok && next_ok && j > start {
                    return Some(j);
                }
                return None;
            }
            _ => j += 1,
        }
    }
    None
}

fn markdown_to_html(text: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION;
    let mut external = false;
    let events = Parser::new_ext(text, options).map(|event| match event {
        Event::Start(Tag::Link {
            dest_url, title, ..
        }) if is_external(&dest_url) => {
            external = true;
            let title_attr = if title.is_empty() {
                String::new()
            } else {
                format!(" title=\"{}\"", escape_html(&title))
            };
            Event::InlineHtml(CowStr::from(format!(
                "<a href=\"{}\"{title_attr} target=\"_blank\" rel=\"{EXTERNAL_LINK_REL}\">",
                escape_html(&dest_url)
            )))
        }
        Event::End(TagEnd::Link) if external => {
            external = false;
            Event::InlineHtml(CowStr::from("</a>"))
        }
        other => other,
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

fn is_external(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// Replaces the tokens in rendered HTML with math placeholders.
fn insert_math(html: &str, spans: &[MathSpan]) -> String {
    let mut out = String::with_capacity(html.len() + spans.len() * 64);
    let mut rest = html;
    while let Some(open) = rest.find(TOKEN_OPEN) {
        let after_open = &rest[open + TOKEN_OPEN.len_utf8()..];
        let Some(close) = after_open.find(TOKEN_CLOSE) else {
            break;
        };
        let span = after_open[..close]
            .parse::<usize>()
            .ok()
            .and_then(|k| spans.get(k));
        let after = &after_open[close + TOKEN_CLOSE.len_utf8()..];
        match span {
            Some(m) => {
                let before = &rest[..open];
                // A display formula alone in its paragraph replaces the paragraph.
                if m.display && before.ends_with("<p>") && after.starts_with("</p>") {
                    out.push_str(&before[..before.len() - 3]);
                    out.push_str(&math_placeholder(&m.tex, true));
                    rest = &after[4..];
                } else {
                    out.push_str(before);
                    let tag_html = math_placeholder(&m.tex, m.display);
                    // Inside a paragraph a display formula must stay phrasing content.
                    out.push_str(&if m.display {
                        tag_html
                            .replacen("<div", "<span", 1)
                            .replace("</div>", "</span>")
                    } else {
                        tag_html
                    });
                    rest = after;
                }
            }
            None => {
                out.push_str(&rest[..open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
