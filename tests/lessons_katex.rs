//! Every formula the lessons show must parse in the vendored KaTeX (throwOnError: true).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use gradient_flow_explorer::lessons::{all_formulas, MathSpan};

const CHECK_JS: &str = r#"
const katex = require(process.argv[1]);
const items = JSON.parse(require("fs").readFileSync(0, "utf8"));
const failures = [];
for (const { tex, display } of items) {
  try {
    katex.renderToString(tex, { throwOnError: true, displayMode: display, strict: "error" });
  } catch (e) {
    failures.push({ tex, error: String(e.message || e) });
  }
}
process.stdout.write(JSON.stringify(failures));
"#;

fn check_with_katex(formulas: &[MathSpan]) -> Option<Vec<(String, String)>> {
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !node_ok {
        eprintln!("SKIPPED: node is not installed, KaTeX parse check not run");
        return None;
    }
    let katex = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/katex/katex.min.js");
    assert!(
        katex.exists(),
        "vendored KaTeX missing at {}",
        katex.display()
    );
    let items: Vec<serde_json::Value> = formulas
        .iter()
        .map(|m| serde_json::json!({ "tex": m.tex, "display": m.display }))
        .collect();
    let mut child = Command::new("node")
        .args(["-e", CHECK_JS])
        .arg(&katex)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn node");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(serde_json::to_string(&items).expect("json").as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("node output");
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let failures: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).expect("node printed JSON");
    Some(
        failures
            .iter()
            .map(|f| {
                (
                    f["tex"].as_str().unwrap_or_default().to_string(),
                    f["error"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect(),
    )
}

#[test]
fn every_lesson_formula_parses_in_katex() {
    let formulas = all_formulas();
    assert!(
        formulas.len() > 40,
        "expected many formulas, found {}",
        formulas.len()
    );
    let Some(failures) = check_with_katex(&formulas) else {
        return;
    };
    let report: Vec<String> = failures
        .iter()
        .map(|(tex, err)| format!("  {tex:?}\n    → {err}"))
        .collect();
    assert!(
        failures.is_empty(),
        "{} formula(s) do not parse in KaTeX:\n{}",
        failures.len(),
        report.join("\n")
    );
}

#[test]
fn the_checker_catches_a_broken_formula() {
    let broken = [MathSpan {
        tex: r"\frac{1}{".to_string(),
        display: false,
    }];
    if let Some(failures) = check_with_katex(&broken) {
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].0, r"\frac{1}{");
    }
}
