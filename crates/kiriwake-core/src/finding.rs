//! Findings: what one check observed. A check returns findings; it never decides.
//!
//! The three steps of the method each own a set of [`Check`]s. A finding is the outcome of
//! one check for one resource: normal, abnormal with the [`Symptom`] observed, or
//! unavailable with the reason it could not run. The trigger itself is evidence too:
//! [`trigger_findings`] turns what the alarm or event says into findings of the
//! `trigger_event` check, so the decision reads one list.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The method's three isolation steps (切り分けでやるべきこと 1–3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Step 1, in the console: instance status, OS and resources, application logs.
    UserSide,
    /// Step 2, with AWS Support: system status, scheduled events, AWS Health.
    AwsSide,
    /// Step 3: the path outside AWS — VPN, on-premises, the line, the carrier.
    OutsideAws,
}

impl Step {
    pub const ALL: [Step; 3] = [Step::UserSide, Step::AwsSide, Step::OutsideAws];
}

/// Every check kiriwake knows, named as in the method's flowchart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// What the alarm or event itself reports.
    TriggerEvent,
    // Step 1, user side.
    InstanceStatus,
    AttachedEbsStatus,
    DbInstanceStatus,
    ResourceUsage,
    OsLogs,
    ApplicationLogs,
    /// Siblings in the same group: some servers, or the whole system?
    SiblingResources,
    /// Changes made to the resource and what surrounds it shortly before (CloudTrail): the
    /// method's human error.
    RecentChanges,
    /// A composite alarm's child alarms, read live: which are in ALARM, on what metrics.
    ChildAlarms,
    // Step 2, AWS side.
    SystemStatus,
    ScheduledEvents,
    HealthAccountEvents,
    HealthPublicEvents,
    // Step 3, outside AWS.
    VpnTunnels,
    EndpointReachability,
}

impl Check {
    /// The step a live check belongs to (the trigger's step depends on what it says).
    pub fn step(self) -> Step {
        match self {
            Check::TriggerEvent
            | Check::InstanceStatus
            | Check::AttachedEbsStatus
            | Check::DbInstanceStatus
            | Check::ResourceUsage
            | Check::OsLogs
            | Check::ApplicationLogs
            | Check::SiblingResources
            | Check::RecentChanges
            | Check::ChildAlarms => Step::UserSide,
            Check::SystemStatus
            | Check::ScheduledEvents
            | Check::HealthAccountEvents
            | Check::HealthPublicEvents => Step::AwsSide,
            Check::VpnTunnels | Check::EndpointReachability => Step::OutsideAws,
        }
    }
}

/// The result of one check on one resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub step: Step,
    pub check: Check,
    /// The resource checked, when the check is about one.
    pub resource: Option<String>,
    pub outcome: Outcome,
    /// What was observed, as label/value pairs (API fields, metric values, log lines).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// How long the live check took, in milliseconds, from its step's start (a step's
    /// checks run concurrently, so this includes the calls it waited on); absent when no
    /// check ran (the trigger's own evidence, a step that failed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
}

impl Finding {
    pub fn new(check: Check, resource: Option<&str>, outcome: Outcome) -> Self {
        Finding {
            step: check.step(),
            check,
            resource: resource.map(str::to_owned),
            outcome,
            evidence: Vec::new(),
            duration_ms: None,
        }
    }

    pub fn normal(check: Check, resource: Option<&str>) -> Self {
        Finding::new(check, resource, Outcome::Normal)
    }

    pub fn abnormal(check: Check, resource: Option<&str>, symptom: Symptom) -> Self {
        Finding::new(check, resource, Outcome::Abnormal { symptom })
    }

    pub fn unavailable(
        check: Check,
        resource: Option<&str>,
        reason: UnavailableReason,
        detail: impl Into<String>,
    ) -> Self {
        Finding::new(
            check,
            resource,
            Outcome::Unavailable {
                reason,
                detail: detail.into(),
            },
        )
    }

    pub fn with_evidence(mut self, label: impl Into<String>, value: impl Into<String>) -> Self {
        self.evidence.push(Evidence {
            label: label.into(),
            value: value.into(),
        });
        self
    }

    pub fn symptom(&self) -> Option<&Symptom> {
        match &self.outcome {
            Outcome::Abnormal { symptom } => Some(symptom),
            _ => None,
        }
    }

