//! The three isolation steps against AWS. Each runs the checks the plan
//! ([`kiriwake_core::plan`]) lists for its step, concurrently, each bounded by the
//! configured time limit; a failed call becomes an `unavailable` finding with its reason.
//! Clients are built once and reused.
//!
//! Each step matches every planned check on [`Check`] without a wildcard arm: a new check
//! does not compile until each step says how it runs it, or that it does not. A step's match
//! names the other steps' checks only to do nothing with them, so each check function's
//! binary holds its own step's calls and no other's. What the plan does not say — how a
//! check reads a kind of resource — is each arm's. A call that answers several checks (one
//! `DescribeInstanceStatus` for every instance, a database's status, the Health events) is
//! a `Lookup`: made once, by the first check that needs it.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use aws_sdk_ec2::types::InstanceStatus;
use chrono::{DateTime, Utc};
use futures_util::FutureExt;
use futures_util::future::{Shared, join_all};
use kiriwake_core::finding::label;
use kiriwake_core::incident::{AlarmKind, Incident, ResourceKind, Trigger};
use kiriwake_core::plan::{MAX_CHECKED_RESOURCES, PlannedCheck, fill_missing, step_checks};
use kiriwake_core::{Check, Finding, Hint, Step, UnavailableReason};

use crate::ec2::InstanceMeta;
use crate::error::{CheckError, bounded};
use crate::health::HealthProbe;
use crate::logs::LogSearch;
use crate::metrics::Target;
use crate::rds::DbMeta;
use crate::settings::Settings;
use crate::{ec2, logs, metrics, rds, reach, trail};

/// The SDK clients the checks use.
#[derive(Debug, Clone)]
pub struct Clients {
    pub ec2: aws_sdk_ec2::Client,
    pub rds: aws_sdk_rds::Client,
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    pub logs: aws_sdk_cloudwatchlogs::Client,
    pub health: aws_sdk_health::Client,
    pub cloudtrail: aws_sdk_cloudtrail::Client,
    pub sns: aws_sdk_sns::Client,
}

impl Clients {
    /// Clients from the standard AWS environment (credentials chain, `AWS_REGION`,
    /// `AWS_ENDPOINT_URL`…). The Health API is global: its endpoint is in us-east-1.
    pub async fn from_env() -> Clients {
        let conf = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        Clients::from_conf(&conf)
    }

    /// Clients for isolation: short retries, since at 3 a.m. a fast "could not check" is
    /// worth more than a slow answer (throttling still gets three attempts), and the
    /// per-check time limit bounds everything.
    pub fn from_conf(conf: &aws_config::SdkConfig) -> Clients {
        let retry = aws_config::retry::RetryConfig::standard()
            .with_max_attempts(3)
            .with_initial_backoff(std::time::Duration::from_millis(100))
            .with_max_backoff(std::time::Duration::from_secs(1));
        let conf = conf.to_builder().retry_config(retry).build();
        let health = aws_sdk_health::config::Builder::from(&conf)
            .region(aws_sdk_health::config::Region::new("us-east-1"))
            .build();
        Clients {
            ec2: aws_sdk_ec2::Client::new(&conf),
            rds: aws_sdk_rds::Client::new(&conf),
            cloudwatch: aws_sdk_cloudwatch::Client::new(&conf),
            logs: aws_sdk_cloudwatchlogs::Client::new(&conf),
            health: aws_sdk_health::Client::from_conf(health),
            cloudtrail: aws_sdk_cloudtrail::Client::new(&conf),
            sns: aws_sdk_sns::Client::new(&conf),
        }
    }
}

/// Everything a step needs, built once per cold start.
#[derive(Debug)]
pub struct Isolator {
    pub settings: Settings,
    pub clients: Clients,
    health: HealthProbe,
    /// CloudTrail's lookup rate, shared by every resource's recent-changes check.
    trail_pacer: trail::Pacer,
}

/// A boxed check or step future.
pub type Pending<'a> = Pin<Box<dyn Future<Output = Vec<Finding>> + Send + 'a>>;

/// A check as a [`Pending`]: the arms of a step's match answer with one type.
fn pending<'a>(check: impl Future<Output = Vec<Finding>> + Send + 'a) -> Pending<'a> {
    Box::pin(check)
}

