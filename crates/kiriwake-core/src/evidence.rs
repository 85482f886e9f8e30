//! What the trigger itself says, as findings of the `trigger_event` check.
//!
//! An alarm on `StatusCheckFailed_System` is evidence of an AWS-side fault even before any
//! live check runs; a Health `issue` naming the resource is too. This module maps each
//! trigger to the symptom it reports — a table of metric rules for alarms, event type
//! codes for Health, messages and event IDs for RDS. It observes; it does not decide.

use serde_json::Value;

use crate::finding::{
    Check, DbStatus, Finding, HealthEventSymptom, Outcome, ResourceClass, Symptom,
    UnavailableReason,
};
use crate::incident::{
    AlarmKind, AlarmMetric, AlarmState, AlarmTrigger, HealthScope, HealthStatus, HealthTrigger,
    Incident, RdsTrigger, Trigger,
};

/// The findings the trigger itself supports.
pub fn trigger_findings(incident: &Incident) -> Vec<Finding> {
    let resource = incident.primary_resource().map(|r| r.id.as_str());
    let subject = trigger_subject(incident);
    let outcome = match (&incident.trigger, subject) {
        (Trigger::Alarm(a), _) if a.state == AlarmState::InsufficientData => Outcome::Unavailable {
            reason: UnavailableReason::Error,
            detail: "the alarm has insufficient data: its metric stopped reporting".into(),
        },
        (_, Some(symptom)) if !is_recovery(incident) => Outcome::Abnormal { symptom },
        (Trigger::Manual(_), _) => return Vec::new(),
        _ => Outcome::Normal,
    };
    let step = match &outcome {
        Outcome::Abnormal { symptom } => symptom.step(),
        _ => trigger_subject(incident)
            .map(|s| s.step())
            .unwrap_or(Check::TriggerEvent.step()),
    };
    let mut f = Finding {
        step,
        check: Check::TriggerEvent,
        resource: resource.map(str::to_owned),
        outcome,
        evidence: Vec::new(),
    };
    f.evidence.push(crate::finding::Evidence {
        label: "event".into(),
        value: incident.summary.clone(),
    });
    if let Trigger::Alarm(a) = &incident.trigger
        && let Some(reason) = &a.reason
    {
        f = f.with_evidence("alarm reason", reason.clone());
    }
    vec![f]
}

/// Whether the trigger reports that a condition has ended.
pub fn is_recovery(incident: &Incident) -> bool {
    match &incident.trigger {
        Trigger::Alarm(a) => a.state == AlarmState::Ok,
        Trigger::Health(h) => h.status == HealthStatus::Closed,
        Trigger::Ec2State(e) => matches!(e.state.as_str(), "running" | "pending"),
        Trigger::RdsEvent(r) => rds_recovered(r),
        Trigger::Manual(_) => false,
    }
}

/// The symptom the trigger is about, whatever its current state (an alarm that returned
/// to OK is still *about* its metric).
pub fn trigger_subject(incident: &Incident) -> Option<Symptom> {
    match &incident.trigger {
        Trigger::Alarm(a) => alarm_subject(a),
        Trigger::Health(h) => Some(health_subject(h)),
        Trigger::Ec2State(e) => match e.state.as_str() {
            "pending" | "running" => None,
            state => Some(Symptom::InstanceStopped {
                state: state.to_owned(),
            }),
        },
        Trigger::RdsEvent(r) => rds_subject(r),
        Trigger::Manual(_) => None,
    }
}

/// What a metric says when its alarm fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricRule {
    SystemStatus,
    InstanceStatus,
    AttachedEbs,
    CombinedStatus,
    Pressure(ResourceClass),
    ApplicationErrors,
    UnhealthyTargets,
    VpnTunnel,
    DirectConnect,
}

