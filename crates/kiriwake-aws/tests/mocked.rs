//! What the local emulator cannot produce, at the SDK's operation level
//! (`aws-smithy-mocks`): error shapes (throttling, access denied, subscription required),
//! CloudWatch metrics (the Rust SDK speaks CBOR, the emulator does not) and AWS Health.
//! Timeouts use a real silent TCP server on 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use aws_smithy_mocks::{MockResponseInterceptor, RuleMode, create_mock_http_client, mock};

/// A client answering from `rules`; any other call fails (HTTP 418 from the mock HTTP
/// client), as a call to a service the test is not about should.
macro_rules! lenient_client {
    ($krate:ident, $rules:expr) => {{
        let mut interceptor = MockResponseInterceptor::new()
            .rule_mode(RuleMode::MatchAny)
            .allow_passthrough();
        for rule in $rules {
            interceptor = interceptor.with_rule(rule);
        }
        $krate::Client::from_conf(
            $krate::config::Config::builder()
                .with_test_defaults_v2()
                // These tests are about how answers map to findings, not retry timing.
                .retry_config(aws_smithy_types::retry::RetryConfig::disabled())
                .http_client(create_mock_http_client())
                .interceptor(interceptor)
                .build(),
        )
    }};
}
use chrono::Utc;
use kiriwake_aws::{Clients, Isolator, Settings};
use kiriwake_core::{Check, Finding, Incident, Step, Symptom, UnavailableReason, intake};

const EC2: &str = "i-0a1b2c3d4e5f67890";

fn incident(raw: &str) -> Incident {
    intake(raw.as_bytes(), Utc::now()).unwrap()
}

fn ec2_incident() -> Incident {
    incident(&format!(
        r#"{{"resource":"{EC2}","region":"ap-northeast-1"}}"#
    ))
}

