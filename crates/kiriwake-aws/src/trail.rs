//! Recent changes (CloudTrail `LookupEvents`): what someone, or an automation, changed on
//! the resource and around it (an instance's security groups, subnet, route table, network
//! ACL and instance profile; a database's security groups, parameter and option groups)
//! shortly before the incident — the method's third kind of cause, human error. Read-only
//! calls are not changes.
//!
//! `LookupEvents` takes one lookup attribute per call and allows two calls a second per
//! account and region: the names are looked up one after another, the resource first, at
//! that pace and within the check's time limit; names the limit left out are named in the
//! finding.

use aws_sdk_cloudtrail::Client;
use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
use std::time::Duration;

use chrono::{DateTime, Utc};
use kiriwake_core::finding::{Change, Fact, NotLookedUp, label};
use kiriwake_core::{Check, Finding, Symptom, UnavailableReason};

use crate::error::CheckError;
use crate::time::{to_chrono, to_smithy};

/// Names looked up per resource (the resource itself first).
const NAMES: usize = 8;
/// `LookupEvents` allows two calls a second per account and region.
const PACE: Duration = Duration::from_millis(500);
const EVENTS_PER_NAME: i32 = 50;
/// Changes kept in the finding, newest first.
const KEPT: usize = 20;

/// Whether a call deploys code rather than changing infrastructure.
fn is_deployment(source: &str, event: &str) -> bool {
    match source {
        "lambda.amazonaws.com" => {
            event.starts_with("UpdateFunctionCode")
                || event.starts_with("PublishVersion")
                || event.starts_with("UpdateAlias")
        }
        "codedeploy.amazonaws.com" => event == "CreateDeployment",
        "ecs.amazonaws.com" => matches!(event, "UpdateService" | "RegisterTaskDefinition"),
        "elasticbeanstalk.amazonaws.com" => event == "UpdateEnvironment",
        "cloudformation.amazonaws.com" => matches!(event, "UpdateStack" | "ExecuteChangeSet"),
        _ => false,
    }
}

/// Calls that change nothing anyone would suspect (tags, network interfaces a service
/// manages), and calls AWS services make on their own (Auto Scaling launching and
/// terminating, a service-linked role): not a person's change. But a service stopping or
/// terminating the resource itself (`on_resource`: Auto Scaling's scale-in or health
/// check) is what happened to it.
fn is_routine(event: &str, username: Option<&str>, on_resource: bool) -> bool {
    if on_resource
        && matches!(
            event,
            "TerminateInstances" | "StopInstances" | "RebootInstances"
        )
    {
        return false;
    }
    matches!(
        event,
        "CreateTags"
            | "DeleteTags"
            | "AddTagsToResource"
            | "RemoveTagsFromResource"
            | "CreateNetworkInterface"
            | "DeleteNetworkInterface"
            | "AttachNetworkInterface"
            | "DetachNetworkInterface"
            | "ModifyNetworkInterfaceAttribute"
    ) || username.is_none_or(|u| {
        u.is_empty()
            || u == "AutoScaling"
            || u.ends_with(".amazonaws.com")
            || u.starts_with("AWSServiceRole")
    })
}

/// CloudTrail's two lookups a second per account and region, shared by every lookup one
/// function makes (each resource of an incident looks up its own names).
#[derive(Debug)]
pub struct Pacer(std::sync::Mutex<tokio::time::Instant>);

impl Default for Pacer {
    fn default() -> Self {
        Pacer(std::sync::Mutex::new(tokio::time::Instant::now()))
    }
}

impl Pacer {
    /// Waits for the next free slot; `false`, without waiting, when a call in it could not
    /// finish before `deadline`.
    async fn slot(&self, deadline: tokio::time::Instant) -> bool {
        let at = {
            // Held only to take a slot, never across a wait.
            let mut next = self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let at = (*next).max(tokio::time::Instant::now());
            if at + PACE > deadline {
                return false;
            }
            *next = at + PACE;
            at
        };
        tokio::time::sleep_until(at).await;
        true
    }
}

/// What to look up: the resource, what surrounds it, and when.
#[derive(Debug)]
pub struct ChangeLookup<'a> {
    pub resource: &'a str,
    /// The resource first, then what surrounds it, most telling first.
    pub names: &'a [String],
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// When the check must have answered: every call, and the waits between calls.
    pub deadline: tokio::time::Instant,
    pub pacer: &'a Pacer,
}