    /// A live check (not the trigger's own report).
    pub fn is_live(&self) -> bool {
        self.check != Check::TriggerEvent
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    Normal,
    Abnormal {
        symptom: Symptom,
    },
    Unavailable {
        reason: UnavailableReason,
        detail: String,
    },
}

/// Why a check could not run. The notification lists every one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnavailableReason {
    /// Not attempted (offline run, or not applicable to this trigger).
    NotRun,
    AccessDenied,
    /// The AWS Health API needs Business, Enterprise On-Ramp or Enterprise support.
    SubscriptionRequired,
    Throttled,
    Timeout,
    /// Nothing to check was configured (no log groups, no VPN, no endpoints).
    NotConfigured,
    /// The alarm is in INSUFFICIENT_DATA: its metric stopped reporting, so nothing says
    /// whether the resource is well.
    NoData,
    Error,
}

/// What an abnormal check observed. Observations, not verdicts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Symptom {
    /// EC2 system status check failed (the physical host: network, power, hardware,
    /// host software).
    SystemStatusImpaired { since: Option<DateTime<Utc>> },
    /// EC2 instance status check failed (network or startup configuration, memory,
    /// file system, kernel).
    InstanceStatusImpaired { since: Option<DateTime<Utc>> },
    /// EC2 attached EBS status check failed (storage subsystem, host reachability to EBS).
    AttachedEbsImpaired { since: Option<DateTime<Utc>> },
    /// The combined `StatusCheckFailed` metric: system or instance, not known which.
    StatusCheckFailed,
    /// An EC2 scheduled event (`instance-retirement`, `system-reboot`, …).
    ScheduledEvent {
        code: String,
        description: Option<String>,
        not_before: Option<DateTime<Utc>>,
    },
    /// An RDS DB instance status that needs action.
    DbStatus { status: DbStatus },
    /// An RDS Multi-AZ failover.
    DbFailover { message: String },
    /// A resource over its threshold (CPU, memory, disk, storage, connections…).
    ResourcePressure {
        metric: String,
        resource_class: ResourceClass,
        value: Option<f64>,
        threshold: Option<f64>,
    },
    /// Error lines in OS or application logs (which, by the check).
    LogErrors { count: u64, samples: Vec<String> },
    /// An application-level error metric (5xx, function errors, a log metric filter).
    ApplicationErrors { metric: String },
    /// Load balancer targets failing health checks.
    UnhealthyTargets { metric: String },
    /// An AWS Health event touching the resource, its service or its region.
    HealthEvent(HealthEventSymptom),
    /// AWS reports abuse from the resource (a compromised host, usually).
    AbuseReported { type_code: String },
    /// AWS reports a risk to the account's security (`AWS_RISK_*`, e.g. exposed access keys).
    SecurityRisk { type_code: String },
    /// The alarm breached because its metric stopped arriving (missing data treated as
    /// breaching): the source is stopped, or whatever publishes the metric died.
    MetricStoppedReporting { metric: String },
    /// A metric crossed its threshold the harmless way for a fault (CPU fell, traffic
    /// dropped): the load went away — a stopped workload, or traffic that no longer arrives.
    LoadDropped { metric: String },
    /// A metric-math alarm over metrics that point to different causes (`metrics`): the
    /// expression alone names none; the live checks decide.
    MixedSignals {
        expression: String,
        metrics: Vec<String>,
    },
    /// Changes someone (or an automation) made shortly before the incident, newest first.
    RecentChanges { changes: Vec<Change> },
    /// Something approaches a limit (storage, burst credits): nothing is broken yet.
    ApproachingLimit { what: String },
    /// An RDS event read by its documented event ID, when no more specific symptom
    /// (a DB status, a failover) names it.
    RdsEvent {
        event_id: Option<String>,
        meaning: RdsMeaning,
        message: String,
    },
    /// Site-to-Site VPN tunnels down.
    VpnTunnelsDown {
        vpn_id: String,
        down: u32,
        total: u32,
    },
    /// Direct Connect connection down.
    DirectConnectDown { connection_id: String },
    /// An endpoint outside AWS did not answer a TCP connect.
    EndpointUnreachable { endpoint: String },
    /// The instance left `running` (stopping, stopped, shutting-down, terminated).
    InstanceStopped { state: String },
    /// Siblings impaired too: `impaired` of `total` in `group`.
    SiblingsImpaired {
        group: String,
        /// Running and failing a status check.
        impaired: u32,
        total: u32,
        /// Stopped or stopping: not impaired, and not counted as running.
        #[serde(default)]
        stopped: u32,
        /// The one Availability Zone every impaired server is in, when servers of the group
        /// elsewhere are healthy: the fault follows the zone.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        zone: Option<String>,
    },
    /// A signal kiriwake has no rule for (an unknown metric, a composite rule, an RDS
    /// event it cannot map), kept so a person can read it.
    Unclassified {
        #[serde(flatten)]
        signal: Signal,
    },
}

