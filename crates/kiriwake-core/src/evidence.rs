//! What the trigger itself says, as findings of the `trigger_event` check.
//!
//! An alarm on `StatusCheckFailed_System` is evidence of an AWS-side fault even before any
//! live check runs; a Health `issue` naming the resource is too. This module maps each
//! trigger to the symptom it reports — a table of metric rules for alarms, event type
//! codes for Health, messages and event IDs for RDS. It observes; it does not decide.

use serde_json::Value;

use crate::finding::{
    Check, DbStatus, Finding, HealthEventSymptom, Outcome, RdsMeaning, ResourceClass, Signal,
    Symptom, UnavailableReason,
};
use crate::incident::{
    AlarmKind, AlarmMetric, AlarmState, AlarmTrigger, HealthScope, HealthStatus, HealthTrigger,
    Incident, RdsTrigger, Trigger,
};
use crate::rds_events::{self, RdsKind, RdsParty, RdsSource};

/// The findings the trigger itself supports.
pub fn trigger_findings(incident: &Incident) -> Vec<Finding> {
    let resource = incident.primary_resource().map(|r| r.id.as_str());
    let subject = trigger_subject(incident);
    let outcome = match (&incident.trigger, subject) {
        (Trigger::Alarm(a), _) if a.state == AlarmState::InsufficientData => Outcome::Unavailable {
            reason: UnavailableReason::NoData,
            detail: String::new().into(),
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
        duration_ms: None,
    };
    f.evidence.push(crate::finding::Evidence::new(
        crate::finding::label::EVENT,
        incident.summary.clone(),
    ));
    if let Trigger::Alarm(a) = &incident.trigger
        && let Some(reason) = &a.reason
    {
        f = f.with_evidence(crate::finding::label::ALARM_REASON, reason.clone());
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
    /// `StatusCheckFailed_System`: the host failed its system status check.
    SystemStatus,
    /// `StatusCheckFailed_Instance`: the instance failed its instance status check.
    InstanceStatus,
    /// `StatusCheckFailed_AttachedEBS`, `VolumeStalledIOCheck`: the instance's EBS storage failed.
    AttachedEbs,
    /// `StatusCheckFailed`: system or instance, not known which.
    CombinedStatus,
    /// A resource metric: CPU, memory, disk, storage, connections, I/O, network.
    Pressure(ResourceClass),
    /// An application metric: 5xx, latency, Lambda errors, any custom namespace.
    ApplicationErrors,
    /// `UnHealthyHostCount`, `HealthyHostCount`: load balancer targets failing health checks.
    UnhealthyTargets,
    /// `AWS/VPN` `TunnelState` and tunnel traffic: a Site-to-Site VPN tunnel down.
    VpnTunnel,
    /// `AWS/DX` `ConnectionState`: a Direct Connect connection down.
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
        // The CloudWatch agent publishes to CWAgent unless configured with a namespace of
        // the user's: its metric names say what they are wherever they are published.
        (ns, _) if !ns.starts_with("AWS/") && agent_metric(&lower).is_some() => {
            Pressure(agent_metric(&lower)?)
        }
        (ns, _) if ns.starts_with("AWS/") || ns == "CWAgent" => return None,
        // A custom namespace: application metrics and log metric filters.
        _ => ApplicationErrors,
    })
}

/// The resource a CloudWatch agent metric measures, by its name (Linux `mem_used_percent`,
/// `disk_used_percent`, `swap_used_percent`, `cpu_usage_*`, `net_*`; Windows
/// `Memory % Committed Bytes In Use`, `LogicalDisk % Free Space`, `Processor …`,
/// `Paging File …`, `Network Interface …`).
fn agent_metric(lower: &str) -> Option<ResourceClass> {
    use ResourceClass::*;
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| lower.starts_with(p));
    Some(if starts(&["mem_", "swap_", "memory ", "paging file"]) {
        Memory
    } else if starts(&["disk_", "logicaldisk", "physicaldisk"]) {
        Disk
    } else if starts(&["diskio_"]) {
        Io
    } else if starts(&["cpu_", "processor"]) {
        Cpu
    } else if starts(&["net_", "netstat_", "network interface"]) {
        Network
    } else {
        return None;
    })
}

