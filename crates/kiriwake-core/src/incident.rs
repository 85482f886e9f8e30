//! The `Incident`: every trigger, normalized into one shape.
//!
//! Intake turns an AWS event (or a manual request) into an incident; every later step
//! reads only this. The trigger keeps the facts the decision needs from the original
//! event, typed; the raw event itself is not kept.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One alarm, Health event, state change or manual request, ready for isolation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// Stable identifier: the EventBridge event id, or one derived from the payload.
    pub id: String,
    /// Key for de-duplicating repeated deliveries of the same fact, the same on every
    /// delivery path: an alarm's ARN + state + state timestamp (its EventBridge event and
    /// its alarm action are one), a Health event's ARN + status + last update (+ page), an
    /// instance + state + time, an RDS source + event ID + time. At most
    /// [`crate::intake::MAX_DEDUPE_KEY_BYTES`].
    pub dedupe_key: String,
    /// Until when (Unix seconds) a delivery of this key counts as a duplicate: the incident
    /// store forgets the key after it (its TTL).
    #[serde(default)]
    pub dedupe_until: i64,
    pub trigger: Trigger,
    /// The resources the trigger names (at most [`crate::intake::MAX_RESOURCES`]); empty
    /// for public Health events.
    pub resources: Vec<Resource>,
    /// How many more resources the trigger named than `resources` keeps.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub resources_omitted: usize,
    /// The affected region (for Health, `eventRegion`, not the delivery region).
    pub region: Option<String>,
    pub account: Option<String>,
    /// When the fault began, as best the trigger tells.
    pub started_at: DateTime<Utc>,
    /// When the trigger was delivered (or, for a manual request, received).
    pub received_at: DateTime<Utc>,
    /// Whether the trigger says the condition is still going on.
    pub ongoing: bool,
    /// One line for people: what fired and on what.
    pub summary: String,
    /// Where intake had to fall back (e.g. an unparseable timestamp), in plain words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub intake_notes: Vec<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Incident {
    /// The resource the isolation is about: the first named one.
    pub fn primary_resource(&self) -> Option<&Resource> {
        self.resources.first()
    }

    /// Identifiers of every resource, for subjects and support cases.
    pub fn resource_ids(&self) -> Vec<&str> {
        self.resources.iter().map(|r| r.id.as_str()).collect()
    }
}

/// What fired, with the facts of the original event the decision needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Trigger {
    Health(HealthTrigger),
    Alarm(AlarmTrigger),
    Ec2State(Ec2StateTrigger),
    RdsEvent(RdsTrigger),
    Manual(ManualTrigger),
}

impl Trigger {
    pub fn kind_name(&self) -> &'static str {
        match self {
            Trigger::Health(_) => "health",
            Trigger::Alarm(_) => "alarm",
            Trigger::Ec2State(_) => "ec2_state",
            Trigger::RdsEvent(_) => "rds_event",
            Trigger::Manual(_) => "manual",
        }
    }
}

