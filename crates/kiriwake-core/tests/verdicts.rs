//! Verdicts a senior SRE would sign, one row per rule: a cause outranks a symptom; an alarm's
//! reason and direction are read; metric math by what it returns; AWS Health by category and
//! actionability (watch for what is no fault); RDS by documented event ID; who acts for
//! every kind of resource. Each row runs in English and in Japanese.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{TimeZone, Utc};
use kiriwake_core::finding::{Change, ResourceClass};
use kiriwake_core::render::{code, notification};
use kiriwake_core::{
    Check, Classification, Config, Finding, Lang, Party, Symptom, Verdict, classify, intake,
};
use serde_json::{Value, json};

const EC2: &str = "i-0a1b2c3d4e5f67890";

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 1, 10, 0).unwrap()
}

/// A CloudWatch alarm state change as EventBridge delivers it.
fn alarm(reason: &str, metrics: Value) -> Value {
    json!({
        "version": "0", "id": "9b1a5a3e-1111-4c7e-9a1b-2f6d8e9c0a11",
        "detail-type": "CloudWatch Alarm State Change", "source": "aws.cloudwatch",
        "account": "123456789012", "time": "2026-11-25T01:05:12Z", "region": "ap-northeast-1",
        "resources": ["arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:web-1-alarm"],
        "detail": {
            "alarmName": "web-1-alarm",
            "state": {"value": "ALARM", "reason": reason, "timestamp": "2026-11-25T01:05:12.345+0000"},
            "previousState": {"value": "OK", "timestamp": "2026-11-24T22:10:00.000+0000"},
            "configuration": {"metrics": metrics}
        }
    })
}

fn metric(id: &str, namespace: &str, name: &str, return_data: bool) -> Value {
    json!({"id": id, "returnData": return_data, "metricStat": {
        "metric": {"namespace": namespace, "name": name, "dimensions": {"InstanceId": EC2}},
        "period": 60, "stat": "Average"}})
}

fn expression(id: &str, expression: &str) -> Value {
    json!({"id": id, "expression": expression, "returnData": true})
}

const ABOVE: &str = "Threshold Crossed: 1 out of the last 1 datapoints [97.0 (25/11/26 01:04:00)] was greater than the threshold (90.0) (minimum 1 datapoint for OK -> ALARM transition).";
const BELOW: &str = "Threshold Crossed: 1 out of the last 1 datapoints [0.5 (25/11/26 01:04:00)] was less than the threshold (5.0) (minimum 1 datapoint for OK -> ALARM transition).";
const MISSING: &str = "Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].";
const ANOMALY: &str = "Thresholds Crossed: 1 out of the last 1 datapoints [97.0 (25/11/26 01:04:00)] was less than the lower thresholds [10.0] or greater than the upper thresholds [60.0] (minimum 1 datapoint for OK -> ALARM transition).";
const SPARSE: &str = "Threshold Crossed: 1 out of the last 20 datapoints [97.0 (25/11/26 01:04:00)] was greater than or equal to the threshold (90.0) and 19 missing datapoints were treated as [NonBreaching].";

trait WithReasonData {
    fn with_reason_data(self, data: Value) -> Value;
}

impl WithReasonData for Value {
    /// `reasonData` is a JSON string in the event.
    fn with_reason_data(mut self, data: Value) -> Value {
        self["detail"]["state"]["reasonData"] = json!(data.to_string());
        self
    }
}

fn ok_alarm() -> Value {
    let mut a = alarm(
        BELOW,
        json!([metric("m1", "AWS/EC2", "StatusCheckFailed_System", true)]),
    );
    a["detail"]["state"]["value"] = json!("OK");
    a
}

fn change(deployment: bool) -> Finding {
    Finding::abnormal(
        Check::RecentChanges,
        Some(EC2),
        Symptom::RecentChanges {
            changes: vec![Change {
                event: if deployment {
                    "UpdateFunctionCode20150331v2"
                } else {
                    "AuthorizeSecurityGroupIngress"
                }
                .into(),
                by: Some("alice".into()),
                at: now() - chrono::Duration::hours(2),
                resource: "sg-0a1b2c3d".into(),
                deployment,
            }],
        },
    )
}

