//! The staged incidents: each creates real resources in the emulator through the SDK
//! (faults staged by `kiriwake:stage:*` tags, logs written with `PutLogEvents`) and returns
//! the trigger AWS would deliver, built from the console test events in `events/`.

use anyhow::Context;
use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use aws_sdk_ec2::types::{ResourceType, Tag, TagSpecification};
use chrono::Utc;
use kiriwake_core::{Party, Verdict};
use serde_json::{Value, json};

use crate::emulator::repo_root;

pub const REGION: &str = "ap-northeast-1";

/// One staged incident and what the isolation must conclude.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: &'static str,
    pub description: &'static str,
    pub event: Value,
    pub verdict: Verdict,
    pub responsible: Party,
    /// Text a finding's evidence or symptom must show.
    pub evidence: String,
}

fn event_file(name: &str) -> anyhow::Result<Value> {
    let path = repo_root().join("events").join(name);
    let raw = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    Ok(serde_json::from_slice(&raw)?)
}

fn now_alarm_time() -> String {
    Utc::now().format("%Y-%m-%dT%H:%M:%S%.3f+0000").to_string()
}

/// Points an alarm event at a resource and at now.
fn retarget_alarm(mut event: Value, dimension: &str, value: &str) -> Value {
    let detail = if event.get("alarmData").is_some() {
        "alarmData"
    } else {
        "detail"
    };
    event["time"] = json!(Utc::now().to_rfc3339());
    event[detail]["state"]["timestamp"] = json!(now_alarm_time());
    if let Some(metrics) = event[detail]["configuration"]["metrics"].as_array_mut() {
        for m in metrics {
            if m["metricStat"]["metric"]["dimensions"]
                .get(dimension)
                .is_some()
            {
                m["metricStat"]["metric"]["dimensions"][dimension] = json!(value);
            }
        }
    }
    event
}

fn tags(pairs: &[(&str, &str)]) -> TagSpecification {
    TagSpecification::builder()
        .resource_type(ResourceType::Instance)
        .set_tags(Some(
            pairs
                .iter()
                .map(|(k, v)| Tag::builder().key(*k).value(*v).build())
                .collect(),
        ))
        .build()
}

/// Runs `count` instances tagged with `pairs`; their ids.
pub async fn instance(
    ec2: &aws_sdk_ec2::Client,
    count: i32,
    pairs: &[(&str, &str)],
) -> anyhow::Result<Vec<String>> {
    let out = ec2
        .run_instances()
        .image_id("ami-12345678")
        .instance_type(aws_sdk_ec2::types::InstanceType::M7gLarge)
        .min_count(count)
        .max_count(count)
        .tag_specifications(tags(pairs))
        .send()
        .await
        .context("RunInstances")?;
    Ok(out
        .instances()
        .iter()
        .filter_map(|i| i.instance_id().map(str::to_owned))
        .collect())
}

/// Writes `lines` to `stream` of `group` (created if need be), a second apart, ending a
/// minute ago.
pub async fn write_logs(
    logs: &aws_sdk_cloudwatchlogs::Client,
    group: &str,
    stream: &str,
    lines: &[&str],
) -> anyhow::Result<()> {
    let _ = logs.create_log_group().log_group_name(group).send().await;
    logs.create_log_stream()
        .log_group_name(group)
        .log_stream_name(stream)
        .send()
        .await
        .context("CreateLogStream")?;
    let last = Utc::now().timestamp_millis() - 60_000;
    let first = last - (lines.len() as i64 - 1) * 1000;
    let events = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            InputLogEvent::builder()
                .timestamp(first + i as i64 * 1000)
                .message(*l)
                .build()
        })
        .collect::<Result<Vec<_>, _>>()?;
    logs.put_log_events()
        .log_group_name(group)
        .log_stream_name(stream)
        .set_log_events(Some(events))
        .send()
        .await
        .context("PutLogEvents")?;
    Ok(())
}