/// An AWS Health event as EventBridge delivers it (every documented `detail` field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthTrigger {
    pub event_arn: String,
    pub service: String,
    pub event_type_code: String,
    pub category: HealthCategory,
    pub scope: HealthScope,
    pub status: HealthStatus,
    pub communication_id: Option<String>,
    pub start_time: Option<DateTime<Utc>>,
    pub end_time: Option<DateTime<Utc>>,
    pub last_updated_time: Option<DateTime<Utc>>,
    pub event_region: Option<String>,
    pub affected_account: Option<String>,
    /// The English `latestDescription` when present, else the first one.
    pub description: Option<String>,
    /// At most [`crate::intake::MAX_RESOURCES`] of them.
    pub affected_entities: Vec<HealthEntity>,
    /// How many more entities the event named than `affected_entities` keeps.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub entities_omitted: usize,
    /// `detail-type: AWS Health Abuse Event`.
    pub abuse: bool,
    /// Large events arrive in pages (`page` of `totalPages`).
    pub page: Option<String>,
    pub total_pages: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthEntity {
    pub value: String,
    /// `IMPAIRED`, `UNIMPAIRED`, `UNKNOWN`, `PENDING`, `RESOLVED` as AWS sends it.
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum HealthCategory {
    Issue,
    AccountNotification,
    ScheduledChange,
    Investigation,
    #[serde(untagged)]
    Other(String),
}

impl HealthCategory {
    pub fn word(&self) -> &str {
        match self {
            HealthCategory::Issue => "issue",
            HealthCategory::AccountNotification => "account notification",
            HealthCategory::ScheduledChange => "scheduled change",
            HealthCategory::Investigation => "investigation",
            HealthCategory::Other(s) => s,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum HealthScope {
    Public,
    AccountSpecific,
    None,
    #[serde(untagged)]
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    Open,
    Closed,
    Upcoming,
    #[serde(untagged)]
    Other(String),
}

/// A CloudWatch alarm state change, from EventBridge or from an alarm action.
impl HealthStatus {
    pub fn word(&self) -> &str {
        match self {
            HealthStatus::Open => "open",
            HealthStatus::Closed => "closed",
            HealthStatus::Upcoming => "upcoming",
            HealthStatus::Other(s) => s,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlarmTrigger {
    pub alarm_name: String,
    pub alarm_arn: Option<String>,
    pub state: AlarmState,
    pub previous_state: Option<AlarmState>,
    pub reason: Option<String>,
    /// `reasonData` parsed from its JSON string; `None` when absent or unparseable.
    pub reason_data: Option<serde_json::Value>,
    pub description: Option<String>,
    pub alarm: AlarmKind,
    pub delivery: AlarmDelivery,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlarmDelivery {
    /// `detail-type: CloudWatch Alarm State Change` on an event bus.
    EventBridge,
    /// The payload CloudWatch sends when the alarm invokes a Lambda directly.
    AlarmAction,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AlarmState {
    Ok,
    Alarm,
    InsufficientData,
    #[serde(untagged)]
    Other(String),
}

impl AlarmState {
    pub fn word(&self) -> &str {
        match self {
            AlarmState::Ok => "OK",
            AlarmState::Alarm => "ALARM",
            AlarmState::InsufficientData => "INSUFFICIENT_DATA",
            AlarmState::Other(s) => s,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AlarmKind {
    /// A metric alarm; several entries for metric math and anomaly detection.
    Metric { metrics: Vec<AlarmMetric> },
    /// A composite alarm: a rule over other alarms.
    Composite {
        rule: String,
        /// Child alarms that moved the composite, from `reasonData.triggeringAlarms`.
        triggering_alarms: Vec<String>,
    },
}

impl AlarmKind {
    /// What the alarm watches, as people name it: each metric's name or expression, or
    /// the composite's rule (after `rule_word`: "rule" in the reader's language).
    pub fn watched(&self, rule_word: &str) -> Vec<String> {
        match self {
            AlarmKind::Metric { metrics } => metrics
                .iter()
                .filter_map(|m| m.name.clone().or_else(|| m.expression.clone()))
                .collect(),
            AlarmKind::Composite { rule, .. } => vec![format!("{rule_word} {rule}")],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlarmMetric {
    pub id: Option<String>,
    pub namespace: Option<String>,
    pub name: Option<String>,
    #[serde(default)]
    pub dimensions: BTreeMap<String, String>,
    pub stat: Option<String>,
    pub period: Option<u64>,
    /// Metric math or anomaly band expression.
    pub expression: Option<String>,
    pub return_data: Option<bool>,
}

/// `EC2 Instance State-change Notification`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ec2StateTrigger {
    pub instance_id: String,
    pub state: String,
}

/// `RDS DB Instance Event` (and `RDS DB Cluster Event`, same shape).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RdsTrigger {
    pub source_type: Option<String>,
    pub source_identifier: String,
    pub source_arn: Option<String>,
    pub categories: Vec<String>,
    pub message: String,
    pub event_id: Option<String>,
}

/// A request typed by a person: a console test event or a runbook step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManualTrigger {
    pub note: Option<String>,
}

/// A resource the trigger names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    pub kind: ResourceKind,
    /// The short identifier people use (`i-0abc…`, a DB identifier, `vpn-…`).
    pub id: String,
    pub arn: Option<String>,
    pub region: Option<String>,
    pub account: Option<String>,
    pub availability_zone: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    Ec2Instance,
    EbsVolume,
    AutoScalingGroup,
    RdsDbInstance,
    RdsDbCluster,
    VpnConnection,
    DirectConnect,
    LoadBalancer,
    TargetGroup,
    LambdaFunction,
    S3Bucket,
    Other,
}

/// Who runs the OS and middleware of a service — the method's table has two columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// EC2 and its volumes: the customer runs the OS and middleware.
    Unmanaged,
    /// RDS, load balancers, Lambda, S3, VPN endpoints: AWS runs the OS and middleware.
    Managed,
    /// A resource kiriwake does not know: who runs its OS and middleware is not known.
    Unknown,
}

impl ResourceKind {
    pub fn service_kind(self) -> ServiceKind {
        match self {
            ResourceKind::Ec2Instance
            | ResourceKind::EbsVolume
            | ResourceKind::AutoScalingGroup => ServiceKind::Unmanaged,
            ResourceKind::RdsDbInstance
            | ResourceKind::RdsDbCluster
            | ResourceKind::LoadBalancer
            | ResourceKind::TargetGroup
            | ResourceKind::LambdaFunction
            | ResourceKind::S3Bucket
            | ResourceKind::VpnConnection
            | ResourceKind::DirectConnect => ServiceKind::Managed,
            ResourceKind::Other => ServiceKind::Unknown,
        }
    }

    /// Resource groups (an Auto Scaling group, a target group) rather than one resource.
    pub fn is_group(self) -> bool {
        matches!(
            self,
            ResourceKind::AutoScalingGroup | ResourceKind::TargetGroup | ResourceKind::LoadBalancer
        )
    }

    /// Infers the kind of a bare identifier or ARN.
    pub fn infer(id: &str) -> ResourceKind {
        if let Some(rest) = id.strip_prefix("arn:") {
            let mut parts = rest.splitn(5, ':');
            let service = parts.nth(1).unwrap_or_default();
            let resource = parts.nth(2).unwrap_or_default();
            return match (
                service,
                resource.split([':', '/']).next().unwrap_or_default(),
            ) {
                ("ec2", "instance") => ResourceKind::Ec2Instance,
                ("ec2", "volume") => ResourceKind::EbsVolume,
                ("ec2", "vpn-connection") => ResourceKind::VpnConnection,
                ("rds", "db") => ResourceKind::RdsDbInstance,
                ("rds", "cluster") => ResourceKind::RdsDbCluster,
                ("autoscaling", _) => ResourceKind::AutoScalingGroup,
                ("elasticloadbalancing", "targetgroup") => ResourceKind::TargetGroup,
                ("elasticloadbalancing", _) => ResourceKind::LoadBalancer,
                ("lambda", _) => ResourceKind::LambdaFunction,
                ("s3", _) => ResourceKind::S3Bucket,
                ("directconnect", _) => ResourceKind::DirectConnect,
                _ => ResourceKind::Other,
            };
        }
        if id.starts_with("i-") {
            ResourceKind::Ec2Instance
        } else if id.starts_with("vol-") {
            ResourceKind::EbsVolume
        } else if id.starts_with("vpn-") {
            ResourceKind::VpnConnection
        } else if id.starts_with("dxcon-") {
            ResourceKind::DirectConnect
        } else {
            ResourceKind::Other
        }
    }
}

impl Resource {
    /// A resource from an identifier or ARN; region and account come from the ARN when
    /// it has them.
    pub fn from_id(raw: &str, kind: Option<ResourceKind>) -> Resource {
        let kind = kind.unwrap_or_else(|| ResourceKind::infer(raw));
        if let Some(rest) = raw.strip_prefix("arn:") {
            let parts: Vec<&str> = rest.splitn(5, ':').collect();
            let field = |i: usize| {
                parts
                    .get(i)
                    .filter(|s| !s.is_empty())
                    .map(|s| (*s).to_owned())
            };
            let tail = parts.get(4).copied().unwrap_or_default();
            let id = match kind {
                // arn:aws:rds:region:acct:db:name
                ResourceKind::RdsDbInstance | ResourceKind::RdsDbCluster => {
                    tail.split(':').nth(1).unwrap_or(tail)
                }
                // arn:aws:ec2:region:acct:instance/i-…; autoscaling keeps its name last
                _ => tail.rsplit(['/', ':']).next().unwrap_or(tail),
            };
            return Resource {
                kind,
                id: id.to_owned(),
                arn: Some(raw.to_owned()),
                region: field(2),
                account: field(3),
                availability_zone: None,
            };
        }
        Resource {
            kind,
            id: raw.to_owned(),
            arn: None,
            region: None,
            account: None,
            availability_zone: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infers_kinds_from_ids_and_arns() {
        let cases = [
            (
                "i-0123456789abcdef0",
                ResourceKind::Ec2Instance,
                "i-0123456789abcdef0",
            ),
            (
                "arn:aws:ec2:ap-northeast-1:123456789012:instance/i-0abc",
                ResourceKind::Ec2Instance,
                "i-0abc",
            ),
            (
                "arn:aws:rds:us-east-1:123456789012:db:orders-db",
                ResourceKind::RdsDbInstance,
                "orders-db",
            ),
            (
                "arn:aws:rds:us-east-1:123456789012:cluster:aurora-1",
                ResourceKind::RdsDbCluster,
                "aurora-1",
            ),
            ("vpn-0a1b2c3d", ResourceKind::VpnConnection, "vpn-0a1b2c3d"),
            ("vol-0abc", ResourceKind::EbsVolume, "vol-0abc"),
            ("orders-db", ResourceKind::Other, "orders-db"),
        ];
        for (raw, kind, id) in cases {
            let r = Resource::from_id(raw, None);
            assert_eq!((r.kind, r.id.as_str()), (kind, id), "{raw}");
        }
        let r = Resource::from_id("arn:aws:rds:us-east-1:123456789012:db:orders-db", None);
        assert_eq!(r.region.as_deref(), Some("us-east-1"));
        assert_eq!(r.account.as_deref(), Some("123456789012"));
    }

    #[test]
    fn service_kind_follows_the_method_table() {
        assert_eq!(
            ResourceKind::Ec2Instance.service_kind(),
            ServiceKind::Unmanaged
        );
        assert_eq!(
            ResourceKind::RdsDbInstance.service_kind(),
            ServiceKind::Managed
        );
    }
}
