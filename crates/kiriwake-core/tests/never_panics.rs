//! Arbitrary input never panics intake, and whatever intake accepts classifies and
//! renders within SNS's limits.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{TimeZone, Utc};
use kiriwake_core::render::{SNS_MESSAGE_LIMIT, notification};
use kiriwake_core::{Config, Lang, classify, intake, intake_value, plan};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        // Field names and values that steer intake down its real paths.
        prop::sample::select(vec![
            "aws.health",
            "aws.cloudwatch",
            "aws.ec2",
            "aws.rds",
            "ALARM",
            "OK",
            "INSUFFICIENT_DATA",
            "AWS Health Event",
            "CloudWatch Alarm State Change",
            "EC2 Instance State-change Notification",
            "RDS DB Instance Event",
            "issue",
            "open",
            "closed",
            "PUBLIC",
            "stopped",
            "i-0abc",
            "Wed, 15 Feb 2023 22:07:07 GMT",
            "2023-08-04T12:36:15.490+0000",
            "{\"threshold\":1}",
        ])
        .prop_map(|s| Value::String(s.to_owned())),
        ".{0,20}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "source",
                        "detail-type",
                        "id",
                        "time",
                        "region",
                        "account",
                        "resources",
                        "detail",
                        "alarmData",
                        "alarmName",
                        "state",
                        "value",
                        "reasonData",
                        "configuration",
                        "metrics",
                        "metricStat",
                        "metric",
                        "namespace",
                        "name",
                        "dimensions",
                        "alarmRule",
                        "eventArn",
                        "service",
                        "eventTypeCode",
                        "eventTypeCategory",
                        "statusCode",
                        "affectedEntities",
                        "entityValue",
                        "instance-id",
                        "SourceIdentifier",
                        "Message",
                        "EventCategories",
                        "resource",
                        "kind",
                        "timestamp",
                        "startTime",
                    ]),
                    inner,
                ),
                0..8,
            )
            .prop_map(|kv| Value::Object(
                kv.into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect::<Map<_, _>>()
            )),
        ]
    })
}

fn check_pipeline(v: &Value) {
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap();
    if let Ok(incident) = intake_value(v, now) {
        for lang in [Lang::En, Lang::Ja] {
            let findings = plan::offline_findings(&incident);
            let c = classify(incident.clone(), findings, &Config::for_lang(lang));
            let n = notification(&c);
            assert!(n.subject.is_ascii() && n.subject.len() < 100);
            assert!(n.body.len() <= SNS_MESSAGE_LIMIT);
            assert!(serde_json::from_str::<Value>(&n.chat).is_ok());
        }
    }
}

fn real_events() -> Vec<Value> {
    let dir = format!("{}/../../events", env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "json") {
            out.push(serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap());
        }
    }
    out
}

/// Replaces the value at a random path inside `v` with `replacement`.
fn mutate(v: &mut Value, mut path: Vec<usize>, replacement: Value) {
    let Some(step) = path.pop() else {
        *v = replacement;
        return;
    };
    match v {
        Value::Object(map) if !map.is_empty() => {
            let key = map.keys().nth(step % map.len()).cloned().unwrap();
            mutate(map.get_mut(&key).unwrap(), path, replacement);
        }
        Value::Array(items) if !items.is_empty() => {
            let n = items.len();
            mutate(&mut items[step % n], path, replacement);
        }
        other => *other = replacement,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics(v in arb_json()) {
        check_pipeline(&v);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = intake(&bytes, Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap());
    }

    #[test]
    fn mutated_real_events_never_panic(
        which in any::<usize>(),
        path in prop::collection::vec(any::<usize>(), 1..6),
        replacement in arb_json(),
    ) {
        let events = real_events();
        let mut v = events[which % events.len()].clone();
        mutate(&mut v, path, replacement);
        check_pipeline(&v);
    }
}
