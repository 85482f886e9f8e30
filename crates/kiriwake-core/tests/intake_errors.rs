//! Bad input gets a typed error naming what was wrong; odd fields degrade gracefully.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, TimeZone, Utc};
use kiriwake_core::intake::MAX_EVENT_BYTES;
use kiriwake_core::{IntakeError, intake};
use serde_json::Value;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap()
}

fn event(name: &str) -> Value {
    let path = format!("{}/../../events/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn run(v: &Value) -> Result<kiriwake_core::Incident, IntakeError> {
    intake(serde_json::to_string(v).unwrap().as_bytes(), now())
}

#[test]
fn each_class_of_bad_input_names_what_was_wrong() {
    let big = format!(
        r#"{{"resource":"i-1","note":"{}"}}"#,
        "x".repeat(MAX_EVENT_BYTES)
    );
    let rows: Vec<(&str, Vec<u8>, &str)> = vec![
        ("not JSON", b"{not json".to_vec(), "not valid JSON"),
        ("empty", b"".to_vec(), "not valid JSON"),
        ("not an object", b"[1,2]".to_vec(), "must be a JSON object, found an array"),
        ("oversized", big.into_bytes(), "the largest accepted is 262144 bytes"),
        ("unknown source", br#"{"source":"aws.s3","detail-type":"Object Created","id":"1","detail":{}}"#.to_vec(), "unsupported event: source \"aws.s3\""),
        ("unknown detail-type", br#"{"source":"aws.cloudwatch","detail-type":"CloudWatch Alarm Configuration Change","id":"1","detail":{}}"#.to_vec(), "detail-type \"CloudWatch Alarm Configuration Change\""),
        ("no detail-type", br#"{"source":"aws.health","id":"1"}"#.to_vec(), "missing field `detail-type`"),
        ("unrecognized shape", br#"{"hello":"world"}"#.to_vec(), "unrecognized event"),
        ("manual without a resource", br#"{"resource":"  ","region":"ap-northeast-1"}"#.to_vec(), "missing field `resource`"),
        ("manual with a bad kind", br#"{"resource":"db1","kind":"mainframe"}"#.to_vec(), "field `kind` has an invalid value \"mainframe\""),
        ("manual resources not strings", br#"{"resources":["i-1",7]}"#.to_vec(), "field `resources[1]` has the wrong type: expected a string, found a number"),
    ];
    for (name, raw, want) in rows {
        let err = intake(&raw, now()).expect_err(name).to_string();
        assert!(
            err.contains(want),
            "{name}: {err:?} should contain {want:?}"
        );
    }
}

#[test]
fn wrong_shapes_inside_real_events_name_the_field() {
    let mut health = event("health-ec2-operational-issue-public.json");
    health["detail"]["affectedEntities"] = Value::String("i-1".into());
    assert_eq!(
        run(&health).unwrap_err(),
        IntakeError::WrongType {
            field: "detail.affectedEntities".into(),
            expected: "an array",
            found: "a string"
        }
    );
    let mut alarm = event("alarm-ec2-system-status-check-failed.json");
    alarm["detail"]["state"]["value"] = Value::String("BROKEN".into());
    assert!(run(&alarm).unwrap_err().to_string().contains("`detail.state.value` has an invalid value \"BROKEN\": expected one of OK, ALARM, INSUFFICIENT_DATA"));
    let mut ec2 = event("ec2-instance-stopped.json");
    ec2["detail"]["state"] = Value::String("exploded".into());
    assert!(run(&ec2).unwrap_err().to_string().contains("detail.state"));
    let mut rds = event("rds-storage-full.json");
    rds["detail"]["EventCategories"] = serde_json::json!("low storage");
    assert!(
        run(&rds)
            .unwrap_err()
            .to_string()
            .contains("`detail.EventCategories` has the wrong type")
    );
}

/// A null is as good as absent; a field intake never needed does not refuse an event.
#[test]
fn null_is_missing_and_version_is_not_needed() {
    let mut ec2 = event("ec2-instance-stopped.json");
    ec2["detail"]["instance-id"] = Value::Null;
    assert!(
        matches!(run(&ec2).unwrap_err(), IntakeError::MissingField { field, .. } if field == "detail.instance-id")
    );
    let mut alarm = event("alarm-ec2-system-status-check-failed.json");
    alarm["id"] = Value::Null;
    assert!(
        matches!(run(&alarm).unwrap_err(), IntakeError::MissingField { field, .. } if field == "id")
    );
    let mut versioned = event("ec2-instance-stopped.json");
    versioned["version"] = serde_json::json!(0);
    assert!(run(&versioned).is_ok());
}

/// The fields each trigger cannot do without; deleting any one is an error naming it.
#[test]
fn deleting_a_required_field_names_it() {
    let rows: &[(&str, &[&str])] = &[
        (
            "health-ec2-instance-retirement-scheduled.json",
            &[
                "id",
                "detail",
                "detail.eventArn",
                "detail.service",
                "detail.eventTypeCode",
                "detail.eventTypeCategory",
            ],
        ),
        (
            "alarm-ec2-system-status-check-failed.json",
            &[
                "id",
                "detail",
                "detail.alarmName",
                "detail.state",
                "detail.state.value",
            ],
        ),
        (
            "alarm-action-ec2-memory-exhausted.json",
            &["alarmData.alarmName", "alarmData.state"],
        ),
        (
            "ec2-instance-stopped.json",
            &["detail", "detail.instance-id", "detail.state"],
        ),
        (
            "rds-storage-full.json",
            &["detail", "detail.SourceIdentifier", "detail.Message"],
        ),
    ];
    for (file, fields) in rows {
        for field in *fields {
            let mut v = event(file);
            let (parent, key) = match field.rsplit_once('.') {
                Some((p, k)) => (p.split('.').fold(&mut v, |v, seg| &mut v[seg]), k),
                None => (&mut v, *field),
            };
            parent.as_object_mut().unwrap().remove(key);
            let err = run(&v).expect_err(field);
            assert!(
                matches!(&err, IntakeError::MissingField { field: f, .. } if f == field),
                "{file} without {field}: {err}"
            );
        }
    }
}

#[test]
fn optional_fields_may_be_absent() {
    let mut rds = event("rds-storage-full.json");
    for key in [
        "EventID",
        "SourceArn",
        "SourceType",
        "EventCategories",
        "Date",
    ] {
        rds["detail"].as_object_mut().unwrap().remove(key);
    }
    let i = run(&rds).unwrap();
    assert_eq!(i.resources[0].id, "orders-db");
    let mut health = event("health-ec2-operational-issue-public.json");
    for key in [
        "communicationId",
        "endTime",
        "eventDescription",
        "affectedAccount",
        "page",
        "totalPages",
    ] {
        health["detail"].as_object_mut().unwrap().remove(key);
    }
    assert!(run(&health).is_ok());
}

#[test]
fn an_unparseable_timestamp_falls_back_and_says_so() {
    let mut alarm = event("alarm-ec2-system-status-check-failed.json");
    alarm["detail"]["state"]["timestamp"] = Value::String("25/11/2026 01:05".into());
    alarm["time"] = Value::String("not a time".into());
    let i = run(&alarm).unwrap();
    assert_eq!(i.started_at, now(), "falls back to the delivery time");
    assert!(
        i.intake_notes
            .iter()
            .any(|n| n.contains("detail.state.timestamp")),
        "{:?}",
        i.intake_notes
    );
    assert!(
        i.intake_notes.iter().any(|n| n.contains("delivery time")),
        "{:?}",
        i.intake_notes
    );

    let mut health = event("health-ec2-operational-issue-public.json");
    health["detail"]["startTime"] = Value::String("someday".into());
    let i = run(&health).unwrap();
    assert!(
        i.intake_notes
            .iter()
            .any(|n| n.contains("detail.startTime"))
    );

    let mut bad_reason = event("alarm-ec2-system-status-check-failed.json");
    bad_reason["detail"]["state"]["reasonData"] = Value::String("{truncated".into());
    let i = run(&bad_reason).unwrap();
    assert!(i.intake_notes.iter().any(|n| n.contains("reasonData")));
}

#[test]
fn a_start_after_the_delivery_is_not_believed_and_says_so() {
    let mut far = event("alarm-ec2-system-status-check-failed.json");
    far["detail"]["state"]["timestamp"] = Value::String("2099-12-31T23:59:59.000+0000".into());
    let mut local_as_utc = event("manual-ec2-instance.json");
    // 10:30 in Tokyo, written as UTC: nine hours ahead of the delivery.
    local_as_utc["started_at"] = Value::String("2026-11-25T10:30:00Z".into());
    let mut six_digits = event("rds-storage-full.json");
    six_digits["detail"]["Date"] = Value::String("+275760-09-13T00:00:00Z".into());
    six_digits["time"] = Value::String("+275760-09-13T00:00:00Z".into());
    for (what, e, note) in [
        ("far", far, "after it was delivered"),
        ("local time as UTC", local_as_utc, "after it was delivered"),
        // Beyond year 9999 nothing parses (date arithmetic would overflow): not a time.
        ("six-digit year", six_digits, "is not a timestamp AWS uses"),
    ] {
        let i = run(&e).unwrap();
        assert_eq!(i.started_at, now(), "{what}");
        assert!(
            i.intake_notes.iter().any(|n| n.contains(note)),
            "{what}: {:?}",
            i.intake_notes
        );
    }
    // A little ahead (clocks differ) is believed.
    let mut skewed = event("alarm-ec2-system-status-check-failed.json");
    skewed["detail"]["state"]["timestamp"] = Value::String("2026-11-25T02:05:00.000+0000".into());
    let i = run(&skewed).unwrap();
    assert_eq!(i.started_at.to_rfc3339(), "2026-11-25T02:05:00+00:00");
}

#[test]
fn health_fields_are_all_read() {
    let i = run(&event("health-ec2-instance-retirement-scheduled.json")).unwrap();
    let kiriwake_core::incident::Trigger::Health(h) = &i.trigger else {
        panic!("health")
    };
    assert_eq!(h.event_type_code, "AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED");
    assert_eq!(
        h.communication_id.as_deref(),
        Some("4826e20b3d0b5e6f9b1e4c7c4a6e0c5d6a4f9d3e-1")
    );
    assert_eq!(
        h.start_time.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-12-09T00:00:00+00:00")
    );
    assert_eq!(
        h.affected_entities[0]
            .tags
            .get("System")
            .map(String::as_str),
        Some("shop")
    );
    assert_eq!(h.page.as_deref(), Some("1"));
    assert!(h.description.as_deref().unwrap().contains("degradation"));
    assert_eq!(
        i.resources.len(),
        1,
        "envelope resources and entities are merged"
    );
    assert_eq!(i.region.as_deref(), Some("ap-northeast-1"));
    assert_eq!(
        i.dedupe_key,
        "health:arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED_a1b2c3d4e5f6:upcoming:2026-11-25T00:58:41+00:00:123456789012:1",
        "dedupe on eventArn + statusCode + lastUpdatedTime (+ account, page)"
    );

    let public = run(&event("health-ec2-operational-issue-public.json")).unwrap();
    assert!(
        public.resources.is_empty(),
        "public events name no resources"
    );
}

#[test]
fn alarm_shapes_are_all_read() {
    let direct = run(&event("alarm-action-ec2-memory-exhausted.json")).unwrap();
    let kiriwake_core::incident::Trigger::Alarm(a) = &direct.trigger else {
        panic!("alarm")
    };
    assert_eq!(
        a.delivery,
        kiriwake_core::incident::AlarmDelivery::AlarmAction
    );
    assert_eq!(direct.account.as_deref(), Some("123456789012"));
    assert_eq!(direct.resources[0].id, "i-0a1b2c3d4e5f67890");
    assert!(
        a.reason_data.as_ref().unwrap()["recentDatapoints"].is_array(),
        "reasonData is parsed from its JSON string"
    );

    let math = run(&event("alarm-alb-target-5xx-rate-metric-math.json")).unwrap();
    let kiriwake_core::incident::Trigger::Alarm(a) = &math.trigger else {
        panic!("alarm")
    };
    let kiriwake_core::incident::AlarmKind::Metric { metrics } = &a.alarm else {
        panic!("metric")
    };
    assert_eq!(metrics.len(), 3);
    assert_eq!(metrics[2].expression.as_deref(), Some("m1 / m2 * 100"));
    assert_eq!(
        math.resources[0].kind,
        kiriwake_core::incident::ResourceKind::LoadBalancer
    );

    let composite = run(&event("alarm-composite-inconclusive.json")).unwrap();
    let kiriwake_core::incident::Trigger::Alarm(a) = &composite.trigger else {
        panic!("alarm")
    };
    let kiriwake_core::incident::AlarmKind::Composite {
        rule,
        triggering_alarms,
    } = &a.alarm
    else {
        panic!("composite")
    };
    assert!(rule.contains("ALARM(\"shop-alb-5xx-rate\")"));
    assert_eq!(triggering_alarms, &["shop-alb-5xx-rate"]);
}