/// Whether the metric goes wrong by falling (free space, credits, healthy hosts, a tunnel
/// state of 0) rather than by rising.
fn low_is_bad(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("free")
        || lower.contains("free space")
        || lower.contains("_free")
        || lower.contains("available")
        || lower.ends_with("balance")
        || lower.ends_with("balance%")
        || matches!(name, "HealthyHostCount" | "TunnelState" | "ConnectionState")
}

/// Which way the alarm's datapoints crossed its threshold. An anomaly band's reason names
/// both edges whichever was crossed ("… less than the lower thresholds … or greater than the
/// upper thresholds …"), so there the latest datapoint is compared with the latest band in
/// `reasonData`; otherwise the state reason CloudWatch writes says it ("… was greater than
/// the threshold …", "… less than or equal to …").
fn crossed_downwards(reason: Option<&str>, data: Option<&Value>) -> Option<bool> {
    let last = |key: &str| data?.get(key)?.as_array()?.last()?.as_f64();
    if let (Some(value), Some(lower), Some(upper)) = (
        last("recentDatapoints"),
        last("recentLowerThresholds"),
        last("recentUpperThresholds"),
    ) {
        return if value < lower {
            Some(true)
        } else if value > upper {
            Some(false)
        } else {
            None
        };
    }
    let r = reason?.to_ascii_lowercase();
    match (r.contains("less than"), r.contains("greater than")) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// Whether the alarm is in ALARM only because its metric stopped arriving: "no datapoints
/// were received …", or missing datapoints "treated as [Breaching]" with no datapoint of its
/// own that breached (a sparse metric's real breach lists its values: "… datapoints [613.0
/// …] was greater than …").
fn breached_on_missing_data(reason: Option<&str>) -> bool {
    let r = reason.unwrap_or_default();
    let lower = r.to_ascii_lowercase();
    lower.contains("no datapoints were received")
        || (r.contains("treated as [Breaching]")
            && !lower.contains("datapoints [")
            && !lower.contains("datapoint ["))
}

fn alarm_subject(a: &AlarmTrigger) -> Option<Symptom> {
    let metrics = match &a.alarm {
        AlarmKind::Composite {
            rule,
            triggering_alarms,
        } => {
            return Some(Symptom::Unclassified {
                signal: Signal::CompositeAlarm {
                    rule: rule.clone(),
                    triggered_by: triggering_alarms.clone(),
                },
            });
        }
        AlarmKind::Metric { metrics } => metrics,
    };
    let deciding = deciding_metrics(metrics);
    let named = |m: &AlarmMetric| match (&m.namespace, &m.name) {
        (Some(ns), Some(n)) => format!("{ns} {n}"),
        _ => m.expression.clone().unwrap_or_default(),
    };
    if a.state == AlarmState::Alarm && breached_on_missing_data(a.reason.as_deref()) {
        let metric = deciding
            .iter()
            .map(|m| named(m))
            .collect::<Vec<_>>()
            .join(", ");
        return Some(Symptom::MetricStoppedReporting { metric });
    }
    let known: Vec<(&AlarmMetric, MetricRule)> = deciding
        .iter()
        .filter_map(|m| {
            Some((
                *m,
                metric_rule(m.namespace.as_deref()?, m.name.as_deref()?)?,
            ))
        })
        .collect();
    let Some(&(metric, rule)) = known.first() else {
        let names: Vec<String> = metrics
            .iter()
            .map(named)
            .filter(|n| !n.is_empty())
            .collect();
        return Some(Symptom::Unclassified {
            signal: Signal::Alarm {
                alarm: a.alarm_name.clone(),
                metrics: names,
            },
        });
    };
    // Metric math over metrics that mean different things (CPU and 5xx, say) names no one
    // cause: the live checks decide.
    if known.iter().any(|(_, r)| *r != rule) {
        return Some(Symptom::MixedSignals {
            expression: metrics
                .iter()
                .find(|m| m.return_data == Some(true) && m.expression.is_some())
                .and_then(|m| m.expression.clone())
                .unwrap_or_default(),
            metrics: known.iter().map(|(m, _)| named(m)).collect(),
        });
    }
    // A single metric that crossed the other way from the one that hurts (CPU fell below a
    // threshold, an anomaly band's lower edge) is not exhaustion: the load dropped.
    // Only for metrics whose harmful direction is known (a resource's); a custom metric that
    // falls (a canary's success rate, an availability) hurts the way its alarm was set.
    let direction = crossed_downwards(a.reason.as_deref(), a.reason_data.as_ref());
    let name = metric.name.as_deref().unwrap_or_default();
    if known.len() == 1
        && matches!(rule, MetricRule::Pressure(_))
        && direction.is_some_and(|down| down != low_is_bad(name))
    {
        return Some(Symptom::LoadDropped {
            metric: named(metric),
        });
    }
    Some(rule_symptom(rule, metric, a))
}

/// The metrics that decide an alarm: those it returns (`returnData`; all when none says),
/// and for a returned expression the metrics it reads. An anomaly band only frames the
/// metric it is built on.
fn deciding_metrics(metrics: &[AlarmMetric]) -> Vec<&AlarmMetric> {
    let flagged: Vec<&AlarmMetric> = metrics
        .iter()
        .filter(|m| m.return_data == Some(true))
        .collect();
    let returned = if flagged.is_empty() {
        metrics.iter().collect()
    } else {
        flagged
    };
    let mut out: Vec<&AlarmMetric> = Vec::new();
    for m in returned {
        let read: Vec<&AlarmMetric> = if m.namespace.is_some() && m.name.is_some() {
            vec![m]
        } else if let Some(expression) = &m.expression {
            metrics
                .iter()
                .filter(|o| o.namespace.is_some() && o.name.is_some())
                .filter(|o| reads(expression, o.id.as_deref()))
                .collect()
        } else {
            Vec::new()
        };
        for r in read {
            if !out.iter().any(|x| std::ptr::eq(*x, r)) {
                out.push(r);
            }
        }
    }
    out
}

/// Whether a metric-math expression reads the metric `id`: by name, or through
/// `METRICS()` (every metric) or `METRICS('prefix')`.
fn reads(expression: &str, id: Option<&str>) -> bool {
    let Some(id) = id else { return false };
    let upper = expression.to_ascii_uppercase();
    if upper.contains("METRICS()") {
        return true;
    }
    for (at, _) in upper.match_indices("METRICS(") {
        let arg = &expression[at + 8..];
        let arg = arg.split(')').next().unwrap_or_default();
        let prefix = arg.trim().trim_matches(['\'', '"']);
        if !prefix.is_empty() && id.starts_with(prefix) {
            return true;
        }
    }
    expression
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|token| token == id)
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

/// The alarms a composite alarm's rule reads: `ALARM(name)`, `OK("name")`,
/// `INSUFFICIENT_DATA(arn:…:alarm:name)`, also inside `AT_LEAST(…)` and nested rules.
pub fn composite_children(rule: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for state in ["ALARM(", "OK(", "INSUFFICIENT_DATA("] {
        for (at, _) in rule.match_indices(state) {
            // `ALARM(` inside a longer word is not a state function.
            if rule[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            let inner = &rule[at + state.len()..];
            let Some(end) = inner.find(')') else { continue };
            let name = inner[..end].trim().trim_matches(['"', '\'']).trim();
            let name = name.rsplit_once(":alarm:").map_or(name, |(_, n)| n);
            if !name.is_empty() && !out.iter().any(|n| n == name) {
                out.push(name.to_owned());
            }
        }
    }
    out
}

/// What a metric alarm in ALARM says of its metric (a child of a composite alarm, read live):
/// the same rules as a trigger's metric, with its state reason.
pub fn metric_alarm_symptom(
    alarm_name: &str,
    metrics: Vec<AlarmMetric>,
    reason: Option<String>,
) -> Option<Symptom> {
    let a = AlarmTrigger {
        alarm_name: alarm_name.to_owned(),
        alarm_arn: None,
        state: AlarmState::Alarm,
        previous_state: None,
        reason,
        reason_data: None,
        description: None,
        alarm: AlarmKind::Metric { metrics },
        delivery: crate::incident::AlarmDelivery::EventBridge,
    };
    alarm_subject(&a)
}

/// Which Health event type codes mean something more specific than "an AWS event".
fn health_subject(h: &HealthTrigger) -> Symptom {
    let code = h.event_type_code.as_str();
    if h.abuse || code.starts_with("AWS_ABUSE_") {
        return Symptom::AbuseReported {
            type_code: h.event_type_code.clone(),
        };
    }
    if code.starts_with("AWS_RISK_") {
        return Symptom::SecurityRisk {
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

/// RDS events by their documented event ID (`rds_events`); the message only when the ID
/// is absent or unknown, and then only by words that say which way it goes.
fn rds_subject(r: &RdsTrigger) -> Option<Symptom> {
    let status = |s: DbStatus| Some(Symptom::DbStatus { status: s });
    let event = |meaning: RdsMeaning| {
        Some(Symptom::RdsEvent {
            event_id: r.event_id.clone(),
            meaning,
            message: r.message.clone(),
        })
    };
    if let Some(id) = r.event_id.as_deref().map(str::trim) {
        match id {
            "RDS-EVENT-0031" => return status(DbStatus::Failed),
            "RDS-EVENT-0035" => return status(DbStatus::IncompatibleParameters),
            "RDS-EVENT-0036" | "RDS-EVENT-0315" => return status(DbStatus::IncompatibleNetwork),
            "RDS-EVENT-0007" | "RDS-EVENT-0221" => return status(DbStatus::StorageFull),
            // RDS cannot reach the KMS key: recoverable while the key can still be enabled.
            "RDS-EVENT-0418" => {
                return status(DbStatus::InaccessibleEncryptionCredentialsRecoverable);
            }
            "RDS-EVENT-0419" => return status(DbStatus::InaccessibleEncryptionCredentials),
            // Nearly full: the database is about to be shut down to prevent corruption.
            "RDS-EVENT-0222" | "RDS-EVENT-0227" | "RDS-EVENT-0330" | "RDS-EVENT-0331" => {
                return Some(Symptom::ResourcePressure {
                    metric: "allocated storage".into(),
                    resource_class: ResourceClass::Storage,
                    value: None,
                    threshold: None,
                });
            }
            // Failover started (instance Multi-AZ; cluster same-AZ, cross-AZ).
            "RDS-EVENT-0013" | "RDS-EVENT-0072" | "RDS-EVENT-0073" => {
                return Some(Symptom::DbFailover {
                    message: r.message.clone(),
                });
            }
            _ => {}
        }
        if let Some(doc) = rds_events::lookup(id, rds_source(r)) {
            return match (doc.kind, doc.party) {
                (RdsKind::Fault, RdsParty::Aws) => event(RdsMeaning::AwsFault),
                (RdsKind::Fault, _) => event(RdsMeaning::CustomerFault),
                (RdsKind::Warning, _) => Some(Symptom::ApproachingLimit {
                    what: r.message.clone(),
                }),
                (RdsKind::Recovery, _) => None,
                // Maintenance that finished asks for nothing; what is coming asks for a plan.
                (RdsKind::Maintenance, _) if reports_completion(&r.message) => {
                    event(RdsMeaning::Info)
                }
                (RdsKind::Maintenance, _) => event(RdsMeaning::Maintenance),
                (RdsKind::Change, _) => event(RdsMeaning::Change),
                (RdsKind::Info, _) => event(RdsMeaning::Info),
            };
        }
    }
    // No documented ID: the message, by what it says of its direction.
    let msg = r.message.to_ascii_lowercase();
    let has = |c: &str| r.categories.iter().any(|x| x.eq_ignore_ascii_case(c));
    let failing = ["failed", "unable to", "cannot", "can't", "error"]
        .iter()
        .any(|w| msg.contains(w));
    if rds_recovered(r) {
        return None;
    }
    if msg.contains("user requested") || msg.contains("requested by") {
        return event(RdsMeaning::Change);
    }
    if msg.contains("storage-full")
        || msg.contains("storage full")
        || msg.contains("storage has been exhausted")
    {
        return status(DbStatus::StorageFull);
    }
    if msg.contains("incompatible-network") || msg.contains("incompatible network") {
        return status(DbStatus::IncompatibleNetwork);
    }
    if msg.contains("incompatible-parameters")
        || msg.contains("incompatible parameters")
        || msg.contains("invalid parameters")
    {
        return status(DbStatus::IncompatibleParameters);
    }
    if failing && (msg.contains("kms") || msg.contains("encryption key")) {
        return status(DbStatus::InaccessibleEncryptionCredentials);
    }
    if has("failover") && !failing {
        return Some(Symptom::DbFailover {
            message: r.message.clone(),
        });
    }
    if failing || has("failure") {
        return event(RdsMeaning::CustomerFault);
    }
    if has("low storage") {
        return Some(Symptom::ApproachingLimit {
            what: r.message.clone(),
        });
    }
    if has("maintenance") {
        return event(RdsMeaning::Maintenance);
    }
    if ["backup", "creation", "deletion", "restoration", "snapshot"]
        .iter()
        .any(|c| has(c))
    {
        return event(RdsMeaning::Info);
    }
    Some(Symptom::Unclassified {
        signal: Signal::RdsEvent {
            event_id: r.event_id.clone(),
            message: r.message.clone(),
        },
    })
}

/// Whether a maintenance event reports that it is done ("has been patched", "upgrade
/// finished", "completed").
fn reports_completion(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    [
        "has been patched",
        "has been upgraded",
        "finished",
        "completed",
        "were updated",
    ]
    .iter()
    .any(|w| m.contains(w))
}

/// Instance or cluster: the two lists of event IDs reuse some numbers.
fn rds_source(r: &RdsTrigger) -> RdsSource {
    let cluster = r
        .source_type
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case("CLUSTER"))
        || r.source_arn
            .as_deref()
            .is_some_and(|a| a.contains(":cluster:"));
    if cluster {
        RdsSource::Cluster
    } else {
        RdsSource::Instance
    }
}

/// Whether the RDS event reports that something came back or completed: by its documented
/// ID, else by words that say so (and none that say it failed).
fn rds_recovered(r: &RdsTrigger) -> bool {
    if let Some(doc) = r
        .event_id
        .as_deref()
        .and_then(|id| rds_events::lookup(id, rds_source(r)))
    {
        return doc.kind == RdsKind::Recovery;
    }
    let msg = r.message.to_ascii_lowercase();
    let failing = [
        "failed",
        "unable to",
        "cannot",
        "can't",
        "error",
        "has started",
    ]
    .iter()
    .any(|w| msg.contains(w));
    !failing
        && [
            "completed",
            "is complete",
            "recovered",
            "has been restored",
            "can now",
            "resumed",
        ]
        .iter()
        .any(|w| msg.contains(w))
}

#[cfg(test)]
mod tests {
    use super::composite_children;

    #[test]
    fn the_children_a_composite_rule_reads() {
        assert_eq!(
            composite_children(
                r#"ALARM("ServerCpuTooHigh") OR (ALARM(arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:DiskFull) AND NOT OK('Health'))"#
            ),
            ["ServerCpuTooHigh", "DiskFull", "Health"]
        );
        assert_eq!(
            composite_children("AT_LEAST(2, ALARM, (ALARM(a), ALARM(b), INSUFFICIENT_DATA(c)))"),
            ["a", "b", "c"]
        );
        assert!(composite_children("TRUE").is_empty());
    }
}
