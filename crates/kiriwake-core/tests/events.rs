//! Every console test event in `events/` parses and classifies to the verdict its name
//! promises. Adding an event without a row here fails, and so does a row without a file.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::{TimeZone, Utc};
use kiriwake_core::{Config, Party, Verdict, classify, intake, plan};

fn events_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../events")
}

/// (file, trigger kind, verdict, who must act)
const EXPECTED: &[(&str, &str, Verdict, Party)] = &[
    (
        "alarm-action-ec2-memory-exhausted.json",
        "alarm",
        Verdict::Instance,
        Party::Customer,
    ),
    (
        "alarm-alb-target-5xx-rate-metric-math.json",
        "alarm",
        Verdict::Application,
        Party::Customer,
    ),
    (
        "alarm-app-error-log-metric-filter.json",
        "alarm",
        Verdict::Application,
        Party::Customer,
    ),
    (
        "alarm-asg-cpu-anomaly-detection.json",
        "alarm",
        Verdict::Instance,
        Party::Customer,
    ),
    (
        "alarm-composite-inconclusive.json",
        "alarm",
        Verdict::Inconclusive,
        Party::Unknown,
    ),
    (
        "alarm-ec2-attached-ebs-status-check-failed.json",
        "alarm",
        Verdict::AwsSide,
        Party::Aws,
    ),
    (
        "alarm-ec2-instance-status-check-failed.json",
        "alarm",
        Verdict::Instance,
        Party::Customer,
    ),
    (
        "alarm-ec2-status-check-failed-combined.json",
        "alarm",
        Verdict::Inconclusive,
        Party::Unknown,
    ),
    (
        "alarm-ec2-system-status-check-failed.json",
        "alarm",
        Verdict::AwsSide,
        Party::Aws,
    ),
    (
        "alarm-insufficient-data.json",
        "alarm",
        Verdict::Inconclusive,
        Party::Unknown,
    ),
    (
        "alarm-ok-recovered.json",
        "alarm",
        Verdict::Recovered,
        Party::Aws,
    ),
    (
        "alarm-rds-free-storage-low.json",
        "alarm",
        Verdict::Instance,
        Party::Customer,
    ),
    (
        "alarm-vpn-tunnel-down.json",
        "alarm",
        Verdict::OutsideAws,
        Party::Outside,
    ),
    (
        "ec2-instance-running-recovered.json",
        "ec2_state",
        Verdict::Recovered,
        Party::Unknown,
    ),
    (
        "ec2-instance-stopped.json",
        "ec2_state",
        Verdict::Inconclusive,
        Party::Unknown,
    ),
    (
        "ec2-instance-terminated.json",
        "ec2_state",
        Verdict::Inconclusive,
        Party::Unknown,
    ),
    (
        "health-abuse-dos-report.json",
        "health",
        Verdict::Application,
        Party::Customer,
    ),
    (
        "health-ec2-instance-retirement-scheduled.json",
        "health",
        Verdict::AwsSide,
        Party::Aws,
    ),
    (
        "health-ec2-operational-issue-closed.json",
        "health",
        Verdict::Recovered,
        Party::Aws,
    ),
    (
        "health-ec2-operational-issue-public.json",
        "health",
        Verdict::AwsSide,
        Party::Aws,
    ),
    (
        "health-rds-account-notification.json",
        "health",
        Verdict::Watch,
        Party::Customer,
    ),
    (
        "health-rds-hardware-maintenance-scheduled.json",
        "health",
        Verdict::Watch,
        Party::Customer,
    ),
    (
        "health-vpn-redundancy-loss.json",
        "health",
        Verdict::OutsideAws,
        Party::Outside,
    ),
    (
        "manual-ec2-instance.json",
        "manual",
        Verdict::Inconclusive,
        Party::Unknown,
    ),
    (
        "manual-rds-instance.json",
        "manual",
        Verdict::Inconclusive,
        Party::Unknown,
    ),
    (
        "rds-failed-without-event-id.json",
        "rds_event",
        Verdict::Instance,
        Party::Customer,
    ),
    (
        "rds-incompatible-network.json",
        "rds_event",
        Verdict::Instance,
        Party::Customer,
    ),
    (
        "rds-multi-az-failover-completed.json",
        "rds_event",
        Verdict::Recovered,
        Party::Unknown,
    ),
    (
        "rds-storage-full.json",
        "rds_event",
        Verdict::Instance,
        Party::Customer,
    ),
];

fn trigger_events() -> BTreeSet<String> {
    std::fs::read_dir(events_dir())
        .expect("events/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn every_event_file_has_an_expectation_and_every_expectation_a_file() {
    let files = trigger_events();
    let listed: BTreeSet<String> = EXPECTED.iter().map(|(f, ..)| (*f).to_owned()).collect();
    assert_eq!(files, listed, "events/ and the EXPECTED table disagree");
    assert!(files.len() >= 15);
}

#[test]
fn every_event_classifies_to_the_verdict_its_name_promises() {
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap();
    let mut failures = Vec::new();
    for (file, kind, verdict, party) in EXPECTED {
        let raw = std::fs::read(events_dir().join(file)).unwrap();
        let incident = match intake(&raw, now) {
            Ok(i) => i,
            Err(e) => {
                failures.push(format!("{file}: intake failed: {e}"));
                continue;
            }
        };
        assert_eq!(incident.trigger.kind_name(), *kind, "{file}");
        assert!(
            incident.intake_notes.is_empty(),
            "{file}: a real-shaped event needs no fallbacks: {:?}",
            incident.intake_notes
        );
        let findings = plan::offline_findings(&incident);
        let c = classify(incident, findings, &Config::default());
        if (c.verdict, c.responsible) != (*verdict, *party) {
            failures.push(format!(
                "{file}: got {:?}/{:?}, want {verdict:?}/{party:?}",
                c.verdict, c.responsible
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_events_cover_every_trigger_kind_and_every_verdict() {
    let kinds: BTreeSet<&str> = EXPECTED.iter().map(|(_, k, ..)| *k).collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["alarm", "ec2_state", "health", "manual", "rds_event"])
    );
    let verdicts: BTreeSet<String> = EXPECTED
        .iter()
        .map(|(_, _, v, _)| format!("{v:?}"))
        .collect();
    assert_eq!(verdicts.len(), 7, "{verdicts:?}");
}
