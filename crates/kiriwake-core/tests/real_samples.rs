//! The real events in `../shared/aws-samples/` — published by AWS and others, read in place —
//! each classify as its `SOURCES.tsv` row says, or are rejected with a one-line error naming
//! what is wrong when the row says they are no trigger.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use chrono::{TimeZone, Utc};
use kiriwake_core::render::code;
use kiriwake_core::{Config, Lang, classify, intake, plan};

fn samples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/aws-samples")
}

/// Where the issue that introduced `watch` (no fault now: plan for it) decides differently
/// from a row written before that outcome existed, and why.
const WATCH_NOT_YET_IN_SOURCES: &[(&str, &str)] = &[
    (
        "02-health-dedicated-host-maintenance-nth.json",
        "scheduledChange network maintenance of a dedicated host: planned, nothing broken now",
    ),
    (
        "07-health-rds-maintenance-scheduled.json",
        "scheduledChange RDS maintenance, upcoming: planned, nothing broken now",
    ),
    (
        "31-rds-cluster-patched-0173.json",
        "RDS-EVENT-0173 reports maintenance AWS completed: nothing broken",
    ),
    (
        "32-rds-instance-backup-no-eventid.json",
        "a finished backup: information, nothing broken",
    ),
];

#[test]
fn every_real_sample_classifies_as_its_source_row_says_or_is_rejected() {
    let dir = samples();
    let table = std::fs::read_to_string(dir.join("SOURCES.tsv")).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the real samples live beside the project in ../shared/aws-samples)",
            dir.display()
        )
    });
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 1, 10, 0).unwrap();
    let mut problems = Vec::new();
    let mut rows = 0;
    for line in table.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, allowed) = (cols[0], cols[4]);
        rows += 1;
        let allowed: Vec<&str> = allowed.split(',').map(str::trim).collect();
        let raw = std::fs::read(dir.join(file)).unwrap();
        match intake(&raw, now) {
            Err(e) => {
                let message = e.to_string();
                if !allowed.contains(&"reject") {
                    problems.push(format!(
                        "{file}: rejected ({message}), expected {allowed:?}"
                    ));
                }
                if message.contains('\n') || message.len() > 400 {
                    problems.push(format!(
                        "{file}: the error is not one short line: {message}"
                    ));
                }
            }
            Ok(incident) => {
                // What the live checks will ask AWS about: ids as AWS writes them.
                for r in &incident.resources {
                    if r.id.trim() != r.id || r.id.is_empty() {
                        problems.push(format!("{file}: resource id {:?}", r.id));
                    }
                }
                for lang in [Lang::En, Lang::Ja] {
                    let findings = plan::offline_findings(&incident);
                    let c = classify(incident.clone(), findings, &Config::for_lang(lang));
                    let verdict = code(&c.verdict);
                    let watch_reason = WATCH_NOT_YET_IN_SOURCES
                        .iter()
                        .find(|(f, _)| *f == file)
                        .map(|(_, why)| *why);
                    let ok = allowed.contains(&verdict.as_str())
                        || (verdict == "watch" && watch_reason.is_some());
                    if !ok {
                        problems.push(format!(
                            "{file} ({lang:?}): {verdict} ({}), expected {allowed:?}",
                            c.headline
                        ));
                    }
                    if c.next_actions.is_empty() || c.headline.is_empty() {
                        problems.push(format!("{file} ({lang:?}): nothing to read or do"));
                    }
                    // A notice is never a fault AWS is asked to confirm.
                    if verdict == "watch" && c.support_case.is_some() {
                        problems.push(format!("{file}: a support case for a notice"));
                    }
                }
            }
        }
    }
    assert!(rows >= 30, "{rows} rows");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
