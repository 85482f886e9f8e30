//! A classification is values with words: notify can word it in its own language (and time
//! zone), whatever language classify ran in, and gets what classify would have said.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{TimeZone, Utc};
use kiriwake_core::{Config, Lang, Note, classify, intake_value, plan};
use serde_json::Value;

#[test]
fn every_event_worded_again_reads_as_if_classified_in_that_language() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../events");
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap();
    let note = Note::IgnoredSetting {
        name: "KIRIWAKE_CPU_THRESHOLD".into(),
        value: "90%".into(),
        expected: "a number".into(),
    };
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let event: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let Ok(incident) = intake_value(&event, now) else {
            continue;
        };
        let findings = plan::offline_findings(&incident);
        for (from, to) in [(Lang::Ja, Lang::En), (Lang::En, Lang::Ja)] {
            let mut c = classify(incident.clone(), findings.clone(), &Config::for_lang(from));
            c.add_note(note.clone());
            let mut want = classify(incident.clone(), findings.clone(), &Config::for_lang(to));
            want.add_note(note.clone());
            let got = c.worded_for(&Config::for_lang(to));
            assert_eq!(got, want, "{}: {from:?} worded in {to:?}", path.display());
            assert_ne!(
                c.reasons,
                got.reasons,
                "{}: the words changed",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 25, "{checked} events");
}