/// Changes to the lookup's names between `from` and `to`.
pub async fn recent_changes(
    client: &Client,
    lookup: ChangeLookup<'_>,
) -> Result<Finding, CheckError> {
    let ChangeLookup {
        resource,
        names,
        from,
        to,
        deadline,
        pacer,
    } = lookup;
    let limit = deadline.saturating_duration_since(tokio::time::Instant::now());
    let mut changes: Vec<Change> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut looked_up: Vec<&str> = Vec::new();
    // Why what surrounds the resource was not all looked up.
    let mut stopped: Option<NotLookedUp> = None;
    for name in names.iter().take(NAMES) {
        // The resource itself must be looked up; what surrounds it only while a call still
        // fits in the time limit.
        if !pacer.slot(deadline).await {
            if looked_up.is_empty() {
                return Err(CheckError::timeout(limit));
            }
            stopped = Some(NotLookedUp::RateLimit);
            break;
        }
        let attribute = LookupAttribute::builder()
            .attribute_key(LookupAttributeKey::ResourceName)
            .attribute_value(name)
            .build()
            .map_err(|e| CheckError::new(UnavailableReason::Error, e.to_string()))?;
        let call = client
            .lookup_events()
            .lookup_attributes(attribute)
            .start_time(to_smithy(from))
            .end_time(to_smithy(to))
            .max_results(EVENTS_PER_NAME)
            .send();
        let out = match tokio::time::timeout_at(deadline, call).await {
            Ok(Ok(out)) => out,
            // The resource itself could not be looked up: the check did not run.
            Ok(Err(e)) if looked_up.is_empty() => return Err(e.into()),
            Err(_) if looked_up.is_empty() => return Err(CheckError::timeout(limit)),
            // What surrounds it: what was found so far stands, and the rest is named.
            Ok(Err(e)) => {
                stopped = Some(NotLookedUp::Failed {
                    error: CheckError::from(e).detail,
                });
                break;
            }
            Err(_) => {
                stopped = Some(NotLookedUp::TimeLimit);
                break;
            }
        };
        looked_up.push(name);
        for e in out.events() {
            let event = e.event_name().unwrap_or_default();
            let read_only = e
                .read_only()
                .is_some_and(|r| r.eq_ignore_ascii_case("true"))
                || ["Describe", "Get", "List", "Lookup"]
                    .iter()
                    .any(|p| event.starts_with(p));
            let id = e.event_id().unwrap_or_default().to_owned();
            if read_only || is_routine(event, e.username(), name == resource) || !seen.insert(id) {
                continue;
            }
            let source = e.event_source().unwrap_or_default();
            changes.push(Change {
                event: event.to_owned(),
                by: e.username().map(str::to_owned),
                at: e.event_time().and_then(to_chrono).unwrap_or(to),
                resource: name.clone(),
                deployment: is_deployment(source, event),
            });
        }
    }
    changes.sort_by_key(|c| std::cmp::Reverse(c.at));
    let not_reached: Vec<&str> = names
        .iter()
        .take(NAMES)
        .map(String::as_str)
        .filter(|n| !looked_up.contains(n))
        .collect();
    let beyond: Vec<&str> = names.iter().skip(NAMES).map(String::as_str).collect();
    let window = format!(
        "{} – {}",
        from.format("%Y-%m-%d %H:%M UTC"),
        to.format("%H:%M UTC")
    );
    let f = if changes.is_empty() {
        Finding::normal(Check::RecentChanges, Some(resource))
    } else {
        let total = changes.len();
        changes.truncate(KEPT);
        Finding::abnormal(
            Check::RecentChanges,
            Some(resource),
            Symptom::RecentChanges { changes },
        )
        .with_evidence(label::CHANGES, total.to_string())
    };
    let f = f
        .with_evidence(label::LOOKED_UP, looked_up.join(", "))
        .with_evidence(label::WINDOW, window);
    // Stopped before the end: the rest of the names were not reached.
    let f = match stopped {
        Some(why) => f.with_fact(
            label::NOT_LOOKED_UP,
            Fact::NotLookedUp {
                names: not_reached.iter().map(|n| n.to_string()).collect(),
                why,
            },
        ),
        None => f,
    };
    Ok(if beyond.is_empty() {
        f
    } else {
        f.with_fact(
            label::NOT_LOOKED_UP,
            Fact::NotLookedUp {
                names: beyond.iter().map(|n| n.to_string()).collect(),
                why: NotLookedUp::AtMost { names: NAMES },
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::is_deployment;

    #[test]
    fn routine_calls_and_services_are_no_ones_change() {
        use super::is_routine;
        assert!(is_routine("CreateTags", Some("alice"), true));
        // Auto Scaling terminating another instance of the group is routine; the one the
        // incident is about, not.
        assert!(is_routine("TerminateInstances", Some("AutoScaling"), false));
        assert!(!is_routine("TerminateInstances", Some("AutoScaling"), true));
        assert!(is_routine("RunInstances", None, false));
        assert!(!is_routine("StopInstances", Some("alice"), false));
        assert!(!is_routine(
            "AuthorizeSecurityGroupIngress",
            Some("deploy-role"),
            false
        ));
    }

    #[test]
    fn deployments_are_told_from_infrastructure_changes() {
        assert!(is_deployment(
            "lambda.amazonaws.com",
            "UpdateFunctionCode20150331v2"
        ));
        assert!(is_deployment(
            "codedeploy.amazonaws.com",
            "CreateDeployment"
        ));
        assert!(!is_deployment(
            "ec2.amazonaws.com",
            "AuthorizeSecurityGroupIngress"
        ));
        assert!(!is_deployment(
            "lambda.amazonaws.com",
            "UpdateFunctionConfiguration20150331v2"
        ));
    }
}