fn app_log_errors() -> Finding {
    Finding::abnormal(
        Check::ApplicationLogs,
        Some(EC2),
        Symptom::LogErrors {
            count: 3,
            samples: vec!["ERROR checkout failed".into()],
        },
    )
}

fn os_log_errors() -> Finding {
    Finding::abnormal(
        Check::OsLogs,
        Some(EC2),
        Symptom::LogErrors {
            count: 1,
            samples: vec!["kernel: error".into()],
        },
    )
}

fn cpu_pressure() -> Finding {
    Finding::abnormal(
        Check::ResourceUsage,
        Some(EC2),
        Symptom::ResourcePressure {
            metric: "CPUUtilization".into(),
            resource_class: ResourceClass::Cpu,
            value: Some(100.0),
            threshold: Some(90.0),
        },
    )
}

fn retirement() -> Finding {
    Finding::abnormal(
        Check::ScheduledEvents,
        Some(EC2),
        Symptom::ScheduledEvent {
            code: "instance-retirement".into(),
            description: None,
            not_before: Some(now() + chrono::Duration::days(20)),
        },
    )
}

fn one_tunnel_down() -> Finding {
    Finding::abnormal(
        Check::VpnTunnels,
        Some("vpn-0a1b2c3d"),
        Symptom::VpnTunnelsDown {
            vpn_id: "vpn-0a1b2c3d".into(),
            down: 1,
            total: 2,
        },
    )
}

/// An AWS Health event as EventBridge delivers it.
fn health(category: &str, type_code: &str, service: &str, entities: &[&str]) -> Value {
    let entities: Vec<Value> = entities.iter().map(|e| json!({"entityValue": e})).collect();
    json!({
        "version": "0", "id": "7bf73129-1428-4cd3-a780-95db273d1602",
        "detail-type": "AWS Health Event", "source": "aws.health",
        "account": "123456789012", "time": "2026-11-25T01:00:00Z", "region": "ap-northeast-1",
        "resources": [],
        "detail": {
            "eventArn": format!("arn:aws:health:ap-northeast-1::event/{service}/{type_code}/{type_code}_1"),
            "service": service, "eventTypeCode": type_code, "eventTypeCategory": category,
            "eventScopeCode": "ACCOUNT_SPECIFIC", "statusCode": "open",
            "startTime": "Wed, 25 Nov 2026 00:55:00 GMT",
            "eventDescription": [{"language": "en_US", "latestDescription": "…"}],
            "affectedEntities": entities
        }
    })
}

/// An RDS event as EventBridge delivers it.
fn rds(event_id: Option<&str>, category: &str, message: &str, cluster: bool) -> Value {
    let (detail_type, source_type, arn) = if cluster {
        (
            "RDS DB Cluster Event",
            "CLUSTER",
            "arn:aws:rds:ap-northeast-1:123456789012:cluster:orders",
        )
    } else {
        (
            "RDS DB Instance Event",
            "DB_INSTANCE",
            "arn:aws:rds:ap-northeast-1:123456789012:db:orders-db",
        )
    };
    let mut detail = json!({"EventCategories": [category], "SourceType": source_type,
        "SourceArn": arn, "SourceIdentifier": arn.rsplit(':').next(), "Date": "2026-11-25T01:00:00.000Z",
        "Message": message});
    if let Some(id) = event_id {
        detail["EventID"] = json!(id);
    }
    json!({"version": "0", "id": "3a9c0d4e-5b6f-4a7b-8c9d-0e1f2a3b4c5e", "detail-type": detail_type,
        "source": "aws.rds", "account": "123456789012", "time": "2026-11-25T01:00:00Z",
        "region": "ap-northeast-1", "resources": [arn], "detail": detail})
}

/// An EC2 instance state-change notification.
fn ec2_state(state: &str) -> Value {
    json!({"version": "0", "id": "7bf73129-1428-4cd3-a780-95db273d1602",
        "detail-type": "EC2 Instance State-change Notification", "source": "aws.ec2",
        "account": "123456789012", "time": "2026-11-25T01:00:00Z", "region": "ap-northeast-1",
        "resources": ["arn:aws:ec2:ap-northeast-1:123456789012:instance/i-0123456789abcdef0"],
        "detail": {"instance-id": "i-0123456789abcdef0", "state": state}})
}

