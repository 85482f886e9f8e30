//! One row per branch of the method's flowchart, per cause it lists, and per RDS status.
//! Each row: the evidence a check would return, and the verdict the method gives.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{TimeZone, Utc};
use kiriwake_core::Cause;
use kiriwake_core::finding::{DbStatus, HealthEventSymptom, ResourceClass};
use kiriwake_core::incident::{HealthCategory, HealthStatus};
use kiriwake_core::{
    Check, Classification, Confidence, Config, Finding, Incident, Party, Scope, Symptom,
    UnavailableReason, Verdict, classify, intake,
};

const EC2: &str = "i-0a1b2c3d4e5f67890";
const DB: &str = "orders-db";

fn manual(resource: &str, kind: Option<&str>) -> Incident {
    let kind = kind
        .map(|k| format!(r#","kind":"{k}""#))
        .unwrap_or_default();
    let raw = format!(r#"{{"resource":"{resource}","region":"ap-northeast-1"{kind}}}"#);
    intake(
        raw.as_bytes(),
        Utc.with_ymd_and_hms(2026, 11, 25, 1, 0, 0).unwrap(),
    )
    .unwrap()
}

fn ec2() -> Incident {
    manual(EC2, None)
}

fn rds() -> Incident {
    manual(DB, Some("rds_db_instance"))
}

fn ok(check: Check) -> Finding {
    Finding::normal(check, Some(EC2))
}

fn bad(check: Check, symptom: Symptom) -> Finding {
    Finding::abnormal(check, Some(EC2), symptom)
}

fn log_errors(check: Check, sample: &str) -> Finding {
    bad(
        check,
        Symptom::LogErrors {
            count: 3,
            samples: vec![sample.into()],
        },
    )
}

fn health(category: HealthCategory, status: HealthStatus, public: bool, code: &str) -> Symptom {
    Symptom::HealthEvent(HealthEventSymptom {
        event_arn: format!("arn:aws:health:ap-northeast-1::event/EC2/{code}/{code}_1"),
        type_code: code.into(),
        service: "EC2".into(),
        category,
        status,
        public,
        start_time: None,
    })
}

fn run(incident: Incident, findings: Vec<Finding>) -> Classification {
    classify(incident, findings, &Config::default())
}

struct Row {
    name: &'static str,
    incident: fn() -> Incident,
    findings: Vec<Finding>,
    verdict: Verdict,
    responsible: Party,
}

fn rows() -> Vec<Row> {
    use Check::*;
    let healthy_aws = || vec![ok(SystemStatus), ok(ScheduledEvents)];
    let mut rows = vec![
        // Step 1: instance status impaired → OS logs and resources.
        Row {
            name: "1: instance status impaired, OS log errors ⇒ instance problem (OS, resources)",
            incident: ec2,
            findings: [
                healthy_aws(),
                vec![
                    bad(
                        InstanceStatus,
                        Symptom::InstanceStatusImpaired { since: None },
                    ),
                    log_errors(OsLogs, "kernel: Out of memory: Killed process 4242 (java)"),
                ],
            ]
            .concat(),
            verdict: Verdict::Instance,
            responsible: Party::Customer,
        },
        Row {
            name: "1: instance status impaired, nothing in the OS logs ⇒ still the instance",
            incident: ec2,
            findings: [
                healthy_aws(),
                vec![
                    bad(
                        InstanceStatus,
                        Symptom::InstanceStatusImpaired { since: None },
                    ),
                    ok(OsLogs),
                ],
            ]
            .concat(),
            verdict: Verdict::Instance,
            responsible: Party::Customer,
        },
        // Step 1: instance status OK → application logs.
        Row {
            name: "1: instance status ok, application log errors ⇒ application problem",
            incident: ec2,
            findings: [
                healthy_aws(),
                vec![
                    ok(InstanceStatus),
                    ok(OsLogs),
                    log_errors(ApplicationLogs, "ERROR PaymentService: connection refused"),
                ],
            ]
            .concat(),
            verdict: Verdict::Application,
            responsible: Party::Customer,
        },
        // Step 2: system status impaired → AWS side, even though the instance check fails too.
        Row {
            name: "2: system status impaired (instance status impaired as a consequence) ⇒ AWS-side problem",
            incident: ec2,
            findings: vec![
                bad(SystemStatus, Symptom::SystemStatusImpaired { since: None }),
                bad(
                    InstanceStatus,
                    Symptom::InstanceStatusImpaired { since: None },
                ),
            ],
            verdict: Verdict::AwsSide,
            responsible: Party::Aws,
        },
        // Step 3: outside AWS.
        Row {
            name: "3: AWS and user side healthy, VPN tunnels down ⇒ outside-AWS problem",
            incident: ec2,
            findings: [
                healthy_aws(),
                vec![
                    ok(InstanceStatus),
                    ok(ApplicationLogs),
                    Finding::abnormal(
                        VpnTunnels,
                        None,
                        Symptom::VpnTunnelsDown {
                            vpn_id: "vpn-0a1b".into(),
                            down: 2,
                            total: 2,
                        },
                    ),
                ],
            ]
            .concat(),
            verdict: Verdict::OutsideAws,
            responsible: Party::Outside,
        },
        Row {
            name: "3: on-premises endpoint unreachable ⇒ outside-AWS problem",
            incident: ec2,
            findings: [
                healthy_aws(),
                vec![
                    ok(InstanceStatus),
                    Finding::abnormal(
                        EndpointReachability,
                        None,
                        Symptom::EndpointUnreachable {
                            endpoint: "10.20.0.5:443".into(),
                        },
                    ),
                ],
            ]
            .concat(),
            verdict: Verdict::OutsideAws,
            responsible: Party::Outside,
        },
        Row {
            name: "no step finds a fault ⇒ inconclusive",
            incident: ec2,
            findings: [
                healthy_aws(),
                vec![
                    ok(InstanceStatus),
                    ok(OsLogs),
                    ok(ApplicationLogs),
                    ok(VpnTunnels),
                ],
            ]
            .concat(),
            verdict: Verdict::Inconclusive,
            responsible: Party::Unknown,
        },
        Row {
            name: "AWS Health issue affecting the account ⇒ AWS-side problem",
            incident: ec2,
            findings: vec![Finding::abnormal(
                HealthAccountEvents,
                Some(EC2),
                health(
                    HealthCategory::Issue,
                    HealthStatus::Open,
                    false,
                    "AWS_EC2_OPERATIONAL_ISSUE",
                ),
            )],
            verdict: Verdict::AwsSide,
            responsible: Party::Aws,
        },
        Row {
            name: "scheduled instance-retirement (degraded host) ⇒ AWS-side problem",
            incident: ec2,
            findings: vec![
                bad(
                    ScheduledEvents,
                    Symptom::ScheduledEvent {
                        code: "instance-retirement".into(),
                        description: None,
                        not_before: None,
                    },
                ),
                ok(SystemStatus),
            ],
            verdict: Verdict::AwsSide,
            responsible: Party::Aws,
        },
        Row {
            name: "a future system-reboot is context, not the cause of an impaired instance",
            incident: ec2,
            findings: vec![
                bad(
                    ScheduledEvents,
                    Symptom::ScheduledEvent {
                        code: "system-reboot".into(),
                        description: None,
                        not_before: None,
                    },
                ),
                ok(SystemStatus),
                bad(
                    InstanceStatus,
                    Symptom::InstanceStatusImpaired { since: None },
                ),
            ],
            verdict: Verdict::Instance,
            responsible: Party::Customer,
        },
        Row {
            name: "attached EBS status impaired ⇒ AWS-side problem",
            incident: ec2,
            findings: vec![bad(
                AttachedEbsStatus,
                Symptom::AttachedEbsImpaired { since: None },
            )],
            verdict: Verdict::AwsSide,
            responsible: Party::Aws,
        },
        Row {
            name: "RDS: available, application log errors ⇒ application problem",
            incident: rds,
            findings: vec![
                Finding::normal(DbInstanceStatus, Some(DB)),
                Finding::abnormal(
                    ApplicationLogs,
                    Some(DB),
                    Symptom::LogErrors {
                        count: 9,
                        samples: vec!["ERROR: deadlock detected".into()],
                    },
                ),
            ],
            verdict: Verdict::Application,
            responsible: Party::Customer,
        },
    ];

    // The method's causes of a failed instance status check: each has a path.
    for (cause, finding) in [
        (
            "exhausted memory",
            bad(
                ResourceUsage,
                Symptom::ResourcePressure {
                    metric: "mem_used_percent".into(),
                    resource_class: ResourceClass::Memory,
                    value: Some(99.0),
                    threshold: Some(90.0),
                },
            ),
        ),
        (
            "corrupted file system",
            log_errors(
                OsLogs,
                "EXT4-fs error (device nvme0n1p1): ext4_lookup: deleted inode referenced",
            ),
        ),
        (
            "incompatible kernel",
            log_errors(
                OsLogs,
                "Kernel panic - not syncing: VFS: Unable to mount root fs",
            ),
        ),
        (
            "incorrect network or startup configuration",
            log_errors(OsLogs, "cloud-init: failed to bring up eth0"),
        ),
    ] {
        let name: &'static str =
            Box::leak(format!("instance check cause: {cause} ⇒ instance problem").into_boxed_str());
        rows.push(Row {
            name,
            incident: ec2,
            findings: vec![
                ok(SystemStatus),
                bad(
                    InstanceStatus,
                    Symptom::InstanceStatusImpaired { since: None },
                ),
                finding,
            ],
            verdict: Verdict::Instance,
            responsible: Party::Customer,
        });
    }
    // The method's causes of a failed system status check: all AWS side.
    for cause in [
        "loss of network connectivity",
        "loss of system power",
        "software issues on the physical host",
        "hardware issues on the physical host",
    ] {
        let name: &'static str =
            Box::leak(format!("system check cause: {cause} ⇒ AWS-side problem").into_boxed_str());
        rows.push(Row {
            name,
            incident: ec2,
            findings: vec![
                bad(SystemStatus, Symptom::SystemStatusImpaired { since: None })
                    .with_evidence("cause reported", cause),
            ],
            verdict: Verdict::AwsSide,
            responsible: Party::Aws,
        });
    }
    // Every RDS status that needs action is the customer's to fix (the method: user side).
    for status in [
        DbStatus::Failed,
        DbStatus::IncompatibleNetwork,
        DbStatus::StorageFull,
        DbStatus::IncompatibleParameters,
        DbStatus::IncompatibleRestore,
        DbStatus::InaccessibleEncryptionCredentials,
        DbStatus::InaccessibleEncryptionCredentialsRecoverable,
    ] {
        let name: &'static str = Box::leak(
            format!(
                "RDS status {} ⇒ instance problem, customer acts",
                status.as_str()
            )
            .into_boxed_str(),
        );
        rows.push(Row {
            name,
            incident: rds,
            findings: vec![Finding::abnormal(
                DbInstanceStatus,
                Some(DB),
                Symptom::DbStatus { status },
            )],
            verdict: Verdict::Instance,
            responsible: Party::Customer,
        });
    }
    rows.push(Row {
        name: "RDS status storage-optimization is not a fault ⇒ inconclusive",
        incident: rds,
        findings: vec![Finding::abnormal(
            DbInstanceStatus,
            Some(DB),
            Symptom::DbStatus {
                status: DbStatus::StorageOptimization,
            },
        )],
        verdict: Verdict::Inconclusive,
        responsible: Party::Unknown,
    });
    rows
}

#[test]
fn every_branch_of_the_flowchart() {
    let mut failures = Vec::new();
    for row in rows() {
        let c = run((row.incident)(), row.findings);
        if (c.verdict, c.responsible) != (row.verdict, row.responsible) {
            failures.push(format!(
                "{}: got {:?}/{:?}, want {:?}/{:?}",
                row.name, c.verdict, c.responsible, row.verdict, row.responsible
            ));
        }
        assert!(!c.next_actions.is_empty(), "{}: no next actions", row.name);
        assert!(!c.reasons.is_empty(), "{}: no reasons", row.name);
        // A case confirms an AWS-side fault, or asks about one when nothing was found and
        // the user side is healthy; never otherwise.
        if c.verdict == Verdict::AwsSide {
            assert!(
                c.support_case.is_some(),
                "{}: AWS side drafts a case",
                row.name
            );
        } else if c.verdict != Verdict::Inconclusive {
            assert!(c.support_case.is_none(), "{}: no case", row.name);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rds_statuses_name_their_remedy() {
    let cases = [
        (DbStatus::Failed, "point_in_time_restore"),
        (DbStatus::IncompatibleNetwork, "free_subnet_ips"),
        (DbStatus::StorageFull, "extend_db_storage"),
        (DbStatus::IncompatibleParameters, "fix_parameter_group"),
        (
            DbStatus::InaccessibleEncryptionCredentials,
            "restore_kms_access",
        ),
    ];
    for (status, code) in cases {
        let c = run(
            rds(),
            vec![Finding::abnormal(
                Check::DbInstanceStatus,
                Some(DB),
                Symptom::DbStatus {
                    status: status.clone(),
                },
            )],
        );
        assert_eq!(c.next_actions[0].code, code, "{status:?}");
        assert!(
            c.next_actions[0].text.contains(DB),
            "{status:?}: the action names the DB"
        );
    }
}

#[test]
fn aws_side_evidence_wins_over_user_side_evidence() {
    let c = run(
        ec2(),
        vec![
            log_errors(Check::ApplicationLogs, "ERROR timeout"),
            bad(
                Check::InstanceStatus,
                Symptom::InstanceStatusImpaired { since: None },
            ),
            bad(
                Check::SystemStatus,
                Symptom::SystemStatusImpaired { since: None },
            ),
        ],
    );
    assert_eq!(c.verdict, Verdict::AwsSide);
    assert_eq!(c.cause, Cause::HostFailure);
    assert_eq!(c.confidence, Confidence::High, "a live check confirms it");
    assert!(
        c.next_actions
            .iter()
            .any(|a| a.code == "contact_aws_support")
    );
    assert!(
        c.next_actions
            .iter()
            .any(|a| a.code == "stop_start_instance")
    );
}

#[test]
fn live_checks_confirm_or_contradict_the_trigger() {
    let alarm = |state: &str| {
        let raw = format!(
            r#"{{"version":"0","id":"e1","detail-type":"CloudWatch Alarm State Change","source":"aws.cloudwatch","account":"123456789012","time":"2026-11-25T01:05:12Z","region":"ap-northeast-1","resources":["arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:sys"],"detail":{{"alarmName":"sys","state":{{"value":"{state}","timestamp":"2026-11-25T01:05:12.345+0000"}},"configuration":{{"metrics":[{{"id":"m1","metricStat":{{"metric":{{"namespace":"AWS/EC2","name":"StatusCheckFailed_System","dimensions":{{"InstanceId":"{EC2}"}}}},"period":60,"stat":"Maximum"}},"returnData":true}}]}}}}}}"#
        );
        intake(
            raw.as_bytes(),
            Utc.with_ymd_and_hms(2026, 11, 25, 1, 6, 0).unwrap(),
        )
        .unwrap()
    };
    // Trigger alone: medium.
    assert_eq!(run(alarm("ALARM"), vec![]).confidence, Confidence::Medium);
    // Confirmed by DescribeInstanceStatus: high.
    let c = run(
        alarm("ALARM"),
        vec![bad(
            Check::SystemStatus,
            Symptom::SystemStatusImpaired { since: None },
        )],
    );
    assert_eq!(
        (c.verdict, c.confidence),
        (Verdict::AwsSide, Confidence::High)
    );
    // Contradicted (the API says ok now): still AWS side, but low confidence.
    let c = run(alarm("ALARM"), vec![ok(Check::SystemStatus)]);
    assert_eq!(
        (c.verdict, c.confidence),
        (Verdict::AwsSide, Confidence::Low)
    );
    // Back to OK and nothing abnormal: recovered, and the layer is the one that failed.
    let c = run(alarm("OK"), vec![ok(Check::SystemStatus)]);
    assert_eq!((c.verdict, c.responsible), (Verdict::Recovered, Party::Aws));
    // Back to OK but a live check still fails: not recovered.
    let c = run(
        alarm("OK"),
        vec![bad(
            Check::InstanceStatus,
            Symptom::InstanceStatusImpaired { since: None },
        )],
    );
    assert_eq!(c.verdict, Verdict::Instance);
}

#[test]
fn scope_answers_some_servers_or_the_whole_system() {
    let siblings_in = |impaired, total, stopped, zone: Option<&str>| {
        run(
            ec2(),
            vec![
                bad(
                    Check::InstanceStatus,
                    Symptom::InstanceStatusImpaired { since: None },
                ),
                bad(
                    Check::SiblingResources,
                    Symptom::SiblingsImpaired {
                        group: "System=shop".into(),
                        impaired,
                        total,
                        stopped,
                        zone: zone.map(str::to_owned),
                    },
                ),
            ],
        )
        .scope
    };
    let siblings = |impaired, total| siblings_in(impaired, total, 0, None);
    assert_eq!(siblings(1, 5), Scope::OneResource);
    // Stopped servers are not impaired: the other three running are all impaired.
    assert_eq!(siblings_in(3, 5, 2, None), Scope::WholeSystem);
    assert_eq!(
        siblings_in(2, 5, 0, Some("ap-northeast-1a")),
        Scope::AvailabilityZone
    );
    assert_eq!(siblings(2, 5), Scope::PartOfGroup);
    assert_eq!(siblings(5, 5), Scope::WholeSystem);
    let public = run(
        ec2(),
        vec![Finding::abnormal(
            Check::HealthPublicEvents,
            None,
            health(
                HealthCategory::Issue,
                HealthStatus::Open,
                true,
                "AWS_EC2_OPERATIONAL_ISSUE",
            ),
        )],
    );
    assert_eq!(
        (public.verdict, public.scope),
        (Verdict::AwsSide, Scope::RegionOrService)
    );
    assert_eq!(run(ec2(), vec![]).scope, Scope::OneResource);
}

#[test]
fn health_categories_and_statuses() {
    let live = |category, status| {
        run(
            ec2(),
            vec![Finding::abnormal(
                Check::HealthAccountEvents,
                None,
                health(category, status, false, "AWS_EC2_OPERATIONAL_ISSUE"),
            )],
        )
    };
    let investigation = live(HealthCategory::Investigation, HealthStatus::Open);
    assert_eq!(investigation.verdict, Verdict::AwsSide);
    assert!(
        investigation.confidence <= Confidence::Medium,
        "an investigation is a weak signal"
    );
    assert_eq!(
        live(HealthCategory::Issue, HealthStatus::Closed).verdict,
        Verdict::Inconclusive,
        "a closed issue found by a check is history"
    );
    assert_eq!(
        live(HealthCategory::AccountNotification, HealthStatus::Open).verdict,
        Verdict::Inconclusive,
        "a notice a check finds while something else fired is context, not the verdict"
    );
}

#[test]
fn nothing_found_with_a_healthy_user_side_asks_aws() {
    // The method: not every AWS-side fault is published; confirm with AWS Support.
    let healthy = run(
        ec2(),
        vec![
            Finding::normal(Check::InstanceStatus, Some("i-0a1b2c3d4e5f67890")),
            Finding::normal(Check::SystemStatus, Some("i-0a1b2c3d4e5f67890")),
        ],
    );
    assert_eq!(healthy.verdict, Verdict::Inconclusive);
    let case = healthy.support_case.expect("a case that asks");
    assert!(case.body.contains("no fault on our side"), "{}", case.body);
    assert!(case.body.contains("screenshots"), "{}", case.body);
    assert!(
        healthy
            .next_actions
            .iter()
            .any(|a| a.code == "ask_aws_support")
    );
    // Unhealthy or unchecked user side: nothing to ask yet.
    assert!(run(ec2(), vec![]).support_case.is_none());
}

#[test]
fn checks_that_could_not_run_are_listed_and_the_verdict_still_comes() {
    let reasons = [
        UnavailableReason::AccessDenied,
        UnavailableReason::SubscriptionRequired,
        UnavailableReason::Throttled,
        UnavailableReason::Timeout,
        UnavailableReason::NotConfigured,
        UnavailableReason::Error,
    ];
    let mut findings: Vec<Finding> = reasons
        .iter()
        .map(|r| Finding::unavailable(Check::HealthAccountEvents, None, *r, "from the API"))
        .collect();
    findings.push(bad(
        Check::InstanceStatus,
        Symptom::InstanceStatusImpaired { since: None },
    ));
    let c = run(ec2(), findings);
    assert_eq!(c.verdict, Verdict::Instance);
    let listed: Vec<UnavailableReason> = c.unavailable.iter().map(|u| u.reason).collect();
    assert_eq!(listed, reasons);
    assert!(c.next_actions.iter().any(|a| a.code == "grant_permissions"));
    assert!(
        c.next_actions
            .iter()
            .any(|a| a.code == "check_health_dashboard"),
        "subscription_required points to the console"
    );
}

#[test]
fn offline_reports_every_planned_check_as_not_run() {
    let incident = ec2();
    let findings = kiriwake_core::plan::offline_findings(&incident);
    let c = run(incident, findings);
    assert_eq!(c.verdict, Verdict::Inconclusive);
    assert_eq!(c.unavailable.len(), 13);
    assert!(
        c.unavailable
            .iter()
            .all(|u| u.reason == UnavailableReason::NotRun)
    );
    for step in kiriwake_core::Step::ALL {
        assert!(
            c.unavailable.iter().any(|u| u.step == step),
            "{step:?} has a check"
        );
    }
    assert!(c.next_actions.iter().any(|a| a.code == "run_live_checks"));
}

#[test]
fn every_supported_cause_contributes_its_actions_once() {
    let c = run(
        ec2(),
        vec![
            bad(
                Check::SystemStatus,
                Symptom::SystemStatusImpaired { since: None },
            ),
            bad(
                Check::ScheduledEvents,
                Symptom::ScheduledEvent {
                    code: "instance-retirement".into(),
                    description: None,
                    not_before: Some(Utc.with_ymd_and_hms(2026, 12, 9, 0, 0, 0).unwrap()),
                },
            ),
        ],
    );
    assert_eq!(c.cause, Cause::HostFailure);
    let codes: Vec<&str> = c.next_actions.iter().map(|a| a.code.as_str()).collect();
    assert!(codes.contains(&"stop_start_instance"), "{codes:?}");
    assert!(codes.contains(&"stop_start_before_retirement"), "{codes:?}");
    assert_eq!(
        codes
            .iter()
            .filter(|c| **c == "contact_aws_support")
            .count(),
        1,
        "{codes:?}"
    );
    assert!(c.next_actions.iter().any(|a| a.text.contains("2026-12-09")));
}
