//! The decision: the method's order applied to the incident and its findings.
//!
//! Only this module decides. The order is the method's, with one refinement the method itself
//! explains: the three steps' checks run in parallel, but AWS-side evidence is read
//! first, because a failed system status check also fails the instance status check.
//!
//! 1. AWS side — system status, attached EBS, hardware-driven scheduled events, AWS
//!    Health issues ⇒ `aws_side`, contact AWS Support.
//! 2. User side, instance — instance status impaired, RDS status needing action, OS log
//!    errors, resource exhaustion ⇒ `instance` (OS, resources).
//! 3. User side, application — instance healthy, application errors ⇒ `application`.
//! 4. Outside AWS — VPN, Direct Connect, endpoints ⇒ `outside_aws`, check on-premises and
//!    the carrier.
//!
//! A cause outranks a symptom: the trigger's throughput, latency, request-count and
//! error-rate metrics (and the same kinds of signal from any check) say that something
//! hurts, not where, so every rule above is first tried on the evidence that names a cause,
//! and only then on those symptoms. An AWS Health event that names neither the resource
//! nor its zone (an open public issue in the region) is context: it decides only when no
//! cause was found on the user side.
//!
//! 5. No fault, but something to plan for — scheduled maintenance, an account notice
//!    (lifecycle, end of support), a limit being approached ⇒ `watch` (the method's 静観).
//! 6. Nothing abnormal and the trigger reports an end ⇒ `recovered`; otherwise
//!    `inconclusive`, with what could not be checked.

use serde::{Deserialize, Serialize};

use crate::evidence::{is_degraded_hardware, is_recovery, trigger_subject};
use crate::finding::{
    Check, DbStatus, Detail, Finding, Outcome, RdsMeaning, ResourceClass, Step, Symptom,
    UnavailableReason,
};
use crate::incident::{
    HealthCategory, HealthScope, HealthStatus, Incident, ResourceKind, ServiceKind, Trigger,
    ec2_state_is_final,
};
use crate::responsibility::{Layer, Party, responsible};

/// Where the fault is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The AWS side (step 2): the host, its storage, an AWS service; contact AWS Support.
    AwsSide,
    /// User side, the instance (step 1): its OS and resources, a database's status.
    Instance,
    /// User side, the application (step 1): its errors, its code, the account's security.
    Application,
    /// Outside AWS (step 3): VPN, Direct Connect, on-premises, the line, the carrier.
    OutsideAws,
    /// No fault now; something to plan for, by a date (the method's 静観, "watch").
    Watch,
    /// No fault located: what was found, and what could not be checked, is listed.
    Inconclusive,
    /// The trigger reports an end and nothing says the fault goes on.
    Recovered,
}

/// How wide: the method's "some servers, or the whole system?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// One resource: one server.
    OneResource,
    /// Several resources: some servers of the group, not all.
    PartOfGroup,
    /// Every server of the group in one Availability Zone, and only there.
    AvailabilityZone,
    /// Every running server of the group: the whole system.
    WholeSystem,
    /// A service or a whole region, as a public AWS Health event says: beyond the account.
    RegionOrService,
    /// Not known: no resource named, or a group whose servers were not checked.
    Unknown,
}

/// How sure the verdict is: how strong its evidence, and whether a live check confirms it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Inconclusive, or a live check contradicts the trigger (the fault may have cleared).
    Low,
    /// The trigger's word alone, or a weak cause (a change, a failover, an investigation).
    Medium,
    /// A live check confirms it, or a recovery.
    High,
}