/// A call whose answer several checks read: made once, by the first check that awaits it
/// (never, when no planned check needs it), its answer cloned to each.
type Lookup<'a, T> = Shared<Pin<Box<dyn Future<Output = T> + Send + 'a>>>;

fn lookup<'a, T: Clone>(call: impl Future<Output = T> + Send + 'a) -> Lookup<'a, T> {
    call.boxed().shared()
}

/// Every instance's `DescribeInstanceStatus`, in one call.
type Statuses<'a> = Lookup<'a, Result<Vec<InstanceStatus>, CheckError>>;
/// Every instance's `DescribeInstances`, in one call.
type Described<'a> = Lookup<'a, Result<Vec<InstanceMeta>, CheckError>>;
/// One database's status, with what the other checks read of it.
type DbLookup<'a> = Lookup<'a, Result<(Finding, DbMeta), CheckError>>;

/// The tags that add log groups to a resource's searches.
const OS_LOG_TAG: &str = "kiriwake:os-log-groups";
const APP_LOG_TAG: &str = "kiriwake:app-log-groups";
/// The tag Auto Scaling puts on each server of a group, naming the group.
const ASG_NAME_TAG: &str = "aws:autoscaling:groupName";

/// `check` on `resource` could not run: why, as the error says.
fn unavailable(check: Check, resource: Option<&str>, e: CheckError) -> Finding {
    Finding::unavailable(check, resource, e.reason, e.to_detail())
}

/// The planned check's resource and its kind (`None` for an account-wide check).
fn target(p: &PlannedCheck) -> Option<(&str, ResourceKind)> {
    p.resource.as_deref().zip(p.kind)
}

/// The planned check's instance, when it is on one.
fn on_instance(p: &PlannedCheck) -> Option<&str> {
    target(p)
        .filter(|(_, kind)| *kind == ResourceKind::Ec2Instance)
        .map(|(id, _)| id)
}

/// An instance's check read from the step's one `DescribeInstanceStatus`.
async fn from_status(
    statuses: Statuses<'_>,
    check: Check,
    id: &str,
    read: impl FnOnce(&InstanceStatus) -> Vec<Finding>,
) -> Vec<Finding> {
    statuses
        .await
        .and_then(|list| ec2::status_of(&list, id).map(read))
        .unwrap_or_else(|e| vec![unavailable(check, Some(id), e)])
}

/// A composite alarm's children, as its rule and the alarms that triggered it name them
/// (`None` when the trigger is no composite alarm).
fn composite_children(incident: &Incident) -> Option<Vec<String>> {
    let Trigger::Alarm(a) = &incident.trigger else {
        return None;
    };
    let AlarmKind::Composite {
        rule,
        triggering_alarms,
    } = &a.alarm
    else {
        return None;
    };
    let mut names = kiriwake_core::evidence::composite_children(rule);
    for t in triggering_alarms {
        let name = t.rsplit_once(":alarm:").map_or(t.as_str(), |(_, n)| n);
        if !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
    }
    Some(names)
}

fn ids_of(incident: &Incident, kind: ResourceKind) -> Vec<String> {
    incident
        .resources
        .iter()
        .take(MAX_CHECKED_RESOURCES)
        .filter(|r| r.kind == kind)
        .map(|r| r.id.clone())
        .collect()
}

