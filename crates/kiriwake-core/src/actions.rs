//! What to do next, per branch of the flowchart, in the configured language.
//!
//! Each action has a stable `code` for scripts and a sentence for people. The method's
//! guidance shapes them: contact AWS Support (by web, with details) for AWS-side faults;
//! OS logs and resources for instance faults; application logs for application faults;
//! on-premises and the carrier for faults outside AWS; and always keep the evidence.
//!
//! This module decides which actions apply, naming each with a [`words::Action`]; the
//! language's catalogue ([`words::ActionWords`]) words it.
//!
//! [`words::Action`]: crate::words::Action
//! [`words::ActionWords`]: crate::words::ActionWords

use serde::{Deserialize, Serialize};

use crate::config::{Config, Lang};
use crate::decision::{Cause, Scope, Verdict};
use crate::finding::{Check, DbStatus, Finding, Outcome, ResourceClass, UnavailableReason};
use crate::incident::{Incident, ResourceKind};
use crate::words::Action;

/// One thing to do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextAction {
    /// Stable, for scripts and runbooks (`contact_aws_support`, `read_os_logs`, …).
    pub code: String,
    /// The sentence people read, in the classification's language.
    pub text: String,
}

fn act(action: Action<'_>, lang: Lang) -> NextAction {
    NextAction {
        code: action.code().to_owned(),
        text: lang.words().action(&action),
    }
}

/// The actions for a verdict: those of its cause, then of every other cause the
/// evidence supports for the same verdict (deduplicated), then the general ones.
/// `ask_aws`: the decision asks AWS about an unpublished fault.
#[allow(clippy::too_many_arguments)]
pub fn next_actions(
    verdict: Verdict,
    causes: &[Cause],
    incident: &Incident,
    findings: &[Finding],
    scope: Scope,
    offline: bool,
    ask_aws: bool,
    config: &Config,
) -> Vec<NextAction> {
    let mut out: Vec<NextAction> = Vec::new();
    for cause in causes {
        for action in cause_actions(cause, incident, config) {
            if !out.iter().any(|a| a.code == action.code) {
                out.push(action);
            }
        }
    }
    general_actions(&mut out, verdict, findings, scope, offline, ask_aws, config);
    out
}

fn cause_actions(cause: &Cause, incident: &Incident, config: &Config) -> Vec<NextAction> {
    let lang = config.lang;
    let target: &str = incident
        .primary_resource()
        .map(|r| r.id.as_str())
        .unwrap_or_else(|| lang.words().unnamed_target());
    let region = incident.region.as_deref().unwrap_or("?");
    let is_rds = incident.primary_resource().is_some_and(|r| {
        matches!(
            r.kind,
            ResourceKind::RdsDbInstance | ResourceKind::RdsDbCluster
        )
    });
    let mut out = Vec::new();
    let mut push = |action: Action<'_>| out.push(act(action, lang));

    match cause {
        Cause::HostFailure => {
            push(support_action(config));
            push(Action::StopStartInstance { target });
        }
        Cause::EbsStorageFailure => {
            push(support_action(config));
            push(Action::CheckEbsVolumes { target });
        }
        Cause::DegradedHardware { not_before, .. } => {
            push(Action::StopStartBeforeRetirement {
                target,
                not_before: *not_before,
            });
            push(support_action(config));
        }
        Cause::AwsServiceIssue { public, .. } => {
            push(Action::FollowAwsHealth {
                public_region: public.then_some(region),
            });
            push(Action::FailOver);
            push(support_action(config));
        }
        Cause::AwsInvestigation { .. } => {
            push(Action::FollowAwsInvestigation);
            push(support_action(config));
        }
        Cause::ScheduledMaintenance { not_before, .. } => push(Action::PlanForMaintenance {
            not_before: *not_before,
        }),
        Cause::InstanceStoreDegraded => {
            push(Action::CopyInstanceStoreData { target });
            push(support_action(config));
        }
        Cause::EbsVolumeLost => {
            push(Action::RestoreVolumeFromSnapshot);
            push(support_action(config));
        }
        Cause::RdsAwsFault { .. } => {
            push(Action::FollowRdsEvents { target });
            push(support_action(config));
        }
        Cause::RdsCustomerFault { .. } => push(Action::FixRdsConfiguration { target }),
        Cause::ChangeMade => push(Action::FindWhoChanged { target }),
        Cause::RecentDeployment => push(Action::RollBackDeployment),
        Cause::SecurityRisk { .. } => {
            push(Action::FollowSecurityRunbook);
            push(Action::AnswerAwsNotice);
        }
        Cause::Notice { .. } => push(Action::PlanForNotice),
        Cause::ApproachingLimit => push(Action::PlanCapacity { target }),
        Cause::LoadDropped => push(Action::CheckTrafficStopped { target }),
        Cause::SymptomWithoutCause => push(Action::FindWhatDrivesLoad { target }),
        Cause::MixedSignals => push(Action::ReadAlarmMetrics),
        Cause::DbFailover => {
            push(Action::CheckRdsEvents {
                target,
                recovered: false,
            });
            push(support_action(config));
        }
        Cause::InstanceStatusFailed => {
            push(Action::ReadConsoleOutput { target });
            push(Action::RebootInstance);
        }
        Cause::OsLogErrors => push(Action::ReadOsLogs { target }),
        Cause::ResourceExhausted { resource_class } => {
            push(resource_action(*resource_class, is_rds, target))
        }
        Cause::DbInstanceStatus { status } => push(db_action(status, target)),
        Cause::AbuseReported => push(Action::ContainCompromise { target }),
        Cause::ApplicationLogErrors | Cause::ApplicationErrorMetric => {
            push(Action::ReadApplicationLogs);
            push(Action::ReviewRecentChanges);
        }
        Cause::UnhealthyTargets => push(Action::CheckTargetHealth),
        Cause::VpnDown => {
            push(Action::CheckCustomerGateway);
            push(Action::CheckOnpremAndCarrier);
        }
        Cause::DirectConnectDown => {
            push(Action::CheckDirectConnect);
            push(Action::CheckOnpremAndCarrier);
        }
        Cause::EndpointUnreachable => push(Action::CheckOnpremAndCarrier),
        Cause::Recovered => {
            push(Action::ConfirmRecovery);
            // A failover completed: the database is back, but why did it fail over?
            if matches!(&incident.trigger, crate::incident::Trigger::RdsEvent(r) if r.message.to_ascii_lowercase().contains("failover"))
            {
                push(Action::CheckRdsEvents {
                    target,
                    recovered: true,
                });
            }
        }
        Cause::InstanceStoppedWithoutCause | Cause::InstanceTerminatedWithoutCause => {
            push(Action::CheckCloudtrail { target });
        }
        Cause::StatusCheckUndetermined => push(Action::ReadStatusChecks { target }),
        Cause::MetricStoppedReporting => push(Action::CheckMetricSource { target }),
        Cause::NotAFault => push(Action::ReadHealthEvent),
        Cause::Unclassified | Cause::NothingFound => push(Action::WidenSearch { region }),
    }

    out
}