/// The specific cause behind a verdict: which branch of the flowchart was taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum Cause {
    // AWS side.
    /// The EC2 system status check failed: the physical host.
    HostFailure,
    /// The attached EBS status check failed, or AWS Health reports an EBS volume degraded.
    EbsStorageFailure,
    /// The host's hardware is degraded: AWS scheduled the instance's retirement or stop.
    DegradedHardware {
        /// The AWS Health event type code, when AWS Health said it (not a scheduled event).
        type_code: Option<String>,
        /// When AWS will retire or stop the instance, when known.
        not_before: Option<chrono::DateTime<chrono::Utc>>,
    },
    /// An open AWS Health issue: AWS has a problem with the service.
    AwsServiceIssue {
        /// The AWS Health event type code, e.g. `AWS_EC2_OPERATIONAL_ISSUE`.
        type_code: String,
        /// A public event (the region's service health), not one naming the account's resources.
        public: bool,
    },
    /// AWS Health reports an investigation: AWS is looking into a possible issue.
    AwsInvestigation {
        /// The AWS Health event type code.
        type_code: String,
    },
    /// An instance-store drive of the host degraded: its data is at risk.
    InstanceStoreDegraded,
    /// AWS lost an EBS volume: restore it from a snapshot.
    EbsVolumeLost,
    /// RDS failed over to its standby (Multi-AZ): a weak signal on its own.
    DbFailover,
    /// RDS reports a fault of its managed layers (recovery started, a failed failover…).
    RdsAwsFault {
        /// The RDS event ID, when the event carries one.
        event_id: Option<String>,
    },
    // User side: instance (OS, resources).
    /// The EC2 instance status check failed: the OS, memory, file system, network settings.
    InstanceStatusFailed,
    /// The DB instance is in a status that needs action (`storage-full`, `failed`…).
    DbInstanceStatus {
        /// The status, as RDS reports it.
        status: DbStatus,
    },
    /// Error lines in the instance's OS logs.
    OsLogErrors,
    /// A resource ran out or is over its threshold: CPU, memory, disk, storage, connections.
    ResourceExhausted {
        /// Which resource.
        resource_class: ResourceClass,
    },
    /// RDS reports a fault of what the customer owns (a role, storage autoscaling, a
    /// replica, a domain join…).
    RdsCustomerFault {
        /// The RDS event ID, when the event carries one.
        event_id: Option<String>,
    },
    /// A change made in the account (stopped, modified, deleted on request): the method's
    /// human error, when it was not intended.
    ChangeMade,
    // User side: application (and the customer's security).
    /// Code was deployed shortly before (a function's code, a deployment, a task definition).
    RecentDeployment,
    /// AWS reports abuse from the resource: it is likely compromised.
    AbuseReported,
    /// AWS reports a risk to the account's security (`AWS_RISK_*`, e.g. exposed keys).
    SecurityRisk {
        /// The AWS Health event type code, e.g. `AWS_RISK_CREDENTIALS_EXPOSED`.
        type_code: String,
    },
    /// Error lines in the application's logs.
    ApplicationLogErrors,
    /// An application error metric in alarm (5xx, function errors, a log metric filter).
    ApplicationErrorMetric,
    /// Load balancer targets fail their health checks.
    UnhealthyTargets,
    // Outside AWS.
    /// Site-to-Site VPN tunnels are down (one of two only: lost redundancy, a weak signal).
    VpnDown,
    /// The Direct Connect connection is down.
    DirectConnectDown,
    /// An endpoint outside AWS does not answer.
    EndpointUnreachable,
    // No fault now: watch.
    /// Maintenance or a reboot AWS scheduled: no fault now; plan for it.
    ScheduledMaintenance {
        /// The scheduled event's code, the Health event type code or the RDS event ID.
        type_code: String,
        /// When AWS will act, when known.
        not_before: Option<chrono::DateTime<chrono::Utc>>,
    },
    /// An account notice: lifecycle, end of support, a change AWS announces.
    Notice {
        /// The Health event type code, or the RDS event ID.
        type_code: String,
    },
    /// A limit is being approached (storage, burst credits).
    ApproachingLimit,
    // No fault located.
    /// The trigger reports an end and nothing abnormal remains.
    Recovered,
    /// The instance left `running` and no check found why.
    InstanceStoppedWithoutCause,
    /// The instance was terminated (or is shutting down for good) and no check found why:
    /// it is gone, not stopped.
    InstanceTerminatedWithoutCause,
    /// The combined `StatusCheckFailed` fired and no check said which (system or instance).
    StatusCheckUndetermined,
    /// The alarm's metric stopped arriving: its source stopped, or what publishes it died.
    MetricStoppedReporting,
    /// The alarm's metric fell the harmless way: the load went away.
    LoadDropped,
    /// A metric-math alarm whose metrics point different ways.
    MixedSignals,
    /// The trigger reports a symptom (throughput, I/O) and no check found its cause.
    SymptomWithoutCause,
    /// Only an AWS Health event that is no fault (closed, or a notice a check found).
    NotAFault,
    /// A signal kiriwake has no rule for: a person reads it.
    Unclassified,
    /// Nothing abnormal found.
    NothingFound,
}

/// A check that could not run, for the notification's "could not check" list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unavailable {
    /// The step the check belongs to.
    pub step: Step,
    /// The check that could not run.
    pub check: Check,
    /// The resource it was for, when it is about one.
    pub resource: Option<String>,
    /// Why it could not run.
    pub reason: UnavailableReason,
    /// What went wrong: a typed hint, or the API's text.
    pub detail: Detail,
}

