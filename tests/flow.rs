//! The deployed flow, run for real: template.yaml's own EventBridge rules in the local
//! EventBridge, statemachine/isolation.asl.json under moto's ASL interpreter, the six
//! function binaries under cargo-lambda's Lambda Runtime API emulator, SNS delivering to SQS
//! (`kiriwake_local::flow`). Nothing here substitutes for the rules, the interpreter or the
//! functions. Each test deploys once and runs its triggers one after another, collecting
//! every mismatch before it fails.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kiriwake_core::render::{EVENT_EXCERPT_CHARS, code};
use kiriwake_core::{Classification, Config, Verdict, classify, intake_value, plan};
use kiriwake_local::emulator::repo_root;
use kiriwake_local::flow::{
    Delivery, EVENT_LIMIT, Fault, Flow, FlowRun, STATE_LIMIT, STEPS, StormOptions, entry_size,
};
use kiriwake_local::scenarios;
use serde_json::{Value, json};

/// One deployed flow at a time: each runs moto, cargo-lambda and the six functions, and
/// the machine has two cores (a check that times out under load would change a verdict).
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A deployed flow, and the turn it holds.
struct Deployed {
    flow: Flow,
    _turn: std::sync::MutexGuard<'static, ()>,
}

impl std::ops::Deref for Deployed {
    type Target = Flow;
    fn deref(&self) -> &Flow {
        &self.flow
    }
}

fn flow(rt: &tokio::runtime::Runtime) -> Deployed {
    flow_with(rt, &[])
}

/// A flow deployed with these template parameters.
fn flow_with(rt: &tokio::runtime::Runtime, parameters: &[(&str, &str)]) -> Deployed {
    // A test that failed while holding the turn leaves nothing behind to protect.
    let turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let parameters = parameters
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let flow = rt
        .block_on(Flow::start(&parameters, &BTreeMap::new()))
        .expect("the local flow deploys (run scripts/setup and build the functions first)");
    Deployed { flow, _turn: turn }
}

fn samples_dir() -> PathBuf {
    repo_root().join("../shared/aws-samples")
}