/// What a signal without a rule was, for the words of each language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "signal", rename_all = "snake_case")]
pub enum Signal {
    /// A composite alarm's rule, and the alarms that set it off (when CloudWatch said).
    CompositeAlarm {
        rule: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        triggered_by: Vec<String>,
    },
    /// An alarm on metrics kiriwake has no rule for (none named: the metric is unknown).
    Alarm {
        alarm: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        metrics: Vec<String>,
    },
    /// An RDS event kiriwake cannot map, with RDS's own message.
    RdsEvent {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        message: String,
    },
}

impl Symptom {
    /// The method's step where this symptom lives.
    pub fn step(&self) -> Step {
        match self {
            Symptom::SystemStatusImpaired { .. }
            | Symptom::AttachedEbsImpaired { .. }
            | Symptom::ScheduledEvent { .. }
            | Symptom::DbFailover { .. }
            | Symptom::HealthEvent(_)
            | Symptom::RdsEvent {
                meaning: RdsMeaning::AwsFault | RdsMeaning::Maintenance,
                ..
            } => Step::AwsSide,
            Symptom::VpnTunnelsDown { .. }
            | Symptom::DirectConnectDown { .. }
            | Symptom::EndpointUnreachable { .. } => Step::OutsideAws,
            _ => Step::UserSide,
        }
    }
}

/// One change CloudTrail recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The API call, e.g. `AuthorizeSecurityGroupIngress`, `StopInstances`.
    pub event: String,
    /// Who made it (the user or role name CloudTrail records).
    pub by: Option<String>,
    pub at: DateTime<Utc>,
    /// The resource it changed (the incident's, or one around it: its security group…).
    pub resource: String,
    /// A deployment of code (a function's code, a deployment, a task definition).
    pub deployment: bool,
}

/// What the RDS documentation says an event means (see `rds_events`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RdsMeaning {
    /// A fault of the managed layers: AWS's.
    AwsFault,
    /// A fault of what the customer owns: storage, parameters, networks, keys, roles.
    CustomerFault,
    /// Maintenance AWS schedules or performs.
    Maintenance,
    /// A change made in the account (stopped, modified, deleted, rebooted on request).
    Change,
    /// Information (backups, snapshots, creations).
    Info,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthEventSymptom {
    pub event_arn: String,
    pub type_code: String,
    pub service: String,
    pub category: crate::incident::HealthCategory,
    pub status: crate::incident::HealthStatus,
    pub public: bool,
    pub start_time: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceClass {
    Cpu,
    Memory,
    Disk,
    Storage,
    Connections,
    Network,
    Io,
}

/// RDS DB instance statuses from the method and the RDS user guide.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DbStatus {
    /// Data recovery needed: point-in-time restore.
    Failed,
    /// The instance's IP address cannot be obtained (no free IPs in the subnet, …).
    IncompatibleNetwork,
    /// Storage exhausted: modify the instance to extend storage.
    StorageFull,
    IncompatibleParameters,
    IncompatibleRestore,
    InaccessibleEncryptionCredentials,
    InaccessibleEncryptionCredentialsRecoverable,
    /// Not a fault: storage is being optimized after a modification.
    StorageOptimization,
    #[serde(untagged)]
    Other(String),
}

impl DbStatus {
    pub fn parse(raw: &str) -> DbStatus {
        match raw {
            "failed" => DbStatus::Failed,
            "incompatible-network" => DbStatus::IncompatibleNetwork,
            "storage-full" => DbStatus::StorageFull,
            "incompatible-parameters" => DbStatus::IncompatibleParameters,
            "incompatible-restore" => DbStatus::IncompatibleRestore,
            "inaccessible-encryption-credentials" => DbStatus::InaccessibleEncryptionCredentials,
            "inaccessible-encryption-credentials-recoverable" => {
                DbStatus::InaccessibleEncryptionCredentialsRecoverable
            }
            "storage-optimization" => DbStatus::StorageOptimization,
            other => DbStatus::Other(other.to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            DbStatus::Failed => "failed",
            DbStatus::IncompatibleNetwork => "incompatible-network",
            DbStatus::StorageFull => "storage-full",
            DbStatus::IncompatibleParameters => "incompatible-parameters",
            DbStatus::IncompatibleRestore => "incompatible-restore",
            DbStatus::InaccessibleEncryptionCredentials => "inaccessible-encryption-credentials",
            DbStatus::InaccessibleEncryptionCredentialsRecoverable => {
                "inaccessible-encryption-credentials-recoverable"
            }
            DbStatus::StorageOptimization => "storage-optimization",
            DbStatus::Other(s) => s,
        }
    }

    /// Statuses that need someone to act (the rest are transitions or healthy).
    pub fn needs_action(&self) -> bool {
        !matches!(self, DbStatus::StorageOptimization | DbStatus::Other(_))
    }
}
