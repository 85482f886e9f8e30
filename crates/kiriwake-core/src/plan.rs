//! Which checks apply to an incident: per resource kind, the method's checks of each step.
//!
//! The live steps run exactly these; an offline run reports each as `not_run`, so the
//! notification always lists what was not checked.

use crate::finding::{Check, Detail, Finding, Step, UnavailableReason};
use crate::incident::{Incident, ResourceKind};

/// Per-resource checks run for at most this many resources of one incident (a Health
/// event can name hundreds); the sibling check covers the breadth beyond.
pub const MAX_CHECKED_RESOURCES: usize = 10;

/// One planned check: which, and on what resource (`None` for account-wide checks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedCheck {
    /// The check to run.
    pub check: Check,
    /// The resource it runs on; `None` for account-wide checks (AWS Health, endpoints).
    pub resource: Option<String>,
    /// The resource's kind, with `resource`: how a live check reads it (an instance's
    /// metrics or a database's) follows from what it is.
    pub kind: Option<ResourceKind>,
}

fn per_resource(kind: ResourceKind) -> &'static [Check] {
    use Check::*;
    match kind {
        ResourceKind::Ec2Instance => &[
            InstanceStatus,
            AttachedEbsStatus,
            ResourceUsage,
            OsLogs,
            ApplicationLogs,
            SiblingResources,
            RecentChanges,
            SystemStatus,
            ScheduledEvents,
        ],
        ResourceKind::AutoScalingGroup => &[SiblingResources, ApplicationLogs],
        ResourceKind::RdsDbInstance | ResourceKind::RdsDbCluster => &[
            DbInstanceStatus,
            ResourceUsage,
            ApplicationLogs,
            RecentChanges,
        ],
        ResourceKind::VpnConnection => &[VpnTunnels],
        ResourceKind::EbsVolume
        | ResourceKind::DirectConnect
        | ResourceKind::LoadBalancer
        | ResourceKind::TargetGroup
        | ResourceKind::LambdaFunction
        | ResourceKind::S3Bucket
        | ResourceKind::Other => &[ApplicationLogs],
    }
}

/// The checks to run for an incident, in the method's step order.
pub fn planned_checks(incident: &Incident) -> Vec<PlannedCheck> {
    let mut out: Vec<PlannedCheck> = Vec::new();
    for r in incident.resources.iter().take(MAX_CHECKED_RESOURCES) {
        for &check in per_resource(r.kind) {
            out.push(PlannedCheck {
                check,
                resource: Some(r.id.clone()),
                kind: Some(r.kind),
            });
        }
    }
    // Account- and region-wide checks, once.
    // Only among the resources checked: a VPN connection past them gets no check of its
    // own, so the account-wide VPN check must stand for it.
    let has_vpn = incident
        .resources
        .iter()
        .take(MAX_CHECKED_RESOURCES)
        .any(|r| r.kind == ResourceKind::VpnConnection);
    let mut wide = vec![
        Check::HealthAccountEvents,
        Check::HealthPublicEvents,
        Check::EndpointReachability,
    ];
    if !has_vpn {
        wide.push(Check::VpnTunnels);
    }
    // A composite alarm says nothing by itself: its child alarms do.
    if matches!(
        &incident.trigger,
        crate::incident::Trigger::Alarm(a) if matches!(a.alarm, crate::incident::AlarmKind::Composite { .. })
    ) {
        wide.push(Check::ChildAlarms);
    }
    out.extend(wide.into_iter().map(|check| PlannedCheck {
        check,
        resource: None,
        kind: None,
    }));
    out.sort_by_key(|p| (p.check.step(), p.resource.is_none()));
    out
}

/// The planned checks of one step.
pub fn step_checks(incident: &Incident, step: Step) -> Vec<PlannedCheck> {
    planned_checks(incident)
        .into_iter()
        .filter(|p| p.check.step() == step)
        .collect()
}

/// An offline run: every planned check, reported as not run.
pub fn offline_findings(incident: &Incident) -> Vec<Finding> {
    planned_checks(incident)
        .into_iter()
        .map(|p| {
            Finding::unavailable(
                p.check,
                p.resource.as_deref(),
                UnavailableReason::NotRun,
                "",
            )
        })
        .collect()
}

/// Adds an `unavailable` finding for every planned check that produced none, so a step
/// that failed or did not report is listed, never silently missing.
pub fn fill_missing(
    planned: &[PlannedCheck],
    findings: &mut Vec<Finding>,
    reason: UnavailableReason,
    detail: &Detail,
) {
    // Without Business support one Health answer covers both Health checks: say it once.
    let health_unsubscribed = findings.iter().any(|f| {
        f.check == Check::HealthAccountEvents
            && matches!(
                f.outcome,
                crate::finding::Outcome::Unavailable {
                    reason: UnavailableReason::SubscriptionRequired,
                    ..
                }
            )
    });
    for p in planned {
        let covered = findings
            .iter()
            .any(|f| f.check == p.check && (p.resource.is_none() || f.resource == p.resource))
            || (p.check == Check::HealthPublicEvents && health_unsubscribed);
        if !covered {
            findings.push(Finding::unavailable(
                p.check,
                p.resource.as_deref(),
                reason,
                detail.clone(),
            ));
        }
    }
}