fn read(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    out.sort();
    out
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

/// Every execution succeeded and stayed within Step Functions' state size limit.
fn executions_ok(what: &str, run: &FlowRun, problems: &mut Vec<String>) {
    for e in &run.executions {
        if e.status != "SUCCEEDED" {
            problems.push(format!(
                "{what}: execution {} ({:?}: {:?}) after {:?}",
                e.status, e.error, e.cause, e.states
            ));
        }
        if e.data_limit_exceeded {
            problems.push(format!(
                "{what}: a state exceeded 256 KiB (States.DataLimitExceeded: the execution fails on AWS) after {:?}",
                e.states
            ));
        }
        if e.largest_state_bytes > STATE_LIMIT {
            problems.push(format!(
                "{what}: {} is {} bytes, over the 256 KiB state limit (States.DataLimitExceeded on AWS)",
                e.largest_state, e.largest_state_bytes
            ));
        }
    }
}

/// The rule each trigger must reach (none: no rule starts an isolation for it).
const ROUTES: &[(&str, &[&str])] = &[
    // events/: the console test events.
    (
        "alarm-action-ec2-memory-exhausted.json",
        &["AlarmActionInvocations"],
    ),
    (
        "alarm-alb-target-5xx-rate-metric-math.json",
        &["AlarmStateChanges"],
    ),
    (
        "alarm-app-error-log-metric-filter.json",
        &["AlarmStateChanges"],
    ),
    (
        "alarm-asg-cpu-anomaly-detection.json",
        &["AlarmStateChanges"],
    ),
    ("alarm-composite-inconclusive.json", &["AlarmStateChanges"]),
    (
        "alarm-ec2-attached-ebs-status-check-failed.json",
        &["AlarmStateChanges"],
    ),
    (
        "alarm-ec2-instance-status-check-failed.json",
        &["AlarmStateChanges"],
    ),
    (
        "alarm-ec2-status-check-failed-combined.json",
        &["AlarmStateChanges"],
    ),
    (
        "alarm-ec2-system-status-check-failed.json",
        &["AlarmStateChanges"],
    ),
    ("alarm-insufficient-data.json", &["AlarmStateChanges"]),
    ("alarm-ok-recovered.json", &["AlarmStateChanges"]),
    ("alarm-rds-free-storage-low.json", &["AlarmStateChanges"]),
    ("alarm-vpn-tunnel-down.json", &["AlarmStateChanges"]),
    // An instance starting is no incident: the rule takes stopped, shutting-down, terminated.
    ("ec2-instance-running-recovered.json", &[]),
    ("ec2-instance-stopped.json", &["Ec2StateChanges"]),
    ("ec2-instance-terminated.json", &["Ec2StateChanges"]),
    ("health-abuse-dos-report.json", &["HealthEvents"]),
    (
        "health-ec2-instance-retirement-scheduled.json",
        &["HealthEvents"],
    ),
    (
        "health-ec2-operational-issue-closed.json",
        &["HealthEvents"],
    ),
    (
        "health-ec2-operational-issue-public.json",
        &["HealthEvents"],
    ),
    ("health-rds-account-notification.json", &["HealthEvents"]),
    (
        "health-rds-hardware-maintenance-scheduled.json",
        &["HealthEvents"],
    ),
    ("health-vpn-redundancy-loss.json", &["HealthEvents"]),
    // Started by hand from the console: no rule.
    ("manual-ec2-instance.json", &[]),
    ("manual-rds-instance.json", &[]),
    ("rds-failed-without-event-id.json", &["RdsEvents"]),
    ("rds-incompatible-network.json", &["RdsEvents"]),
    ("rds-multi-az-failover-completed.json", &["RdsEvents"]),
    ("rds-storage-full.json", &["RdsEvents"]),
    // ../shared/aws-samples/: real events published by AWS and others (SOURCES.tsv).
    ("01-health-ec2-store-drive-degraded.json", &["HealthEvents"]),
    (
        "02-health-dedicated-host-maintenance-nth.json",
        &["HealthEvents"],
    ),
    (
        "03-health-docs-public-ec2-operational-issue.json",
        &["HealthEvents"],
    ),
    (
        "04-health-docs-elb-api-issue-account-specific.json",
        &["HealthEvents"],
    ),
    (
        "05-health-docs-ec2-drive-degraded-backup-event.json",
        &["HealthEvents"],
    ),
    (
        "06-health-docs-ec2-retirement-no-resources-field.json",
        &["HealthEvents"],
    ),
    (
        "07-health-rds-maintenance-scheduled.json",
        &["HealthEvents"],
    ),
    ("08-health-s3-issue-closed.json", &["HealthEvents"]),
    (
        "09-health-sms-notifier-test-category.json",
        &["HealthEvents"],
    ),
    // A JSON array of PutEvents entries: what a person would start by hand, not a trigger.
    ("11-health-putevents-entry-ebs-volume-lost.json", &[]),
    // AWS Health Aware's re-published event (source `aha`): not AWS's.
    ("12-aha-event-vpn-redundancy-loss.json", &[]),
    ("13-alarm-eb-single-metric-cpu.json", &["AlarmStateChanges"]),
    (
        "14-alarm-eb-metric-math-network.json",
        &["AlarmStateChanges"],
    ),
    (
        "15-alarm-eb-anomaly-detection-cpu.json",
        &["AlarmStateChanges"],
    ),
    (
        "16-alarm-eb-composite-suppressor.json",
        &["AlarmStateChanges"],
    ),
    // A configuration change of an alarm is not a state change.
    ("17-alarm-eb-configuration-change-update.json", &[]),
    (
        "18-alarm-action-metric-java-libs.json",
        &["AlarmActionInvocations"],
    ),
    (
        "19-alarm-action-metric-spaced-times.json",
        &["AlarmActionInvocations"],
    ),
    (
        "20-alarm-action-composite-java-libs.json",
        &["AlarmActionInvocations"],
    ),
    (
        "21-alarm-action-metric-math-lambda-powertools.json",
        &["AlarmActionInvocations"],
    ),
    // An EventBridge envelope with the alarm under `alarmData` and no `detail`: not what
    // AWS sends; the alarm rule needs `detail.alarmName`.
    ("22-alarm-hybrid-envelope-alarmData-rust.json", &[]),
    // An alarm delivered through SNS: no EventBridge rule sees it.
    ("23-alarm-sns-wrapped-networkout.json", &[]),
    // An instance starting (pending, RUNNING) is no incident.
    ("24-ec2-pending-no-version.json", &[]),
    ("25-ec2-terminated.json", &["Ec2StateChanges"]),
    (
        "26-ec2-terminated-leading-space-id.json",
        &["Ec2StateChanges"],
    ),
    (
        "27-ec2-terminated-instance_id-underscore-powertools.json",
        &["Ec2StateChanges"],
    ),
    ("28-ec2-running-uppercase-id-mismatch.json", &[]),
    ("29-rds-instance-multiaz-failover-0049.json", &["RdsEvents"]),
    ("30-rds-instance-stopped-0087.json", &["RdsEvents"]),
    ("31-rds-cluster-patched-0173.json", &["RdsEvents"]),
    // A finished backup (category backup) is no incident.
    ("32-rds-instance-backup-no-eventid.json", &[]),
    // A parameter group event names no instance or cluster.
    ("33-rds-parameter-group-event.json", &[]),
    // A scheduled event (source aws.events) is a misrouted trigger.
    ("34-scheduled-event-aws-events.json", &[]),
];

/// Files that are not JSON at all never reach the flow.
const NOT_JSON: &[&str] = &["10-health-cwe-guide-elb-issue-malformed.json"];

#[test]
fn every_trigger_reaches_the_rule_it_should_and_no_other() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let flow = flow(&rt);
    let mut all = files(&repo_root().join("events"));
    all.extend(files(&samples_dir()));
    let expected: BTreeMap<&str, &[&str]> = ROUTES.iter().copied().collect();
    let mut problems = Vec::new();
    let mut seen = 0;
    for path in &all {
        let file = name(path);
        if NOT_JSON.contains(&file.as_str()) {
            assert!(serde_json::from_slice::<Value>(&std::fs::read(path).unwrap()).is_err());
            continue;
        }
        let Some(want) = expected.get(file.as_str()) else {
            problems.push(format!("{file}: no expected route in ROUTES"));
            continue;
        };
        seen += 1;
        let event = read(path);
        let routed = rt.block_on(flow.route(&event)).unwrap();
        if routed.rules != *want {
            problems.push(format!(
                "{file}: matched {:?}, expected {want:?}",
                routed.rules
            ));
        }
        if !routed.dead_letters.is_empty() {
            problems.push(format!(
                "{file}: intake refused the alarm action: {}",
                routed.dead_letters[0]
            ));
        }
        // A trigger with no rule is started by hand or not at all, never by accident.
        let by_hand = routed.delivery == Delivery::ByHand;
        if routed.starts.len() != want.len() + usize::from(by_hand) {
            problems.push(format!(
                "{file}: {} executions would start",
                routed.starts.len()
            ));
        }
        // The alarm action's rule starts the isolation with the alarm's own payload.
        if want == &["AlarmActionInvocations"]
            && routed.starts.first().map(|s| &s.1) != Some(&event)
        {
            problems.push(format!(
                "{file}: the execution input is not the alarm's payload"
            ));
        }
    }
    // A `lambda`-source event anyone allowed PutEvents can send to the default bus, carrying
    // a forged alarm: intake's results go to a bus of their own, so nothing starts.
    let forged = json!({
        "version": "0", "id": "forged-1", "source": "lambda", "account": "123456789012",
        "detail-type": "Lambda Function Invocation Result - Success",
        "time": "2026-11-25T01:05:12Z", "region": "ap-northeast-1", "resources": [],
        "detail": {
            "requestContext": {"functionArn": "arn:aws:lambda:ap-northeast-1:123456789012:function:kiriwake-intake:$LATEST", "condition": "Success"},
            "requestPayload": read(&repo_root().join("events/health-ec2-operational-issue-public.json")),
        }
    });
    let routed = rt.block_on(flow.route(&forged)).unwrap();
    if !routed.rules.is_empty() || !routed.starts.is_empty() {
        problems.push(format!(
            "a forged lambda-source event matched {:?}",
            routed.rules
        ));
    }
    // Every alarm transition starts an isolation, INSUFFICIENT_DATA to OK included: it may
    // close an incident (ALARM, then no data, then OK); alone it is told to nobody.
    let mut ok = read(&repo_root().join("events/alarm-ok-recovered.json"));
    ok["detail"]["previousState"]["value"] = json!("INSUFFICIENT_DATA");
    let routed = rt.block_on(flow.route(&ok)).unwrap();
    if routed.rules != ["AlarmStateChanges"] {
        problems.push(format!(
            "INSUFFICIENT_DATA to OK matched {:?}",
            routed.rules
        ));
    }
    assert_eq!(seen + NOT_JSON.len(), all.len());
    assert_eq!(seen, expected.len(), "every route in ROUTES is a file");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What the trigger alone says, with no AWS call: `kiriwake isolate --offline`.
fn offline_verdict(event: &Value) -> Option<Verdict> {
    let incident = intake_value(event, chrono::Utc::now()).ok()?;
    let findings = plan::offline_findings(&incident);
    Some(classify(incident, findings, &Config::default()).verdict)
}

#[test]
fn every_console_test_event_is_isolated_and_notified_through_the_state_machine() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let flow = flow(&rt);
    let mut problems = Vec::new();
    for path in files(&repo_root().join("events")) {
        let file = name(&path);
        let event = read(&path);
        let run = rt.block_on(flow.run(&event, &[])).unwrap();
        executions_ok(&file, &run, &mut problems);
        if run.executions.is_empty() {
            // Matches no rule (an instance starting): nothing runs, nobody is told.
            if !run.notifications.is_empty() {
                problems.push(format!("{file}: notified without an execution"));
            }
            continue;
        }
        assert_eq!(run.executions.len(), 1, "{file}");
        let e = &run.executions[0];
        for state in [
            "Intake",
            "UserSide",
            "AwsSide",
            "OutsideAws",
            "Classify",
            "Notify",
        ] {
            if !e.states.iter().any(|s| s == state) {
                problems.push(format!("{file}: never entered {state}: {:?}", e.states));
            }
        }
        let topics: Vec<&str> = run.notifications.iter().map(|n| n.topic.as_str()).collect();
        if topics != ["NotificationTopic", "ChatTopic"] {
            problems.push(format!("{file}: notifications to {topics:?}"));
            continue;
        }
        let email = &run.notifications[0];
        let want = offline_verdict(&event).map(|v| code(&v));
        if email.attributes.get("verdict") != want.as_ref() {
            problems.push(format!(
                "{file}: notified verdict {:?}, offline classification {want:?}",
                email.attributes.get("verdict")
            ));
        }
        let chat: Value = serde_json::from_str(&run.notifications[1].message).unwrap();
        if chat["metadata"]["eventType"] != format!("kiriwake.{}", want.unwrap_or_default()) {
            problems.push(format!(
                "{file}: chat eventType {}",
                chat["metadata"]["eventType"]
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_staged_incidents_are_classified_through_the_deployed_flow() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let flow = flow(&rt);
    let staged = rt.block_on(scenarios::stage(&flow.conf)).unwrap();
    assert_eq!(staged.len(), 5);
    let mut problems = Vec::new();
    for s in &staged {
        let run = rt.block_on(flow.run(&s.event, &[])).unwrap();
        executions_ok(s.name, &run, &mut problems);
        let Some(email) = run.email() else {
            problems.push(format!(
                "{}: {} notifications",
                s.name,
                run.notifications.len()
            ));
            continue;
        };
        let got = (
            email.attributes.get("verdict"),
            email.attributes.get("responsible"),
        );
        let want = (code(&s.verdict), code(&s.responsible));
        if got != (Some(&want.0), Some(&want.1)) {
            problems.push(format!("{}: notified {got:?}, expected {want:?}", s.name));
        }
        if !email.message.contains(&s.evidence) {
            problems.push(format!(
                "{}: the evidence {:?} is not in the email",
                s.name, s.evidence
            ));
        }
        let classification: Classification =
            serde_json::from_value(run.executions[0].classification.clone().unwrap()).unwrap();
        let live = classification
            .findings
            .iter()
            .any(|f| f.is_live() && f.symptom().is_some());
        if !live {
            problems.push(format!("{}: no live check found the fault", s.name));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A Health event naming `n` entities, as AWS delivers one for a large fleet.
fn health_event_naming(n: usize) -> Value {
    let mut event = read(&repo_root().join("events/health-ec2-instance-retirement-scheduled.json"));
    let entities: Vec<Value> = (0..n)
        .map(|i| json!({"entityValue": format!("i-{i:017x}"), "status": "IMPAIRED", "tags": {"System": "fleet", "Name": format!("worker-{i}")}}))
        .collect();
    let resources: Vec<Value> = (0..n).map(|i| json!(format!("i-{i:017x}"))).collect();
    event["detail"]["affectedEntities"] = json!(entities);
    event["resources"] = json!(resources);
    event
}

#[test]
fn every_failing_step_and_the_largest_inputs_still_notify() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let flow = flow(&rt);
    let event = read(&repo_root().join("events/alarm-ec2-system-status-check-failed.json"));
    let mut problems = Vec::new();
    for (step, _) in STEPS {
        let what = format!("--fail {step}");
        // The same trigger each time, on purpose: not a duplicate of the run before.
        rt.block_on(flow.forget_deliveries()).unwrap();
        let run = rt.block_on(flow.run(&event, &[step])).unwrap();
        if step == "notify" {
            // The notify function itself failed: nothing could tell people through the
            // notification topic. The execution fails, and the failure path keeps the
            // trigger and alerts through its own topic (a_failed_isolation_is_kept_…).
            let alerts: Vec<_> = run
                .notifications
                .iter()
                .filter(|n| n.topic == "FailureAlertTopic")
                .collect();
            let failed = run.executions.iter().all(|e| e.status == "FAILED");
            if !failed
                || run.failure_path != ["FailedIsolationRule"]
                || run.email().is_some()
                || alerts.len() != 1
                || !alerts[0].message.contains("kiriwake redrive --queue")
            {
                problems.push(format!("{what}: {run:#?}"));
            }
            continue;
        }
        executions_ok(&what, &run, &mut problems);
        let Some(email) = run.email() else {
            problems.push(format!("{what}: {} notifications", run.notifications.len()));
            continue;
        };
        let verdict = email.attributes.get("verdict").map(String::as_str);
        match step {
            // Nothing to classify: people are told to isolate by hand, with the error's type
            // and its message read out of Cause (a JSON string), and the event.
            "intake" | "classify" => {
                let (error, message) = if step == "intake" {
                    ("kiriwake.IntakeError", "unrecognized event")
                } else {
                    ("kiriwake.InvalidInput", "classify cannot read its input")
                };
                if verdict != Some("isolation_failed")
                    || !email
                        .message
                        .contains(&format!("Error: {error}\nCause: {message}"))
                    || !email.message.contains("web-1-StatusCheckFailed_System")
                {
                    problems.push(format!("{what}: {verdict:?}\n{}", email.message));
                }
            }
            // A failed step: still classified, its checks listed as could-not-check with why.
            "user-side" | "aws-side" | "outside-aws" => {
                if verdict != Some("aws_side")
                    || !email
                        .message
                        .contains("the step failed (kiriwake.InvalidInput")
                {
                    problems.push(format!("{what}: {verdict:?}\n{}", email.message));
                }
            }
            other => problems.push(format!("{what}: no such step {other}")),
        }
    }

    // An alarm action intake cannot read: Lambda retries it, then its on-failure
    // destination keeps it; nothing starts.
    let unreadable = json!({"source": "aws.cloudwatch", "alarmArn": "arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:x", "alarmData": {}});
    let run = rt.block_on(flow.run(&unreadable, &[])).unwrap();
    let dead = run.dead_letters.first();
    if !run.executions.is_empty()
        || dead.map(|d| &d["destination"]) != Some(&json!("TriggerDeadLetterQueue"))
        || dead.map(|d| &d["record"]["requestContext"]["condition"])
            != Some(&json!("RetriesExhausted"))
    {
        problems.push(format!(
            "an unreadable alarm action: {:?}",
            run.dead_letters
        ));
    }

    // At the limits of what EventBridge delivers (256 KiB an entry) and Step Functions
    // carries (256 KiB a state), on every path a trigger takes: read and isolated, or
    // refused by intake and still told (`Some(field)`: the refusal names it).
    let mut refused_health = health_event_of(EVENT_LIMIT - 512);
    refused_health["detail"]["affectedEntities"] = json!("every instance in the Region");
    let manual = json!({"resource": "i-0a1b2c3d4e5f67890", "region": "ap-northeast-1", "note": "x".repeat(240_000)});
    let refused_manual = json!({"resource": "orders-db", "kind": "mainframe", "region": "ap-northeast-1", "note": "x".repeat(STATE_LIMIT - 1_024)});
    for (what, event, refused) in [
        (
            "a Health event naming 500 entities",
            health_event_naming(500),
            None,
        ),
        (
            "a Health event filling EventBridge's entry",
            health_event_of(EVENT_LIMIT - 512),
            None,
        ),
        (
            "a Health event filling EventBridge's entry, its entities not a list",
            refused_health,
            Some("detail.affectedEntities"),
        ),
        (
            "an alarm action whose result fills the intake bus's entry",
            alarm_action_of(200_000),
            None,
        ),
        ("a manual request with a 240 KB note", manual, None),
        (
            "a manual request as large as a state, of a kind kiriwake does not know",
            refused_manual,
            Some("kind"),
        ),
    ] {
        let size = match Delivery::of(&event) {
            Delivery::Eventbridge => entry_size(&event),
            _ => event.to_string().len(),
        };
        assert!(size > 60_000 && size < STATE_LIMIT, "{what}: {size} bytes");
        let run = rt.block_on(flow.run(&event, &[])).unwrap();
        assert_eq!(run.executions.len(), 1, "{what}: {:?}", run.dead_letters);
        executions_ok(what, &run, &mut problems);
        let verdict = run
            .email()
            .and_then(|e| e.attributes.get("verdict"))
            .map(String::as_str);
        match (run.email(), refused) {
            // Isolated, not "isolate by hand": intake keeps the incident within bounds.
            (Some(_), None) if verdict != Some("isolation_failed") => {}
            // Refused: people are told to isolate by hand, why, and what the event was
            // (an excerpt: the whole event is the execution's input).
            (Some(email), Some(field))
                if verdict == Some("isolation_failed")
                    && email.message.contains("kiriwake.IntakeError")
                    && email.message.contains(field)
                    && email
                        .message
                        .contains("the whole event is the execution's input")
                    && email.message.len() < EVENT_EXCERPT_CHARS + 4_000 => {}
            (email, _) => problems.push(format!(
                "{what}: {} notifications, the email: {:?}",
                run.notifications.len(),
                email.map(|n| (
                    &n.subject,
                    n.message.len(),
                    n.message.chars().take(3_000).collect::<String>()
                ))
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A Health event whose description grows it to `bytes` as EventBridge counts an entry.
fn health_event_of(bytes: usize) -> Value {
    let mut event = read(&repo_root().join("events/health-ec2-operational-issue-public.json"));
    let text = "We are investigating increased API error rates in the AP-NORTHEAST-1 Region. ";
    event["detail"]["eventDescription"][0]["latestDescription"] = json!("");
    let room = bytes - entry_size(&event);
    let description: String = text
        .repeat(room / text.len() + 1)
        .chars()
        .take(room)
        .collect();
    event["detail"]["eventDescription"][0]["latestDescription"] = json!(description);
    assert_eq!(entry_size(&event), bytes);
    event
}

/// An alarm action of `bytes`: its description grown far beyond what CloudWatch allows
/// (1,024 characters), which bounds a real one to a few KB. Lambda puts the request and
/// intake's answer on the intake bus as one record: this one still fits.
fn alarm_action_of(bytes: usize) -> Value {
    let mut event = read(&repo_root().join("events/alarm-action-ec2-memory-exhausted.json"));
    let size = event.to_string().len();
    event["alarmData"]["configuration"]["description"] =
        json!("Memory of web-1 above 90%. ".repeat((bytes - size) / 27));
    event
}

#[test]
fn a_failed_isolation_is_kept_alerted_and_replayed_nothing_lost() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let flow = flow(&rt);
    let triggers = [
        "events/alarm-ec2-system-status-check-failed.json",
        "events/health-ec2-operational-issue-public.json",
        "events/rds-storage-full.json",
    ];
    // Notify cannot publish: each isolation fails; each is kept and alerted, naming it.
    let mut failed = Vec::new();
    for file in triggers {
        let run = rt
            .block_on(flow.run(&read(&repo_root().join(file)), &["notify"]))
            .unwrap();
        let [execution] = run.executions.as_slice() else {
            panic!("{file}: {:?}", run.executions)
        };
        assert_eq!(execution.status, "FAILED", "{file}");
        assert_eq!(run.failure_path, ["FailedIsolationRule"], "{file}");
        let alerts: Vec<_> = run
            .notifications
            .iter()
            .filter(|n| n.topic == "FailureAlertTopic")
            .collect();
        assert_eq!(alerts.len(), 1, "{file}: {:?}", run.notifications);
        let name = execution.arn.rsplit(':').next().unwrap();
        assert!(
            alerts[0].message.contains(name) && alerts[0].message.contains("kiriwake.InvalidInput"),
            "{file}: the alert names the execution and the error: {}",
            alerts[0].message
        );
        assert!(run.email().is_none(), "{file}");
        failed.push(execution.arn.clone());
    }

    let queue = flow
        .physical_ref("FailedIsolationQueue")
        .unwrap()
        .to_owned();
    let table = flow.physical_ref("IncidentTable").unwrap();
    let redrive = |dry_run| {
        let r =
            kiriwake_redrive::Redrive::new(&flow.conf, flow.state_machine_arn(), table, dry_run);
        rt.block_on(r.queue(&queue)).unwrap()
    };
    // A dry run reads every kept trigger, starts nothing and keeps them all.
    let dry = redrive(true);
    assert_eq!(
        (dry.replayed.len(), dry.kept.len()),
        (triggers.len(), 0),
        "{dry:?}"
    );

    // Once the cause is fixed: every kept trigger is isolated again and notifies.
    let report = redrive(false);
    assert_eq!(report.replayed.len(), triggers.len(), "{report:?}");
    assert!(report.kept.is_empty(), "{report:?}");
    for replayed in &report.replayed {
        let e = rt.block_on(flow.wait_for(&replayed.execution_arn)).unwrap();
        assert_eq!(e.status, "SUCCEEDED", "{e:?}");
    }
    let delivered = rt.block_on(flow.outbox.drain()).unwrap();
    let emails: Vec<String> = delivered
        .iter()
        .filter(|(t, _)| *t == kiriwake_local::outbox::Topic::Email)
        .map(|(_, d)| d.subject.clone())
        .collect();
    assert_eq!(emails.len(), triggers.len(), "nothing lost: {emails:?}");
    assert!(
        emails.iter().all(|s| !s.contains("isolate by hand")),
        "isolated, not given up: {emails:?}"
    );
    // Each replay is named after the isolation that failed: a second redrive of the same
    // message could not start it again.
    let mut replayed: Vec<String> = report
        .replayed
        .iter()
        .map(|r| r.execution_arn.rsplit(':').next().unwrap().to_owned())
        .collect();
    let mut want: Vec<String> = failed
        .iter()
        .map(|arn| format!("redrive-{}", arn.rsplit(':').next().unwrap()))
        .collect();
    replayed.sort();
    want.sort();
    assert_eq!(replayed, want);
    // Nothing is left, and nothing is replayed twice.
    assert_eq!(redrive(false), kiriwake_redrive::Report::default());
}

#[test]
fn every_api_fault_class_reaches_a_notification_or_the_failure_path() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let flow = flow(&rt);
    let staged = rt.block_on(scenarios::stage(&flow.conf)).unwrap();
    let host = staged
        .iter()
        .find(|s| s.name == "aws-host-failure")
        .unwrap();
    let email_topic = flow.outbox.topic_arn.clone();
    let status = |error, status| Fault::new("ec2", "DescribeInstanceStatus", error, status);
    // (what, the fault, what the e-mail must say, the calls it must have answered: the
    // SDK's three attempts for a retryable error; exactly `times` when it has them).
    let cases = [
        // The checks' calls: the SDK retries them as in production (three attempts), then
        // the check says it could not look, and why; the classification still goes out.
        (
            "EC2 throttles the status checks",
            status("RequestLimitExceeded", 503),
            Some("throttled"),
            3,
        ),
        (
            "EC2 denies the status checks",
            status("UnauthorizedOperation", 403),
            Some("access denied"),
            1,
        ),
        (
            "EC2's status checks hang",
            Fault {
                delay: Some(8.0),
                ..status("InternalError", 500)
            },
            Some("timed out"),
            1,
        ),
        // Notify's calls: a refused publish or a throttled store is retried by the state
        // machine (minutes, with backoff) until it goes through, once.
        (
            "SNS throttles the notification twice",
            Fault {
                body: Some(email_topic.clone()),
                times: Some(2),
                ..Fault::new("sns", "Publish", "Throttled", 429)
            },
            None,
            2,
        ),
        (
            "the notification topic's key is disabled, then enabled again",
            Fault {
                body: Some(email_topic.clone()),
                times: Some(2),
                ..Fault::new("sns", "Publish", "KMSDisabled", 400)
            },
            None,
            2,
        ),
        (
            "the incident store throttles six calls",
            Fault {
                operation: None,
                times: Some(6),
                ..Fault::new("dynamodb", "", "ThrottlingException", 400)
            },
            None,
            6,
        ),
    ];
    let mut problems = Vec::new();
    for (what, fault, says, least) in cases {
        rt.block_on(flow.forget_deliveries()).unwrap();
        rt.block_on(flow.stage_faults(std::slice::from_ref(&fault)))
            .unwrap();
        let run = rt.block_on(flow.run(&host.event, &[])).unwrap();
        let hits = rt.block_on(flow.fault_hits()).unwrap();
        rt.block_on(flow.stage_faults(&[])).unwrap();
        // The fault was met, as often as it should have been.
        let met = hits.first().copied().unwrap_or(0);
        if met < least || fault.times.is_some_and(|t| met != u64::from(t)) {
            problems.push(format!(
                "{what}: the fault answered {met} calls, expected {least}"
            ));
        }
        executions_ok(what, &run, &mut problems);
        let emails: Vec<_> = run
            .notifications
            .iter()
            .filter(|n| n.topic == "NotificationTopic")
            .collect();
        let [email] = emails.as_slice() else {
            problems.push(format!(
                "{what}: {} emails, not one: {run:#?}",
                emails.len()
            ));
            continue;
        };
        let verdict = email.attributes.get("verdict").map(String::as_str);
        if verdict.is_none_or(|v| v == "isolation_failed")
            || says.is_some_and(|s| !email.message.contains(s))
        {
            problems.push(format!(
                "{what}: {verdict:?}, {says:?} not said:\n{}",
                email.message
            ));
        }
    }

    // A key that stays disabled: every retry fails, the execution fails, and the failure
    // path alerts through its own topic and key, naming the isolation and the error.
    rt.block_on(flow.forget_deliveries()).unwrap();
    rt.block_on(flow.stage_faults(&[Fault {
        body: Some(email_topic),
        ..Fault::new("sns", "Publish", "KMSDisabled", 400)
    }]))
    .unwrap();
    let run = rt.block_on(flow.run(&host.event, &[])).unwrap();
    let hits = rt.block_on(flow.fault_hits()).unwrap();
    rt.block_on(flow.stage_faults(&[])).unwrap();
    // The first attempt and the state machine's six retries.
    assert!(hits[0] >= 7, "the key's fault answered {hits:?}");
    let alerts: Vec<_> = run
        .notifications
        .iter()
        .filter(|n| n.topic == "FailureAlertTopic")
        .collect();
    match (run.executions.as_slice(), alerts.as_slice()) {
        ([execution], [alert])
            if execution.status == "FAILED"
                && run.failure_path == ["FailedIsolationRule"]
                && alert
                    .message
                    .contains(execution.arn.rsplit(':').next().unwrap())
                && alert.message.contains("kiriwake.PublishError")
                && alert.message.contains("KMSDisabled") => {}
        _ => problems.push(format!("a key that stays disabled: {run:#?}")),
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_trigger_delivered_twice_or_wired_both_ways_is_isolated_once() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let flow = flow(&rt);
    let alarm = read(&repo_root().join("events/alarm-ec2-system-status-check-failed.json"));
    let health = read(&repo_root().join("events/health-ec2-instance-retirement-scheduled.json"));
    let mut health_update = health.clone();
    health_update["detail"]["statusCode"] = json!("closed");
    health_update["detail"]["lastUpdatedTime"] = json!("Wed, 25 Nov 2026 09:00:00 GMT");
    let mut redelivered = alarm.clone();
    redelivered["id"] = json!("9b1a5a3e-2222-4c7e-9a1b-2f6d8e9c0a11");

    // (what, trigger, isolated): one alarm wired both ways (its alarm action first, then
    // its EventBridge event), EventBridge's redelivery, a Health event, its update, and
    // the same update again.
    let runs = [
        ("the alarm action", scenarios::alarm_action_of(&alarm), true),
        ("the same alarm's EventBridge event", alarm.clone(), false),
        ("its redelivery", redelivered, false),
        ("a Health event", health.clone(), true),
        ("its update", health_update.clone(), true),
        ("the update again", health_update, false),
    ];
    let mut problems = Vec::new();
    // (execution, incident) of each isolated run, and the executions of the duplicates.
    let mut isolated_runs = Vec::new();
    let mut duplicate_runs = Vec::new();
    for (what, event, isolated) in runs {
        let run = rt.block_on(flow.run(&event, &[])).unwrap();
        executions_ok(what, &run, &mut problems);
        let [e] = run.executions.as_slice() else {
            problems.push(format!("{what}: {} executions", run.executions.len()));
            continue;
        };
        match &e.classification {
            Some(c) => isolated_runs.push((
                e.arn.clone(),
                c["incident"]["id"].as_str().unwrap_or_default().to_owned(),
            )),
            None => duplicate_runs.push(e.arn.clone()),
        }
        let duplicate = e.states.iter().any(|s| s == "Duplicate");
        let isolated_now = e.states.iter().any(|s| s == "Isolate");
        let emails = run
            .notifications
            .iter()
            .filter(|n| n.topic == "NotificationTopic")
            .count();
        let want = if isolated {
            (false, true, 1)
        } else {
            (true, false, 0)
        };
        if (duplicate, isolated_now, emails) != want {
            problems.push(format!(
                "{what}: duplicate {duplicate}, isolated {isolated_now}, {emails} e-mails; states {:?}",
                e.states
            ));
        }
    }

    if (isolated_runs.len(), duplicate_runs.len()) != (3, 3) {
        problems.push(format!(
            "{} isolated and {} duplicate executions, expected 3 and 3",
            isolated_runs.len(),
            duplicate_runs.len()
        ));
    }
    // A trigger intake cannot read: counted as refused, and its failure notice as such.
    let mut unreadable = alarm.clone();
    unreadable["detail"]["state"] = json!("ALARM");
    let run = rt.block_on(flow.run(&unreadable, &[])).unwrap();
    let refused = run.executions.first().map(|e| e.arn.clone());
    if refused.is_none() || run.email().is_none() {
        problems.push(format!("the unreadable alarm: {run:?}"));
    }
    ids_and_metrics_are_in_the_logs(
        &flow.runtime.log(),
        &isolated_runs,
        &duplicate_runs,
        refused.as_deref().unwrap_or_default(),
        &mut problems,
    );

    // The store cannot answer: the isolation goes on (a page twice beats an incident lost)
    // and says that it may repeat one.
    let dynamodb = aws_sdk_dynamodb::Client::new(&flow.conf);
    let table = flow.physical_ref("IncidentTable").unwrap();
    rt.block_on(dynamodb.delete_table().table_name(table).send())
        .unwrap();
    let run = rt.block_on(flow.run(&alarm, &[])).unwrap();
    executions_ok("without the store", &run, &mut problems);
    match run.email() {
        Some(email)
            if email
                .message
                .contains("The incident store could not record this trigger")
                && email.attributes.get("verdict").map(String::as_str) == Some("aws_side") => {}
        other => problems.push(format!("without the store: {other:?}")),
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The JSON objects the functions wrote (cargo-lambda may put a prefix before each line).
fn json_lines(log: &str) -> Vec<Value> {
    log.lines()
        .filter_map(|l| l.find('{').map(|i| &l[i..]))
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(Value::is_object)
        .collect()
}

/// One incident's log lines can be joined: every function's lines carry its incident id in
/// their span (and, but for intake, its execution); each function wrote its metrics as EMF
/// with the ids as properties; classify logged the whole classification; a duplicate
/// delivery was counted.
fn ids_and_metrics_are_in_the_logs(
    log: &str,
    isolated: &[(String, String)],
    duplicates: &[String],
    refused: &str,
    problems: &mut Vec<String>,
) {
    let lines = json_lines(log);
    let emf: Vec<&Value> = lines.iter().filter(|l| l.get("_aws").is_some()).collect();
    // The metrics in EMF documents with this property value, with their dimensions.
    let metrics_of = |property: &str, value: &str| -> Vec<(String, Value)> {
        emf.iter()
            .filter(|d| d[property] == value)
            .flat_map(|d| {
                let directive = &d["_aws"]["CloudWatchMetrics"][0];
                let ok = d["_aws"]["Timestamp"].is_u64()
                    && directive["Namespace"] == "Kiriwake"
                    && directive["Dimensions"][0].as_array().is_some_and(|dims| {
                        dims.iter()
                            .all(|n| d.get(n.as_str().unwrap_or("")).is_some())
                    });
                let names: Vec<String> = directive["Metrics"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|m| ok && d.get(m["Name"].as_str().unwrap_or("")).is_some())
                    .filter_map(|m| m["Name"].as_str().map(str::to_owned))
                    .collect();
                names.into_iter().map(move |n| (n, (*d).clone()))
            })
            .collect()
    };
    for (execution, incident) in isolated {
        for function in [
            "intake",
            "check-user-side",
            "check-aws-side",
            "check-outside-aws",
            "classify",
            "notify",
        ] {
            let carried = lines.iter().any(|l| {
                l["span"]["function"] == function
                    && l["span"]["incident"] == incident.as_str()
                    && (function == "intake" || l["span"]["execution"] == execution.as_str())
            });
            if !carried {
                problems.push(format!(
                    "{function}: no log line carries incident {incident} and execution {execution}"
                ));
            }
        }
        let full = lines.iter().any(|l| {
            l["span"]["incident"] == incident.as_str()
                && l["classification"]["incident"]["id"] == incident.as_str()
        });
        if !full {
            problems.push(format!(
                "classify did not log incident {incident}'s classification as JSON"
            ));
        }
        // The first is the alarm action: each metric, with the dimension it must have.
        if incident != &isolated[0].1 {
            continue;
        }
        let by_incident = metrics_of("IncidentId", incident);
        let has = |name: &str, dimension: Option<(&str, &str)>| {
            by_incident.iter().any(|(n, d)| {
                n == name && d["Stack"] == "kiriwake" && dimension.is_none_or(|(k, v)| d[k] == v)
            })
        };
        for (name, dimension) in [
            ("Isolations", Some(("Trigger", "alarm"))),
            ("StepDuration", Some(("Step", "user_side"))),
            ("StepDuration", Some(("Step", "aws_side"))),
            ("StepDuration", Some(("Step", "outside_aws"))),
            ("Classifications", Some(("Verdict", "aws_side"))),
            ("Classifications", Some(("Responsible", "aws"))),
            ("Classifications", Some(("Scope", "one_resource"))),
            ("IsolationDuration", None),
            ("Notifications", Some(("Kind", "opened"))),
        ] {
            if !has(name, dimension) {
                problems.push(format!(
                    "incident {incident}: no EMF metric {name} {dimension:?} (metrics: {:?})",
                    by_incident.iter().map(|(n, _)| n).collect::<Vec<_>>()
                ));
            }
        }
        // Counted once each, though intake read the alarm action twice (when the alarm
        // invoked it, and in the state machine).
        for name in ["Isolations", "Notifications"] {
            let total: f64 = by_incident
                .iter()
                .filter(|(n, _)| n == name)
                .filter_map(|(n, d)| d[n.as_str()].as_f64())
                .sum();
            if total != 1.0 {
                problems.push(format!("incident {incident}: {name} counted {total} times"));
            }
        }
    }
    // Every metric line says which settings revision its function's version was published
    // with (the local flow resolves the template's to 1).
    if let Some(d) = emf.iter().find(|d| d["SettingsRevision"] != "1") {
        problems.push(format!("an EMF line without SettingsRevision 1: {d}"));
    }
    let by_execution = metrics_of("ExecutionId", refused);
    if !by_execution
        .iter()
        .any(|(n, d)| n == "Notifications" && d["Kind"] == "failure")
    {
        problems.push(format!("{refused}: its failure notice was not counted"));
    }
    if !emf.iter().any(|d| d["TriggersRefused"] == 1) {
        problems.push("intake's refusal was not counted (TriggersRefused)".into());
    }
    for execution in duplicates {
        if !metrics_of("ExecutionId", execution)
            .iter()
            .any(|(n, _)| n == "DuplicatesSuppressed")
        {
            problems.push(format!("{execution}: the duplicate was not counted in EMF"));
        }
    }
}

#[test]
fn a_storm_is_one_incident_per_group_updated_boundedly_recovered_once_nothing_lost() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    // Updates at most every 3 s instead of 5 minutes, so the deferred ones are seen.
    let flow = flow_with(&rt, &[("UpdateIntervalMinutes", "0.05")]);
    let options = StormOptions {
        triggers: 12,
        seconds: 4.0,
        duplicates_percent: 25.0,
        groups: 3,
    };
    let r = rt.block_on(flow.storm(&options)).unwrap();
    let report = serde_json::to_string_pretty(&r).unwrap();
    assert_eq!((r.lost, r.failed), (0, 0), "{report}");
    assert!(
        r.ungrouped.is_empty(),
        "every isolation named its group: {report}"
    );
    // Every delivery started an isolation; every redelivery ended as a duplicate.
    assert_eq!(r.executions, r.deliveries, "{report}");
    assert_eq!(
        r.duplicates_suppressed,
        r.deliveries - 2 * options.triggers,
        "{report}"
    );
    assert!(r.duplicates_suppressed >= 6, "{report}");
    // One incident per group: opened once, recovered once, a bounded number of updates.
    assert_eq!(r.incidents, options.groups, "{report}");
    let sent = |kind: &str| r.notifications.get(kind).copied().unwrap_or(0);
    assert_eq!(sent("opened"), options.groups, "{report}");
    assert_eq!(sent("recovered"), options.groups, "{report}");
    assert!(sent("updated") <= 2 * options.groups, "{report}");
    assert_eq!(
        r.notifications.values().sum::<usize>(),
        sent("opened") + sent("updated") + sent("recovered"),
        "nothing notified on its own: {report}"
    );
    // Each incident's thread, opened first and recovered last.
    assert_eq!(r.threads.len(), options.groups, "{report}");
    for (id, subjects) in &r.threads {
        assert!(
            subjects
                .iter()
                .all(|s| s.starts_with(&format!("[kiriwake {id}] "))),
            "{report}"
        );
        assert_eq!(
            subjects
                .iter()
                .filter(|s| s.contains("Recovered: "))
                .count(),
            1,
            "{report}"
        );
    }
    assert!(r.aws_calls > 0, "{report}");
}