/// What the method decided, as values only: the words for people are added by the
/// `classification` module.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Where the fault is.
    pub verdict: Verdict,
    /// The specific cause: the branch of the flowchart taken.
    pub cause: Cause,
    /// Other causes the evidence supports for the same verdict (their actions apply too).
    pub also: Vec<Cause>,
    /// The layer at fault: the row of the responsibility table.
    pub layer: Layer,
    /// Who must act: by the layer and the service (the customer, for watch).
    pub responsible: Party,
    /// How wide: one resource, some servers, a zone, the whole system, a region or service.
    pub scope: Scope,
    /// How sure the verdict is.
    pub confidence: Confidence,
    /// The findings (by index) that support the verdict.
    pub supporting: Vec<usize>,
    /// Nothing found, the user side healthy, the fault going on: ask AWS whether an
    /// unpublished fault is behind it (the method: not every fault is published).
    pub asks_aws: bool,
    /// No live check ran (an offline isolation).
    pub offline: bool,
    /// Every check that could not run, for the "could not check" list.
    pub unavailable: Vec<Unavailable>,
}

impl Decision {
    /// AWS at fault, or asked about an unpublished fault: a support case is due.
    pub fn support_case_due(&self) -> bool {
        self.verdict == Verdict::AwsSide || self.asks_aws
    }
}

/// Applies the method's decision order to the incident and every finding (the trigger's
/// own first, then the three steps').
pub fn decide(incident: &Incident, findings: &[Finding]) -> Decision {
    let basis = basis_of(incident, findings);
    let service = service_kind(incident);
    let layer = layer_of(&basis.cause, incident, service);
    // Watch: nothing is broken; whoever runs the system plans for what is coming.
    let responsible = match basis.verdict {
        Verdict::Watch => Party::Customer,
        _ => responsible(layer, service),
    };
    let scope = scope_of(incident, findings, basis.verdict);
    let confidence = confidence_of(&basis, findings);
    let unavailable = findings
        .iter()
        .filter_map(|f| match &f.outcome {
            Outcome::Unavailable { reason, detail } => Some(Unavailable {
                step: f.step,
                check: f.check,
                resource: f.resource.clone(),
                reason: *reason,
                detail: detail.clone(),
            }),
            _ => None,
        })
        .collect();
    let offline = !findings.iter().any(|f| {
        f.is_live()
            && !matches!(
                f.outcome,
                Outcome::Unavailable {
                    reason: UnavailableReason::NotRun,
                    ..
                }
            )
    });
    Decision {
        asks_aws: asks_aws(&basis.cause, incident, findings),
        verdict: basis.verdict,
        cause: basis.cause,
        also: basis.also,
        layer,
        responsible,
        scope,
        confidence,
        supporting: basis.support,
        offline,
        unavailable,
    }
}

/// Whether nothing was found, the user side is healthy and the fault goes on: then the
/// question goes to AWS (not for a metric that stopped, a load that went away, or a symptom
/// whose cause is simply unknown).
fn asks_aws(cause: &Cause, incident: &Incident, findings: &[Finding]) -> bool {
    matches!(
        cause,
        Cause::NothingFound | Cause::StatusCheckUndetermined | Cause::MixedSignals
    ) && incident.ongoing
        && user_side_healthy(findings)
}

/// Whether the live user-side checks ran and found the resource healthy: its instance or
/// DB status normal and nothing abnormal on the user side.
fn user_side_healthy(findings: &[Finding]) -> bool {
    let status_normal = findings.iter().any(|f| {
        matches!(f.check, Check::InstanceStatus | Check::DbInstanceStatus)
            && f.outcome == Outcome::Normal
    });
    let user_side_abnormal = findings
        .iter()
        .any(|f| f.is_live() && f.step == Step::UserSide && f.symptom().is_some());
    status_normal && !user_side_abnormal
}

/// The branch taken and the findings (by index) that support it.
#[derive(Debug)]
struct Basis {
    verdict: Verdict,
    cause: Cause,
    /// Other causes the evidence supports for the same verdict (their actions apply too).
    also: Vec<Cause>,
    support: Vec<usize>,
    /// The cause is inherently a weaker signal (an investigation, a failover, targets).
    weak: bool,
}

/// A rule of the method: the cause a finding supports, and whether it is a weak signal.
type RuleFn<'a> = &'a dyn Fn(&Finding, &Symptom) -> Option<(Cause, bool)>;
/// A rule and the verdict it gives.
type Rule<'a> = (Verdict, RuleFn<'a>);
/// An abnormal finding: its index among the findings, the finding, its symptom.
type Abnormal<'a> = (usize, &'a Finding, &'a Symptom);

