//! Redaction as a product: every secret of the corpus is masked, every ordinary line is left
//! exactly as it was. The corpus is synthetic (tests/redaction/): in `secrets.txt` each line
//! marks its one secret with ⟦…⟧; `ordinary.txt` holds lines that must pass unchanged.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kiriwake_core::redact::redact;

fn corpus(name: &str) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/redaction")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn no_secret_of_the_corpus_survives() {
    let lines = corpus("secrets.txt");
    assert!(lines.len() >= 60, "{} secret lines", lines.len());
    let mut survived = Vec::new();
    for marked in &lines {
        let (before, rest) = marked.split_once('⟦').expect("a marked secret");
        let (secret, after) = rest.split_once('⟧').expect("a closed mark");
        let line = format!("{before}{secret}{after}");
        let out = redact(&line);
        if out.contains(secret) || !out.contains("[REDACTED") {
            survived.push(format!("{line}\n   → {out}"));
        }
        // What surrounds the secret is kept: people still read the line.
        let keep = before.split_whitespace().next().unwrap_or_default();
        if !keep.is_empty() && !keep.contains(secret) && !out.contains(keep) {
            survived.push(format!("{line}\n   → {out} (lost {keep:?})"));
        }
    }
    assert!(survived.is_empty(), "{}", survived.join("\n"));
}

#[test]
fn ordinary_lines_pass_unchanged() {
    let lines = corpus("ordinary.txt");
    assert!(lines.len() >= 60, "{} ordinary lines", lines.len());
    let changed: Vec<String> = lines
        .iter()
        .filter_map(|l| {
            let out = redact(l);
            (out != *l).then(|| format!("{l}\n   → {out}"))
        })
        .collect();
    assert!(changed.is_empty(), "{}", changed.join("\n"));
}
