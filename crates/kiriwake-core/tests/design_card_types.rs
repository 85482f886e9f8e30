//! The design card's event types, `aws_lambda_events`, held to what intake uses them for
//! (intake/typed.rs): every EventBridge event kiriwake's rules deliver — the project's
//! console events, the real samples in `../shared/aws-samples/` — reads as its
//! `EventBridgeEvent`, and every EC2 state change AWS delivers as its
//! `InstanceStateChange`; where intake keeps its own reader, the crate's type is shown to
//! refuse a real event (so that if a release completes it, this test says to switch). And
//! the crate's own fixtures of the kinds intake reads are isolated like any event.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use aws_lambda_events::event::cloudwatch_alarms::{
    CloudWatchCompositeAlarm, CloudWatchMetricAlarm,
};
use aws_lambda_events::event::cloudwatch_events::ec2::InstanceStateChange;
use aws_lambda_events::event::cloudwatch_events::health::Event as HealthEvent;
use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use chrono::{TimeZone, Utc};
use kiriwake_core::{Config, Lang, Verdict, classify, intake_value, plan};
use serde_json::Value;

fn json_files(dir: &Path) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter_map(|p| {
            let v = serde_json::from_slice(&std::fs::read(&p).unwrap()).ok()?;
            Some((p.file_name()?.to_string_lossy().into_owned(), v))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn events() -> Vec<(String, Value)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut all = json_files(&root.join("events"));
    all.extend(json_files(&root.join("../shared/aws-samples")));
    assert!(all.len() > 50, "{} events found", all.len());
    all
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 1, 10, 0).unwrap()
}

/// The EC2 state changes that are not a shape AWS delivers (SOURCES.tsv: a documentation
/// variant whose `instance_id` has an underscore; intake refuses it too).
const NOT_DELIVERED_BY_AWS: &[&str] = &["27-ec2-terminated-instance_id-underscore-powertools.json"];

#[test]
fn the_envelope_and_ec2_types_read_every_event_intake_gives_them() {
    let mut problems = Vec::new();
    let (mut envelopes, mut changes) = (0, 0);
    for (name, v) in events() {
        // An event with `alarmData` is an alarm action (intake reads it so, envelope or not).
        if v.get("detail-type").is_none() || v.get("alarmData").is_some() {
            continue;
        }
        envelopes += 1;
        if let Err(e) = serde_json::from_value::<EventBridgeEvent<Value>>(v.clone()) {
            problems.push(format!("{name}: EventBridgeEvent: {e}"));
        }
        if v["detail-type"] == "EC2 Instance State-change Notification"
            && !NOT_DELIVERED_BY_AWS.contains(&name.as_str())
        {
            changes += 1;
            if let Err(e) = serde_json::from_value::<InstanceStateChange>(v["detail"].clone()) {
                problems.push(format!("{name}: InstanceStateChange: {e}"));
            }
        }
    }
    assert!(
        envelopes > 40 && changes >= 5,
        "{envelopes} envelopes, {changes} state changes"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn where_intake_keeps_its_own_reader_the_crates_type_refuses_a_real_event() {
    let all = events();
    let find = |name: &str| all.iter().find(|(n, _)| n == name).unwrap().1.clone();
    // A metric-math alarm action (Powertools' sample): `metricStat` is required.
    let math = find("21-alarm-action-metric-math-lambda-powertools.json");
    assert!(serde_json::from_value::<CloudWatchMetricAlarm>(math.clone()).is_err());
    assert!(intake_value(&math, now()).is_ok());
    // An open AWS Health event: `endTime` is required.
    let open = find("health-ec2-operational-issue-public.json");
    assert!(open["detail"].get("endTime").is_none());
    assert!(serde_json::from_value::<HealthEvent>(open["detail"].clone()).is_err());
    assert!(intake_value(&open, now()).is_ok());
    // A bad time refuses the whole envelope; intake uses the delivery time and says so.
    let mut late = find("ec2-instance-stopped.json");
    late["time"] = Value::from("yesterday");
    assert!(serde_json::from_value::<EventBridgeEvent<Value>>(late.clone()).is_err());
    let incident = intake_value(&late, now()).unwrap();
    assert!(
        incident.intake_notes.iter().any(|n| n.contains("time")),
        "{:?}",
        incident.intake_notes
    );
}

/// Where cargo keeps `aws_lambda_events`' source (its fixtures), by `cargo metadata` for
/// this machine's platform (offline: every crate it needs is already downloaded).
fn crate_fixtures() -> PathBuf {
    let rustc = std::process::Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc -vV runs");
    let host = String::from_utf8_lossy(&rustc.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .expect("rustc names its host");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--filter-platform",
        ])
        .arg(&host)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).unwrap();
    let manifest = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "aws_lambda_events")
        .and_then(|p| p["manifest_path"].as_str())
        .expect("aws_lambda_events is a dependency");
    Path::new(manifest).parent().unwrap().join("src/fixtures")
}

#[test]
fn the_crates_own_fixtures_are_isolated_like_any_event() {
    let dir = crate_fixtures();
    let now = now();
    let config = Config::for_lang(Lang::En);
    // (fixture, the verdict offline): the alarm actions and the EC2 state change.
    let rows = [
        ("example-cloudwatch-alarm-metric.json", None),
        ("example-cloudwatch-alarm-composite.json", None),
        (
            "example-cloudwatch-alarm-composite-with-suppressor-alarm.json",
            None,
        ),
        (
            "example-eventbridge-event-obj.json",
            Some(Verdict::Recovered),
        ),
    ];
    let mut problems = Vec::new();
    for (file, verdict) in rows {
        let v: Value = serde_json::from_slice(
            &std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}")),
        )
        .unwrap();
        match intake_value(&v, now) {
            Ok(incident) => {
                let findings = plan::offline_findings(&incident);
                let c = classify(incident, findings, &config);
                if verdict.is_some_and(|want| c.verdict != want) {
                    problems.push(format!("{file}: {:?}, expected {verdict:?}", c.verdict));
                }
            }
            Err(e) => problems.push(format!("{file}: refused: {e}")),
        }
    }
    // The alarm fixtures are alarm actions, in the crate's types and in intake's.
    for file in &rows[..3] {
        let v: Value = serde_json::from_slice(&std::fs::read(dir.join(file.0)).unwrap()).unwrap();
        let typed = if v["alarmData"]["configuration"].get("alarmRule").is_some() {
            serde_json::from_value::<CloudWatchCompositeAlarm>(v).is_ok()
        } else {
            serde_json::from_value::<CloudWatchMetricAlarm>(v).is_ok()
        };
        assert!(
            typed,
            "{}: the crate's own type refuses its fixture",
            file.0
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