fn basis_of(incident: &Incident, findings: &[Finding]) -> Basis {
    let abnormal: Vec<Abnormal<'_>> = findings
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.symptom().map(|s| (i, f, s)))
        .collect();
    let rules: [Rule<'_>; 4] = [
        (Verdict::AwsSide, &|f, s| aws_side(f, s)),
        (Verdict::Instance, &|f, s| instance(f, s)),
        (Verdict::Application, &|f, s| application(f, s)),
        (Verdict::OutsideAws, &|_, s| outside(s)),
    ];
    let trigger: Vec<Abnormal<'_>> = abnormal
        .iter()
        .copied()
        .filter(|(_, f, _)| f.check == Check::TriggerEvent)
        .collect();

    // The customer's security (abuse from a resource, exposed credentials): the trigger
    // decides; a busy CPU on a compromised host is its consequence, not its cause.
    if let Some(basis) = first_supported(Verdict::Application, &security, &trigger, false) {
        return basis;
    }
    // A notice (planned maintenance, an account notification, a limit approaching): watch,
    // unless the host or its storage fails right now. Whatever else a check finds is another
    // matter, with its own alarm.
    if let Some(basis) = first_supported(Verdict::Watch, &watch, &trigger, false) {
        let host_now: Vec<Abnormal<'_>> = abnormal
            .iter()
            .copied()
            .filter(|(_, f, s)| {
                f.is_live()
                    && matches!(
                        s,
                        Symptom::SystemStatusImpaired { .. } | Symptom::AttachedEbsImpaired { .. }
                    )
            })
            .collect();
        return first_supported(Verdict::AwsSide, &aws_side, &host_now, false).unwrap_or(basis);
    }

    // Causes first, in the method's order; then AWS-side context; then what are only
    // symptoms. Strong evidence of any rule outranks weak evidence of every rule (a change
    // someone made, a failover, an investigation, a retirement weeks away).
    let causes: Vec<Abnormal<'_>> = abnormal
        .iter()
        .copied()
        .filter(|(_, f, s)| names_a_cause(s) && !is_context(f, s))
        .collect();
    let symptoms: Vec<Abnormal<'_>> = abnormal
        .iter()
        .copied()
        .filter(|(_, _, s)| !names_a_cause(s))
        .collect();
    for (verdict, rule) in &rules {
        if let Some(basis) = first_supported(*verdict, rule, &causes, true) {
            return basis;
        }
    }
    // What is left of the causes is weak (a change, a failover, an investigation).
    let weak_causes: Vec<(Verdict, Basis)> = rules
        .iter()
        .filter_map(|(verdict, rule)| {
            first_supported(*verdict, rule, &causes, false).map(|b| (*verdict, b))
        })
        .collect();
    // An open public AWS issue in the region is context: it decides only when the user
    // side shows no cause at all, and an alarm that returned to OK has recovered.
    if weak_causes.is_empty() && !is_recovery(incident) {
        let context: RuleFn<'_> = &|f, s| aws_context(f, s);
        if let Some(basis) = first_supported(Verdict::AwsSide, context, &abnormal, false) {
            return basis;
        }
    }
    for (verdict, rule) in &rules {
        if let Some(symptom) = first_supported(*verdict, rule, &symptoms, true) {
            // A weaker cause of the same layer explains the symptom (a deployment just
            // before the 5xx): name the cause, with the symptom as its evidence. Weak causes
            // of other layers stay in the evidence and their actions apply.
            let mut basis = symptom;
            for (v, cause) in weak_causes {
                basis = if v == *verdict {
                    explained(cause, basis)
                } else {
                    alongside(basis, cause)
                };
            }
            return basis;
        }
    }
    // The trigger reports an end and nothing strong says otherwise: recovered.
    if is_recovery(incident) {
        return Basis {
            verdict: Verdict::Recovered,
            cause: Cause::Recovered,
            also: Vec::new(),
            support: Vec::new(),
            weak: false,
        };
    }
    for evidence in [&causes, &symptoms] {
        for (verdict, rule) in &rules {
            if let Some(basis) = first_supported(*verdict, rule, evidence, false) {
                return basis;
            }
        }
    }

    let support: Vec<usize> = abnormal.iter().map(|(i, _, _)| *i).collect();
    let cause = abnormal
        .iter()
        .find_map(|(_, _, s)| match s {
            Symptom::InstanceStopped { state } if ec2_state_is_final(state) => {
                Some(Cause::InstanceTerminatedWithoutCause)
            }
            Symptom::InstanceStopped { .. } => Some(Cause::InstanceStoppedWithoutCause),
            Symptom::StatusCheckFailed => Some(Cause::StatusCheckUndetermined),
            Symptom::MetricStoppedReporting { .. } => Some(Cause::MetricStoppedReporting),
            Symptom::LoadDropped { .. } => Some(Cause::LoadDropped),
            Symptom::MixedSignals { .. } => Some(Cause::MixedSignals),
            Symptom::ResourcePressure { .. } => Some(Cause::SymptomWithoutCause),
            Symptom::HealthEvent(_) => Some(Cause::NotAFault),
            Symptom::Unclassified { .. } => Some(Cause::Unclassified),
            _ => None,
        })
        .or_else(|| {
            findings
                .iter()
                .any(|f| {
                    f.check == Check::TriggerEvent
                        && matches!(f.outcome, Outcome::Unavailable { .. })
                })
                .then_some(Cause::MetricStoppedReporting)
        })
        .unwrap_or(Cause::NothingFound);
    Basis {
        verdict: Verdict::Inconclusive,
        cause,
        also: Vec::new(),
        support,
        weak: true,
    }
}

