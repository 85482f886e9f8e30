//! The core's layering: the decision knows the method's rules and no words; the words know
//! no rules. A `use` of a wording module in `decision.rs` would bring back the cycle
//! (decision ↔ describe ↔ actions ↔ support) this test exists to keep out.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

/// The `crate::…` modules a source file of the core names.
fn modules_named(file: &str) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(file);
    let source = std::fs::read_to_string(&path).unwrap();
    let re = regex_lite::Regex::new(r"crate::(\w+)").unwrap();
    let mut named: Vec<String> = re.captures_iter(&source).map(|c| c[1].to_owned()).collect();
    named.sort();
    named.dedup();
    named
}

#[test]
fn the_decision_depends_on_no_wording() {
    let named = modules_named("decision.rs");
    let wording = [
        "words",
        "describe",
        "actions",
        "support",
        "render",
        "classification",
    ];
    let found: Vec<&String> = named
        .iter()
        .filter(|m| wording.contains(&m.as_str()))
        .collect();
    assert!(
        found.is_empty(),
        "decision.rs names wording modules {found:?}; it returns values, and \
         classification.rs words them"
    );
    // Nor does it pick words itself.
    let source = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/decision.rs"),
    )
    .unwrap();
    assert!(!source.contains(".words()") && !source.contains("Lang"));
    // The modules the decision does depend on are the method's values.
    assert!(named.iter().any(|m| m == "evidence") && named.iter().any(|m| m == "finding"));
}

#[test]
fn the_wording_modules_do_not_decide() {
    for file in [
        "describe.rs",
        "actions.rs",
        "support.rs",
        "classification.rs",
    ] {
        let source = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("src")
                .join(file),
        )
        .unwrap();
        // The decision's one entry point is called by classification alone; the others
        // read its values.
        let calls_decide = source.contains("decide(");
        assert_eq!(
            calls_decide,
            file == "classification.rs",
            "{file}: only classification.rs calls decide()"
        );
    }
}

/// A source file's code before its unit tests, without comment lines.
fn code_of(path: &std::path::Path) -> String {
    let source = std::fs::read_to_string(path).unwrap();
    let code = source.split("#[cfg(test)]").next().unwrap_or_default();
    code.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn only_the_catalogue_knows_the_languages() {
    // A third language must touch `words/` only: outside it, no code names a language or
    // writes Japanese (English subjects for SNS go through `Lang::SUBJECT`).
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let words = src.join("words");
    let named = regex_lite::Regex::new(r"Lang::(En|Ja)\b|\b(English|Japanese)\b").unwrap();
    let japanese =
        regex_lite::Regex::new(r"[\x{3040}-\x{30ff}\x{4e00}-\x{9fff}\x{ff01}-\x{ff5e}]").unwrap();
    let mut outside = 0;
    for file in files.iter().filter(|f| !f.starts_with(&words)) {
        outside += 1;
        let code = code_of(file);
        for line in code.lines() {
            assert!(
                !named.is_match(line) && !japanese.is_match(line),
                "{}: {line}",
                file.display()
            );
        }
    }
    assert!(outside > 20, "{outside} files read outside the catalogue");
    // And the catalogue does have a language per `Lang`.
    let catalogues = std::fs::read_dir(&words)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert_eq!(catalogues, kiriwake_core::Lang::ALL.len());
}