fn rds_incident() -> Incident {
    incident(r#"{"resource":"orders-db","kind":"rds_db_instance","region":"ap-northeast-1"}"#)
}

fn meta(code: &str) -> aws_sdk_ec2::error::ErrorMetadata {
    aws_sdk_ec2::error::ErrorMetadata::builder()
        .code(code)
        .message(format!("{code} from the test"))
        .build()
}

/// Mocked clients: each service answers from its rules and fails every other call.
struct Mocks {
    ec2: Vec<aws_smithy_mocks::Rule>,
    cloudwatch: Vec<aws_smithy_mocks::Rule>,
    health: Vec<aws_smithy_mocks::Rule>,
    logs: Vec<aws_smithy_mocks::Rule>,
    rds: Vec<aws_smithy_mocks::Rule>,
}

impl Mocks {
    fn new() -> Self {
        Mocks {
            ec2: vec![],
            cloudwatch: vec![],
            health: vec![],
            logs: vec![],
            rds: vec![],
        }
    }

    fn clients(&self) -> Clients {
        Clients {
            ec2: lenient_client!(aws_sdk_ec2, &self.ec2),
            rds: lenient_client!(aws_sdk_rds, &self.rds),
            cloudwatch: lenient_client!(aws_sdk_cloudwatch, &self.cloudwatch),
            logs: lenient_client!(aws_sdk_cloudwatchlogs, &self.logs),
            health: lenient_client!(aws_sdk_health, &self.health),
            cloudtrail: lenient_client!(aws_sdk_cloudtrail, &Vec::<aws_smithy_mocks::Rule>::new()),
            sns: lenient_client!(aws_sdk_sns, &Vec::<aws_smithy_mocks::Rule>::new()),
        }
    }

    fn isolator(&self) -> Isolator {
        let settings = Settings {
            call_timeout: Duration::from_secs(2),
            ..Settings::default()
        };
        Isolator::new(self.clients(), settings)
    }
}

fn reason_of(findings: &[Finding], check: Check) -> Option<UnavailableReason> {
    findings
        .iter()
        .find(|f| f.check == check)
        .and_then(|f| match &f.outcome {
            kiriwake_core::Outcome::Unavailable { reason, .. } => Some(*reason),
            _ => None,
        })
}

#[tokio::test]
async fn api_errors_become_the_reasons_people_read() {
    use aws_sdk_ec2::operation::describe_instance_status::DescribeInstanceStatusError;
    use aws_sdk_ec2::operation::describe_instances::DescribeInstancesError;
    use aws_sdk_health::operation::describe_events::DescribeEventsError;

    let mut m = Mocks::new();
    m.ec2.push(
        mock!(aws_sdk_ec2::Client::describe_instance_status)
            .sequence()
            .error(|| DescribeInstanceStatusError::generic(meta("RequestLimitExceeded")))
            .repeatedly()
            .build(),
    );
    m.ec2.push(
        mock!(aws_sdk_ec2::Client::describe_instances)
            .sequence()
            .error(|| DescribeInstancesError::generic(meta("UnauthorizedOperation")))
            .repeatedly()
            .build(),
    );
    m.health.push(
        mock!(aws_sdk_health::Client::describe_events)
            .sequence()
            .error(|| DescribeEventsError::generic(meta("AccessDeniedException")))
            .repeatedly()
            .build(),
    );
    let isolator = m.isolator();
    let findings = isolator.all_steps(&ec2_incident()).await;

    assert_eq!(
        reason_of(&findings, Check::InstanceStatus),
        Some(UnavailableReason::Throttled)
    );
    assert_eq!(
        reason_of(&findings, Check::SystemStatus),
        Some(UnavailableReason::Throttled)
    );
    assert_eq!(
        reason_of(&findings, Check::SiblingResources),
        Some(UnavailableReason::AccessDenied)
    );
    assert_eq!(
        reason_of(&findings, Check::VpnTunnels),
        Some(UnavailableReason::AccessDenied)
    );
    assert_eq!(
        reason_of(&findings, Check::HealthAccountEvents),
        Some(UnavailableReason::AccessDenied)
    );
    let detail = findings
        .iter()
        .find(|f| f.check == Check::InstanceStatus)
        .map(|f| format!("{:?}", f.outcome))
        .unwrap();
    assert!(detail.contains("RequestLimitExceeded"), "{detail}");

    // The classification still comes, lists every check that could not run, and notifies.
    let c = kiriwake_core::classify(ec2_incident(), findings, &isolator.settings.core);
    assert!(c.unavailable.len() >= 8);
    assert!(c.next_actions.iter().any(|a| a.code == "grant_permissions"));
    assert!(
        kiriwake_core::render::notification(&c)
            .body
            .contains("throttled")
    );
}

#[tokio::test]
async fn subscription_required_is_said_once_and_not_asked_again() {
    use aws_sdk_health::operation::describe_events::DescribeEventsError;
    let mut m = Mocks::new();
    let rule = mock!(aws_sdk_health::Client::describe_events)
        .sequence()
        .error(|| DescribeEventsError::generic(meta("SubscriptionRequiredException")))
        .repeatedly()
        .build();
    m.health.push(rule.clone());
    let isolator = m.isolator();
    for round in 0..3 {
        let findings = isolator.run_step(Step::AwsSide, &ec2_incident()).await;
        let health: Vec<&Finding> = findings
            .iter()
            .filter(|f| {
                matches!(
                    f.check,
                    Check::HealthAccountEvents | Check::HealthPublicEvents
                )
            })
            .collect();
        assert_eq!(health.len(), 1, "round {round}: one line, not two");
        assert_eq!(
            reason_of(&findings, Check::HealthAccountEvents),
            Some(UnavailableReason::SubscriptionRequired)
        );
    }
    assert_eq!(
        rule.num_calls(),
        1,
        "no retries and no second call in this execution environment"
    );
    let c = kiriwake_core::classify(
        ec2_incident(),
        isolator.run_step(Step::AwsSide, &ec2_incident()).await,
        &isolator.settings.core,
    );
    assert!(
        c.next_actions
            .iter()
            .any(|a| a.code == "check_health_dashboard")
    );
}

#[tokio::test]
async fn health_events_for_the_resource_and_public_issues() {
    use aws_sdk_health::operation::describe_affected_entities::DescribeAffectedEntitiesOutput;
    use aws_sdk_health::operation::describe_event_details::DescribeEventDetailsOutput;
    use aws_sdk_health::operation::describe_events::DescribeEventsOutput;
    use aws_sdk_health::types::{
        AffectedEntity, Event, EventDescription, EventDetails, EventScopeCode, EventStatusCode,
        EventTypeCategory,
    };

    let account_arn =
        "arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/1";
    let other_arn =
        "arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/2";
    let public_arn = "arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/3";
    let event = |arn: &str, code: &str, cat: EventTypeCategory, scope: EventScopeCode| {
        Event::builder()
            .arn(arn)
            .service("EC2")
            .event_type_code(code)
            .event_type_category(cat)
            .event_scope_code(scope)
            .status_code(EventStatusCode::Open)
            .region("ap-northeast-1")
            .build()
    };
    let mut m = Mocks::new();
    m.health.push(
        mock!(aws_sdk_health::Client::describe_events).then_output(move || {
            DescribeEventsOutput::builder()
                .events(event(
                    account_arn,
                    "AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED",
                    EventTypeCategory::ScheduledChange,
                    EventScopeCode::AccountSpecific,
                ))
                .events(event(
                    other_arn,
                    "AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED",
                    EventTypeCategory::ScheduledChange,
                    EventScopeCode::AccountSpecific,
                ))
                .events(event(
                    public_arn,
                    "AWS_EC2_OPERATIONAL_ISSUE",
                    EventTypeCategory::Issue,
                    EventScopeCode::Public,
                ))
                .build()
        }),
    );
    m.health.push(
        mock!(aws_sdk_health::Client::describe_affected_entities)
            .match_requests(|r| {
                r.filter()
                    .is_some_and(|f| f.entity_values().contains(&EC2.to_owned()))
            })
            .then_output(move || {
                DescribeAffectedEntitiesOutput::builder()
                    .entities(
                        AffectedEntity::builder()
                            .event_arn(account_arn)
                            .entity_value(EC2)
                            .build(),
                    )
                    .build()
            }),
    );
    m.health.push(
        mock!(aws_sdk_health::Client::describe_event_details).then_output(move || {
            DescribeEventDetailsOutput::builder()
                .successful_set(
                    EventDetails::builder()
                        .event(Event::builder().arn(account_arn).build())
                        .event_description(
                            EventDescription::builder()
                                .latest_description(
                                    "EC2 has detected degradation of the underlying hardware",
                                )
                                .build(),
                        )
                        .build(),
                )
                .build()
        }),
    );
    let findings = m.isolator().run_step(Step::AwsSide, &ec2_incident()).await;
    let health: Vec<&Finding> = findings
        .iter()
        .filter(|f| {
            f.symptom()
                .is_some_and(|s| matches!(s, Symptom::HealthEvent(_)))
        })
        .collect();
    assert_eq!(
        health.len(),
        2,
        "the resource's event and the public issue; not the other instance's: {health:?}"
    );
    assert!(health.iter().any(|f| f.check == Check::HealthAccountEvents
        && f.evidence.iter().any(|e| e.value.contains("degradation"))));
    assert!(health.iter().any(|f| f.check == Check::HealthPublicEvents));
    let c = kiriwake_core::classify(ec2_incident(), findings, &Settings::default().core);
    assert_eq!(c.verdict, kiriwake_core::Verdict::AwsSide);
    assert_eq!(
        c.scope,
        kiriwake_core::Scope::RegionOrService,
        "an open public issue widens the scope"
    );
}

#[tokio::test]
async fn metrics_are_judged_against_thresholds() {
    use aws_sdk_cloudwatch::operation::get_metric_data::GetMetricDataOutput;
    use aws_sdk_cloudwatch::types::MetricDataResult;
    let mut m = Mocks::new();
    m.cloudwatch.push(
        mock!(aws_sdk_cloudwatch::Client::get_metric_data).then_output(|| {
            GetMetricDataOutput::builder()
                .metric_data_results(
                    MetricDataResult::builder()
                        .id("cpu")
                        .values(35.0)
                        .values(41.5)
                        .build(),
                )
                .metric_data_results(
                    MetricDataResult::builder()
                        .id("mem")
                        .values(88.0)
                        .values(97.2)
                        .build(),
                )
                .metric_data_results(MetricDataResult::builder().id("disk").build())
                .build()
        }),
    );
    let findings = m.isolator().run_step(Step::UserSide, &ec2_incident()).await;
    let usage: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.check == Check::ResourceUsage)
        .collect();
    assert_eq!(
        usage.len(),
        1,
        "only memory is over its threshold: {usage:?}"
    );
    match usage[0].symptom() {
        Some(Symptom::ResourcePressure {
            resource_class,
            value,
            threshold,
            ..
        }) => {
            assert_eq!(
                *resource_class,
                kiriwake_core::finding::ResourceClass::Memory
            );
            assert_eq!((*value, *threshold), (Some(97.2), Some(90.0)));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        usage[0]
            .evidence
            .iter()
            .any(|e| e.label.starts_with("disk_used_percent") && e.value.contains("not published"))
    );

    // RDS: free storage below 2 GiB.
    let mut m = Mocks::new();
    m.cloudwatch.push(
        mock!(aws_sdk_cloudwatch::Client::get_metric_data).then_output(|| {
            GetMetricDataOutput::builder()
                .metric_data_results(
                    MetricDataResult::builder()
                        .id("storage")
                        .values(5.0 * 1024.0 * 1024.0 * 1024.0)
                        .values(512.0 * 1024.0 * 1024.0)
                        .build(),
                )
                .metric_data_results(MetricDataResult::builder().id("cpu").values(12.0).build())
                .build()
        }),
    );
    let findings = m.isolator().run_step(Step::UserSide, &rds_incident()).await;
    assert!(findings.iter().any(|f| matches!(f.symptom(), Some(Symptom::ResourcePressure { resource_class: kiriwake_core::finding::ResourceClass::Storage, value: Some(v), .. }) if (*v - 0.5).abs() < 1e-9)));
}

#[tokio::test]
async fn a_silent_endpoint_times_out_within_the_limit() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    // Accept and hold every connection without answering, until the test ends.
    let server = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(&url)
        .region(aws_config::Region::new("ap-northeast-1"))
        .credentials_provider(aws_sdk_ec2::config::Credentials::new(
            "test", "test", None, None, "test",
        ))
        .load()
        .await;
    let settings = Settings {
        call_timeout: Duration::from_millis(500),
        probe_endpoints: vec![url.trim_start_matches("http://").to_owned()],
        ..Settings::default()
    };
    let isolator = Isolator::new(Clients::from_conf(&conf), settings);
    let started = Instant::now();
    let findings = isolator.all_steps(&ec2_incident()).await;
    let took = started.elapsed();
    server.abort();
    assert!(took < Duration::from_secs(3), "bounded: took {took:?}");
    for check in [
        Check::InstanceStatus,
        Check::SystemStatus,
        Check::ResourceUsage,
        Check::HealthAccountEvents,
        Check::VpnTunnels,
    ] {
        assert_eq!(
            reason_of(&findings, check),
            Some(UnavailableReason::Timeout),
            "{check:?}"
        );
    }
    // The TCP probe connects (the server accepts): reachable.
    assert!(
        findings
            .iter()
            .any(|f| f.check == Check::EndpointReachability
                && f.outcome == kiriwake_core::Outcome::Normal)
    );
    let c = kiriwake_core::classify(ec2_incident(), findings, &isolator.settings.core);
    assert_eq!(c.verdict, kiriwake_core::Verdict::Inconclusive);
    assert!(
        kiriwake_core::render::notification(&c)
            .body
            .contains("timed out")
    );
}

