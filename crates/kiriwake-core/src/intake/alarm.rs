//! CloudWatch alarm state changes: from EventBridge (`detail`) or from an alarm action
//! invoking a Lambda directly (`alarmData`). Both carry the same alarm object.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::fields::{Obj, type_name};
use super::{Envelope, IntakeError, locate, push_unique};
use crate::incident::{
    AlarmDelivery, AlarmKind, AlarmMetric, AlarmState, AlarmTrigger, Incident, IntakeNote,
    Resource, ResourceKind, Trigger,
};

pub(crate) fn from_eventbridge(top: &Obj<'_>, env: Envelope) -> Result<Incident, IntakeError> {
    let d = top.req_obj("detail", "the alarm state change detail object")?;
    let alarm_arn = env
        .resources
        .iter()
        .find(|r| r.contains(":alarm:"))
        .cloned();
    build(&d, AlarmDelivery::EventBridge, alarm_arn, env)
}

pub(crate) fn from_alarm_action(
    top: &Obj<'_>,
    now: DateTime<Utc>,
) -> Result<Incident, IntakeError> {
    let d = top.req_obj("alarmData", "the alarm data object")?;
    let alarm_arn = top.opt_str("alarmArn")?.map(str::to_owned);
    let mut notes = Vec::new();
    let time = top.lenient_time("time", &mut notes)?;
    let name = d.req_str("alarmName", "the alarm's name")?;
    let state_ts = d
        .opt_obj("state")?
        .and_then(|s| s.opt_str("timestamp").ok().flatten());
    // An alarm action has no event id: the alarm and the moment of its transition are.
    let id = format!(
        "alarm-action:{}:{}",
        alarm_arn.as_deref().unwrap_or(name),
        state_ts.unwrap_or("-")
    );
    let env = Envelope {
        id,
        time: time.unwrap_or(now),
        region: top.opt_str("region")?.map(str::to_owned),
        account: top.opt_str("accountId")?.map(str::to_owned),
        resources: Vec::new(),
        notes,
    };
    build(&d, AlarmDelivery::AlarmAction, alarm_arn, env)
}

fn build(
    d: &Obj<'_>,
    delivery: AlarmDelivery,
    alarm_arn: Option<String>,
    env: Envelope,
) -> Result<Incident, IntakeError> {
    let mut notes = env.notes;
    let alarm_name = d.req_str("alarmName", "the alarm's name")?.to_owned();
    let state_obj = d.req_obj("state", "the alarm's new state object")?;
    let state = read_state(&state_obj)?;
    let previous_state = match d.opt_obj("previousState")? {
        Some(p) => Some(read_state(&p)?),
        None => None,
    };
    let reason = state_obj.opt_str("reason")?.map(str::to_owned);
    let reason_data = match state_obj.opt_str("reasonData")? {
        None => None,
        Some(raw) => match serde_json::from_str::<Value>(raw) {
            Ok(v) => Some(v),
            Err(e) => {
                notes.push(IntakeNote::NotJson {
                    field: state_obj.field_path("reasonData"),
                    error: e.to_string(),
                });
                None
            }
        },
    };
    let state_time = state_obj.lenient_time("timestamp", &mut notes)?;
    let config = d.opt_obj("configuration")?;
    let description = match &config {
        Some(c) => c.opt_str("description")?.map(str::to_owned),
        None => None,
    };
    let alarm = match &config {
        Some(c) if c.has("alarmRule") => AlarmKind::Composite {
            rule: c
                .req_str("alarmRule", "the composite alarm rule")?
                .to_owned(),
            triggering_alarms: triggering_alarms(reason_data.as_ref()),
        },
        Some(c) => AlarmKind::Metric {
            metrics: read_metrics(c)?,
        },
        None => {
            notes.push(IntakeNote::NoConfiguration {
                field: d.field_path("configuration"),
            });
            AlarmKind::Metric {
                metrics: Vec::new(),
            }
        }
    };

    let mut resources = Vec::new();
    if let AlarmKind::Metric { metrics } = &alarm {
        for m in metrics {
            for (dim, value) in &m.dimensions {
                if let Some(kind) = dimension_kind(dim) {
                    push_unique(
                        &mut resources,
                        locate(
                            Resource::from_id(value, Some(kind)),
                            env.region.as_deref(),
                            env.account.as_deref(),
                        ),
                    );
                }
            }
        }
    }

    // An ARN has no whitespace: what a copy inserted (AWS's own samples have) is dropped.
    let dedupe_key = format!(
        "alarm:{}:{}:{}",
        alarm_arn
            .as_deref()
            .unwrap_or(&alarm_name)
            .replace(char::is_whitespace, ""),
        state.word(),
        state_time
            .map(|t| t.to_rfc3339())
            .unwrap_or_else(|| env.id.clone())
    );
    Ok(Incident {
        dedupe_until: 0,
        id: env.id,
        dedupe_key,
        ongoing: state == AlarmState::Alarm,
        trigger: Trigger::Alarm(AlarmTrigger {
            alarm_name,
            alarm_arn,
            state,
            previous_state,
            reason,
            reason_data,
            description,
            alarm,
            delivery,
        }),
        resources,
        resources_omitted: 0,
        region: env.region,
        account: env.account,
        started_at: state_time.unwrap_or(env.time),
        received_at: env.time,
        summary: String::new(),
        intake_notes: Vec::new(),
        notes,
    })
}