fn run(event: &Value, live: &[Finding], lang: Lang) -> Classification {
    let incident = intake(event.to_string().as_bytes(), now()).unwrap();
    classify(incident, live.to_vec(), &Config::for_lang(lang))
}

/// The cause's wire name, as the JSON output carries it.
fn cause_code(c: &Classification) -> String {
    serde_json::to_value(c).unwrap()["cause"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn vpn_down() -> Finding {
    Finding::abnormal(
        Check::VpnTunnels,
        Some("vpn-0a1b2c3d"),
        Symptom::VpnTunnelsDown {
            vpn_id: "vpn-0a1b2c3d".into(),
            down: 2,
            total: 2,
        },
    )
}

fn instance_impaired() -> Finding {
    Finding::abnormal(
        Check::InstanceStatus,
        Some(EC2),
        Symptom::InstanceStatusImpaired { since: None },
    )
}

struct Row {
    name: &'static str,
    event: Value,
    live: Vec<Finding>,
    verdict: Verdict,
    responsible: Party,
    /// The classification's `cause` code.
    cause: &'static str,
}

fn row(
    name: &'static str,
    event: Value,
    live: Vec<Finding>,
    want: (Verdict, Party, &'static str),
) -> Row {
    Row {
        name,
        event,
        live,
        verdict: want.0,
        responsible: want.1,
        cause: want.2,
    }
}

fn rows() -> Vec<Row> {
    use Party::*;
    use Verdict::*;
    let cpu = || json!([metric("m1", "AWS/EC2", "CPUUtilization", true)]);
    let network_in = || json!([metric("m1", "AWS/EC2", "NetworkIn", true)]);
    let alb_5xx = || {
        json!([metric(
            "m1",
            "AWS/ApplicationELB",
            "HTTPCode_Target_5XX_Count",
            true
        )])
    };
    vec![
        // 1. A cause outranks a symptom.
        row(
            "throughput alarm, both VPN tunnels down ⇒ outside AWS",
            alarm(ABOVE, network_in()),
            vec![vpn_down()],
            (OutsideAws, Outside, "vpn_down"),
        ),
        row(
            "throughput alarm alone ⇒ a symptom, cause not found",
            alarm(ABOVE, network_in()),
            vec![],
            (Inconclusive, Unknown, "symptom_without_cause"),
        ),
        row(
            "5xx alarm, instance status impaired ⇒ instance",
            alarm(ABOVE, alb_5xx()),
            vec![instance_impaired()],
            (Instance, Customer, "instance_status_failed"),
        ),
        row(
            "5xx alarm alone ⇒ application",
            alarm(ABOVE, alb_5xx()),
            vec![],
            (Application, Customer, "application_error_metric"),
        ),
        row(
            "CPU above its threshold names a cause ⇒ instance",
            alarm(ABOVE, cpu()),
            vec![],
            (Instance, Customer, "resource_exhausted"),
        ),
        // The alarm's reason and direction.
        row(
            "CPU below its threshold is not exhaustion",
            alarm(BELOW, cpu()),
            vec![],
            (Inconclusive, Unknown, "load_dropped"),
        ),
        row(
            "free storage below its threshold is exhaustion",
            alarm(
                BELOW,
                json!([metric("m1", "AWS/RDS", "FreeStorageSpace", true)]),
            ),
            vec![],
            (Instance, Customer, "resource_exhausted"),
        ),
        row(
            "breaching on missing data ⇒ the metric stopped reporting",
            alarm(MISSING, cpu()),
            vec![],
            (Inconclusive, Unknown, "metric_stopped_reporting"),
        ),
        // 2. Metric math by meaning.
        row(
            "an expression over CPU and 5xx ⇒ mixed, the live checks decide",
            alarm(
                ABOVE,
                json!([
                    expression("e1", "m1 + m2"),
                    metric("m1", "AWS/EC2", "CPUUtilization", false),
                    metric(
                        "m2",
                        "AWS/ApplicationELB",
                        "HTTPCode_Target_5XX_Count",
                        false
                    )
                ]),
            ),
            vec![],
            (Inconclusive, Unknown, "mixed_signals"),
        ),
        row(
            "mixed metric math, instance impaired ⇒ instance",
            alarm(
                ABOVE,
                json!([
                    expression("e1", "m1 + m2"),
                    metric("m1", "AWS/EC2", "CPUUtilization", false),
                    metric(
                        "m2",
                        "AWS/ApplicationELB",
                        "HTTPCode_Target_5XX_Count",
                        false
                    )
                ]),
            ),
            vec![instance_impaired()],
            (Instance, Customer, "instance_status_failed"),
        ),
        row(
            "SUM(METRICS()) of network in and out ⇒ a symptom",
            alarm(
                ABOVE,
                json!([
                    expression("e1", "SUM(METRICS())"),
                    metric("m1", "AWS/EC2", "NetworkIn", false),
                    metric("m2", "AWS/EC2", "NetworkOut", false)
                ]),
            ),
            vec![],
            (Inconclusive, Unknown, "symptom_without_cause"),
        ),
        row(
            "the returned metric decides, not the first listed",
            alarm(
                ABOVE,
                json!([
                    metric("m1", "AWS/EC2", "NetworkIn", false),
                    metric("m2", "AWS/EC2", "CPUUtilization", true)
                ]),
            ),
            vec![],
            (Instance, Customer, "resource_exhausted"),
        ),
        row(
            "CloudWatch agent memory under a namespace of the user's ⇒ the OS's memory",
            alarm(
                ABOVE,
                json!([metric("m1", "MyCompany/Servers", "mem_used_percent", true)]),
            ),
            vec![],
            (Instance, Customer, "resource_exhausted"),
        ),
        // 3. AWS Health by category, service and actionability.
        row(
            "an issue on the account's instance ⇒ AWS side",
            health("issue", "AWS_EC2_OPERATIONAL_ISSUE", "EC2", &[EC2]),
            vec![],
            (AwsSide, Aws, "aws_service_issue"),
        ),
        row(
            "exposed credentials are the customer's ⇒ application, no case",
            health(
                "accountNotification",
                "AWS_RISK_CREDENTIALS_EXPOSED",
                "RISK",
                &["AKIAIOSFODNN7EXAMPLE"],
            ),
            vec![],
            (Application, Customer, "security_risk"),
        ),
        row(
            "an abuse report on an S3 bucket is the customer's",
            health(
                "issue",
                "AWS_ABUSE_S3_PHISHING_REPORT",
                "ABUSE",
                &["arn:aws:s3:::my-bucket"],
            ),
            vec![],
            (Application, Customer, "abuse_reported"),
        ),
        row(
            "planned maintenance ⇒ watch",
            health(
                "scheduledChange",
                "AWS_RDS_MAINTENANCE_SCHEDULED",
                "RDS",
                &["orders-db"],
            ),
            vec![],
            (Watch, Customer, "scheduled_maintenance"),
        ),
        row(
            "an end-of-support notice ⇒ watch",
            health(
                "accountNotification",
                "AWS_RDS_PLANNED_LIFECYCLE_EVENT",
                "RDS",
                &["orders-db"],
            ),
            vec![],
            (Watch, Customer, "notice"),
        ),
        row(
            "planned maintenance, yet the system check fails ⇒ AWS side",
            health(
                "scheduledChange",
                "AWS_EC2_SYSTEM_MAINTENANCE_EVENT",
                "EC2",
                &[EC2],
            ),
            vec![Finding::abnormal(
                Check::SystemStatus,
                Some(EC2),
                Symptom::SystemStatusImpaired { since: None },
            )],
            (AwsSide, Aws, "host_failure"),
        ),
        row(
            "instance-store drive degraded ⇒ AWS side, its own remedy",
            health(
                "issue",
                "AWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED",
                "EC2",
                &[EC2],
            ),
            vec![],
            (AwsSide, Aws, "instance_store_degraded"),
        ),
        row(
            "an EBS volume lost ⇒ AWS side, restore from a snapshot",
            health(
                "issue",
                "AWS_EBS_VOLUME_LOST",
                "EBS",
                &["vol-0a1b2c3d4e5f67890"],
            ),
            vec![],
            (AwsSide, Aws, "ebs_volume_lost"),
        ),
        row(
            "retirement scheduled: degraded hardware now ⇒ AWS side",
            health(
                "scheduledChange",
                "AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED",
                "EC2",
                &[EC2],
            ),
            vec![],
            (AwsSide, Aws, "degraded_hardware"),
        ),
        // 4. RDS by event ID.
        row(
            "0049 failover completed ⇒ recovered",
            rds(
                Some("RDS-EVENT-0049"),
                "failover",
                "Multi-AZ instance failover completed.",
                false,
            ),
            vec![],
            (Recovered, Unknown, "recovered"),
        ),
        row(
            "0013 failover started ⇒ AWS side",
            rds(
                Some("RDS-EVENT-0013"),
                "failover",
                "Multi-AZ instance failover started.",
                false,
            ),
            vec![],
            (AwsSide, Aws, "db_failover"),
        ),
        row(
            "0034 abandoned user-requested failover ⇒ watch (nothing happened)",
            rds(
                Some("RDS-EVENT-0034"),
                "failover",
                "Abandoning user requested failover since a failover recently occurred on the database instance.",
                false,
            ),
            vec![],
            (Watch, Customer, "notice"),
        ),
        row(
            "0420 KMS key reachable again (category failure) ⇒ recovered",
            rds(
                Some("RDS-EVENT-0420"),
                "failure",
                "RDS can now successfully access the KMS encryption key for database instance orders-db.",
                false,
            ),
            vec![],
            (Recovered, Unknown, "recovered"),
        ),
        row(
            "0418 KMS key unreachable ⇒ the customer's configuration",
            rds(
                Some("RDS-EVENT-0418"),
                "failure",
                "RDS is unable to access the KMS encryption key for database instance orders-db.",
                false,
            ),
            vec![],
            (Instance, Customer, "db_instance_status"),
        ),
        row(
            "0089 storage low ⇒ watch",
            rds(
                Some("RDS-EVENT-0089"),
                "low storage",
                "The free storage capacity for DB instance orders-db is low at 9% of the allocated storage.",
                false,
            ),
            vec![],
            (Watch, Customer, "approaching_limit"),
        ),
        row(
            "0087 stopped by a person ⇒ a change made",
            rds(
                Some("RDS-EVENT-0087"),
                "notification",
                "DB instance stopped.",
                false,
            ),
            vec![],
            (Instance, Customer, "change_made"),
        ),
        row(
            "0020 recovery started ⇒ AWS's managed layer",
            rds(
                Some("RDS-EVENT-0020"),
                "recovery",
                "Recovery of the DB instance has started.",
                false,
            ),
            vec![],
            (AwsSide, Aws, "rds_aws_fault"),
        ),
        row(
            "0173 cluster patched ⇒ watch",
            rds(
                Some("RDS-EVENT-0173"),
                "notification",
                "Database cluster has been patched",
                true,
            ),
            vec![],
            (Watch, Customer, "notice"),
        ),
        row(
            "0079 enhanced monitoring role ⇒ the customer's configuration",
            rds(
                Some("RDS-EVENT-0079"),
                "failure",
                "Amazon RDS has been unable to create credentials for enhanced monitoring.",
                false,
            ),
            vec![],
            (Instance, Customer, "rds_customer_fault"),
        ),
        row(
            "no EventID, a recovery that mentions the KMS key ⇒ recovered",
            rds(
                None,
                "notification",
                "RDS can now access the KMS key and the database has been restored.",
                false,
            ),
            vec![],
            (Recovered, Unknown, "recovered"),
        ),
        row(
            "no EventID, user-requested failover ⇒ a change made",
            rds(
                None,
                "failover",
                "A user requested failover was abandoned.",
                false,
            ),
            vec![],
            (Instance, Customer, "change_made"),
        ),
        // Strong evidence of any rule outranks weak evidence (a change someone made).
        row("throughput alarm, VPN down, a change hours before ⇒ still outside AWS", alarm(ABOVE, network_in()), vec![vpn_down(), change(false)], (OutsideAws, Outside, "vpn_down")),
        row("5xx alarm, application log errors, a change ⇒ application", alarm(ABOVE, alb_5xx()), vec![app_log_errors(), change(false)], (Application, Customer, "application_log_errors")),
        row("alarm back to OK, a change hours before ⇒ recovered", ok_alarm(), vec![change(false)], (Recovered, Aws, "recovered")),
        row("a change alone ⇒ the likeliest cause", alarm(ABOVE, network_in()), vec![change(false)], (Instance, Customer, "change_made")),
        row("a deployment alone ⇒ application", alarm(ABOVE, alb_5xx()), vec![change(true)], (Application, Customer, "recent_deployment")),
        row("disk full, a retirement scheduled weeks away ⇒ the disk", alarm(ABOVE, json!([metric("m1", "CWAgent", "disk_used_percent", true)])), vec![retirement()], (Instance, Customer, "resource_exhausted")),
        // The trigger decides for security and for notices.
        row("abuse from a busy instance ⇒ the abuse, not the CPU", health("issue", "AWS_ABUSE_DOS_REPORT", "ABUSE", &[EC2]), vec![cpu_pressure()], (Application, Customer, "abuse_reported")),
        row("planned maintenance, an OS log error ⇒ still watch", health("scheduledChange", "AWS_EC2_SYSTEM_MAINTENANCE_EVENT", "EC2", &[EC2]), vec![os_log_errors()], (Watch, Customer, "scheduled_maintenance")),
        // Anomaly bands and sparse metrics read by their data.
        row("anomaly band crossed upwards ⇒ exhaustion, not a load that went away", alarm(ANOMALY, json!([metric("m1", "AWS/EC2", "CPUUtilization", true), expression("ad1", "ANOMALY_DETECTION_BAND(m1, 2)")])).with_reason_data(json!({"recentDatapoints": [97.0], "recentLowerThresholds": [10.0], "recentUpperThresholds": [60.0]})), vec![], (Instance, Customer, "resource_exhausted")),
        row("a real breach with missing data NonBreaching ⇒ not a stopped metric", alarm(SPARSE, cpu()), vec![], (Instance, Customer, "resource_exhausted")),
        row("a canary's success rate falling ⇒ the application", alarm(BELOW, json!([metric("m1", "CloudWatchSynthetics", "SuccessPercent", true)])), vec![], (Application, Customer, "application_error_metric")),
        row("one VPN tunnel of two down, 5xx ⇒ the application, not the carrier", alarm(ABOVE, alb_5xx()), vec![one_tunnel_down()], (Application, Customer, "application_error_metric")),
        row("alarm back to OK, one VPN tunnel of two down ⇒ recovered, not the carrier", ok_alarm(), vec![one_tunnel_down()], (Recovered, Aws, "recovered")),
        row("one VPN tunnel of two down, nothing else ⇒ lost redundancy, outside AWS", alarm(ABOVE, network_in()), vec![one_tunnel_down()], (OutsideAws, Outside, "vpn_down")),
        row("RDS-EVENT-0004 shutdown ⇒ a change, not an AWS fault", rds(Some("RDS-EVENT-0004"), "availability", "DB instance shutdown.", false), vec![], (Instance, Customer, "change_made")),
        row("a degraded EBS volume ⇒ the volume's remedy", health("issue", "AWS_EBS_DEGRADED_EBS_VOLUME_PERFORMANCE", "EBS", &["vol-0a1b2c3d4e5f67890"]), vec![], (AwsSide, Aws, "ebs_storage_failure")),
        // An instance that stopped may start again; one terminated is gone.
        row("an instance stopped, nothing else known ⇒ stopped, cause not found", ec2_state("stopped"), vec![], (Inconclusive, Unknown, "instance_stopped_without_cause")),
        row("an instance terminated ⇒ terminated, not stopped", ec2_state("terminated"), vec![], (Inconclusive, Unknown, "instance_terminated_without_cause")),
        row("an instance shutting down ⇒ on its way to terminated", ec2_state("shutting-down"), vec![], (Inconclusive, Unknown, "instance_terminated_without_cause")),
        row("an instance terminated on retirement ⇒ AWS side", ec2_state("terminated"), vec![retirement()], (AwsSide, Aws, "degraded_hardware")),
        // 5. Who must act, for every resource kind.
        row(
            "an unknown service's OS is nobody known's",
            json!({"resource": "arn:aws:kafka:ap-northeast-1:123456789012:cluster/x/1", "region": "ap-northeast-1"}),
            vec![Finding::abnormal(
                Check::InstanceStatus,
                None,
                Symptom::InstanceStatusImpaired { since: None },
            )],
            (Instance, Unknown, "instance_status_failed"),
        ),
    ]
}

#[test]
fn every_rule_in_both_languages() {
    let mut failures = Vec::new();
    for r in rows() {
        for lang in [Lang::En, Lang::Ja] {
            let c = run(&r.event, &r.live, lang);
            let cause = cause_code(&c);
            if (c.verdict, c.responsible, cause.as_str()) != (r.verdict, r.responsible, r.cause) {
                failures.push(format!(
                    "{} ({lang:?}): got {:?}/{:?}/{cause}, want {:?}/{:?}/{}",
                    r.name, c.verdict, c.responsible, r.verdict, r.responsible, r.cause
                ));
            }
            if c.next_actions.is_empty() || c.reasons.is_empty() {
                failures.push(format!("{} ({lang:?}): nothing to do or read", r.name));
            }
            // Only an AWS-side fault is put to AWS as one.
            if c.support_case.is_some() && c.verdict != Verdict::AwsSide {
                failures.push(format!(
                    "{} ({lang:?}): a support case for {:?}",
                    r.name, c.verdict
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn watch_reads_as_no_fault_and_can_be_filtered() {
    let c = run(
        &health(
            "scheduledChange",
            "AWS_RDS_MAINTENANCE_SCHEDULED",
            "RDS",
            &["orders-db"],
        ),
        &[],
        Lang::En,
    );
    let n = notification(&c);
    assert!(n.subject.starts_with("[kiriwake] Watch"), "{}", n.subject);
    assert!(n.body.contains("Nothing is broken now"), "{}", n.body);
    assert_eq!(code(&c.verdict), "watch");
    assert!(
        c.next_actions
            .iter()
            .any(|a| a.code == "plan_for_maintenance")
    );
    let ja = notification(&run(
        &health(
            "scheduledChange",
            "AWS_RDS_MAINTENANCE_SCHEDULED",
            "RDS",
            &["orders-db"],
        ),
        &[],
        Lang::Ja,
    ));
    assert!(ja.body.contains("静観"), "{}", ja.body);
}

#[test]
fn a_security_risk_gets_the_security_runbook_not_a_fault_report() {
    let c = run(
        &health(
            "accountNotification",
            "AWS_RISK_CREDENTIALS_EXPOSED",
            "RISK",
            &["AKIAIOSFODNN7EXAMPLE"],
        ),
        &[],
        Lang::En,
    );
    let codes: Vec<&str> = c.next_actions.iter().map(|a| a.code.as_str()).collect();
    assert!(codes.contains(&"follow_security_runbook"), "{codes:?}");
    assert!(!codes.contains(&"contact_aws_support"), "{codes:?}");
}

#[test]
fn aws_is_asked_only_when_nothing_at_all_explains_it() {
    let healthy = [
        Finding::normal(Check::InstanceStatus, Some(EC2)),
        Finding::normal(Check::SystemStatus, Some(EC2)),
    ];
    // A throughput symptom whose cause is simply unknown: no question to AWS.
    let c = run(
        &alarm(ABOVE, json!([metric("m1", "AWS/EC2", "NetworkIn", true)])),
        &healthy,
        Lang::En,
    );
    assert!(c.support_case.is_none(), "{:?}", c.cause);
    // A metric that stopped: look at the agent, not at AWS.
    let c = run(
        &alarm(
            MISSING,
            json!([metric("m1", "AWS/EC2", "CPUUtilization", true)]),
        ),
        &healthy,
        Lang::En,
    );
    assert!(c.support_case.is_none(), "{:?}", c.cause);
}

#[test]
fn a_weak_cause_of_another_layer_stays_in_the_evidence() {
    // 5xx errors, and a security group changed two hours before: the application's
    // symptom decides, and the change is still named, with who to ask.
    let alb_5xx = json!([metric(
        "m1",
        "AWS/ApplicationELB",
        "HTTPCode_Target_5XX_Count",
        true
    )]);
    let c = run(&alarm(ABOVE, alb_5xx), &[change(false)], Lang::En);
    assert_eq!(cause_code(&c), "application_error_metric");
    assert!(
        c.next_actions.iter().any(|a| a.code == "find_who_changed"),
        "{:?}",
        c.next_actions
    );
    assert!(
        c.reasons
            .iter()
            .any(|r| r.contains("AuthorizeSecurityGroupIngress")),
        "{:?}",
        c.reasons
    );
}
