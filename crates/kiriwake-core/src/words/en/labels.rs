//! Labels in English.

use super::English;
use crate::config::SupportPlan;
use crate::decision::{Confidence, Scope, Verdict};
use crate::finding::{
    Check, DbStatus, RdsMeaning, ResourceClass, Signal, Step, Symptom, UnavailableReason,
};
use crate::incident::{HealthCategory, HealthStatus};
use crate::responsibility::{Layer, Party};
use crate::words::Labels;
use crate::words::labels::{named_changes, number, utc_minute};

impl Labels for English {
    fn verdict(&self, v: Verdict) -> &'static str {
        match v {
            Verdict::AwsSide => "AWS side",
            Verdict::Instance => "Instance (OS, resources)",
            Verdict::Application => "Application",
            Verdict::OutsideAws => "Outside AWS",
            Verdict::Watch => "Watch (no fault now)",
            Verdict::Inconclusive => "Inconclusive",
            Verdict::Recovered => "Recovered",
        }
    }

    fn party(&self, p: Party) -> &'static str {
        match p {
            Party::Aws => "AWS (contact AWS Support)",
            Party::Customer => "You (the customer)",
            Party::Outside => "Outside AWS (on-premises side, line, carrier)",
            Party::Unknown => "Not yet known",
        }
    }

    fn layer(&self, l: Layer) -> &'static str {
        match l {
            Layer::Application => "application",
            Layer::Data => "data",
            Layer::Middleware => "middleware",
            Layer::Os => "OS",
            Layer::Virtualization => "virtualization",
            Layer::Infrastructure => "infrastructure",
            Layer::Configuration => "resource configuration",
            Layer::OutsideAws => "path outside AWS",
            Layer::Unknown => "unknown",
        }
    }

    fn scope(&self, s: Scope) -> &'static str {
        match s {
            Scope::OneResource => "one resource",
            Scope::PartOfGroup => "part of a group",
            Scope::AvailabilityZone => "one Availability Zone",
            Scope::WholeSystem => "whole system",
            Scope::RegionOrService => "region or service wide",
            Scope::Unknown => "not yet known",
        }
    }

    fn confidence(&self, c: Confidence) -> &'static str {
        match c {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        }
    }

    fn step_title(&self, s: Step) -> &'static str {
        match s {
            Step::UserSide => {
                "Step 1  User side: instance status, OS and resources, application logs"
            }
            Step::AwsSide => "Step 2  AWS side: system status, scheduled events, AWS Health",
            Step::OutsideAws => "Step 3  Outside AWS: VPN, on-premises, line and carrier",
        }
    }

    fn check(&self, c: Check) -> &'static str {
        match c {
            Check::TriggerEvent => "the alarm / event itself",
            Check::InstanceStatus => "instance status check",
            Check::AttachedEbsStatus => "attached EBS status check",
            Check::DbInstanceStatus => "DB instance status",
            Check::ResourceUsage => "resource usage (CloudWatch metrics)",
            Check::OsLogs => "OS logs",
            Check::ApplicationLogs => "application logs",
            Check::SiblingResources => "other servers in the same group",
            Check::RecentChanges => "recent changes (CloudTrail)",
            Check::ChildAlarms => "the composite alarm's child alarms",
            Check::SystemStatus => "system status check",
            Check::ScheduledEvents => "scheduled events",
            Check::HealthAccountEvents => "AWS Health (account health)",
            Check::HealthPublicEvents => "AWS Health (service health)",
            Check::VpnTunnels => "Site-to-Site VPN tunnels",
            Check::EndpointReachability => "reachability of endpoints",
        }
    }

    fn unavailable(&self, r: UnavailableReason) -> &'static str {
        match r {
            UnavailableReason::NotRun => "not run (offline)",
            UnavailableReason::AccessDenied => "access denied",
            UnavailableReason::SubscriptionRequired => {
                "needs Business, Enterprise On-Ramp or Enterprise support"
            }
            UnavailableReason::Throttled => "throttled",
            UnavailableReason::Timeout => "timed out",
            UnavailableReason::NotConfigured => "not configured",
            UnavailableReason::NoData => "no data: the alarm's metric stopped reporting",
            UnavailableReason::Error => "error",
        }
    }

    fn resource_class(&self, c: ResourceClass) -> &'static str {
        match c {
            ResourceClass::Cpu => "CPU",
            ResourceClass::Memory => "memory",
            ResourceClass::Disk => "disk",
            ResourceClass::Storage => "storage",
            ResourceClass::Connections => "connections",
            ResourceClass::Network => "network",
            ResourceClass::Io => "I/O",
        }
    }

    fn db_status<'a>(&self, s: &'a DbStatus) -> &'a str {
        match s {
            DbStatus::Failed => {
                "failed: the DB instance needs data recovery (point-in-time restore)"
            }
            DbStatus::IncompatibleNetwork => {
                "incompatible-network: the DB instance cannot obtain an IP address (e.g. no free IPs in its subnets)"
            }
            DbStatus::StorageFull => {
                "storage-full: the DB instance has run out of storage; extend it by modifying the instance"
            }
            DbStatus::IncompatibleParameters => {
                "incompatible-parameters: the parameter group has values the instance cannot start with"
            }
            DbStatus::IncompatibleRestore => {
                "incompatible-restore: a point-in-time restore could not complete"
            }
            DbStatus::InaccessibleEncryptionCredentials => {
                "inaccessible-encryption-credentials: the KMS key is disabled or deleted"
            }
            DbStatus::InaccessibleEncryptionCredentialsRecoverable => {
                "inaccessible-encryption-credentials-recoverable: the KMS key is unreachable; re-enable it within 7 days"
            }
            DbStatus::StorageOptimization => {
                "storage-optimization: storage is being optimized (not a fault)"
            }
            DbStatus::Other(s) => s,
        }
    }

    fn rds_meaning(&self, m: RdsMeaning) -> &'static str {
        match m {
            RdsMeaning::AwsFault => "a fault of the managed database (AWS's side)",
            RdsMeaning::CustomerFault => "a fault in what you configure or run",
            RdsMeaning::Maintenance => "maintenance",
            RdsMeaning::Change => "a change made in the account",
            RdsMeaning::Info => "information",
        }
    }

    fn symptom(&self, s: &Symptom) -> String {
        match s {
            Symptom::SystemStatusImpaired { .. } => "the EC2 system status check failed (the physical host: network connectivity, power, host software or hardware)".into(),
            Symptom::InstanceStatusImpaired { .. } => "the EC2 instance status check failed (network or startup configuration, exhausted memory, corrupted file system, incompatible kernel)".into(),
            Symptom::AttachedEbsImpaired { .. } => "the attached EBS status check failed (the storage subsystem or the host's path to EBS)".into(),
            Symptom::StatusCheckFailed => "a status check failed (the combined metric does not say whether system or instance)".into(),
            Symptom::ScheduledEvent { code, not_before, .. } => {
                let when = match not_before {
                    Some(t) => format!(" from {}", utc_minute(t)),
                    None => String::new(),
                };
                format!("AWS scheduled event {code}{when}")
            }
            Symptom::DbStatus { status } => {
                format!("the DB instance status is {}", self.db_status(status))
            }
            Symptom::DbFailover { message } => {
                format!("an RDS Multi-AZ failover occurred: {message}")
            }
            Symptom::ResourcePressure { metric, resource_class, value, threshold } => {
                let figures = match (value, threshold) {
                    (Some(v), Some(t)) => format!(" ({} vs threshold {})", number(*v), number(*t)),
                    (Some(v), None) => format!(" ({})", number(*v)),
                    (None, Some(t)) => format!(" (threshold {})", number(*t)),
                    (None, None) => String::new(),
                };
                format!(
                    "{} is under pressure: {metric}{figures}",
                    self.resource_class(*resource_class)
                )
            }
            Symptom::LogErrors { count, .. } => {
                format!("{count} error line{} in the logs", if *count == 1 { "" } else { "s" })
            }
            Symptom::ApplicationErrors { metric } => {
                format!("the application error metric {metric} is in alarm")
            }
            Symptom::UnhealthyTargets { metric } => {
                format!("load balancer targets are failing health checks ({metric})")
            }
            Symptom::HealthEvent(h) => format!(
                "AWS Health {} {} for {} is {}{}",
                self.health_category(&h.category),
                h.type_code,
                h.service,
                self.health_status(&h.status),
                if h.public { " (public: all customers in the region)" } else { " (affects this account)" }
            ),
            Symptom::SecurityRisk { type_code } => format!(
                "AWS reports a risk to this account's security ({type_code}), such as an access key exposed in public"
            ),
            Symptom::MetricStoppedReporting { metric } => format!(
                "the alarm fired because {metric} stopped reporting (missing data treated as breaching), not because of a value"
            ),
            Symptom::LoadDropped { metric } => format!(
                "{metric} fell below its threshold: the load went away, which is not exhaustion"
            ),
            Symptom::MixedSignals { expression, metrics } => {
                let expression = if expression.is_empty() { String::new() } else { format!(" {expression}") };
                format!(
                    "the metric-math alarm{expression} combines metrics that point to different causes ({})",
                    metrics.join(", ")
                )
            }
            Symptom::RecentChanges { changes } => {
                let (named, more) = named_changes(changes);
                let list: Vec<String> = named
                    .iter()
                    .map(|c| {
                        let by = c.by.as_deref().unwrap_or("?");
                        let at = utc_minute(&c.at);
                        format!("{} on {} by {by} at {at}", c.event, c.resource)
                    })
                    .collect();
                let more = if more > 0 { format!(" and {more} more") } else { String::new() };
                format!(
                    "{} change{} in the hours before: {}{more}",
                    changes.len(),
                    if changes.len() == 1 { "" } else { "s" },
                    list.join("; ")
                )
            }
            Symptom::ApproachingLimit { what } => {
                format!("a limit is being approached, nothing is broken yet: {what}")
            }
            Symptom::RdsEvent { event_id, meaning, message } => {
                let id = event_id.as_deref().map(|i| format!("{i} ")).unwrap_or_default();
                format!("RDS event {id}({}): {message}", self.rds_meaning(*meaning))
            }
            Symptom::AbuseReported { type_code } => format!(
                "AWS reports abuse from this resource ({type_code}); it may be compromised"
            ),
            Symptom::VpnTunnelsDown { vpn_id, total: 0, .. } => {
                format!("the tunnel state of VPN {vpn_id} is in alarm (tunnels down)")
            }
            Symptom::VpnTunnelsDown { vpn_id, down, total } => {
                format!("{down} of {total} VPN tunnels of {vpn_id} are DOWN")
            }
            Symptom::DirectConnectDown { connection_id } => {
                format!("Direct Connect connection {connection_id} is down")
            }
            Symptom::EndpointUnreachable { endpoint } => {
                format!("{endpoint} did not answer a TCP connect")
            }
            Symptom::InstanceStopped { state } => format!("the instance is {state}"),
            Symptom::SiblingsImpaired { group, impaired, total, stopped, zone } => {
                let stopped = if *stopped > 0 { format!(" ({stopped} stopped)") } else { String::new() };
                let zone = zone
                    .as_deref()
                    .map(|z| format!(", all in {z} while the others elsewhere are healthy"))
                    .unwrap_or_default();
                format!("{impaired} of {total} servers in {group} are impaired{stopped}{zone}")
            }
            Symptom::Unclassified { signal } => {
                format!("a signal kiriwake has no rule for: {}", self.signal(signal))
            }
        }
    }

    fn signal(&self, s: &Signal) -> String {
        match s {
            Signal::CompositeAlarm { rule, triggered_by } if triggered_by.is_empty() => {
                format!("composite alarm rule {rule}")
            }
            Signal::CompositeAlarm { rule, triggered_by } => format!(
                "composite alarm rule {rule}, triggered by {}",
                triggered_by.join(", ")
            ),
            Signal::Alarm { alarm, metrics } if metrics.is_empty() => {
                format!("alarm {alarm} on an unknown metric")
            }
            Signal::Alarm { alarm, metrics } => {
                format!("alarm {alarm} on {}", metrics.join(", "))
            }
            Signal::RdsEvent { event_id, message } => {
                let id = event_id
                    .as_deref()
                    .map(|i| format!(" {i}"))
                    .unwrap_or_default();
                format!("RDS event{id}: {message}")
            }
        }
    }

    fn health_category<'a>(&self, c: &'a HealthCategory) -> &'a str {
        c.word()
    }

    fn health_status<'a>(&self, s: &'a HealthStatus) -> &'a str {
        s.word()
    }

    fn plan_name(&self, p: SupportPlan) -> &'static str {
        match p {
            SupportPlan::Basic => "Basic",
            SupportPlan::Developer => "Developer",
            SupportPlan::Business => "Business",
            SupportPlan::EnterpriseOnRamp => "Enterprise On-Ramp",
            SupportPlan::Enterprise => "Enterprise",
        }
    }

    fn default_zone(&self) -> (i32, &'static str) {
        (0, "UTC")
    }
}