#[tokio::test]
async fn an_unreachable_endpoint_is_an_outside_aws_finding() {
    // A port nothing listens on: bind, note the port, close.
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let f = kiriwake_aws::reach::probe(&addr.to_string(), Duration::from_millis(500)).await;
    assert!(
        matches!(f.symptom(), Some(Symptom::EndpointUnreachable { .. })),
        "{f:?}"
    );
}

#[tokio::test]
async fn an_html_500_from_an_emulator_or_proxy_is_an_unavailable_check() {
    use aws_smithy_runtime_api::http::{Response, StatusCode};
    use aws_smithy_types::body::SdkBody;
    let html = || {
        Response::new(
            StatusCode::try_from(500).unwrap(),
            SdkBody::from("<!doctype html><title>500 Internal Server Error</title>"),
        )
    };
    let mut m = Mocks::new();
    m.ec2.push(
        mock!(aws_sdk_ec2::Client::describe_instance_status)
            .sequence()
            .http_response(html)
            .repeatedly()
            .build(),
    );
    let isolator = m.isolator();
    let findings = isolator.run_step(Step::AwsSide, &ec2_incident()).await;
    let system = findings
        .iter()
        .find(|f| f.check == Check::SystemStatus)
        .unwrap();
    match &system.outcome {
        kiriwake_core::Outcome::Unavailable { reason, detail } => {
            assert_eq!(*reason, UnavailableReason::Error);
            assert_eq!(
                *detail,
                kiriwake_core::Detail::Known(kiriwake_core::Hint::NotThisService {
                    status: Some(500)
                })
            );
            let ja = (kiriwake_core::Lang::Ja).words().detail(detail);
            assert!(ja.contains("HTTP 500") && ja.contains("応答"), "{ja}");
        }
        other => panic!("{other:?}"),
    }
    let c = kiriwake_core::classify(ec2_incident(), findings, &isolator.settings.core);
    let n = kiriwake_core::render::notification(&c);
    assert!(n.body.contains("Could not check:") && n.body.contains("system status check"));
}

