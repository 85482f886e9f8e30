//! The six functions under cargo-lambda's local Lambda Runtime API emulator
//! (`cargo lambda watch` / `cargo lambda invoke`), pointed at the local AWS: the same
//! binaries `sam build` packages, fed the console test events in `events/`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use kiriwake_aws::handlers::{ClassifyInput, NotifyInput, StepReport};
use kiriwake_core::{Classification, Incident, Step, Verdict};
use kiriwake_local::emulator::repo_root;
use kiriwake_local::runtime::{LambdaRuntime, cargo_lambda, free_port};
use kiriwake_local::{Local, local_settings, scenarios};
use serde_json::Value;

/// `cargo lambda watch` with these environment variables.
fn watch(rt: &tokio::runtime::Runtime, env: &[(&str, String)]) -> LambdaRuntime {
    let env = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    rt.block_on(LambdaRuntime::start(free_port().unwrap(), &env))
        .unwrap()
}

/// `cargo lambda invoke FUNCTION --data-ascii JSON`: Ok(response) or Err(stderr).
fn invoke(w: &LambdaRuntime, function: &str, payload: &Value) -> Result<Value, String> {
    let out = Command::new(cargo_lambda().unwrap())
        .args([
            "lambda",
            "invoke",
            function,
            "--invoke-address",
            "127.0.0.1",
            "--invoke-port",
            &w.port.to_string(),
            "--output-format",
            "json",
            "--data-ascii",
        ])
        .arg(payload.to_string())
        .current_dir(repo_root())
        .output()
        .expect("cargo lambda invoke runs");
    if out.status.success() {
        serde_json::from_slice(&out.stdout)
            .map_err(|e| format!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn step_event(name: &str) -> Value {
    serde_json::from_slice(&std::fs::read(repo_root().join("events/steps").join(name)).unwrap())
        .unwrap()
}

#[test]
fn the_console_test_events_for_later_steps_are_valid_inputs() {
    let _: Incident =
        serde_json::from_value(step_event("incident-ec2-system-status-check-failed.json")).unwrap();
    let _: ClassifyInput =
        serde_json::from_value(step_event("classify-input-aws-side.json")).unwrap();
    let _: Classification =
        serde_json::from_value(step_event("classification-aws-side.json")).unwrap();
    assert!(matches!(
        serde_json::from_value::<NotifyInput>(step_event("notify-isolation-failed.json")).unwrap(),
        NotifyInput::Failure { .. }
    ));
    assert!(matches!(
        serde_json::from_value::<NotifyInput>(step_event("classification-aws-side.json")).unwrap(),
        NotifyInput::Classification(_)
    ));
}

#[test]
fn the_six_functions_under_the_lambda_runtime_emulator() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let local = rt
        .block_on(Local::start(local_settings().unwrap()))
        .unwrap();
    let staged = rt.block_on(scenarios::stage(&local.conf)).unwrap();
    let host_failure = staged
        .iter()
        .find(|s| s.name == "aws-host-failure")
        .unwrap();

    let w = watch(
        &rt,
        &[
            ("AWS_ENDPOINT_URL", local.emulator.url.clone()),
            ("AWS_REGION", scenarios::REGION.to_owned()),
            ("AWS_ACCESS_KEY_ID", "test".into()),
            ("AWS_SECRET_ACCESS_KEY", "test".into()),
            ("AWS_EC2_METADATA_DISABLED", "true".into()),
            ("AWS_LAMBDA_LOG_FORMAT", "JSON".into()),
            ("KIRIWAKE_CALL_TIMEOUT_MS", "3000".into()),
            // Two mistyped optional settings: every function still starts and works, and
            // the notification names both.
            ("KIRIWAKE_CPU_PERCENT", "90%".into()),
            ("KIRIWAKE_TIME_ZONE", "Asia/Tokio".into()),
            ("KIRIWAKE_TOPIC_ARN", local.outbox.topic_arn.clone()),
            (
                "KIRIWAKE_CHAT_TOPIC_ARN",
                local.outbox.chat_topic_arn.clone(),
            ),
        ],
    );

    // intake: a raw EventBridge alarm event → Incident; bad input → an error naming the field.
    let incident: Incident =
        serde_json::from_value(invoke(&w, "kiriwake-intake", &host_failure.event).unwrap())
            .unwrap();
    assert_eq!(incident.trigger.kind_name(), "alarm");
    let err = invoke(&w, "kiriwake-intake", &serde_json::json!({"source": "aws.ec2", "detail-type": "EC2 Instance State-change Notification", "id": "1", "detail": {}})).unwrap_err();
    assert!(err.contains("detail.instance-id"), "{err}");

    // The three steps: Incident → StepReport, against the local AWS.
    let incident_json = serde_json::to_value(&incident).unwrap();
    let mut steps = Vec::new();
    for (function, step) in [
        ("kiriwake-check-user-side", Step::UserSide),
        ("kiriwake-check-aws-side", Step::AwsSide),
        ("kiriwake-check-outside-aws", Step::OutsideAws),
    ] {
        let report: StepReport =
            serde_json::from_value(invoke(&w, function, &incident_json).unwrap()).unwrap();
        assert_eq!(report.step, step);
        assert!(!report.findings.is_empty(), "{function}");
        let ignored: Vec<&str> = report
            .ignored_settings
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(
            ignored,
            ["KIRIWAKE_TIME_ZONE", "KIRIWAKE_CPU_PERCENT"],
            "{function}"
        );
        steps.push(serde_json::to_value(report).unwrap());
    }

    // classify: the state machine's input shape → Classification.
    let c: Classification = serde_json::from_value(
        invoke(
            &w,
            "kiriwake-classify",
            &serde_json::json!({"incident": incident_json, "steps": steps}),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(c.verdict, Verdict::AwsSide);
    assert!(
        c.findings
            .iter()
            .any(|f| f.is_live() && f.symptom().is_some())
    );
    let c2: Classification = serde_json::from_value(
        invoke(
            &w,
            "kiriwake-classify",
            &step_event("classify-input-aws-side.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(c2.verdict, Verdict::AwsSide);
    assert!(
        c2.unavailable.iter().any(|u| {
            kiriwake_core::Lang::En
                .words()
                .detail(&u.detail)
                .contains("States.Timeout")
        }),
        "a failed branch is listed"
    );

    // notify: publishes; SNS delivers to the SQS subscribers.
    let sent = invoke(&w, "kiriwake-notify", &serde_json::to_value(&c).unwrap()).unwrap();
    assert!(sent["message_id"].is_string(), "{sent}");
    let (email, chat) = rt.block_on(local.outbox.next()).unwrap();
    assert!(
        email.subject.starts_with("[kiriwake] AWS side"),
        "{}",
        email.subject
    );
    for named in [
        "KIRIWAKE_CPU_PERCENT=\"90%\"",
        "KIRIWAKE_TIME_ZONE=\"Asia/Tokio\"",
    ] {
        assert!(email.message.contains(named), "{named}: {}", email.message);
    }
    assert!(chat.message.contains("\"eventType\":\"kiriwake.aws_side\""));
    invoke(
        &w,
        "kiriwake-notify",
        &step_event("notify-isolation-failed.json"),
    )
    .unwrap();
    let (email, _) = rt.block_on(local.outbox.next()).unwrap();
    assert!(email.message.contains("detail.eventArn"));
}
