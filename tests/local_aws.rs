//! End to end over a local AWS: the pinned emulator on 127.0.0.1, the real AWS SDK over
//! HTTP, the Lambdas' handlers, SNS delivering to SQS. Fails loudly when the emulator is
//! not installed (scripts/setup installs it).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kiriwake_aws::handlers::{self, ClassifyInput, NotifyInput, StepOutcome};
use kiriwake_core::render::code;
use kiriwake_core::{Check, UnavailableReason, Verdict};
use kiriwake_local::{Local, local_settings, scenarios};
use serde_json::Value;

async fn local() -> Local {
    Local::start(local_settings().unwrap())
        .await
        .expect("the local AWS starts (run scripts/setup first)")
}

#[tokio::test(flavor = "multi_thread")]
async fn five_staged_incidents_are_isolated_and_notified() {
    let local = local().await;
    let staged = scenarios::stage(&local.conf).await.unwrap();
    assert_eq!(staged.len(), 5);
    for s in &staged {
        let run = local.run(&s.event).await.unwrap();
        let c = &run.classification;
        assert_eq!(
            (c.verdict, c.responsible),
            (s.verdict, s.responsible),
            "{}",
            s.name
        );
        let findings = serde_json::to_string(&c.findings).unwrap();
        assert!(
            findings.contains(&s.evidence),
            "{}: evidence {:?} missing in {findings}",
            s.name,
            s.evidence
        );
        assert!(
            c.findings
                .iter()
                .any(|f| f.is_live() && f.symptom().is_some()),
            "{}: a live check found the fault",
            s.name
        );

        // The notification as SNS delivered it.
        assert!(
            run.email.subject.is_ascii() && run.email.subject.len() < 100,
            "{}",
            run.email.subject
        );
        assert!(
            run.email.subject.starts_with("[kiriwake] "),
            "{}",
            run.email.subject
        );
        assert!(run.email.message.contains("Verdict: "), "{}", s.name);
        assert!(run.email.message.contains("Next actions:"), "{}", s.name);
        for id in c.incident.resource_ids() {
            assert!(
                run.email.message.contains(id),
                "{}: body names {id}",
                s.name
            );
        }
        assert_eq!(
            run.email.attributes["verdict"]["Value"],
            code(&c.verdict),
            "{}",
            s.name
        );
        assert_eq!(
            run.email.attributes["responsible"]["Value"],
            code(&c.responsible),
            "{}",
            s.name
        );
        let chat: Value = serde_json::from_str(&run.chat.message).unwrap();
        assert_eq!(chat["version"], "1.0");
        assert_eq!(
            chat["metadata"]["additionalContext"]["verdict"],
            code(&c.verdict)
        );
        assert_eq!(
            c.support_case.is_some(),
            c.verdict == Verdict::AwsSide,
            "{}",
            s.name
        );

        // What the emulator cannot serve is listed, with its reason, and nothing hangs.
        let unavailable = |check: Check| c.unavailable.iter().find(|u| u.check == check);
        assert_eq!(
            unavailable(Check::HealthAccountEvents).map(|u| u.reason),
            Some(UnavailableReason::SubscriptionRequired),
            "{}",
            s.name
        );
        assert!(
            unavailable(Check::HealthPublicEvents).is_none(),
            "{}: the missing subscription is said once",
            s.name
        );
        if let Some(u) = unavailable(Check::ResourceUsage) {
            assert_eq!(u.reason, UnavailableReason::Error, "{}", s.name);
            assert!(u.detail.contains("HTTP"), "{}: {}", s.name, u.detail);
        }
        assert!(
            run.isolation.as_secs() < 3,
            "{}: isolation took {:?}",
            s.name,
            run.isolation
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn key_evidence_of_each_fault() {
    let local = local().await;
    let staged = scenarios::stage(&local.conf).await.unwrap();
    let by_name = |n: &str| staged.iter().find(|s| s.name == n).unwrap();

    let host = local
        .run(&by_name("aws-host-failure").event)
        .await
        .unwrap()
        .classification;
    assert!(
        host.findings
            .iter()
            .any(|f| f.check == Check::SystemStatus && f.symptom().is_some())
    );
    assert!(
        host.findings
            .iter()
            .any(|f| f.check == Check::ScheduledEvents
                && f.evidence.iter().any(|e| e.value == "instance-retirement"))
    );
    assert!(
        host.findings
            .iter()
            .any(|f| f.check == Check::SiblingResources
                && f.evidence.iter().any(|e| e.value.starts_with("1 of 3"))),
        "1 of the 3 shop servers"
    );
    assert_eq!(host.scope, kiriwake_core::Scope::OneResource);
    assert_eq!(host.confidence, kiriwake_core::Confidence::High);

    let app = local
        .run(&by_name("application-errors").event)
        .await
        .unwrap();
    let logs = app
        .classification
        .findings
        .iter()
        .find(|f| f.check == Check::ApplicationLogs)
        .unwrap();
    assert!(
        logs.evidence
            .iter()
            .any(|e| e.label == "matching events" && e.value == "2"),
        "{:?}",
        logs.evidence
    );
    assert!(
        !app.email.message.contains("hunter2"),
        "secrets in log excerpts are redacted"
    );
    assert!(app.email.message.contains("password=[REDACTED]"));
    assert!(
        app.classification.findings.iter().any(
            |f| f.check == Check::InstanceStatus && f.outcome == kiriwake_core::Outcome::Normal
        )
    );

    let vpn = local
        .run(&by_name("vpn-tunnel-down").event)
        .await
        .unwrap()
        .classification;
    assert!(vpn.findings.iter().any(|f| matches!(
        f.symptom(),
        Some(kiriwake_core::Symptom::VpnTunnelsDown {
            down: 2,
            total: 2,
            ..
        })
    )));
    assert!(
        vpn.next_actions
            .iter()
            .any(|a| a.code == "check_onprem_and_carrier")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_step_or_a_failed_isolation_still_notifies() {
    let local = local().await;
    let event: Value =
        serde_json::json!({"resource": "i-0123456789abcdef0", "region": "ap-northeast-1"});
    let incident = handlers::intake(&event, chrono::Utc::now()).unwrap();
    let steps = vec![StepOutcome::Failed {
        error: "States.Timeout".into(),
        cause: "check-user-side timed out".into(),
    }];
    let c = handlers::classify(
        ClassifyInput { incident, steps },
        &local.isolator.settings.core,
    );
    assert!(
        c.unavailable
            .iter()
            .any(|u| u.check == Check::InstanceStatus && u.detail.contains("States.Timeout"))
    );
    assert_eq!(
        c.unavailable
            .iter()
            .filter(|u| u.step == kiriwake_core::Step::AwsSide)
            .count(),
        4,
        "every planned check is listed"
    );
    handlers::notify(
        &local.outbox.sns,
        &local.outbox.topic_arn,
        Some(&local.outbox.chat_topic_arn),
        &NotifyInput::Classification(Box::new(c)),
        &local.isolator.settings.core,
    )
    .await
    .unwrap();
    let (email, _) = local.outbox.next().await.unwrap();
    assert!(email.message.contains("Could not check:"));

    let failure: NotifyInput = serde_json::from_value(serde_json::json!({
        "Error": "IntakeError",
        "Cause": "missing field `detail.eventArn`: expected the Health event ARN",
        "event": {"source": "aws.health", "detail-type": "AWS Health Event"}
    }))
    .unwrap();
    handlers::notify(
        &local.outbox.sns,
        &local.outbox.topic_arn,
        Some(&local.outbox.chat_topic_arn),
        &failure,
        &local.isolator.settings.core,
    )
    .await
    .unwrap();
    let (email, chat) = local.outbox.next().await.unwrap();
    assert_eq!(
        email.subject,
        "[kiriwake] Isolation failed - isolate this event by hand"
    );
    assert!(email.message.contains("detail.eventArn"));
    assert!(
        email.message.contains("aws.health"),
        "the event travels with the failure"
    );
    assert_eq!(email.attributes["verdict"]["Value"], "isolation_failed");
    assert!(chat.message.contains("kiriwake.isolation_failed"));
}
