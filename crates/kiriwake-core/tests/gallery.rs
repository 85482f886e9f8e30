//! The notification gallery: what people receive for every console test event in `events/`
//! (the e-mail and the chat notification, in English and in Japanese) and for one
//! incident's life (opened → updated → recovered), kept as snapshots in `tests/snapshots/`.
//! A change of wording shows as a snapshot to review; a Japanese notification with an
//! English sentence in it fails.
//!
//! Each event is classified as `kiriwake isolate --offline` classifies it: the trigger's own
//! evidence, and every planned check reported as not run. Everything is fixed: the delivery
//! time, each language's display zone (UTC for English, JST for Japanese), the executions'
//! names and so the incident's id; nothing random is rendered.
//!
//! After a deliberate change of wording, `INSTA_UPDATE=always cargo test -p kiriwake-core
//! --test gallery` writes the snapshots anew: review their diff. With `CI=true` (or
//! `INSTA_UPDATE=no`) none is written, and a missing or changed snapshot fails.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::english_runs;
use kiriwake_core::incident::Trigger;
use kiriwake_core::lifecycle::{self, IncidentRecord, LifeConfig, Notice, NoticeKind};
use kiriwake_core::render::{Notification, incident_notification, notification};
use kiriwake_core::{Classification, Config, Lang, classify, intake_value, plan};
use serde_json::{Value, json};

/// Each language and the tag its snapshots carry.
const LANGS: [(Lang, &str); 2] = [(Lang::En, "en"), (Lang::Ja, "ja")];

/// The live checks' gallery entry (not an event: [`live_checks_speak_japanese_too`]).
const LIVE: &str = "live-checks";

/// The incident's notifications, in the order people receive them (see [`incident_life`]).
const LIFE: [&str; 3] = [
    "incident-1-opened",
    "incident-2-updated",
    "incident-3-recovered",
];

fn language(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "English",
        Lang::Ja => "Japanese",
    }
}

/// When every console test event is delivered.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap()
}

/// `minutes` after 01:00 UTC on the incident's day.
fn minute(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 1, 0, 0).unwrap() + Duration::minutes(minutes)
}

fn events_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../events")
}

fn event(file: &str) -> Value {
    serde_json::from_slice(&std::fs::read(events_dir().join(file)).unwrap()).unwrap()
}

/// Every console test event, `events/*.json` (not `events/steps/`, each the input of one
/// state), by its file's stem, in name order.
fn events() -> Vec<(String, Value)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(events_dir())
        .expect("events/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 15, "{} events", paths.len());
    paths
        .iter()
        .map(|p| {
            let file = p.file_name().unwrap().to_string_lossy().into_owned();
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, event(&file))
        })
        .collect()
}

/// The event as `kiriwake isolate --offline` classifies it, delivered at `at`.
fn offline(event: &Value, at: DateTime<Utc>, lang: Lang) -> Classification {
    let incident = intake_value(event, at).unwrap();
    let findings = plan::offline_findings(&incident);
    classify(incident, findings, &Config::for_lang(lang))
}

/// The e-mail as a mail client shows it: the SNS subject, a blank line, the body.
fn email(n: &Notification) -> String {
    format!("Subject: {}\n\n{}", n.subject, n.body)
}

/// The chat notification as indented JSON, its keys in name order whichever map serde_json
/// was built with (the tests' features may differ from the functions').
fn chat(n: &Notification) -> String {
    let doc: Value = serde_json::from_str(&n.chat).unwrap();
    serde_json::to_string_pretty(&sorted(doc)).unwrap()
}

fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let ordered: BTreeMap<String, Value> =
                map.into_iter().map(|(k, v)| (k, sorted(v))).collect();
            Value::Object(ordered.into_iter().collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// One snapshot of the gallery, `tests/snapshots/gallery__<name>.snap`, saying what it shows.
fn snapshot(name: &str, description: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_description(description);
    settings.set_omit_expression(true);
    settings.bind(|| {
        insta::assert_snapshot!(name.to_owned(), text);
    });
}

/// The e-mail and the chat notification of `n`, as `<kind>__<name>__<lang>`.
fn snapshots(name: &str, lang: Lang, tag: &str, what: &str, n: &Notification) {
    let what = format!("{what}, in {}", language(lang));
    snapshot(
        &format!("email__{name}__{tag}"),
        &format!("{what}: the e-mail (SNS subject, then the body)"),
        &email(n),
    );
    snapshot(
        &format!("chat__{name}__{tag}"),
        &format!("{what}: the Amazon Q Developer custom notification (keys in name order)"),
        &chat(n),
    );
}

#[test]
fn every_event_as_people_receive_it() {
    for (stem, event) in events() {
        for (lang, tag) in LANGS {
            let n = notification(&offline(&event, now(), lang));
            let what = format!("events/{stem}.json, isolated offline");
            snapshots(&stem, lang, tag, &what, &n);
        }
    }
}

/// Step Functions' name of an isolation (execution) of the state machine.
fn execution(name: &str) -> String {
    format!("arn:aws:states:ap-northeast-1:123456789012:execution:kiriwake-isolation:{name}")
}

/// What the incident store does with a classified trigger: of the incidents its links point
/// to (here `linked`), the one [`lifecycle::choose`] picks takes it in, or it opens one.
fn record(
    linked: Option<&IncidentRecord>,
    c: &Classification,
    name: &str,
    at: DateTime<Utc>,
) -> (IncidentRecord, Notice) {
    let life = LifeConfig::default();
    let member = lifecycle::member_of(c, &execution(name), at);
    let candidates: Vec<IncidentRecord> = linked.into_iter().cloned().collect();
    let chosen = lifecycle::choose(&member, &candidates, &life).cloned();
    lifecycle::absorb(chosen, member, &life)
}

/// Whether the store finds one trigger's incident from the other: they share a link.
fn linked(a: &Classification, b: &Classification) -> bool {
    let theirs = lifecycle::links(b);
    lifecycle::links(a).iter().any(|l| theirs.contains(l))
}

/// web-1's instance status check back to OK at 01:30, as CloudWatch reports it (no console
/// test event has it): the failing check's event, in its next state.
fn instance_check_back_to_ok() -> Value {
    let mut e = event("alarm-ec2-instance-status-check-failed.json");
    let failed = e["detail"]["state"]["reason"].clone();
    e["id"] = json!("8c1e2d3f-4a5b-6c7d-8e9f-0a1b2c3d4e60");
    e["time"] = json!("2026-11-25T01:30:00Z");
    e["detail"]["previousState"] = json!({
        "value": "ALARM",
        "reason": failed,
        "timestamp": "2026-11-25T01:05:12.345+0000"
    });
    e["detail"]["state"] = json!({
        "value": "OK",
        "reason": "Threshold Crossed: 2 out of the last 2 datapoints [0.0 (25/11/26 01:29:00), 0.0 (25/11/26 01:28:00)] were not greater than or equal to the threshold (1.0) (minimum 2 datapoints for ALARM -> OK transition).",
        "timestamp": "2026-11-25T01:30:00.000+0000"
    });
    e
}

/// One incident's life, as its notifications ([`LIFE`]), with the words of AWS and of people
/// its triggers carry.
///
/// web-1's instance status check fails at 01:05, isolated at 01:06: the incident opens
/// ("instance"). Its system status check fails too, isolated at 01:08: the picture turns
/// AWS side, but the opening went out two minutes before, so that isolation sends the
/// update at 01:11 with what joined meanwhile (the incident alone, no trigger's
/// notification). The instance check is back at 01:30: nothing to tell while the AWS-side
/// fault goes on. The system check is back at 01:31, isolated at 01:32: recovered.
fn incident_life(lang: Lang) -> Vec<(&'static str, Notification, Vec<String>)> {
    let instance = offline(
        &event("alarm-ec2-instance-status-check-failed.json"),
        minute(6),
        lang,
    );
    let (r, opened) = record(None, &instance, "web-1-instance-status", minute(6));
    assert_eq!(opened.kind, Some(NoticeKind::Opened));

    let system = offline(
        &event("alarm-ec2-system-status-check-failed.json"),
        minute(8),
        lang,
    );
    assert!(
        linked(&instance, &system),
        "the store finds the incident by web-1"
    );
    let (r, joined) = record(Some(&r), &system, "web-1-system-status", minute(8));
    assert_eq!((joined.kind, joined.flush_at), (None, Some(minute(11))));
    let (r, updated) = lifecycle::flush(r, &execution("web-1-system-status"), minute(11));
    assert_eq!(updated.kind, Some(NoticeKind::Updated));

    let instance_ok = offline(&instance_check_back_to_ok(), minute(30), lang);
    let (r, quiet) = record(Some(&r), &instance_ok, "web-1-instance-ok", minute(30));
    assert_eq!((quiet.kind, quiet.flush_at), (None, None));

    let system_ok = offline(&event("alarm-ok-recovered.json"), minute(32), lang);
    let (r, recovered) = record(Some(&r), &system_ok, "web-1-system-ok", minute(32));
    assert_eq!(recovered.kind, Some(NoticeKind::Recovered));
    assert!(!r.is_open());
    assert_eq!(
        [&opened.incident, &updated.incident, &recovered.incident],
        [&r.id, &r.id, &r.id],
        "one incident, one thread"
    );

    let quoted = theirs(&[&instance, &system, &instance_ok, &system_ok]);
    let notifications = [
        incident_notification(
            &opened,
            NoticeKind::Opened,
            Some(&instance),
            minute(6),
            lang,
        ),
        incident_notification(&updated, NoticeKind::Updated, None, minute(11), lang),
        incident_notification(
            &recovered,
            NoticeKind::Recovered,
            Some(&system_ok),
            minute(32),
            lang,
        ),
    ];
    LIFE.into_iter()
        .zip(notifications)
        .map(|(name, n)| (name, n, quoted.clone()))
        .collect()
}

#[test]
fn an_incident_opened_updated_and_recovered() {
    for (lang, tag) in LANGS {
        for (name, n, _) in incident_life(lang) {
            let what = format!("{name}: web-1's instance and system status checks fail, recover");
            snapshots(name, lang, tag, &what, &n);
        }
    }
}

/// The words of AWS and of people that notifications quote as they were written.
///
/// An alarm's state reason, name and description, an RDS event's message, a Health event's
/// description, a manual request's note; longest first, so that none is taken out of
/// another before the other is.
fn theirs(cs: &[&Classification]) -> Vec<String> {
    let mut out = Vec::new();
    for c in cs {
        match &c.incident.trigger {
            Trigger::Alarm(a) => {
                out.extend(a.reason.clone());
                out.extend(a.description.clone());
                out.push(a.alarm_name.clone());
            }
            Trigger::RdsEvent(r) => out.push(r.message.clone()),
            Trigger::Health(h) => out.extend(h.description.clone()),
            Trigger::Manual(m) => out.extend(m.note.clone()),
            Trigger::Ec2State(_) => {}
        }
    }
    out.retain(|t| !t.trim().is_empty());
    out.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    out.dedup();
    out
}

/// Where a Japanese notification speaks English.
///
/// Each line of its title, body and chat texts with a run of English words once `theirs`
/// is taken out. The SNS subject is not read: SNS takes ASCII only, so it is English by
/// design, and the title is its Japanese.
fn english_in(name: &str, n: &Notification, theirs: &[String]) -> Vec<String> {
    let doc: Value = serde_json::from_str(&n.chat).unwrap();
    let text_at = |pointer: &str| {
        doc.pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let mut fields = vec![
        ("title".to_owned(), n.title.clone()),
        ("body".to_owned(), n.body.clone()),
        ("chat title".to_owned(), text_at("/content/title")),
        (
            "chat description".to_owned(),
            text_at("/content/description"),
        ),
        ("chat summary".to_owned(), text_at("/metadata/summary")),
    ];
    let steps = doc.pointer("/content/nextSteps").and_then(Value::as_array);
    for (i, step) in steps.into_iter().flatten().enumerate() {
        let text = step.as_str().unwrap_or_default().to_owned();
        fields.push((format!("chat next step {}", i + 1), text));
    }
    let mut out = Vec::new();
    for (field, mut text) in fields {
        for t in theirs {
            text = text.replace(t.as_str(), " ");
        }
        for line in text.lines() {
            let runs = english_runs(line);
            if !runs.is_empty() {
                out.push(format!("{name}, {field}: {runs:?} in {:?}", line.trim()));
            }
        }
    }
    out
}

#[test]
fn japanese_notifications_carry_no_english_sentence() {
    // The check itself: AWS's names for its services pass, a sentence does not.
    assert!(english_runs("サービス：Amazon Elastic Compute Cloud (EC2)").is_empty());
    assert!(english_runs("（Elastic Load Balancing）").is_empty());
    assert!(!english_runs("エラー（the AWS Health API needs Business support）").is_empty());

    let mut problems = Vec::new();
    for (stem, event) in events() {
        let c = offline(&event, now(), Lang::Ja);
        problems.extend(english_in(&stem, &notification(&c), &theirs(&[&c])));
    }
    for (name, n, quoted) in incident_life(Lang::Ja) {
        problems.extend(english_in(name, &n, &quoted));
    }
    assert!(
        problems.is_empty(),
        "{} lines of Japanese notifications speak English:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The live checks' side of a Japanese notification: every hint a check that could not run
/// carries, every evidence label and fact the AWS layer writes (with the same
/// `finding::label` names and `Fact`s kiriwake-aws uses) and every note intake makes, in
/// Japanese.
#[test]
fn live_checks_speak_japanese_too() {
    use kiriwake_core::finding::{Ec2StatusDetail, Fact, NotLookedUp, label};
    use kiriwake_core::incident::{FreeText, IntakeNote};
    const FREE_TEXTS: [FreeText; 5] = [
        FreeText::AlarmDescription,
        FreeText::AlarmReason,
        FreeText::HealthDescription,
        FreeText::RdsMessage,
        FreeText::RequestNote,
    ];
    use kiriwake_core::{Check, Finding, Hint, Symptom, UnavailableReason};
    let event: Value = serde_json::from_slice(
        &std::fs::read(events_dir().join("alarm-ec2-system-status-check-failed.json")).unwrap(),
    )
    .unwrap();
    let mut incident = intake_value(&event, now()).unwrap();
    // Every note intake can make, as the notification's reasons carry them.
    incident.notes = vec![
        IntakeNote::NotJson {
            field: "detail.state.reasonData".into(),
            error: "EOF while parsing an object at line 1 column 10".into(),
        },
        IntakeNote::NotATimestamp {
            field: "detail.state.timestamp".into(),
            raw: "25/11/2026 01:05".into(),
        },
        IntakeNote::NoConfiguration {
            field: "detail.configuration".into(),
        },
        IntakeNote::NoStatusCode,
        IntakeNote::NoScopeCode,
        IntakeNote::NoTime,
        IntakeNote::StartInTheFuture {
            began: "2099-12-31T23:59:59Z".parse().unwrap(),
            delivered: now(),
        },
        IntakeNote::ResourcesCut {
            named: 120,
            kept: 50,
        },
        IntakeNote::EntitiesCut {
            named: 900,
            kept: 50,
        },
    ];
    incident
        .notes
        .extend(FREE_TEXTS.map(|text| IntakeNote::TextCut {
            text,
            chars: 5_000,
            kept: 4_000,
        }));
    let id = Some("i-0a1b2c3d4e5f67890");
    let hints = [
        Hint::NoLogGroups,
        Hint::LogStreamPatternEmpty,
        Hint::LogGroupsNotFound {
            groups: vec!["/app/web".into(), "/os/web".into()],
        },
        Hint::NoLogStream {
            resource: "i-0a1b2c3d4e5f67890".into(),
            prefix: "i-0a1b2c3d4e5f67890".into(),
            groups: vec!["/app/web".into()],
        },
        Hint::NoDatapoints,
        Hint::CompositeNamesNoAlarm,
        Hint::NoChildAlarm {
            alarms: vec!["web-1-cpu".into()],
        },
        Hint::NoGroup {
            tag: "System".into(),
        },
        Hint::HealthNeedsSubscription,
        Hint::NoVpn,
        Hint::NoEndpoints,
        Hint::NoResult,
        Hint::InstanceNotFound,
        Hint::NoAnswerWithin { ms: 5000 },
        Hint::SdkTimedOut,
        Hint::NoCredentials {
            error: "NoCredentialsError".into(),
        },
        Hint::Unreachable {
            error: "dns-error".into(),
        },
        Hint::NotThisService { status: Some(404) },
        Hint::IgnoredLogGroups {
            cause: Box::new(Hint::NoLogGroups.into()),
            ignored: "/secret (tag Logs; KIRIWAKE_LOG_GROUP_PREFIX=/app/)".into(),
        },
        Hint::DbNotFound {
            cluster: false,
            id: "orders-db".into(),
        },
        Hint::DbNotFound {
            cluster: true,
            id: "orders".into(),
        },
        Hint::StepDidNotReport,
        Hint::StepFailed {
            error: "States.Timeout".into(),
        },
    ];
    let mut findings: Vec<Finding> = hints
        .into_iter()
        .map(|h| {
            Finding::unavailable(
                Check::ApplicationLogs,
                id,
                UnavailableReason::NotConfigured,
                h,
            )
        })
        .collect();
    findings.push(
        Finding::abnormal(
            Check::SystemStatus,
            id,
            Symptom::SystemStatusImpaired { since: None },
        )
        .with_fact(
            "SystemStatus",
            Fact::Ec2Status {
                status: Some("impaired".into()),
                details: vec![Ec2StatusDetail {
                    name: "reachability".into(),
                    status: "failed".into(),
                    since: "2026-11-25T00:55:00Z".parse().ok(),
                }],
            },
        )
        .with_evidence("InstanceStatus", label::ABSENT)
        .with_evidence("InstanceState", label::UNKNOWN),
    );
    findings.push(
        Finding::normal(Check::ScheduledEvents, id).with_evidence("Events", label::NONE_SCHEDULED),
    );
    findings.push(
        Finding::normal(Check::SiblingResources, id)
            .with_evidence(label::GROUP, "System=shop")
            .with_fact(
                label::IMPAIRED,
                Fact::OfTotal {
                    total: 3,
                    impaired: vec!["i-0a1b2c3d4e5f67890".into()],
                },
            )
            .with_evidence(label::STOPPED, "i-0b1b2c3d4e5f67890"),
    );
    findings.push(
        Finding::normal(Check::RecentChanges, id)
            .with_evidence(label::CHANGES, "0")
            .with_evidence(label::LOOKED_UP, "i-0a1b2c3d4e5f67890, sg-0123")
            .with_evidence(label::WINDOW, "2026-11-24 19:05 UTC – 01:05 UTC")
            .with_fact(
                label::NOT_LOOKED_UP,
                Fact::NotLookedUp {
                    names: vec!["subnet-1".into()],
                    why: NotLookedUp::AtMost { names: 20 },
                },
            )
            .with_fact(
                label::NOT_LOOKED_UP,
                Fact::NotLookedUp {
                    names: vec!["subnet-2".into()],
                    why: NotLookedUp::RateLimit,
                },
            )
            .with_fact(
                label::NOT_LOOKED_UP,
                Fact::NotLookedUp {
                    names: vec!["subnet-3".into()],
                    why: NotLookedUp::TimeLimit,
                },
            )
            .with_fact(
                label::NOT_LOOKED_UP,
                Fact::NotLookedUp {
                    names: vec!["subnet-4".into()],
                    why: NotLookedUp::Failed {
                        error: "ThrottlingException".into(),
                    },
                },
            ),
    );
    findings.push(
        Finding::normal(Check::OsLogs, id)
            .with_evidence(label::LOG_GROUPS, "/os/web")
            .with_evidence(label::TERMS, "error, panic")
            .with_fact(
                label::MATCHING_EVENTS,
                Fact::Matching {
                    count: 12,
                    cut: true,
                },
            )
            .with_evidence(label::LOG_STREAMS, "i-0a1b2c3d4e5f67890…")
            .with_evidence(label::NOT_FOUND, "/os/db")
            .with_evidence(label::NO_STREAM, "/os/batch")
            .with_evidence(
                label::LOG_GROUPS_IGNORED,
                "/secret (tag Logs; KIRIWAKE_LOG_GROUP_PREFIX=/app/)",
            ),
    );
    findings.push(
        Finding::normal(Check::SiblingResources, Some("i-0c1b2c3d4e5f67890")).with_fact(
            label::ANSWERED,
            Fact::Reused {
                ago_s: 3,
                valid_s: 15,
            },
        ),
    );
    findings.push(
        Finding::normal(Check::ChildAlarms, None)
            .with_fact(
                label::CHILD_ALARM,
                Fact::AlarmState {
                    name: "CPU is high on web-1".into(),
                    state: "ALARM".into(),
                },
            )
            .with_fact(
                label::CHILD_COMPOSITE_ALARM,
                Fact::AlarmState {
                    name: "web-tier".into(),
                    state: "OK".into(),
                },
            )
            .with_evidence(label::NOT_FOUND, "web-2-cpu"),
    );
    findings.push(
        Finding::normal(Check::ResourceUsage, id)
            .with_evidence("CPUUtilization (max %)", label::NO_DATAPOINTS),
    );
    findings.push(
        Finding::normal(Check::VpnTunnels, Some("vpn-0123"))
            .with_fact(
                label::TUNNEL,
                Fact::Tunnel {
                    ip: "203.0.113.1".into(),
                    status: Some("UP".into()),
                    message: None,
                },
            )
            .with_fact(
                label::TUNNEL,
                Fact::Tunnel {
                    ip: "203.0.113.2".into(),
                    status: None,
                    message: Some("IPSEC IS DOWN".into()),
                },
            ),
    );
    findings.push(Finding::normal(Check::HealthAccountEvents, None).with_fact(
        label::OPEN_EVENTS,
        Fact::NoneOpen {
            services: vec!["EC2".into(), "EBS".into()],
        },
    ));
    findings.push(
        Finding::normal(Check::EndpointReachability, Some("10.0.0.1:443"))
            .with_evidence(label::CONNECTED_IN, "12 ms"),
    );
    findings.push(
        Finding::normal(Check::EndpointReachability, Some("10.0.0.2:443"))
            .with_fact(label::ERROR, Fact::NoAnswer { ms: 3000 }),
    );
    let notes = incident.notes.len();
    // Both languages as people receive them: every live label, fact and note in words.
    for (lang, tag) in LANGS {
        let c = classify(incident.clone(), findings.clone(), &Config::for_lang(lang));
        snapshots(
            LIVE,
            lang,
            tag,
            "every hint, evidence label, fact and intake note the live checks and intake write",
            &notification(&c),
        );
    }
    let c = classify(incident, findings, &Config::for_lang(Lang::Ja));
    assert_eq!(
        c.reasons
            .iter()
            .filter(|r| r.starts_with("受付時の注記"))
            .count(),
        notes,
        "every intake note is a reason"
    );
    // An alarm's name is its owner's words, in whatever language they chose.
    let mut quoted = theirs(&[&c]);
    quoted.push("CPU is high on web-1".into());
    // So is a parser's error, quoted as it came.
    quoted.push("EOF while parsing an object at line 1 column 10".into());
    let problems = english_in("live checks", &notification(&c), &quoted);
    assert!(
        problems.is_empty(),
        "{} lines speak English:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Every snapshot of the gallery shows an event that exists, or the incident's life: a
/// removed or renamed event must take its snapshots with it.
#[test]
fn no_snapshot_outlives_its_event() {
    let mut shown: BTreeSet<String> = events().into_iter().map(|(stem, _)| stem).collect();
    shown.extend(LIFE.map(str::to_owned));
    shown.insert(LIVE.to_owned());
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut stale = Vec::new();
    let mut snapshots = 0;
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (the gallery's snapshots)", dir.display()));
    for entry in entries {
        let file = entry.unwrap().file_name().to_string_lossy().into_owned();
        // `gallery__<email|chat>__<name>__<lang>.snap`; pending `.snap.new` files aside.
        let Some(snap) = file
            .strip_prefix("gallery__")
            .and_then(|f| f.strip_suffix(".snap"))
        else {
            continue;
        };
        snapshots += 1;
        let name = snap.split("__").nth(1).unwrap_or_default();
        if !shown.contains(name) {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "snapshots of no event, to delete: {stale:?}"
    );
    // An e-mail and a chat card in two languages for each event and each step of the life.
    assert_eq!(snapshots, 4 * shown.len(), "snapshots in {}", dir.display());
}