fn tag_list(tags: &BTreeMap<String, String>, key: &str) -> Vec<String> {
    tags.get(key)
        .map(|v| {
            v.split([',', ' '])
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The log groups a search reads: the configured ones, and those the resource's tag names
/// under `prefix` (the function's policy allows reading only there; an empty prefix lets
/// tags choose none). The tag's other groups are returned apart, to be said.
fn readable_groups(
    configured: &[String],
    tags: &BTreeMap<String, String>,
    tag: &str,
    prefix: &str,
) -> (Vec<String>, Option<String>) {
    let (inside, outside): (Vec<String>, Vec<String>) = tag_list(tags, tag)
        .into_iter()
        .partition(|g| !prefix.is_empty() && g.starts_with(prefix));
    let ignored = (!outside.is_empty()).then(|| {
        // Worded by the notification's label ("log groups outside the prefix, ignored"):
        // the value names them, the tag and the prefix.
        format!(
            "{} (tag {tag}; KIRIWAKE_LOG_GROUP_PREFIX={prefix})",
            outside.join(", ")
        )
    });
    (merged(configured, inside), ignored)
}

/// A log search's result, saying which tag-chosen groups it did not read.
fn said_ignored(
    result: Result<Finding, CheckError>,
    ignored: Option<String>,
) -> Result<Finding, CheckError> {
    let Some(note) = ignored else { return result };
    match result {
        Ok(f) => Ok(f.with_evidence(label::LOG_GROUPS_IGNORED, note)),
        Err(mut e) => {
            // The failure, with the groups it did not read beside it.
            let cause = Box::new(e.to_detail());
            e.detail = format!("{}; {note}", e.detail);
            e.hint = Some(Box::new(Hint::IgnoredLogGroups {
                cause,
                ignored: note,
            }));
            Err(e)
        }
    }
}

fn merged(base: &[String], extra: Vec<String>) -> Vec<String> {
    let mut all = base.to_vec();
    all.extend(extra);
    all.sort();
    all.dedup();
    all
}

impl Isolator {
    pub fn new(clients: Clients, settings: Settings) -> Isolator {
        let health = HealthProbe::new(clients.health.clone());
        Isolator {
            settings,
            clients,
            health,
            trail_pacer: trail::Pacer::default(),
        }
    }

    fn window(&self, incident: &Incident) -> (DateTime<Utc>, DateTime<Utc>) {
        let back = chrono::Duration::from_std(self.settings.window)
            .unwrap_or_else(|_| chrono::Duration::minutes(30));
        let from = incident.started_at - back;
        // Up to now, but no more than 3 h past the start: a replayed old event reads the
        // hours around its own fault, not days of data.
        let to = Utc::now()
            .min(incident.started_at + chrono::Duration::hours(3))
            .max(from + chrono::Duration::minutes(1));
        (from, to)
    }

    /// What changed on `names` (the resource, then what surrounds it) from the change window
    /// before the incident to just after it began, answered by `deadline`.
    async fn recent_changes(
        &self,
        incident: &Incident,
        resource: &str,
        names: Vec<String>,
        deadline: tokio::time::Instant,
    ) -> Result<Finding, CheckError> {
        let back = chrono::Duration::from_std(self.settings.change_window)
            .unwrap_or_else(|_| chrono::Duration::hours(6));
        // Up to the start: a change after it cannot have caused it.
        let lookup = trail::ChangeLookup {
            resource,
            names: &names,
            from: incident.started_at - back,
            to: incident.started_at,
            deadline,
            pacer: &self.trail_pacer,
        };
        trail::recent_changes(&self.clients.cloudtrail, lookup).await
    }

    /// All three steps concurrently, as the state machine runs them.
    pub async fn all_steps(&self, incident: &Incident) -> Vec<Finding> {
        let (a, b, c) = tokio::join!(
            self.run_step(Step::UserSide, incident),
            self.run_step(Step::AwsSide, incident),
            self.run_step(Step::OutsideAws, incident)
        );
        [a, b, c].concat()
    }

    /// One step. Boxed: the steps' futures are deep, and callers hold them across awaits.
    pub fn run_step<'a>(&'a self, step: Step, incident: &'a Incident) -> Pending<'a> {
        match step {
            Step::UserSide => Box::pin(self.user_side(incident)),
            Step::AwsSide => Box::pin(self.aws_side(incident)),
            Step::OutsideAws => Box::pin(self.outside_aws(incident)),
        }
    }

    fn finish(planned: &[PlannedCheck], pending: Vec<Vec<Finding>>) -> Vec<Finding> {
        let mut findings: Vec<Finding> = pending.into_iter().flatten().collect();
        fill_missing(
            planned,
            &mut findings,
            UnavailableReason::Error,
            &Hint::NoResult.into(),
        );
        findings
    }

    /// Every planned instance's status checks, in one `DescribeInstanceStatus`.
    fn statuses(&self, incident: &Incident) -> Statuses<'_> {
        let (client, limit) = (&self.clients.ec2, self.settings.call_timeout);
        let instances = ids_of(incident, ResourceKind::Ec2Instance);
        lookup(async move { bounded(limit, ec2::instance_statuses(client, &instances)).await })
    }

    /// Every planned instance's description, in one `DescribeInstances`.
    fn described(&self, incident: &Incident) -> Described<'_> {
        let (client, limit) = (&self.clients.ec2, self.settings.call_timeout);
        let instances = ids_of(incident, ResourceKind::Ec2Instance);
        lookup(async move { bounded(limit, ec2::describe_instances(client, &instances)).await })
    }

    /// Step 1: instance status, attached EBS, DB status, resource usage, OS and
    /// application logs, siblings, recent changes, a composite alarm's children.
    pub async fn user_side(&self, incident: &Incident) -> Vec<Finding> {
        let start = tokio::time::Instant::now();
        let planned = step_checks(incident, Step::UserSide);
        let step = UserSide::new(self, incident, &planned);
        let checks = planned
            .iter()
            .filter_map(|p| step.check(p))
            .map(|check| timed(start, check));
        Self::finish(&planned, join_all(checks).await)
    }

    /// Step 2: system status, scheduled events, AWS Health.
    pub async fn aws_side(&self, incident: &Incident) -> Vec<Finding> {
        let start = tokio::time::Instant::now();
        let planned = step_checks(incident, Step::AwsSide);
        let limit = self.settings.call_timeout;
        let statuses = self.statuses(incident);
        let resources: Vec<String> = incident
            .resources
            .iter()
            .flat_map(|r| [Some(r.id.clone()), r.arn.clone()])
            .flatten()
            .collect();
        let services = health_services(incident);
        let region = incident.region.as_deref();
        // One answer for both Health checks (without the subscription, one line for both).
        let health = lookup(async move {
            self.health
                .findings(&services, region, &resources, limit)
                .await
        });
        let mut work: Vec<Pending<'_>> = Vec::new();
        for p in &planned {
            match p.check {
                Check::SystemStatus => {
                    if let Some(id) = on_instance(p) {
                        work.push(pending(from_status(statuses.clone(), p.check, id, |st| {
                            vec![ec2::system_status_finding(st)]
                        })));
                    }
                }
                Check::ScheduledEvents => {
                    if let Some(id) = on_instance(p) {
                        work.push(pending(from_status(
                            statuses.clone(),
                            p.check,
                            id,
                            ec2::scheduled_event_findings,
                        )));
                    }
                }
                Check::HealthAccountEvents | Check::HealthPublicEvents => {
                    let (health, check) = (health.clone(), p.check);
                    work.push(pending(async move {
                        health
                            .await
                            .into_iter()
                            .filter(|f| f.check == check)
                            .collect()
                    }));
                }
                // Another step's (`step_checks` lists none of them here): its own function
                // runs it, and only that function's binary holds its calls.
                Check::TriggerEvent
                | Check::InstanceStatus
                | Check::AttachedEbsStatus
                | Check::DbInstanceStatus
                | Check::ResourceUsage
                | Check::OsLogs
                | Check::ApplicationLogs
                | Check::SiblingResources
                | Check::RecentChanges
                | Check::ChildAlarms
                | Check::VpnTunnels
                | Check::EndpointReachability => {}
            }
        }
        let checks = work.into_iter().map(|check| timed(start, check));
        Self::finish(&planned, join_all(checks).await)
    }

    /// Step 3: VPN tunnels and endpoint reachability.
    pub async fn outside_aws(&self, incident: &Incident) -> Vec<Finding> {
        let start = tokio::time::Instant::now();
        let planned = step_checks(incident, Step::OutsideAws);
        let mut work: Vec<Pending<'_>> = Vec::new();
        let mut tunnels_read = false;
        for p in &planned {
            match p.check {
                // One `DescribeVpnConnections` answers all the plan's VPN checks (one per
                // connection it names, or one for the VPC's): the first reads them all,
                // with the configured ones.
                Check::VpnTunnels if !tunnels_read => {
                    tunnels_read = true;
                    work.push(pending(self.vpn_tunnels(incident, &planned)));
                }
                Check::VpnTunnels => {}
                Check::EndpointReachability => work.push(pending(self.endpoint_reachability())),
                // Another step's (`step_checks` lists none of them here): its own function
                // runs it, and only that function's binary holds its calls.
                Check::TriggerEvent
                | Check::InstanceStatus
                | Check::AttachedEbsStatus
                | Check::DbInstanceStatus
                | Check::ResourceUsage
                | Check::OsLogs
                | Check::ApplicationLogs
                | Check::SiblingResources
                | Check::RecentChanges
                | Check::ChildAlarms
                | Check::SystemStatus
                | Check::ScheduledEvents
                | Check::HealthAccountEvents
                | Check::HealthPublicEvents => {}
            }
        }
        let checks = work.into_iter().map(|check| timed(start, check));
        Self::finish(&planned, join_all(checks).await)
    }

    /// Step 3's tunnels: of the VPN connections the plan names — or, naming none, those on
    /// the instances' VPCs — and of the configured ones.
    async fn vpn_tunnels(&self, incident: &Incident, planned: &[PlannedCheck]) -> Vec<Finding> {
        let s = &self.settings;
        let limit = s.call_timeout;
        let mut named: Vec<String> = planned
            .iter()
            .filter(|p| p.check == Check::VpnTunnels)
            .filter_map(|p| p.resource.clone())
            .collect();
        let ids = if named.is_empty() {
            let instances = ids_of(incident, ResourceKind::Ec2Instance);
            let vpcs = if instances.is_empty() {
                Ok(Vec::new())
            } else {
                bounded(
                    limit,
                    ec2::describe_instances(&self.clients.ec2, &instances),
                )
                .await
                .map(|m| m.into_iter().filter_map(|i| i.vpc_id).collect::<Vec<_>>())
            };
            match vpcs {
                Ok(vpcs) => {
                    bounded(
                        limit,
                        ec2::vpn_connection_ids(&self.clients.ec2, &s.vpn_connections, &vpcs),
                    )
                    .await
                }
                Err(e) => Err(e),
            }
        } else {
            named.extend(s.vpn_connections.iter().cloned());
            Ok(named)
        };
        let found = match ids {
            Ok(ids) if ids.is_empty() => Err(CheckError::hinted(
                UnavailableReason::NotConfigured,
                Hint::NoVpn,
            )),
            Ok(ids) => bounded(limit, ec2::vpn_tunnels(&self.clients.ec2, &ids)).await,
            Err(e) => Err(e),
        };
        // A failure answers for each connection the plan names (its reason kept: throttled
        // is not access denied), or once when it names none.
        found.unwrap_or_else(|e| {
            let planned_ids: Vec<&str> = planned
                .iter()
                .filter(|p| p.check == Check::VpnTunnels)
                .filter_map(|p| p.resource.as_deref())
                .collect();
            if planned_ids.is_empty() {
                vec![unavailable(Check::VpnTunnels, None, e)]
            } else {
                planned_ids
                    .into_iter()
                    .map(|id| unavailable(Check::VpnTunnels, Some(id), e.clone()))
                    .collect()
            }
        })
    }

    /// Step 3's probes: a TCP connection to each configured endpoint, side by side.
    async fn endpoint_reachability(&self) -> Vec<Finding> {
        let s = &self.settings;
        if s.probe_endpoints.is_empty() {
            return vec![Finding::unavailable(
                Check::EndpointReachability,
                None,
                UnavailableReason::NotConfigured,
                Hint::NoEndpoints,
            )];
        }
        join_all(
            s.probe_endpoints
                .iter()
                .map(|e| reach::probe(e, s.probe_timeout)),
        )
        .await
    }
}

/// Step 1 for one incident: its window, and the calls several of its checks read.
struct UserSide<'a> {
    isolator: &'a Isolator,
    incident: &'a Incident,
    limit: std::time::Duration,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    /// The instance and attached EBS status checks.
    statuses: Statuses<'a>,
    /// Tags, network and group: what the log, sibling and change checks read.
    described: Described<'a>,
    /// Each database's status, by kind and identifier: its tags and what surrounds it are
    /// what its log and change checks read.
    databases: Vec<(ResourceKind, String, DbLookup<'a>)>,
}

impl<'a> UserSide<'a> {
    fn new(isolator: &'a Isolator, incident: &'a Incident, planned: &[PlannedCheck]) -> Self {
        let limit = isolator.settings.call_timeout;
        let client = &isolator.clients.rds;
        let mut databases: Vec<(ResourceKind, String, DbLookup<'a>)> = Vec::new();
        for (id, kind) in planned.iter().filter_map(target) {
            if databases.iter().any(|(k, i, _)| *k == kind && i == id) {
                continue;
            }
            let owned = id.to_owned();
            let status = match kind {
                ResourceKind::RdsDbInstance => {
                    lookup(async move { bounded(limit, rds::db_status(client, &owned)).await })
                }
                ResourceKind::RdsDbCluster => {
                    lookup(async move { bounded(limit, rds::cluster_status(client, &owned)).await })
                }
                _ => continue,
            };
            databases.push((kind, id.to_owned(), status));
        }
        let (from, to) = isolator.window(incident);
        UserSide {
            isolator,
            incident,
            limit,
            from,
            to,
            statuses: isolator.statuses(incident),
            described: isolator.described(incident),
            databases,
        }
    }

    /// One planned check: what answers it, or `None` when this step does not run it (at
    /// all, or on that kind of resource).
    fn check<'s>(&'s self, p: &'s PlannedCheck) -> Option<Pending<'s>> {
        let s = &self.isolator.settings;
        let clients = &self.isolator.clients;
        let work = match p.check {
            Check::InstanceStatus => {
                let id = on_instance(p)?;
                pending(from_status(self.statuses.clone(), p.check, id, |st| {
                    vec![ec2::instance_status_finding(st)]
                }))
            }
            Check::AttachedEbsStatus => {
                let id = on_instance(p)?;
                pending(from_status(self.statuses.clone(), p.check, id, |st| {
                    vec![ec2::attached_ebs_finding(st)]
                }))
            }
            Check::DbInstanceStatus => {
                let (id, kind) = target(p)?;
                let status = self.database(kind, id)?;
                pending(async move {
                    match status.await {
                        Ok((f, _)) => vec![f],
                        Err(e) => vec![unavailable(Check::DbInstanceStatus, Some(id), e)],
                    }
                })
            }
            Check::ResourceUsage => {
                let (id, kind) = target(p)?;
                let metrics_of = match kind {
                    ResourceKind::Ec2Instance => Target::Ec2Instance(id),
                    ResourceKind::RdsDbInstance => Target::RdsInstance(id),
                    ResourceKind::RdsDbCluster => Target::RdsCluster(id),
                    _ => return None,
                };
                pending(async move {
                    let usage = metrics::resource_usage(
                        &clients.cloudwatch,
                        metrics_of,
                        &s.thresholds,
                        self.from,
                        self.to,
                    );
                    bounded(self.limit, usage)
                        .await
                        .unwrap_or_else(|e| vec![unavailable(Check::ResourceUsage, Some(id), e)])
                })
            }
            Check::OsLogs => {
                let id = on_instance(p)?;
                pending(self.instance_logs(
                    p.check,
                    id,
                    &s.os_log_groups,
                    OS_LOG_TAG,
                    &s.os_error_terms,
                ))
            }
            Check::ApplicationLogs => {
                let (id, kind) = target(p)?;
                match kind {
                    ResourceKind::Ec2Instance => pending(self.instance_logs(
                        p.check,
                        id,
                        &s.app_log_groups,
                        APP_LOG_TAG,
                        &s.app_error_terms,
                    )),
                    // The groups the database's tag adds: its status read them.
                    ResourceKind::RdsDbInstance | ResourceKind::RdsDbCluster => {
                        let status = self.database(kind, id)?;
                        pending(async move {
                            let tags = status.await.map(|(_, db)| db.tags).unwrap_or_default();
                            let (groups, ignored) = readable_groups(
                                &s.app_log_groups,
                                &tags,
                                APP_LOG_TAG,
                                &s.log_group_prefix,
                            );
                            let search =
                                self.search(p.check, id, &groups, &s.app_error_terms, None);
                            self.search_logs(search, ignored).await
                        })
                    }
                    // A group or a managed resource: the configured groups.
                    _ => pending(self.search_logs(
                        self.search(p.check, id, &s.app_log_groups, &s.app_error_terms, None),
                        None,
                    )),
                }
            }
            Check::SiblingResources => {
                let (id, kind) = target(p)?;
                match kind {
                    ResourceKind::Ec2Instance => pending(async move {
                        let (m, error) = self.instance_meta(id).await;
                        let found = match (ec2::group_of(&m, &s.group_tag), error) {
                            (_, Some(e)) => Err(e),
                            (Some((key, value)), None) => {
                                let siblings = ec2::siblings(&clients.ec2, id, &key, &value);
                                bounded(self.limit, siblings).await
                            }
                            (None, None) => Err(CheckError::hinted(
                                UnavailableReason::NotConfigured,
                                Hint::NoGroup {
                                    tag: s.group_tag.clone(),
                                },
                            )),
                        };
                        vec![found.unwrap_or_else(|e| unavailable(p.check, Some(id), e))]
                    }),
                    // A group: its servers, by the tag Auto Scaling puts on each.
                    ResourceKind::AutoScalingGroup => pending(async move {
                        let siblings = ec2::siblings(&clients.ec2, id, ASG_NAME_TAG, id);
                        let found = bounded(self.limit, siblings).await;
                        vec![found.unwrap_or_else(|e| unavailable(p.check, Some(id), e))]
                    }),
                    _ => return None,
                }
            }
            Check::RecentChanges => {
                let (id, kind) = target(p)?;
                match kind {
                    ResourceKind::Ec2Instance => pending(async move {
                        let (m, _) = self.instance_meta(id).await;
                        // One time limit for the whole check: finding what surrounds the
                        // instance, then looking it all up.
                        let deadline = tokio::time::Instant::now() + self.limit;
                        let network = match &m.subnet_id {
                            // At most half the limit: the resource's own lookup must fit.
                            Some(subnet) => {
                                let vpc = m.vpc_id.as_deref();
                                let network = ec2::subnet_network(&clients.ec2, subnet, vpc);
                                bounded(self.limit / 2, network).await.unwrap_or_default()
                            }
                            None => Vec::new(),
                        };
                        // The instance, then what surrounds it, most telling first.
                        let mut around = vec![id.to_owned()];
                        around.extend(m.security_groups.iter().cloned());
                        around.extend(network);
                        around.extend(m.subnet_id.iter().cloned());
                        around.extend(m.instance_profile.iter().cloned());
                        self.recent_changes(id, around, deadline).await
                    }),
                    // The database, then what its status named around it.
                    ResourceKind::RdsDbInstance | ResourceKind::RdsDbCluster => {
                        let status = self.database(kind, id)?;
                        pending(async move {
                            let related = status.await.map(|(_, db)| db.related);
                            let deadline = tokio::time::Instant::now() + self.limit;
                            let names = std::iter::once(id.to_owned())
                                .chain(related.unwrap_or_default())
                                .collect();
                            self.recent_changes(id, names, deadline).await
                        })
                    }
                    _ => return None,
                }
            }
            Check::ChildAlarms => {
                let names = composite_children(self.incident)?;
                pending(async move {
                    bounded(
                        self.limit,
                        metrics::child_alarms(&clients.cloudwatch, &names),
                    )
                    .await
                    .unwrap_or_else(|e| vec![unavailable(Check::ChildAlarms, None, e)])
                })
            }
            // The trigger's own finding is made from the incident (`kiriwake_core::evidence`),
            // not by a call.
            Check::TriggerEvent => return None,
            // Another step's (`step_checks` lists none of them here): its own function runs
            // it, and only that function's binary holds its calls.
            Check::SystemStatus
            | Check::ScheduledEvents
            | Check::HealthAccountEvents
            | Check::HealthPublicEvents
            | Check::VpnTunnels
            | Check::EndpointReachability => return None,
        };
        Some(work)
    }

    /// The database's status lookup (`None` for any other kind of resource).
    fn database(&self, kind: ResourceKind, id: &str) -> Option<DbLookup<'a>> {
        self.databases
            .iter()
            .find(|(k, i, _)| *k == kind && i == id)
            .map(|(_, _, status)| status.clone())
    }

    /// An instance's description (empty when `DescribeInstances` did not return it), with
    /// the call's error when it failed.
    async fn instance_meta(&self, id: &str) -> (InstanceMeta, Option<CheckError>) {
        match self.described.clone().await {
            Ok(list) => {
                let m = list.into_iter().find(|m| m.id == id).unwrap_or_default();
                (m, None)
            }
            Err(e) => (InstanceMeta::default(), Some(e)),
        }
    }

    /// A search of `groups` for `terms` in the incident's window.
    fn search<'s>(
        &self,
        check: Check,
        resource: &'s str,
        groups: &'s [String],
        terms: &'s [String],
        stream_prefix: Option<&'s str>,
    ) -> LogSearch<'s> {
        LogSearch {
            check,
            resource,
            groups,
            terms,
            stream_prefix,
            from: self.from,
            to: self.to,
            limit: self.limit,
        }
    }

    /// A log search's finding, saying which tag-chosen groups it did not read.
    async fn search_logs(&self, search: LogSearch<'_>, ignored: Option<String>) -> Vec<Finding> {
        let read = logs::log_errors(&self.isolator.clients.logs, search);
        let found = said_ignored(bounded(self.limit, read).await, ignored);
        vec![found.unwrap_or_else(|e| unavailable(search.check, Some(search.resource), e))]
    }

    /// An instance's OS or application logs: the `configured` groups and those its `tag`
    /// names, only in the instance's own streams (a shared group must not convict it).
    async fn instance_logs(
        &self,
        check: Check,
        id: &str,
        configured: &[String],
        tag: &str,
        terms: &[String],
    ) -> Vec<Finding> {
        let s = &self.isolator.settings;
        let (m, _) = self.instance_meta(id).await;
        let (groups, ignored) = readable_groups(configured, &m.tags, tag, &s.log_group_prefix);
        let streams = ec2::log_stream_prefix(&s.log_stream_pattern, id, &m);
        let search = self.search(check, id, &groups, terms, streams.as_deref());
        self.search_logs(search, ignored).await
    }

    /// What changed on `names` (the resource first) before the incident began.
    async fn recent_changes(
        &self,
        id: &str,
        names: Vec<String>,
        deadline: tokio::time::Instant,
    ) -> Vec<Finding> {
        let found = self
            .isolator
            .recent_changes(self.incident, id, names, deadline)
            .await;
        vec![found.unwrap_or_else(|e| unavailable(Check::RecentChanges, Some(id), e))]
    }
}

