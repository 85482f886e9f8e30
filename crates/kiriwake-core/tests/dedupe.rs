//! De-duplication keys: the same fact has the same key on every delivery path and every
//! redelivery; news about it (a new state, an update, another page) has another.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{TimeZone, Utc};
use kiriwake_core::intake::{DEDUPE_DAYS, MAX_DEDUPE_KEY_BYTES};
use kiriwake_core::{Incident, intake};
use serde_json::{Value, json};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 1, 10, 0).unwrap()
}

fn event(name: &str) -> Value {
    let path = format!("{}/../../events/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn sample(name: &str) -> Value {
    let path = format!(
        "{}/../../../shared/aws-samples/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_slice(&std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))).unwrap()
}

fn key(v: &Value) -> String {
    incident(v).dedupe_key
}

fn incident(v: &Value) -> Incident {
    intake(v.to_string().as_bytes(), now()).unwrap()
}

/// The alarm action CloudWatch sends to a Lambda function for the same transition as an
/// EventBridge alarm event (its documented shape: `alarmArn`, `alarmData`).
fn as_alarm_action(eb: &Value) -> Value {
    let d = &eb["detail"];
    json!({
        "source": "aws.cloudwatch",
        "alarmArn": eb["resources"][0],
        "accountId": eb["account"],
        "time": d["state"]["timestamp"],
        "region": eb["region"],
        "alarmData": {
            "alarmName": d["alarmName"],
            "state": d["state"],
            "previousState": d["previousState"],
            "configuration": d["configuration"],
        },
    })
}

#[test]
fn one_alarm_transition_has_one_key_on_both_delivery_paths() {
    let eb = event("alarm-ec2-system-status-check-failed.json");
    let action = as_alarm_action(&eb);
    assert_eq!(key(&eb), key(&action));
    assert_eq!(
        key(&eb),
        "alarm:arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:web-1-StatusCheckFailed_System:ALARM:2026-11-25T01:05:12.345+00:00"
    );
    // EventBridge redelivers with the same id; a new event id for the same transition (a
    // second rule, a replay from an archive) is still the same transition.
    let mut again = eb.clone();
    again["id"] = json!("another-delivery");
    again["time"] = json!("2026-11-25T01:06:00Z");
    assert_eq!(key(&eb), key(&again));
    // The same transition, its timestamp written another way (AWS's samples differ).
    assert_eq!(
        key(&sample("18-alarm-action-metric-java-libs.json")),
        key(&sample("19-alarm-action-metric-spaced-times.json"))
    );
}

#[test]
fn news_about_the_same_thing_is_not_a_duplicate() {
    let eb = event("alarm-ec2-system-status-check-failed.json");
    // The alarm fires again later, or returns to OK: new transitions.
    let mut later = eb.clone();
    later["detail"]["state"]["timestamp"] = json!("2026-11-25T02:05:12.345+0000");
    let mut ok = eb.clone();
    ok["detail"]["state"]["value"] = json!("OK");
    for other in [later, ok] {
        assert_ne!(key(&eb), key(&other));
    }

    // A Health event: an update (status, last update) is news; its next page names other
    // entities; the same update redelivered is not news.
    let h = event("health-ec2-instance-retirement-scheduled.json");
    let mut closed = h.clone();
    closed["detail"]["statusCode"] = json!("closed");
    let mut updated = h.clone();
    updated["detail"]["lastUpdatedTime"] = json!("Wed, 25 Nov 2026 03:00:00 GMT");
    let mut page2 = h.clone();
    page2["detail"]["page"] = json!("2");
    for other in [&closed, &updated, &page2] {
        assert_ne!(key(&h), key(other), "{}", other["detail"]);
    }
    let mut redelivered = h.clone();
    redelivered["id"] = json!("another-delivery");
    assert_eq!(key(&h), key(&redelivered));

    // An instance's state change and an RDS event: by resource, state or event ID, time.
    let stopped = event("ec2-instance-stopped.json");
    let mut stopped_later = stopped.clone();
    stopped_later["time"] = json!("2026-11-25T05:00:00Z");
    assert_ne!(key(&stopped), key(&stopped_later));
    let rds = event("rds-storage-full.json");
    let mut rds_redelivered = rds.clone();
    rds_redelivered["id"] = json!("another-delivery");
    assert_eq!(key(&rds), key(&rds_redelivered));
    let mut rds_later = rds.clone();
    rds_later["detail"]["Date"] = json!("2026-11-25T06:00:00.000Z");
    assert_ne!(key(&rds), key(&rds_later));
}

#[test]
fn every_key_fits_the_store_and_expires() {
    let i = incident(&event("alarm-ec2-system-status-check-failed.json"));
    assert_eq!(
        i.dedupe_until,
        (now() + chrono::Duration::days(DEDUPE_DAYS)).timestamp()
    );
    // Manual requests naming fifty long ARNs, different only in the last: their keys are
    // cut to fit, and stay apart.
    let mut arns: Vec<String> = (0..50)
        .map(|n| format!("arn:aws:ec2:ap-northeast-1:123456789012:instance/i-{n:017x}"))
        .collect();
    let a = key(&json!({"resources": arns, "region": "ap-northeast-1"}));
    arns[49] = "arn:aws:ec2:ap-northeast-1:123456789012:instance/i-0ffffffffffffffff".into();
    let b = key(&json!({"resources": arns, "region": "ap-northeast-1"}));
    assert!(a.len() <= MAX_DEDUPE_KEY_BYTES, "{}", a.len());
    assert_ne!(a, b);
}
