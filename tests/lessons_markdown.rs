//! Markdown + math rendering and the section list.

mod lessons_support;

use std::collections::HashSet;

use gradient_flow_explorer::lessons::{
    extract_math, render_inline_markdown, render_markdown, MathSpan, Widget, SECTIONS,
    WIDGET_MARKER,
};
use lessons_support::outside_math;

fn inline(tex: &str) -> MathSpan {
    MathSpan {
        tex: tex.to_string(),
        display: false,
    }
}

#[test]
fn inline_math_survives_markdown_and_is_escaped() {
    let src = r"Let $a_1 * b_2 < c \& d$ and *emphasis* and $x_{i}^{*}$ too.";
    let html = render_markdown(src);
    assert!(
        html.contains(
            r#"<span class="math" data-tex="a_1 * b_2 &lt; c \&amp; d" data-display="false"></span>"#
        ),
        "{html}"
    );
    assert!(
        html.contains(r#"data-tex="x_{i}^{*}""#),
        "underscores and stars inside TeX must not become emphasis: {html}"
    );
    assert!(html.contains("<em>emphasis</em>"), "{html}");
    assert_eq!(
        extract_math(src),
        vec![inline(r"a_1 * b_2 < c \& d"), inline(r"x_{i}^{*}")]
    );
}

#[test]
fn display_math_alone_becomes_a_block_and_spans_lines() {
    let src = "Before.\n\n$$\n\\frac{\\partial \\mathcal{L}}{\\partial W^{(l)}} = a_b * c_d\n$$\n\nAfter.";
    let html = render_markdown(src);
    assert!(
        html.contains(
            r#"<div class="math" data-tex="\frac{\partial \mathcal{L}}{\partial W^{(l)}} = a_b * c_d" data-display="true"></div>"#
        ),
        "{html}"
    );
    assert!(!html.contains("<p><div"), "{html}");
    assert!(html.contains("<p>Before.</p>") && html.contains("<p>After.</p>"));
}

#[test]
fn display_math_inside_a_paragraph_stays_phrasing_content() {
    let html = render_markdown("We have $$x^2$$ in the text.");
    assert!(
        html.contains(r#"<span class="math" data-tex="x^2" data-display="true"></span>"#),
        "{html}"
    );
}

#[test]
fn quotes_in_tex_are_escaped_for_the_attribute() {
    let html = render_markdown(r#"$\text{"a" 'b'} > 0$"#);
    assert!(
        html.contains(r#"data-tex="\text{&quot;a&quot; &#39;b&#39;} &gt; 0""#),
        "{html}"
    );
}

#[test]
fn code_spans_and_fences_keep_their_dollars() {
    let src = "Run `echo $HOME and $PATH` now.\n\n```sh\nexport A=$B_C$\n```\n\nThen $y$.";
    let html = render_markdown(src);
    assert!(html.contains("<code>echo $HOME and $PATH</code>"), "{html}");
    assert!(html.contains("export A=$B_C$"), "{html}");
    assert_eq!(extract_math(src), vec![inline("y")]);
}

#[test]
fn literal_and_unmatched_dollars_stay_text() {
    // Escaped dollars, prices and a lone dollar are not math.
    let src = r"It costs \$5, or $5 and $6, and a lone $ sign.";
    assert!(extract_math(src).is_empty());
    let html = render_markdown(src);
    assert!(
        html.contains("$5, or $5 and $6, and a lone $ sign."),
        "{html}"
    );
    // A space after the opening dollar is not math either.
    assert!(extract_math("$ x$").is_empty());
    // Inline math may not cross a blank line.
    assert!(extract_math("$a\n\nb$").is_empty());
    // But it may cross a single line break.
    assert_eq!(extract_math("$a +\nb$"), vec![inline("a +\nb")]);
}

#[test]
fn escaped_dollar_inside_math_does_not_close_it() {
    assert_eq!(extract_math(r"$a \$ b$"), vec![inline(r"a \$ b")]);
}

#[test]
fn math_in_tables_headings_and_links() {
    let src = "### Slope $\\varphi'$\n\n| f | range |\n|---|---|\n| sigmoid | $(0, 0.25]$ |\n\n[see $x_1$](https://example.org/a?b=1&c=2)";
    let html = render_markdown(src);
    assert!(
        html.contains(r#"<h3>Slope <span class="math" data-tex="\varphi&#39;""#),
        "{html}"
    );
    assert!(
        html.contains(r#"<td><span class="math" data-tex="(0, 0.25]""#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener">see <span class="math" data-tex="x_1""#),
        "{html}"
    );
}

#[test]
fn internal_links_stay_in_the_tab() {
    let html = render_markdown("[up](#problem)");
    assert!(html.contains(r##"<a href="#problem">up</a>"##), "{html}");
}

#[test]
fn raw_private_use_tokens_cannot_inject_math() {
    let html = render_markdown("a \u{E000}0\u{E001} b $c$");
    assert_eq!(html.matches("class=\"math\"").count(), 1, "{html}");
}

#[test]
fn inline_rendering_drops_the_paragraph() {
    assert_eq!(
        render_inline_markdown("slope $\\le 1$ here"),
        r#"slope <span class="math" data-tex="\le 1" data-display="false"></span> here"#
    );
    // Two paragraphs stay paragraphs.
    assert!(render_inline_markdown("a\n\nb").contains("<p>b</p>"));
}

#[test]
fn sections_have_unique_ids_titles_and_content() {
    let mut ids = HashSet::new();
    for s in &SECTIONS {
        assert!(ids.insert(s.id), "duplicate section id {}", s.id);
        assert!(
            !s.id.is_empty()
                && s.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "id {:?} is not URL-safe",
            s.id
        );
        assert!(!s.title.trim().is_empty());
        let html = s.html();
        assert!(
            html.before.len() + html.after.len() > 100,
            "section {} has (almost) no prose",
            s.id
        );
        assert!(!html.before.contains(WIDGET_MARKER) && !html.after.contains(WIDGET_MARKER));
        assert!(!html.before.contains('\u{E000}') && !html.after.contains('\u{E000}'));
        assert!(
            s.markdown.matches(WIDGET_MARKER).count() <= 1,
            "section {} has several widget markers",
            s.id
        );
        // Every `$` in the prose is part of a formula (no stray, unrendered dollars).
        let text = html.before + &html.after;
        let without_attrs = outside_math(&text);
        assert!(
            !without_attrs.contains('$'),
            "section {} leaves a literal $ in its HTML",
            s.id
        );
    }
    assert_eq!(SECTIONS.len(), 13);
    assert_eq!(SECTIONS[0].widget, Widget::Telephone);
}

#[test]
fn sections_with_a_marker_split_around_it() {
    let problem = &SECTIONS[0];
    let (before, after) = problem.markdown_parts();
    assert!(before.contains("telephone") && !before.contains(WIDGET_MARKER));
    assert!(after.contains("3.1 %"));
}

#[test]
fn data_table_text_renders_without_stray_dollars() {
    use gradient_flow_explorer::lessons::{
        ACTIVATION_ROWS, FAQ, GLOSSARY, INIT_ROWS, REGIME_CARDS,
    };
    let fields = REGIME_CARDS
        .iter()
        .map(|c| c.summary)
        .chain(ACTIVATION_ROWS.iter().map(|r| r.note))
        .chain(INIT_ROWS.iter().map(|r| r.note))
        .chain(GLOSSARY.iter().map(|g| g.definition))
        .chain(FAQ.iter().map(|f| f.answer));
    for src in fields {
        let html = render_inline_markdown(src);
        assert!(!outside_math(&html).contains('$'), "stray $ in {src:?}");
        assert!(!html.contains('\u{E000}'));
    }
}

#[test]
fn further_reading_links_are_https_and_unique() {
    use gradient_flow_explorer::lessons::{EXTERNAL_LINK_REL, FURTHER_READING};
    let mut ids = HashSet::new();
    for r in &FURTHER_READING {
        assert!(ids.insert(r.id), "duplicate reference {}", r.id);
        assert!(r.url.starts_with("https://"), "{}", r.url);
        // From Hochreiter 1991 to this year: a typo in a year would not pass.
        assert!((1991..=2026).contains(&r.year), "{}: {}", r.id, r.year);
        assert!(
            !r.title.contains("  "),
            "line-continuation left a double space in {}",
            r.id
        );
        assert!(!r.authors.contains("  "));
    }
    assert_eq!(FURTHER_READING.len(), 33);
    // "listed here in order of publication".
    assert!(FURTHER_READING.windows(2).all(|w| w[0].year <= w[1].year));
    assert_eq!(EXTERNAL_LINK_REL, "noopener");
}

#[test]
fn every_lesson_try_it_button_loads_a_known_preset() {
    use gradient_flow_explorer::lessons::KNOWN_PRESETS;
    use gradient_flow_explorer::page::presets::find;
    let mut buttons = 0;
    for s in &SECTIONS {
        if let Widget::Presets(ids) = s.widget {
            assert!(!ids.is_empty(), "section {} has an empty button row", s.id);
            for id in ids {
                assert!(KNOWN_PRESETS.contains(id), "{}: {id}", s.id);
                assert!(find(id).is_some(), "{}: no preset {id}", s.id);
                buttons += 1;
            }
        }
    }
    assert!(buttons >= 4, "the remedies lessons load their presets");
}

#[test]
fn section_ids_do_not_collide_with_the_controls_ids() {
    // A section named like a control (`id="residual"` on the select) would make the table of
    // contents' link jump to the control and `getElementById` find the wrong element.
    let control_ids = [
        "depth",
        "width",
        "activation",
        "init",
        "residual",
        "norm",
        "seed",
        "batch",
    ];
    for s in &SECTIONS {
        assert!(
            !control_ids.contains(&s.id),
            "section id {} is a control's id",
            s.id
        );
    }
}