/// A check's answer, and when it came: milliseconds since its step's `start`. A step's
/// checks run side by side, so that is how long the check took, the calls it waited on
/// included (a check cut off by its time limit says so in its finding).
async fn clocked<T>(
    start: tokio::time::Instant,
    check: impl std::future::Future<Output = T>,
) -> (T, u64) {
    let answer = check.await;
    let ms = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
    (answer, ms)
}

/// `findings` with `ms` as the duration of those not timed yet.
fn stamped(mut findings: Vec<Finding>, ms: u64) -> Vec<Finding> {
    for f in &mut findings {
        f.duration_ms.get_or_insert(ms);
    }
    findings
}

/// What `work` found, each finding not timed by its own check stamped with when `work`
/// ended.
async fn timed(
    start: tokio::time::Instant,
    work: impl std::future::Future<Output = Vec<Finding>>,
) -> Vec<Finding> {
    let (found, ms) = clocked(start, work).await;
    stamped(found, ms)
}

/// AWS Health service codes for the incident's resources.
fn health_services(incident: &Incident) -> Vec<String> {
    let mut out: Vec<String> = incident
        .resources
        .iter()
        .flat_map(|r| match r.kind {
            ResourceKind::Ec2Instance | ResourceKind::AutoScalingGroup => &["EC2", "EBS"][..],
            ResourceKind::EbsVolume => &["EBS"][..],
            ResourceKind::RdsDbInstance | ResourceKind::RdsDbCluster => &["RDS"][..],
            ResourceKind::VpnConnection => &["VPN"][..],
            ResourceKind::DirectConnect => &["DIRECTCONNECT"][..],
            ResourceKind::LoadBalancer | ResourceKind::TargetGroup => &["ELASTICLOADBALANCING"][..],
            ResourceKind::LambdaFunction => &["LAMBDA"][..],
            ResourceKind::S3Bucket => &["S3"][..],
            ResourceKind::Other => &[][..],
        })
        .map(|s| (*s).to_owned())
        .collect();
    if let kiriwake_core::incident::Trigger::Health(h) = &incident.trigger {
        out.push(h.service.clone());
    }
    if out.is_empty() {
        out.push("EC2".into());
    }
    out.sort();
    out.dedup();
    out
}