#[allow(clippy::too_many_arguments)]
fn general_actions(
    out: &mut Vec<NextAction>,
    verdict: Verdict,
    findings: &[Finding],
    scope: Scope,
    offline: bool,
    ask_aws: bool,
    config: &Config,
) {
    let lang = config.lang;
    let mut push = |action: Action<'_>| out.push(act(action, lang));
    if matches!(verdict, Verdict::AwsSide | Verdict::OutsideAws)
        && matches!(
            scope,
            Scope::WholeSystem | Scope::RegionOrService | Scope::Unknown
        )
    {
        push(Action::CheckExternalViews);
    }
    if scope == Scope::AvailabilityZone && !matches!(verdict, Verdict::Watch | Verdict::Recovered) {
        push(Action::ShiftAwayFromZone);
    }
    if verdict == Verdict::Inconclusive && ask_aws {
        push(Action::AskAwsSupport);
    }
    if offline && !matches!(verdict, Verdict::Recovered | Verdict::Watch) {
        push(Action::RunLiveChecks);
    } else if findings.iter().any(|f| {
        matches!(
            f.outcome,
            Outcome::Unavailable {
                reason: UnavailableReason::AccessDenied,
                ..
            }
        )
    }) {
        push(Action::GrantPermissions);
    }
    if findings.iter().any(|f| {
        f.check == Check::HealthAccountEvents
            && matches!(
                f.outcome,
                Outcome::Unavailable {
                    reason: UnavailableReason::SubscriptionRequired,
                    ..
                }
            )
    }) {
        push(Action::CheckHealthDashboardNoHealthApi);
    }
    push(Action::KeepEvidence);
}

/// Contact AWS Support, or, on the Basic plan (no technical cases), the dashboard.
fn support_action(config: &Config) -> Action<'static> {
    if config.support_plan == crate::config::SupportPlan::Basic {
        Action::CheckHealthDashboardBasicPlan
    } else {
        Action::ContactAwsSupport
    }
}

fn resource_action(class: ResourceClass, rds: bool, target: &str) -> Action<'_> {
    match (class, rds) {
        (ResourceClass::Memory, false) => Action::RelieveMemory { target },
        (ResourceClass::Disk | ResourceClass::Storage, false) => Action::FreeDisk { target },
        (ResourceClass::Storage | ResourceClass::Disk, true) => Action::ExtendDbStorage { target },
        (ResourceClass::Connections, _) => Action::RelieveConnections { target },
        (_, true) => Action::TuneDbWorkload { target },
        (_, false) => Action::RelieveLoad { target },
    }
}

fn db_action<'a>(status: &DbStatus, target: &'a str) -> Action<'a> {
    match status {
        DbStatus::Failed => Action::PointInTimeRestore { target },
        DbStatus::IncompatibleNetwork => Action::FreeSubnetIps { target },
        DbStatus::StorageFull => Action::ExtendFullDbStorage { target },
        DbStatus::IncompatibleParameters => Action::FixParameterGroup { target },
        DbStatus::IncompatibleRestore => Action::RetryRestore { target },
        DbStatus::InaccessibleEncryptionCredentials
        | DbStatus::InaccessibleEncryptionCredentialsRecoverable => {
            Action::RestoreKmsAccess { target }
        }
        DbStatus::StorageOptimization | DbStatus::Other(_) => Action::WatchDbStatus { target },
    }
}