/// Creates every scenario's resources and returns the scenarios, in the method's order.
pub async fn stage(conf: &aws_config::SdkConfig) -> anyhow::Result<Vec<Scenario>> {
    let ec2 = aws_sdk_ec2::Client::new(conf);
    let rds = aws_sdk_rds::Client::new(conf);
    let logs = aws_sdk_cloudwatchlogs::Client::new(conf);
    let mut out = Vec::new();

    // AWS side: the host under web-1 failed; EC2 scheduled its retirement.
    let web1 = instance(
        &ec2,
        1,
        &[
            ("Name", "web-1"),
            ("System", "shop"),
            ("kiriwake:stage:system-status", "impaired"),
            ("kiriwake:stage:instance-status", "impaired"),
            (
                "kiriwake:stage:event",
                "instance-retirement@2026-12-09T00:00:00Z",
            ),
        ],
    )
    .await?;
    instance(&ec2, 2, &[("System", "shop")]).await?;
    out.push(Scenario {
        name: "aws-host-failure",
        description: "web-1's host failed its system status check; EC2 scheduled the instance's retirement",
        event: retarget_alarm(event_file("alarm-ec2-system-status-check-failed.json")?, "InstanceId", &web1[0]),
        verdict: Verdict::AwsSide,
        responsible: Party::Aws,
        evidence: "instance-retirement".into(),
    });

    // User side, instance: memory exhausted, instance status check failing, OOM kills in the OS log.
    let batch1 = instance(
        &ec2,
        1,
        &[
            ("Name", "batch-1"),
            ("kiriwake:stage:instance-status", "impaired"),
            ("kiriwake:os-log-groups", "/kiriwake/demo/os"),
        ],
    )
    .await?;
    write_logs(&logs, "/kiriwake/demo/os", &batch1[0], &[
        "kernel: Out of memory: Killed process 4242 (java) total-vm:8123456kB, anon-rss:7900000kB",
        "kernel: oom_reaper: reaped process 4242 (java)",
        "systemd[1]: batch.service: Main process exited, code=killed, status=9/KILL",
    ])
    .await?;
    out.push(Scenario {
        name: "instance-memory-exhausted",
        description: "batch-1 ran out of memory: the OOM killer fired and the instance status check fails",
        event: retarget_alarm(event_file("alarm-action-ec2-memory-exhausted.json")?, "InstanceId", &batch1[0]),
        verdict: Verdict::Instance,
        responsible: Party::Customer,
        evidence: "Out of memory".into(),
    });

    // User side, application: the instance is healthy; the application log is full of errors.
    let app1 = instance(
        &ec2,
        1,
        &[
            ("Name", "app-1"),
            ("kiriwake:os-log-groups", "/kiriwake/demo/os-app"),
            ("kiriwake:app-log-groups", "/kiriwake/demo/shop"),
        ],
    )
    .await?;
    write_logs(
        &logs,
        "/kiriwake/demo/os-app",
        &app1[0],
        &["systemd[1]: Started Session 12 of user ec2-user."],
    )
    .await?;
    write_logs(&logs, "/kiriwake/demo/shop", &app1[0], &[
        "2026-11-25T01:04:58Z ERROR PaymentClient: upstream timeout after 30000 ms (password=hunter2)",
        "2026-11-25T01:05:01Z ERROR CheckoutController: 500 Internal Server Error for order 98123",
        "2026-11-25T01:05:03Z INFO HealthCheck: ok",
    ])
    .await?;
    out.push(Scenario {
        name: "application-errors",
        description: "app-1 is healthy but its application log shows checkout failing",
        event: json!({"resource": app1[0], "region": REGION, "note": "Checkout returns HTTP 500"}),
        verdict: Verdict::Application,
        responsible: Party::Customer,
        evidence: "CheckoutController".into(),
    });

    // User side, RDS: storage full.
    rds.create_db_instance()
        .db_instance_identifier("orders-db")
        .db_instance_class("db.t4g.micro")
        .engine("postgres")
        .allocated_storage(20)
        .master_username("kiriwake")
        .master_user_password("not-a-real-password")
        .tags(
            aws_sdk_rds::types::Tag::builder()
                .key("kiriwake:stage:status")
                .value("storage-full")
                .build(),
        )
        .send()
        .await
        .context("CreateDBInstance")?;
    let mut rds_event = event_file("rds-storage-full.json")?;
    rds_event["time"] = json!(Utc::now().to_rfc3339());
    rds_event["detail"]["Date"] = json!(Utc::now().to_rfc3339());
    out.push(Scenario {
        name: "rds-storage-full",
        description: "orders-db ran out of storage and shut its database down",
        event: rds_event,
        verdict: Verdict::Instance,
        responsible: Party::Customer,
        evidence: "storage-full".into(),
    });

    // Outside AWS: both tunnels of the VPN to the office are down.
    let cgw = ec2
        .create_customer_gateway()
        .r#type(aws_sdk_ec2::types::GatewayType::Ipsec1)
        .public_ip("198.51.100.7")
        .bgp_asn(65000)
        .send()
        .await
        .context("CreateCustomerGateway")?;
    let vgw = ec2
        .create_vpn_gateway()
        .r#type(aws_sdk_ec2::types::GatewayType::Ipsec1)
        .send()
        .await
        .context("CreateVpnGateway")?;
    let vpn = ec2
        .create_vpn_connection()
        .r#type("ipsec.1")
        .customer_gateway_id(
            cgw.customer_gateway()
                .and_then(|c| c.customer_gateway_id())
                .unwrap_or_default(),
        )
        .vpn_gateway_id(
            vgw.vpn_gateway()
                .and_then(|g| g.vpn_gateway_id())
                .unwrap_or_default(),
        )
        .send()
        .await
        .context("CreateVpnConnection")?;
    let vpn_id = vpn
        .vpn_connection()
        .and_then(|v| v.vpn_connection_id())
        .unwrap_or_default()
        .to_owned();
    ec2.create_tags()
        .resources(&vpn_id)
        .tags(
            Tag::builder()
                .key("kiriwake:stage:tunnels")
                .value("DOWN,DOWN")
                .build(),
        )
        .send()
        .await
        .context("CreateTags")?;
    out.push(Scenario {
        name: "vpn-tunnel-down",
        description: "both tunnels of the VPN to the office are down",
        event: retarget_alarm(event_file("alarm-vpn-tunnel-down.json")?, "VpnId", &vpn_id),
        verdict: Verdict::OutsideAws,
        responsible: Party::Outside,
        evidence: "IPSEC IS DOWN".into(),
    });
    Ok(out)
}

/// The alarm action CloudWatch sends to a Lambda function for the same transition as an
/// EventBridge "CloudWatch Alarm State Change" event (its documented shape: `alarmArn`,
/// `accountId`, `alarmData`): an alarm wired both ways delivers both.
pub fn alarm_action_of(eventbridge: &Value) -> Value {
    let d = &eventbridge["detail"];
    json!({
        "source": "aws.cloudwatch",
        "alarmArn": eventbridge["resources"][0],
        "accountId": eventbridge["account"],
        "time": d["state"]["timestamp"],
        "region": eventbridge["region"],
        "alarmData": {
            "alarmName": d["alarmName"],
            "state": d["state"],
            "previousState": d["previousState"],
            "configuration": d["configuration"],
        },
    })
}