/// The first cause `rule` finds in `evidence`, preferring a strong one (only a strong one
/// with `strong_only`), with every finding that points to the same verdict as support.
fn first_supported(
    verdict: Verdict,
    rule: RuleFn<'_>,
    evidence: &[Abnormal<'_>],
    strong_only: bool,
) -> Option<Basis> {
    let hits: Vec<(usize, Cause, bool)> = evidence
        .iter()
        .filter_map(|(i, f, s)| rule(f, s).map(|(c, weak)| (*i, c, weak)))
        .collect();
    if strong_only && hits.iter().all(|(_, _, weak)| *weak) {
        return None;
    }
    // Prefer a strong cause over a weak one, then the earliest (the trigger first).
    let (_, cause, weak) = hits.iter().find(|(_, _, weak)| !weak).or(hits.first())?;
    let mut also: Vec<Cause> = Vec::new();
    for (_, c, _) in &hits {
        if c != cause && !also.contains(c) {
            also.push(c.clone());
        }
    }
    Some(Basis {
        verdict,
        cause: cause.clone(),
        also,
        support: hits.iter().map(|(i, _, _)| *i).collect(),
        weak: *weak,
    })
}

/// A cause found with weak evidence, corroborated by the symptom it explains.
fn explained(cause: Basis, symptom: Basis) -> Basis {
    let weak = symptom.weak;
    Basis {
        weak,
        ..alongside(cause, symptom)
    }
}

/// `basis` with another basis's causes beside it: in the evidence, their actions too.
fn alongside(mut basis: Basis, other: Basis) -> Basis {
    for c in std::iter::once(other.cause).chain(other.also) {
        if c != basis.cause && !basis.also.contains(&c) {
            basis.also.push(c);
        }
    }
    basis.support.extend(other.support);
    basis.support.sort_unstable();
    basis.support.dedup();
    basis
}

/// Whether a symptom names a cause by itself. Throughput, latency, I/O rates, request counts
/// and error rates say that something hurts, not where: a cause any step finds outranks them.
fn names_a_cause(s: &Symptom) -> bool {
    match s {
        Symptom::ResourcePressure {
            resource_class: ResourceClass::Network | ResourceClass::Io,
            ..
        }
        | Symptom::ApplicationErrors { .. }
        | Symptom::UnhealthyTargets { .. } => false,
        // One tunnel of two down is lost redundancy, not an outage: the other carries.
        Symptom::VpnTunnelsDown { down, total, .. } => *total == 0 || down >= total,
        _ => true,
    }
}

/// AWS-side evidence that is context rather than cause: an AWS Health event a live check
/// found that is public (the region's service health), not one naming the account's
/// resources.
fn is_context(f: &Finding, s: &Symptom) -> bool {
    f.is_live() && matches!(s, Symptom::HealthEvent(h) if h.public)
}

fn aws_context(f: &Finding, s: &Symptom) -> Option<(Cause, bool)> {
    if !is_context(f, s) {
        return None;
    }
    aws_side(f, s).map(|(cause, _)| (cause, true))
}

/// No fault now, but something to plan for — when that is what fired. A notice or planned
/// change a check finds while something else fired is context.
fn watch(f: &Finding, s: &Symptom) -> Option<(Cause, bool)> {
    if f.check != Check::TriggerEvent {
        return None;
    }
    // A planned change that is itself a fault (hardware degraded, a volume lost) is not a
    // notice: the retirement date is the deadline of an AWS-side failure.
    if aws_side(f, s).is_some_and(|(_, weak)| !weak) {
        return None;
    }
    let open = |h: &crate::finding::HealthEventSymptom| {
        matches!(h.status, HealthStatus::Open | HealthStatus::Upcoming)
    };
    match s {
        Symptom::HealthEvent(h) if open(h) => match &h.category {
            HealthCategory::ScheduledChange => Some((
                Cause::ScheduledMaintenance {
                    type_code: h.type_code.clone(),
                    not_before: h.start_time,
                },
                false,
            )),
            HealthCategory::AccountNotification => Some((
                Cause::Notice {
                    type_code: h.type_code.clone(),
                },
                false,
            )),
            _ => None,
        },
        // A reboot or maintenance AWS scheduled.
        Symptom::ScheduledEvent {
            code, not_before, ..
        } => Some((
            Cause::ScheduledMaintenance {
                type_code: code.clone(),
                not_before: *not_before,
            },
            false,
        )),
        // An RDS event without an event ID is named by its service (a code, in every
        // language).
        Symptom::RdsEvent {
            meaning, event_id, ..
        } => match meaning {
            RdsMeaning::Maintenance => Some((
                Cause::ScheduledMaintenance {
                    type_code: event_id.clone().unwrap_or_else(|| "RDS".into()),
                    not_before: None,
                },
                false,
            )),
            RdsMeaning::Info => Some((
                Cause::Notice {
                    type_code: event_id.clone().unwrap_or_else(|| "RDS".into()),
                },
                false,
            )),
            _ => None,
        },
        Symptom::ApproachingLimit { .. } => Some((Cause::ApproachingLimit, false)),
        _ => None,
    }
}

/// Step 2 evidence. Returns the cause and whether it is a weak signal.
fn aws_side(f: &Finding, s: &Symptom) -> Option<(Cause, bool)> {
    // A retirement a check finds while something else fired may be weeks away: it is what
    // to do about the host, not what broke now.
    let found_by_check = f.is_live();
    match s {
        Symptom::SystemStatusImpaired { .. } => Some((Cause::HostFailure, false)),
        Symptom::AttachedEbsImpaired { .. } => Some((Cause::EbsStorageFailure, false)),
        Symptom::ScheduledEvent {
            code, not_before, ..
        } => match code.as_str() {
            "instance-retirement" | "instance-stop" => Some((
                Cause::DegradedHardware {
                    type_code: None,
                    not_before: *not_before,
                },
                found_by_check,
            )),
            // Reboots and maintenance are not faults: watch, if they are what fired.
            _ => None,
        },
        Symptom::HealthEvent(h) => {
            let live = matches!(h.status, HealthStatus::Open | HealthStatus::Upcoming);
            if !live {
                return None;
            }
            let code = h.type_code.as_str();
            match &h.category {
                HealthCategory::Issue | HealthCategory::ScheduledChange
                    if code.contains("INSTANCE_STORE") && code.contains("DEGRADED") =>
                {
                    Some((Cause::InstanceStoreDegraded, false))
                }
                HealthCategory::Issue | HealthCategory::ScheduledChange
                    if code.contains("VOLUME_LOST") =>
                {
                    Some((Cause::EbsVolumeLost, false))
                }
                // A degraded or impaired EBS volume: the volume's remedy, not the host's.
                HealthCategory::Issue | HealthCategory::ScheduledChange
                    if code.starts_with("AWS_EBS_")
                        && (code.contains("DEGRADED") || code.contains("IMPAIRED")) =>
                {
                    Some((Cause::EbsStorageFailure, false))
                }
                HealthCategory::Issue | HealthCategory::ScheduledChange
                    if is_degraded_hardware(code) =>
                {
                    Some((
                        Cause::DegradedHardware {
                            type_code: Some(h.type_code.clone()),
                            not_before: h.start_time,
                        },
                        found_by_check,
                    ))
                }
                HealthCategory::Issue => Some((
                    Cause::AwsServiceIssue {
                        type_code: h.type_code.clone(),
                        public: h.public,
                    },
                    false,
                )),
                HealthCategory::Investigation => Some((
                    Cause::AwsInvestigation {
                        type_code: h.type_code.clone(),
                    },
                    true,
                )),
                // Planned changes and notices are no fault now: watch.
                _ => None,
            }
        }
        Symptom::DbFailover { .. } => Some((Cause::DbFailover, true)),
        Symptom::RdsEvent {
            meaning: RdsMeaning::AwsFault,
            event_id,
            ..
        } => Some((
            Cause::RdsAwsFault {
                event_id: event_id.clone(),
            },
            false,
        )),
        _ => None,
    }
}

fn instance(_f: &Finding, s: &Symptom) -> Option<(Cause, bool)> {
    match s {
        Symptom::InstanceStatusImpaired { .. } => Some((Cause::InstanceStatusFailed, false)),
        Symptom::DbStatus { status } if status.needs_action() => Some((
            Cause::DbInstanceStatus {
                status: status.clone(),
            },
            false,
        )),
        Symptom::LogErrors { .. } if _f.check == Check::OsLogs => Some((Cause::OsLogErrors, false)),
        // Throughput and I/O rates are how hard it works, not what ran out.
        Symptom::ResourcePressure {
            resource_class: ResourceClass::Network | ResourceClass::Io,
            ..
        } => None,
        Symptom::ResourcePressure { resource_class, .. } => Some((
            Cause::ResourceExhausted {
                resource_class: *resource_class,
            },
            false,
        )),
        Symptom::RdsEvent {
            meaning: RdsMeaning::CustomerFault,
            event_id,
            ..
        } => Some((
            Cause::RdsCustomerFault {
                event_id: event_id.clone(),
            },
            false,
        )),
        // Someone stopped or changed it: likely the cause if nothing else is found.
        Symptom::RdsEvent {
            meaning: RdsMeaning::Change,
            ..
        } => Some((Cause::ChangeMade, true)),
        Symptom::RecentChanges { changes } if !changes.iter().any(|c| c.deployment) => {
            Some((Cause::ChangeMade, true))
        }
        _ => None,
    }
}

fn application(f: &Finding, s: &Symptom) -> Option<(Cause, bool)> {
    match s {
        Symptom::LogErrors { .. } if f.check == Check::ApplicationLogs => {
            Some((Cause::ApplicationLogErrors, false))
        }
        Symptom::ApplicationErrors { .. } => Some((Cause::ApplicationErrorMetric, false)),
        Symptom::UnhealthyTargets { .. } => Some((Cause::UnhealthyTargets, true)),
        // A deployment shortly before: the application's code changed.
        Symptom::RecentChanges { changes } if changes.iter().any(|c| c.deployment) => {
            Some((Cause::RecentDeployment, true))
        }
        _ => None,
    }
}

/// The customer's security, as AWS reports it.
fn security(_f: &Finding, s: &Symptom) -> Option<(Cause, bool)> {
    match s {
        Symptom::AbuseReported { .. } => Some((Cause::AbuseReported, false)),
        Symptom::SecurityRisk { type_code } => Some((
            Cause::SecurityRisk {
                type_code: type_code.clone(),
            },
            false,
        )),
        _ => None,
    }
}

fn outside(s: &Symptom) -> Option<(Cause, bool)> {
    match s {
        // One tunnel of several down is lost redundancy: weak, deciding only when nothing
        // else does (never over a recovery).
        Symptom::VpnTunnelsDown { down, total, .. } => {
            Some((Cause::VpnDown, *total > 0 && down < total))
        }
        Symptom::DirectConnectDown { .. } => Some((Cause::DirectConnectDown, false)),
        Symptom::EndpointUnreachable { .. } => Some((Cause::EndpointUnreachable, false)),
        _ => None,
    }
}

fn service_kind(incident: &Incident) -> ServiceKind {
    match incident.primary_resource() {
        Some(r) => r.kind.service_kind(),
        None => match &incident.trigger {
            Trigger::Health(h) if h.service == "EC2" || h.service == "EBS" => {
                ServiceKind::Unmanaged
            }
            Trigger::RdsEvent(_) => ServiceKind::Managed,
            _ => ServiceKind::Unknown,
        },
    }
}

fn layer_of(cause: &Cause, incident: &Incident, service: ServiceKind) -> Layer {
    let rds = service == ServiceKind::Managed
        && incident.primary_resource().is_some_and(|r| {
            matches!(
                r.kind,
                ResourceKind::RdsDbInstance | ResourceKind::RdsDbCluster
            )
        });
    match cause {
        Cause::HostFailure
        | Cause::EbsStorageFailure
        | Cause::DegradedHardware { .. }
        | Cause::AwsServiceIssue { .. }
        | Cause::AwsInvestigation { .. }
        | Cause::ScheduledMaintenance { .. }
        | Cause::InstanceStoreDegraded
        | Cause::EbsVolumeLost
        | Cause::DbFailover => Layer::Infrastructure,
        // The managed database's engine and host: AWS's on RDS.
        Cause::RdsAwsFault { .. } if rds => Layer::Middleware,
        Cause::RdsAwsFault { .. } => Layer::Infrastructure,
        Cause::RdsCustomerFault { .. } | Cause::ChangeMade => Layer::Configuration,
        Cause::InstanceStatusFailed | Cause::OsLogErrors => Layer::Os,
        // The customer's content and credentials, on any service.
        Cause::AbuseReported | Cause::RecentDeployment => Layer::Application,
        Cause::SecurityRisk { .. } | Cause::ApproachingLimit => Layer::Data,
        // On a managed database the OS is AWS's, but sizing and workload are the
        // customer's: storage is data, CPU/memory/connections come from the workload.
        Cause::ResourceExhausted { resource_class } if rds => match resource_class {
            ResourceClass::Storage | ResourceClass::Disk => Layer::Data,
            _ => Layer::Application,
        },
        Cause::ResourceExhausted { .. } => Layer::Os,
        Cause::DbInstanceStatus { status } => match status {
            DbStatus::IncompatibleNetwork
            | DbStatus::IncompatibleParameters
            | DbStatus::InaccessibleEncryptionCredentials
            | DbStatus::InaccessibleEncryptionCredentialsRecoverable => Layer::Configuration,
            _ => Layer::Data,
        },
        Cause::ApplicationLogErrors | Cause::ApplicationErrorMetric | Cause::UnhealthyTargets => {
            Layer::Application
        }
        Cause::VpnDown | Cause::DirectConnectDown | Cause::EndpointUnreachable => Layer::OutsideAws,
        // What recovered: the layer of what the trigger was about.
        Cause::Recovered => match trigger_subject(incident) {
            Some(s) => match s.step() {
                Step::AwsSide => Layer::Infrastructure,
                Step::OutsideAws => Layer::OutsideAws,
                Step::UserSide => {
                    let probe = Finding::abnormal(Check::TriggerEvent, None, s.clone());
                    match instance(&probe, &s).or_else(|| application(&probe, &s)) {
                        Some((c, _)) => layer_of(&c, incident, service),
                        None => Layer::Unknown,
                    }
                }
            },
            None => Layer::Unknown,
        },
        Cause::InstanceStoppedWithoutCause
        | Cause::InstanceTerminatedWithoutCause
        | Cause::StatusCheckUndetermined
        | Cause::MetricStoppedReporting
        | Cause::LoadDropped
        | Cause::MixedSignals
        | Cause::SymptomWithoutCause
        | Cause::Notice { .. }
        | Cause::NotAFault
        | Cause::Unclassified
        | Cause::NothingFound => Layer::Unknown,
    }
}

fn scope_of(incident: &Incident, findings: &[Finding], verdict: Verdict) -> Scope {
    // A sibling check answers the method's question directly.
    let siblings = findings.iter().find_map(|f| match f.symptom() {
        Some(Symptom::SiblingsImpaired {
            impaired,
            total,
            stopped,
            zone,
            ..
        }) => Some((*impaired, total.saturating_sub(*stopped), zone.is_some())),
        _ => None,
    });
    if let Some((impaired, running, one_zone)) = siblings {
        return if one_zone {
            Scope::AvailabilityZone
        } else if impaired >= running && running > 1 {
            Scope::WholeSystem
        } else if impaired > 1 {
            Scope::PartOfGroup
        } else {
            Scope::OneResource
        };
    }
    let sibling_check_normal = findings
        .iter()
        .any(|f| f.check == Check::SiblingResources && f.outcome == Outcome::Normal);
    if verdict == Verdict::AwsSide {
        let public = findings.iter().any(|f| matches!(f.symptom(), Some(Symptom::HealthEvent(h)) if h.public && matches!(h.status, HealthStatus::Open)));
        if public {
            return Scope::RegionOrService;
        }
    }
    if let Trigger::Health(h) = &incident.trigger
        && h.scope == HealthScope::Public
    {
        return Scope::RegionOrService;
    }
    match incident.resources.as_slice() {
        [] => Scope::Unknown,
        [one] if one.kind.is_group() && !sibling_check_normal => Scope::Unknown,
        [_] => Scope::OneResource,
        _ => Scope::PartOfGroup,
    }
}

fn confidence_of(basis: &Basis, findings: &[Finding]) -> Confidence {
    match basis.verdict {
        Verdict::Inconclusive => return Confidence::Low,
        Verdict::Recovered => return Confidence::High,
        _ => {}
    }
    let supported: Vec<&Finding> = basis
        .support
        .iter()
        .filter_map(|&i| findings.get(i))
        .collect();
    let live = supported.iter().any(|f| f.is_live());
    // A live check that contradicts the trigger (the alarm says impaired, the API says
    // ok now) lowers confidence: the fault may have cleared or be intermittent.
    let contradicted = supported.iter().filter(|f| !f.is_live()).any(|f| {
        let check = f.symptom().and_then(confirming_check);
        check.is_some_and(|c| {
            findings
                .iter()
                .any(|g| g.check == c && g.outcome == Outcome::Normal)
        })
    });
    let c = match (live, contradicted) {
        (_, true) => Confidence::Low,
        (true, false) => Confidence::High,
        (false, false) => Confidence::Medium,
    };
    if basis.weak {
        c.min(Confidence::Medium)
    } else {
        c
    }
}

/// The live check that would confirm a symptom reported by the trigger.
fn confirming_check(s: &Symptom) -> Option<Check> {
    Some(match s {
        Symptom::SystemStatusImpaired { .. } => Check::SystemStatus,
        Symptom::InstanceStatusImpaired { .. } => Check::InstanceStatus,
        Symptom::AttachedEbsImpaired { .. } => Check::AttachedEbsStatus,
        Symptom::DbStatus { .. } => Check::DbInstanceStatus,
        Symptom::ResourcePressure { .. } => Check::ResourceUsage,
        Symptom::VpnTunnelsDown { .. } => Check::VpnTunnels,
        _ => return None,
    })
}