fn read_state(o: &Obj<'_>) -> Result<AlarmState, IntakeError> {
    Ok(
        match o.req_str("value", "one of OK, ALARM, INSUFFICIENT_DATA")? {
            "OK" => AlarmState::Ok,
            "ALARM" => AlarmState::Alarm,
            "INSUFFICIENT_DATA" => AlarmState::InsufficientData,
            other => {
                return Err(IntakeError::InvalidValue {
                    field: o.field_path("value"),
                    expected: "one of OK, ALARM, INSUFFICIENT_DATA",
                    found: other.to_owned(),
                });
            }
        },
    )
}

fn read_metrics(c: &Obj<'_>) -> Result<Vec<AlarmMetric>, IntakeError> {
    let mut out = Vec::new();
    for (i, item) in c.opt_array("metrics")?.iter().enumerate() {
        let path = format!("{}[{i}]", c.field_path("metrics"));
        let Value::Object(map) = item else {
            return Err(IntakeError::WrongType {
                field: path,
                expected: "an object",
                found: type_name(item),
            });
        };
        let m = Obj::new(path, map);
        let stat = m.opt_obj("metricStat")?;
        let metric = match &stat {
            Some(s) => s.opt_obj("metric")?,
            None => None,
        };
        let (namespace, name, dimensions) = match &metric {
            Some(mo) => (
                mo.opt_str("namespace")?.map(str::to_owned),
                mo.opt_str("name")?.map(str::to_owned),
                read_dimensions(mo)?,
            ),
            None => (None, None, BTreeMap::new()),
        };
        out.push(AlarmMetric {
            id: m.opt_str("id")?.map(str::to_owned),
            namespace,
            name,
            dimensions,
            stat: match &stat {
                Some(s) => s.opt_str("stat")?.map(str::to_owned),
                None => None,
            },
            period: match &stat {
                Some(s) => s.opt_u64("period")?,
                None => None,
            },
            expression: m.opt_str("expression")?.map(str::to_owned),
            return_data: m.opt_bool("returnData")?,
        });
    }
    Ok(out)
}

/// Dimensions arrive as an object; accept the `[{name, value}]` list form too.
fn read_dimensions(mo: &Obj<'_>) -> Result<BTreeMap<String, String>, IntakeError> {
    let mut dims = BTreeMap::new();
    match mo.map.get("dimensions") {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (k, v) in map {
                if let Value::String(s) = v {
                    dims.insert(k.clone(), s.clone());
                }
            }
        }
        Some(Value::Array(items)) => {
            for item in items {
                let name = item
                    .get("name")
                    .or_else(|| item.get("Name"))
                    .and_then(Value::as_str);
                let value = item
                    .get("value")
                    .or_else(|| item.get("Value"))
                    .and_then(Value::as_str);
                if let (Some(n), Some(v)) = (name, value) {
                    dims.insert(n.to_owned(), v.to_owned());
                }
            }
        }
        Some(other) => {
            return Err(IntakeError::WrongType {
                field: mo.field_path("dimensions"),
                expected: "an object of dimension names to values",
                found: type_name(other),
            });
        }
    }
    Ok(dims)
}

/// Which metric dimensions name a resource kiriwake can isolate.
fn dimension_kind(dimension: &str) -> Option<ResourceKind> {
    Some(match dimension {
        "InstanceId" => ResourceKind::Ec2Instance,
        "VolumeId" => ResourceKind::EbsVolume,
        "AutoScalingGroupName" => ResourceKind::AutoScalingGroup,
        "DBInstanceIdentifier" => ResourceKind::RdsDbInstance,
        "DBClusterIdentifier" => ResourceKind::RdsDbCluster,
        "VpnId" => ResourceKind::VpnConnection,
        "ConnectionId" => ResourceKind::DirectConnect,
        "LoadBalancer" | "LoadBalancerName" => ResourceKind::LoadBalancer,
        "TargetGroup" => ResourceKind::TargetGroup,
        "FunctionName" => ResourceKind::LambdaFunction,
        _ => return None,
    })
}

fn triggering_alarms(reason_data: Option<&Value>) -> Vec<String> {
    reason_data
        .and_then(|v| v.get("triggeringAlarms"))
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|a| a.get("arn").and_then(Value::as_str))
                .map(|arn| arn.rsplit(":alarm:").next().unwrap_or(arn).to_owned())
                .collect()
        })
        .unwrap_or_default()
}