/// The metric rules: AWS namespaces by metric name, CloudWatch agent metrics by their
/// names, and any other custom namespace as an application metric.
pub fn metric_rule(namespace: &str, name: &str) -> Option<MetricRule> {
    use MetricRule::*;
    use ResourceClass::*;
    let lower = name.to_ascii_lowercase();
    Some(match (namespace, name) {
        ("AWS/EC2", "StatusCheckFailed_System") => SystemStatus,
        ("AWS/EC2", "StatusCheckFailed_Instance") => InstanceStatus,
        ("AWS/EC2", "StatusCheckFailed_AttachedEBS") => AttachedEbs,
        ("AWS/EC2", "StatusCheckFailed") => CombinedStatus,
        (
            "AWS/EC2" | "AWS/RDS",
            "CPUUtilization" | "CPUCreditBalance" | "CPUSurplusCreditsCharged",
        ) => Pressure(Cpu),
        ("AWS/EC2", n) if n.starts_with("Network") => Pressure(Network),
        ("AWS/EC2", n) if n.starts_with("EBS") || n.starts_with("Disk") => Pressure(Io),
        ("AWS/EBS", "VolumeStalledIOCheck") => AttachedEbs,
        ("AWS/EBS", _) => Pressure(Io),
        ("AWS/RDS", "FreeableMemory" | "SwapUsage") => Pressure(Memory),
        ("AWS/RDS", "FreeStorageSpace" | "FreeLocalStorage" | "TransactionLogsDiskUsage") => {
            Pressure(Storage)
        }
        ("AWS/RDS", "DatabaseConnections") => Pressure(Connections),
        ("AWS/RDS", n)
            if n.ends_with("Latency")
                || n.ends_with("IOPS")
                || n == "DiskQueueDepth"
                || n == "BurstBalance" =>
        {
            Pressure(Io)
        }
        ("AWS/VPN", "TunnelState" | "TunnelDataIn" | "TunnelDataOut") => VpnTunnel,
        ("AWS/DX", "ConnectionState") => DirectConnect,
        (
            "AWS/ApplicationELB" | "AWS/ELB" | "AWS/NetworkELB" | "AWS/GatewayELB",
            "UnHealthyHostCount" | "HealthyHostCount",
        ) => UnhealthyTargets,
        ("AWS/ApplicationELB" | "AWS/ELB", n)
            if n.contains("5XX") || n.contains("Latency") || n == "TargetResponseTime" =>
        {
            ApplicationErrors
        }
        ("AWS/Lambda", "Errors" | "Throttles" | "Duration" | "DeadLetterErrors") => {
            ApplicationErrors
        }
        ("AWS/ApiGateway", "5XXError" | "Latency" | "IntegrationLatency") => ApplicationErrors,
        ("CWAgent", _)
            if lower.contains("mem") || lower.contains("swap") || lower.contains("paging") =>
        {
            Pressure(Memory)
        }
        ("CWAgent", _) if lower.contains("disk") || lower.contains("inode") => Pressure(Disk),
        ("CWAgent", _) if lower.contains("cpu") || lower.contains("processor") => Pressure(Cpu),
        ("CWAgent", _) if lower.contains("net") => Pressure(Network),
        (ns, _) if ns.starts_with("AWS/") || ns == "CWAgent" => return None,
        // A custom namespace: application metrics and log metric filters.
        _ => ApplicationErrors,
    })
}

fn alarm_subject(a: &AlarmTrigger) -> Option<Symptom> {
    let metrics = match &a.alarm {
        AlarmKind::Composite {
            rule,
            triggering_alarms,
        } => {
            let what = if triggering_alarms.is_empty() {
                format!("composite alarm rule {rule}")
            } else {
                format!(
                    "composite alarm rule {rule}, triggered by {}",
                    triggering_alarms.join(", ")
                )
            };
            return Some(Symptom::Unclassified { what });
        }
        AlarmKind::Metric { metrics } => metrics,
    };
    // Metric math and anomaly bands list several entries: the first one a rule knows
    // decides, in the order the alarm lists them.
    let known = metrics.iter().find_map(|m| {
        let rule = metric_rule(m.namespace.as_deref()?, m.name.as_deref()?)?;
        Some((m, rule))
    });
    Some(match known {
        Some((metric, rule)) => rule_symptom(rule, metric, a),
        None => {
            let names: Vec<String> = metrics
                .iter()
                .filter_map(|m| match (&m.namespace, &m.name, &m.expression) {
                    (Some(ns), Some(n), _) => Some(format!("{ns} {n}")),
                    (_, _, Some(e)) => Some(e.clone()),
                    _ => None,
                })
                .collect();
            Symptom::Unclassified {
                what: if names.is_empty() {
                    format!("alarm {} on an unknown metric", a.alarm_name)
                } else {
                    format!("alarm {} on {}", a.alarm_name, names.join(", "))
                },
            }
        }
    })
}

fn rule_symptom(rule: MetricRule, metric: &AlarmMetric, a: &AlarmTrigger) -> Symptom {
    let name = metric.name.clone().unwrap_or_default();
    let dim = |key: &str| metric.dimensions.get(key).cloned().unwrap_or_default();
    match rule {
        MetricRule::SystemStatus => Symptom::SystemStatusImpaired { since: None },
        MetricRule::InstanceStatus => Symptom::InstanceStatusImpaired { since: None },
        MetricRule::AttachedEbs => Symptom::AttachedEbsImpaired { since: None },
        MetricRule::CombinedStatus => Symptom::StatusCheckFailed,
        MetricRule::Pressure(class) => Symptom::ResourcePressure {
            metric: name,
            resource_class: class,
            value: latest_datapoint(a.reason_data.as_ref()),
            threshold: a
                .reason_data
                .as_ref()
                .and_then(|v| v.get("threshold"))
                .and_then(Value::as_f64),
        },
        MetricRule::ApplicationErrors => Symptom::ApplicationErrors {
            metric: match &metric.namespace {
                Some(ns) => format!("{ns} {name}"),
                None => name,
            },
        },
        MetricRule::UnhealthyTargets => Symptom::UnhealthyTargets { metric: name },
        // The alarm does not say how many tunnels are down: 0 of 0 means "not counted".
        MetricRule::VpnTunnel => Symptom::VpnTunnelsDown {
            vpn_id: dim("VpnId"),
            down: 0,
            total: 0,
        },
        MetricRule::DirectConnect => Symptom::DirectConnectDown {
            connection_id: dim("ConnectionId"),
        },
    }
}

