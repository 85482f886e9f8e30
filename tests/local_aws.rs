//! End to end over a local AWS: the pinned emulator on 127.0.0.1, the real AWS SDK over
//! HTTP, the Lambdas' handlers, SNS delivering to SQS. Fails loudly when the emulator is
//! not installed (scripts/setup installs it).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kiriwake_aws::handlers::{
    self, CaughtError, ClassifyInput, NotifyInput, NotifyRequest, StepOutcome,
};
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
        // Every live check says how long it took, and the slowest are named, in
        // milliseconds no longer than the whole isolation.
        let untimed: Vec<String> = c
            .findings
            .iter()
            .filter(|f| f.is_live() && f.duration_ms.is_none())
            .map(|f| format!("{:?}", f.check))
            .collect();
        assert!(
            untimed.is_empty(),
            "{}: no duration for {untimed:?}",
            s.name
        );
        let slowest = c
            .findings
            .iter()
            .filter_map(|f| f.duration_ms)
            .max()
            .unwrap();
        assert!(
            u128::from(slowest) <= run.isolation.as_millis(),
            "{}: {slowest} ms in {:?}",
            s.name,
            run.isolation
        );
        assert!(
            run.email.message.contains("Slowest checks: ")
                && run.email.message.contains(&format!(" {slowest} ms")),
            "{}: {}",
            s.name,
            run.email.message
        );
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
            let detail = kiriwake_core::Lang::En.words().detail(&u.detail);
            assert!(detail.contains("HTTP"), "{}: {detail}", s.name);
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
    let steps = vec![StepOutcome::Failed(CaughtError {
        error: "States.Timeout".into(),
        cause: "check-user-side timed out".into(),
    })];
    let c = handlers::classify(
        ClassifyInput {
            incident,
            steps,
            dedupe: None,
            execution: None,
        },
        &local.isolator.settings.core,
        &[],
    );
    assert!(c.unavailable.iter().any(|u| {
        u.check == Check::InstanceStatus
            && kiriwake_core::Lang::En
                .words()
                .detail(&u.detail)
                .contains("States.Timeout")
    }));
    assert_eq!(
        c.unavailable
            .iter()
            .filter(|u| u.step == kiriwake_core::Step::AwsSide)
            .count(),
        4,
        "every planned check is listed"
    );
    let in_japanese = c.worded_for(&kiriwake_core::Config::for_lang(kiriwake_core::Lang::Ja));
    assert!(in_japanese.headline != c.headline);
    handlers::notify(
        &local.outbox.notifier(),
        &NotifyRequest::Direct(NotifyInput::Classification(Box::new(c))),
        &local.isolator.settings.core,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let (email, _) = local.outbox.next().await.unwrap();
    assert!(email.message.contains("Could not check:"));
    // Classified in Japanese, notified by an English notify: worded in English.
    assert_eq!(local.isolator.settings.core.lang, kiriwake_core::Lang::En);
    handlers::notify(
        &local.outbox.notifier(),
        &NotifyRequest::Direct(NotifyInput::Classification(Box::new(in_japanese))),
        &local.isolator.settings.core,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let (reworded, _) = local.outbox.next().await.unwrap();
    assert_eq!(
        reworded.message, email.message,
        "worded as classify would have in English"
    );

    let failure: NotifyInput = serde_json::from_value(serde_json::json!({
        "Error": "IntakeError",
        "Cause": "missing field `detail.eventArn`: expected the Health event ARN",
        "event": {"source": "aws.health", "detail-type": "AWS Health Event"}
    }))
    .unwrap();
    handlers::notify(
        &local.outbox.notifier(),
        &NotifyRequest::Direct(failure),
        &local.isolator.settings.core,
        chrono::Utc::now(),
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

#[tokio::test(flavor = "multi_thread")]
async fn a_shared_log_group_convicts_only_the_noisy_server_and_every_page_is_read() {
    let local = local().await;
    let ec2 = aws_sdk_ec2::Client::new(&local.conf);
    let logs = aws_sdk_cloudwatchlogs::Client::new(&local.conf);
    // The CloudWatch agent's default: one group for every server, a stream per instance.
    let group = "/kiriwake/test/shared-os";
    let ids = scenarios::instance(&ec2, 2, &[("kiriwake:os-log-groups", group)])
        .await
        .unwrap();
    let (noisy, quiet) = (&ids[0], &ids[1]);
    let errors: Vec<String> = (0..120)
        .map(|i| format!("kernel: EXT4-fs error (device nvme0n1p1): bad block {i}"))
        .collect();
    let errors: Vec<&str> = errors.iter().map(String::as_str).collect();
    scenarios::write_logs(&logs, group, noisy, &errors)
        .await
        .unwrap();
    scenarios::write_logs(
        &logs,
        group,
        quiet,
        &["systemd[1]: Started Session 1 of user ec2-user."],
    )
    .await
    .unwrap();

    let os_logs = |c: &kiriwake_core::Classification| {
        c.findings
            .iter()
            .find(|f| f.check == Check::OsLogs)
            .cloned()
            .unwrap()
    };
    let quiet_run = local
        .run(&serde_json::json!({"resource": quiet, "region": scenarios::REGION}))
        .await
        .unwrap();
    let f = os_logs(&quiet_run.classification);
    assert_eq!(
        f.outcome,
        kiriwake_core::Outcome::Normal,
        "another server's errors in the same group: {:?}",
        f.evidence
    );
    assert!(
        f.evidence
            .iter()
            .any(|e| e.label == "log streams" && e.value.starts_with(quiet.as_str()))
    );

    let noisy_run = local
        .run(&serde_json::json!({"resource": noisy, "region": scenarios::REGION}))
        .await
        .unwrap();
    let f = os_logs(&noisy_run.classification);
    // 120 matching lines: three pages of 50, every one read.
    assert!(
        f.evidence
            .iter()
            .any(|e| e.label == "matching events" && e.value == "120"),
        "{:?}",
        f.evidence
    );
    assert_eq!(noisy_run.classification.verdict, Verdict::Instance);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_change_shortly_before_is_the_likeliest_cause_on_the_user_side() {
    let local = local().await;
    let ec2 = aws_sdk_ec2::Client::new(&local.conf);
    let started = chrono::Utc::now() - chrono::Duration::minutes(10);
    let before = (started - chrono::Duration::minutes(20)).format("%Y-%m-%dT%H:%M:%SZ");
    let long_before = (started - chrono::Duration::days(2)).format("%Y-%m-%dT%H:%M:%SZ");
    let ids = scenarios::instance(
        &ec2,
        1,
        &[(
            "kiriwake:stage:changes",
            // A change two days ago is history; twenty minutes before is a suspect.
            &format!("ModifyInstanceAttribute@{long_before}@carol;StopInstances@{before}@alice"),
        )],
    )
    .await
    .unwrap();
    // And a route replaced in the route table the instance's subnet uses (its VPC's main one:
    // the subnet has none of its own).
    let vpc = ec2
        .describe_instances()
        .instance_ids(&ids[0])
        .send()
        .await
        .unwrap()
        .reservations()[0]
        .instances()[0]
        .vpc_id()
        .unwrap()
        .to_owned();
    let filter = |name: &str, value: &str| {
        aws_sdk_ec2::types::Filter::builder()
            .name(name)
            .values(value)
            .build()
    };
    let main_table = ec2
        .describe_route_tables()
        .filters(filter("vpc-id", &vpc))
        .filters(filter("association.main", "true"))
        .send()
        .await
        .unwrap()
        .route_tables()[0]
        .route_table_id()
        .unwrap()
        .to_owned();
    let route_change = (started - chrono::Duration::minutes(15)).format("%Y-%m-%dT%H:%M:%SZ");
    ec2.create_tags()
        .resources(&main_table)
        .tags(
            aws_sdk_ec2::types::Tag::builder()
                .key("kiriwake:stage:changes")
                .value(format!("ReplaceRoute@{route_change}@bob"))
                .build(),
        )
        .send()
        .await
        .unwrap();
    let run = local
        .run(&serde_json::json!({
            "resource": ids[0],
            "region": scenarios::REGION,
            "started_at": started.to_rfc3339(),
        }))
        .await
        .unwrap();
    let c = &run.classification;
    let changes = c
        .findings
        .iter()
        .find(|f| f.check == Check::RecentChanges)
        .unwrap();
    let Some(kiriwake_core::Symptom::RecentChanges { changes }) = changes.symptom() else {
        panic!("{changes:?}")
    };
    let seen: Vec<(&str, Option<&str>, &str)> = changes
        .iter()
        .map(|c| (c.event.as_str(), c.by.as_deref(), c.resource.as_str()))
        .collect();
    // Newest first; the change two days ago is outside the window.
    assert_eq!(
        seen,
        [
            ("ReplaceRoute", Some("bob"), main_table.as_str()),
            ("StopInstances", Some("alice"), ids[0].as_str()),
        ]
    );
    assert_eq!(
        (c.verdict, c.responsible),
        (Verdict::Instance, kiriwake_core::Party::Customer)
    );
    assert!(c.next_actions.iter().any(|a| a.code == "find_who_changed"));
    assert!(
        run.email.message.contains("StopInstances"),
        "{}",
        run.email.message
    );

    // Nothing changed: the check says so (the route change is gone from the shared table).
    ec2.delete_tags()
        .resources(&main_table)
        .tags(
            aws_sdk_ec2::types::Tag::builder()
                .key("kiriwake:stage:changes")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let quiet = scenarios::instance(&ec2, 1, &[("Name", "quiet")])
        .await
        .unwrap();
    let run = local
        .run(&serde_json::json!({"resource": quiet[0], "region": scenarios::REGION}))
        .await
        .unwrap();
    assert!(run.classification.findings.iter().any(|f| f.check == Check::RecentChanges
        && f.outcome == kiriwake_core::Outcome::Normal));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_db_cluster_is_checked_as_a_cluster() {
    let local = local().await;
    let rds = aws_sdk_rds::Client::new(&local.conf);
    rds.create_db_cluster()
        .db_cluster_identifier("orders-cluster")
        .engine("aurora-postgresql")
        .master_username("kiriwake")
        .master_user_password("not-a-real-password")
        .send()
        .await
        .unwrap();
    let run = local
        .run(&serde_json::json!({
            "resource": "arn:aws:rds:ap-northeast-1:123456789012:cluster:orders-cluster",
            "region": scenarios::REGION,
        }))
        .await
        .unwrap();
    let status = run
        .classification
        .findings
        .iter()
        .find(|f| f.check == Check::DbInstanceStatus)
        .unwrap();
    assert_eq!(status.outcome, kiriwake_core::Outcome::Normal, "{status:?}");
    assert!(
        status
            .evidence
            .iter()
            .any(|e| e.label == "DBClusterStatus" && e.value == "available"),
        "{:?}",
        status.evidence
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tag_cannot_send_another_log_group_to_email() {
    let local = local().await;
    let ec2 = aws_sdk_ec2::Client::new(&local.conf);
    let logs = aws_sdk_cloudwatchlogs::Client::new(&local.conf);
    // Whoever may tag the instance names a log group outside the readable prefix.
    let secret = "/payroll/db";
    let ids = scenarios::instance(
        &ec2,
        1,
        &[(
            "kiriwake:os-log-groups",
            &format!("{secret},/kiriwake/test/own-os"),
        )],
    )
    .await
    .unwrap();
    scenarios::write_logs(
        &logs,
        secret,
        &ids[0],
        &["ERROR password=hunter2 for payroll"],
    )
    .await
    .unwrap();
    scenarios::write_logs(
        &logs,
        "/kiriwake/test/own-os",
        &ids[0],
        &["systemd[1]: Started."],
    )
    .await
    .unwrap();
    let run = local
        .run(&serde_json::json!({"resource": ids[0], "region": scenarios::REGION}))
        .await
        .unwrap();
    let f = run
        .classification
        .findings
        .iter()
        .find(|f| f.check == Check::OsLogs)
        .unwrap();
    // Its own group was read and is quiet; the other was not read, and the finding says so.
    assert_eq!(
        f.outcome,
        kiriwake_core::Outcome::Normal,
        "{:?}",
        f.evidence
    );
    assert!(
        f.evidence.iter().any(|e| e.label == "log groups ignored"
            && e.value.contains(secret)
            && e.value.contains("KIRIWAKE_LOG_GROUP_PREFIX")),
        "{:?}",
        f.evidence
    );
    assert!(
        !run.email.message.contains("for payroll"),
        "{}",
        run.email.message
    );
}

/// The versions of `function` the local Lambda lists, `$LATEST` aside.
async fn versions_of(lambda: &aws_sdk_lambda::Client, function: &str) -> Vec<String> {
    lambda
        .list_versions_by_function()
        .function_name(function)
        .send()
        .await
        .unwrap()
        .versions()
        .iter()
        .filter_map(|v| v.version().map(str::to_owned))
        .filter(|v| v != "$LATEST")
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn prune_deletes_only_the_versions_nothing_may_invoke() {
    let local = local().await;
    let iam = aws_sdk_iam::Client::new(&local.conf);
    let lambda = aws_sdk_lambda::Client::new(&local.conf);
    let sfn = aws_sdk_sfn::Client::new(&local.conf);
    let role = iam
        .create_role()
        .role_name("kiriwake-prune-test")
        .assume_role_policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        )
        .send()
        .await
        .unwrap()
        .role()
        .unwrap()
        .arn()
        .to_owned();
    // Five deploys of one function: versions 1 to 5.
    let function = lambda
        .create_function()
        .function_name("kiriwake-prune-test")
        .runtime(aws_sdk_lambda::types::Runtime::Providedal2023)
        .handler("bootstrap")
        .role(&role)
        .code(
            aws_sdk_lambda::types::FunctionCode::builder()
                .zip_file(aws_smithy_types::Blob::new(
                    b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0".to_vec(),
                ))
                .build(),
        )
        .send()
        .await
        .unwrap()
        .function_arn()
        .unwrap()
        .to_owned();
    for deploy in 1..=5 {
        if deploy > 1 {
            lambda
                .update_function_configuration()
                .function_name(&function)
                .description(format!("deploy {deploy}"))
                .send()
                .await
                .unwrap();
        }
        let v = lambda
            .publish_version()
            .function_name(&function)
            .send()
            .await
            .unwrap();
        assert_eq!(v.version(), Some(deploy.to_string().as_str()));
    }
    // An execution started on a definition naming version 2 still runs; deploys have since
    // moved the definition to 3, then to 4 with the alias; version 5 was just published.
    let definition = |version: u32| {
        serde_json::json!({"StartAt": "Step", "States": {"Step": {
            "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": format!("{function}:{version}"), "Payload.$": "$"},
            "End": true}}})
        .to_string()
    };
    let machine = sfn
        .create_state_machine()
        .name("kiriwake-prune-test")
        .role_arn(&role)
        .definition(definition(2))
        .send()
        .await
        .unwrap()
        .state_machine_arn()
        .to_owned();
    let running = sfn
        .start_execution()
        .state_machine_arn(&machine)
        .name("started-on-2")
        .input("{}")
        .send()
        .await
        .unwrap()
        .execution_arn()
        .to_owned();
    for version in [3, 4] {
        sfn.update_state_machine()
            .state_machine_arn(&machine)
            .definition(definition(version))
            .send()
            .await
            .unwrap();
    }
    lambda
        .create_alias()
        .function_name(&function)
        .name("live")
        .function_version("4")
        .send()
        .await
        .unwrap();

    let hour = chrono::Duration::minutes(60);
    let prune = |dry_run, grace| kiriwake_prune::Prune::new(&local.conf, dry_run, grace);
    let only = |report: &kiriwake_prune::Report| {
        assert_eq!(report.functions.len(), 1, "{report:?}");
        assert_eq!(report.functions[0].function, function);
        assert!(report.complete(), "{report:?}");
        report.functions[0].clone()
    };
    let why = |f: &kiriwake_prune::FunctionReport, version: u64| {
        f.kept[&version]
            .iter()
            .map(|k| serde_json::to_string(k).unwrap())
            .collect::<Vec<_>>()
    };
    // A dry run says what would go, and why the rest stays; it deletes nothing.
    let dry = only(&prune(true, hour).state_machine(&machine).await.unwrap());
    assert_eq!(dry.deleted, [1]);
    assert_eq!(why(&dry, 2), [format!(r#"{{"execution":"{running}"}}"#)]);
    assert_eq!(why(&dry, 3), [r#""previous""#]);
    assert_eq!(why(&dry, 4), [r#"{"alias":"live"}"#, r#""definition""#]);
    assert_eq!(why(&dry, 5), [r#""recent""#]);
    let listed = || versions_of(&lambda, "kiriwake-prune-test");
    assert_eq!(listed().await, ["1", "2", "3", "4", "5"]);
    // Version 1: nothing may invoke it.
    let pruned = only(&prune(false, hour).state_machine(&machine).await.unwrap());
    assert_eq!(pruned.deleted, [1]);
    assert_eq!(listed().await, ["2", "3", "4", "5"]);
    // Version 5, newer than everything in use, goes once no grace is given (what a failed
    // deploy left behind).
    let zero = chrono::Duration::zero();
    let pruned = only(&prune(false, zero).state_machine(&machine).await.unwrap());
    assert_eq!(pruned.deleted, [5]);
    // Version 2 outlives its execution while Step Functions may redrive it.
    sfn.stop_execution()
        .execution_arn(&running)
        .send()
        .await
        .unwrap();
    let pruned = only(&prune(false, zero).state_machine(&machine).await.unwrap());
    assert!(pruned.deleted.is_empty(), "{pruned:?}");
    assert_eq!(
        why(&pruned, 2),
        [format!(r#"{{"redrivable":"{running}"}}"#)]
    );
    assert_eq!(listed().await, ["2", "3", "4"]);
    // A version's or an alias's ARN is refused: its executions are only some of them.
    let e = prune(true, hour)
        .state_machine(&format!("{machine}:1"))
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("not the ARN of a state machine itself"), "{e}");
    // A state machine that does not exist is an error that names it.
    let e = prune(true, hour)
        .state_machine("arn:aws:states:ap-northeast-1:123456789012:stateMachine:nothing")
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("DescribeStateMachine") && e.contains(":nothing"),
        "{e}"
    );
}