#[tokio::test]
async fn a_composite_alarm_is_read_through_its_children() {
    use aws_sdk_cloudwatch::operation::describe_alarms::DescribeAlarmsOutput;
    use aws_sdk_cloudwatch::types::{Dimension, MetricAlarm, StateValue};

    let mut m = Mocks::new();
    m.cloudwatch.push(
        mock!(aws_sdk_cloudwatch::Client::describe_alarms)
            .match_requests(|r| {
                r.alarm_names() == ["shop-alb-5xx-rate", "shop-app-errors"]
            })
            .then_output(|| {
                DescribeAlarmsOutput::builder()
                    .metric_alarms(
                        MetricAlarm::builder()
                            .alarm_name("shop-alb-5xx-rate")
                            .namespace("AWS/EC2")
                            .metric_name("CPUUtilization")
                            .dimensions(Dimension::builder().name("InstanceId").value(EC2).build())
                            .state_value(StateValue::Alarm)
                            .state_reason("Threshold Crossed: 1 out of the last 1 datapoints [99.0 (25/11/26 01:04:00)] was greater than the threshold (90.0).")
                            .build(),
                    )
                    .metric_alarms(
                        MetricAlarm::builder()
                            .alarm_name("shop-app-errors")
                            .namespace("Shop")
                            .metric_name("Errors")
                            .state_value(StateValue::Ok)
                            .build(),
                    )
                    .build()
            }),
    );
    let raw = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../events/alarm-composite-inconclusive.json"),
    )
    .unwrap();
    let incident = incident(&raw);
    let findings = m.isolator().user_side(&incident).await;
    let children: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.check == Check::ChildAlarms)
        .collect();
    assert_eq!(children.len(), 2, "{children:?}");
    assert!(children.iter().any(|f| f.resource.as_deref() == Some(EC2)
        && matches!(
            f.symptom(),
            Some(kiriwake_core::Symptom::ResourcePressure { .. })
        )));
    assert!(children.iter().any(|f| {
        f.outcome == kiriwake_core::Outcome::Normal
            && f.evidence
                .iter()
                .any(|e| e.value == "shop-app-errors is OK")
    }));
    // The composite now says what its child says: the instance's CPU.
    let c = kiriwake_core::classify(incident, findings, &kiriwake_core::Config::default());
    assert_eq!(c.verdict, kiriwake_core::Verdict::Instance, "{:?}", c.cause);
}