fn latest_datapoint(reason_data: Option<&Value>) -> Option<f64> {
    reason_data?
        .get("recentDatapoints")?
        .as_array()?
        .last()?
        .as_f64()
}

/// Which Health event type codes mean something more specific than "an AWS event".
fn health_subject(h: &HealthTrigger) -> Symptom {
    let code = h.event_type_code.as_str();
    if h.abuse || code.starts_with("AWS_ABUSE_") {
        return Symptom::AbuseReported {
            type_code: h.event_type_code.clone(),
        };
    }
    if code.starts_with("AWS_VPN_")
        && (code.contains("REDUNDANCY_LOSS") || code.contains("CONNECTIVITY"))
    {
        let vpn_id = h
            .affected_entities
            .first()
            .map(|e| e.value.clone())
            .unwrap_or_default();
        let all = code.contains("CONNECTIVITY");
        return Symptom::VpnTunnelsDown {
            vpn_id,
            down: if all { 2 } else { 1 },
            total: 2,
        };
    }
    Symptom::HealthEvent(HealthEventSymptom {
        event_arn: h.event_arn.clone(),
        type_code: h.event_type_code.clone(),
        service: h.service.clone(),
        category: h.category.clone(),
        status: h.status.clone(),
        public: h.scope == HealthScope::Public,
        start_time: h.start_time,
    })
}

/// Health type codes whose cause is degraded hardware under the resource now, even
/// though the action is scheduled.
pub fn is_degraded_hardware(type_code: &str) -> bool {
    type_code.contains("RETIREMENT")
        || type_code.contains("INSTANCE_STOP_SCHEDULED")
        || type_code.contains("DEGRADED")
        || type_code.contains("VOLUME_LOST")
}

/// RDS event IDs whose meaning kiriwake knows, then the message, then the category.
fn rds_subject(r: &RdsTrigger) -> Option<Symptom> {
    let msg = r.message.to_ascii_lowercase();
    let id = r.event_id.as_deref().unwrap_or_default();
    let has = |c: &str| r.categories.iter().any(|x| x.eq_ignore_ascii_case(c));
    let status = |s: DbStatus| Some(Symptom::DbStatus { status: s });
    match id {
        "RDS-EVENT-0031" => return status(DbStatus::Failed),
        "RDS-EVENT-0035" => return status(DbStatus::IncompatibleParameters),
        "RDS-EVENT-0036" => return status(DbStatus::IncompatibleNetwork),
        "RDS-EVENT-0007" | "RDS-EVENT-0221" => return status(DbStatus::StorageFull),
        "RDS-EVENT-0089" => {
            return Some(Symptom::ResourcePressure {
                metric: "allocated storage".into(),
                resource_class: ResourceClass::Storage,
                value: None,
                threshold: Some(90.0),
            });
        }
        _ => {}
    }
    if msg.contains("storage-full")
        || msg.contains("storage full")
        || msg.contains("storage has been exhausted")
        || msg.contains("allocated storage has been exhausted")
    {
        return status(DbStatus::StorageFull);
    }
    if msg.contains("incompatible network") || msg.contains("incompatible-network") {
        return status(DbStatus::IncompatibleNetwork);
    }
    if msg.contains("invalid parameters")
        || msg.contains("incompatible-parameters")
        || msg.contains("incompatible parameters")
    {
        return status(DbStatus::IncompatibleParameters);
    }
    if msg.contains("incompatible-restore") || msg.contains("incompatible restore") {
        return status(DbStatus::IncompatibleRestore);
    }
    if msg.contains("kms")
        || msg.contains("encryption key")
        || msg.contains("encryption credentials")
    {
        return status(
            if msg.contains("recoverable") || msg.contains("within 7 days") {
                DbStatus::InaccessibleEncryptionCredentialsRecoverable
            } else {
                DbStatus::InaccessibleEncryptionCredentials
            },
        );
    }
    if (has("failure") && msg.contains("failed")) || msg.contains("point-in-time") {
        return status(DbStatus::Failed);
    }
    if msg.contains("low storage") || (has("low storage") && msg.contains("storage")) {
        return Some(Symptom::ResourcePressure {
            metric: "allocated storage".into(),
            resource_class: ResourceClass::Storage,
            value: None,
            threshold: None,
        });
    }
    if has("failover") || msg.contains("failover") {
        return Some(Symptom::DbFailover {
            message: r.message.clone(),
        });
    }
    if rds_recovered(r) {
        return None;
    }
    Some(Symptom::Unclassified {
        what: format!(
            "RDS event{}: {}",
            r.event_id
                .as_deref()
                .map(|i| format!(" {i}"))
                .unwrap_or_default(),
            r.message
        ),
    })
}

fn rds_recovered(r: &RdsTrigger) -> bool {
    let msg = r.message.to_ascii_lowercase();
    r.categories
        .iter()
        .any(|c| c.eq_ignore_ascii_case("recovery"))
        && (msg.contains("complete") || msg.contains("recovered"))
}
