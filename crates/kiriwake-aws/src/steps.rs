//! The three isolation steps against AWS. Each runs the checks `plan` lists for its step,
//! concurrently, each bounded by the configured time limit; a failed call becomes an
//! `unavailable` finding with its reason. Clients are built once and reused.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};
use kiriwake_core::incident::{Incident, ResourceKind};
use kiriwake_core::plan::{PlannedCheck, fill_missing, step_checks};
use kiriwake_core::{Check, Finding, Step, UnavailableReason};

use crate::error::{CheckError, bounded};
use crate::health::HealthProbe;
use crate::logs::LogSearch;
use crate::metrics::Target;
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

fn unavailable_all(checks: &[Check], resource: &str, e: &CheckError) -> Vec<Finding> {
    checks
        .iter()
        .map(|c| Finding::unavailable(*c, Some(resource), e.reason, e.detail.clone()))
        .collect()
}

fn ids_of(incident: &Incident, kind: ResourceKind) -> Vec<String> {
    incident
        .resources
        .iter()
        .take(kiriwake_core::plan::MAX_CHECKED_RESOURCES)
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
        format!(
            "{} (tag {tag}) ignored: tags may choose only log groups under KIRIWAKE_LOG_GROUP_PREFIX ({})",
            outside.join(", "),
            if prefix.is_empty() { "not set" } else { prefix }
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
        Ok(f) => Ok(f.with_evidence("log groups ignored", note)),
        Err(mut e) => {
            e.detail = format!("{}; {note}", e.detail);
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
            "the check returned no result",
        );
        findings
    }

    /// Step 1: instance status, attached EBS, DB status, resource usage, OS and
    /// application logs, siblings.
    pub async fn user_side(&self, incident: &Incident) -> Vec<Finding> {
        let start = tokio::time::Instant::now();
        let planned = step_checks(incident, Step::UserSide);
        let s = &self.settings;
        let limit = s.call_timeout;
        let (from, to) = self.window(incident);
        let instances = ids_of(incident, ResourceKind::Ec2Instance);
        let mut work: Vec<Pending<'_>> = Vec::new();

        if !instances.is_empty() {
            let (meta, statuses) = tokio::join!(
                bounded(
                    limit,
                    ec2::describe_instances(&self.clients.ec2, &instances)
                ),
                bounded(limit, ec2::instance_statuses(&self.clients.ec2, &instances)),
            );
            for id in &instances {
                let found = match &statuses {
                    Ok(list) => {
                        match list.iter().find(|st| st.instance_id() == Some(id.as_str())) {
                            Some(st) => ec2::user_side_findings(st),
                            None => unavailable_all(
                                &[Check::InstanceStatus, Check::AttachedEbsStatus],
                                id,
                                &CheckError::new(UnavailableReason::Error, "instance not found"),
                            ),
                        }
                    }
                    Err(e) => {
                        unavailable_all(&[Check::InstanceStatus, Check::AttachedEbsStatus], id, e)
                    }
                };
                work.push(Box::pin(async move { found }));
                let m: ec2::InstanceMeta = meta
                    .as_ref()
                    .ok()
                    .and_then(|list| list.iter().find(|m| &m.id == id))
                    .cloned()
                    .unwrap_or_default();
                let meta_error = meta.as_ref().err().cloned();
                let id = id.clone();
                work.push(Box::pin(async move {
                    let (os_groups, os_ignored) = readable_groups(&s.os_log_groups, &m.tags, "kiriwake:os-log-groups", &s.log_group_prefix);
                    let (app_groups, app_ignored) = readable_groups(&s.app_log_groups, &m.tags, "kiriwake:app-log-groups", &s.log_group_prefix);
                    let usage = bounded(limit, metrics::resource_usage(&self.clients.cloudwatch, Target::Ec2Instance(&id), &s.thresholds, from, to));
                    // Only this instance's own streams: a shared group must not convict it.
                    let streams = ec2::log_stream_prefix(&s.log_stream_pattern, &id, &m);
                    let search = |check, groups, terms| LogSearch { check, resource: &id, groups, terms, stream_prefix: streams.as_deref(), from, to, limit };
                    let os = async { said_ignored(bounded(limit, logs::log_errors(&self.clients.logs, search(Check::OsLogs, &os_groups, &s.os_error_terms))).await, os_ignored) };
                    let app = async { said_ignored(bounded(limit, logs::log_errors(&self.clients.logs, search(Check::ApplicationLogs, &app_groups, &s.app_error_terms))).await, app_ignored) };
                    let siblings = async {
                        match (ec2::group_of(&m, &s.group_tag), &meta_error) {
                            (_, Some(e)) => Err(e.clone()),
                            (Some((k, v)), None) => bounded(limit, ec2::siblings(&self.clients.ec2, &id, &k, &v)).await,
                            (None, None) => Err(CheckError::new(
                                UnavailableReason::NotConfigured,
                                format!("no `{}` tag and no Auto Scaling group to find other servers by", s.group_tag),
                            )),
                        }
                    };
                    // The instance, then what surrounds it, most telling first.
                    // One time limit for the whole check: finding what surrounds the instance,
                    // then looking it all up.
                    let changes = async {
                        let deadline = tokio::time::Instant::now() + limit;
                        let network = match &m.subnet_id {
                            // At most half the limit: the resource's own lookup must fit.
                            Some(subnet) => bounded(limit / 2, ec2::subnet_network(&self.clients.ec2, subnet, m.vpc_id.as_deref())).await.unwrap_or_default(),
                            None => Vec::new(),
                        };
                        let mut around = vec![id.clone()];
                        around.extend(m.security_groups.iter().cloned());
                        around.extend(network);
                        around.extend(m.subnet_id.iter().cloned());
                        around.extend(m.instance_profile.iter().cloned());
                        self.recent_changes(incident, &id, around, deadline).await
                    };
                    // Each check timed on its own: they run side by side.
                    let (usage, os, app, siblings, changes) = tokio::join!(clocked(start, usage), clocked(start, os), clocked(start, app), clocked(start, siblings), clocked(start, changes));
                    let mut out = stamped(usage.0.unwrap_or_else(|e| unavailable_all(&[Check::ResourceUsage], &id, &e)), usage.1);
                    for (check, (r, ms)) in [(Check::OsLogs, os), (Check::ApplicationLogs, app), (Check::SiblingResources, siblings), (Check::RecentChanges, changes)] {
                        out.extend(stamped(vec![r.unwrap_or_else(|e| Finding::unavailable(check, Some(&id), e.reason, e.detail))], ms));
                    }
                    out
                }));
            }
        }

        let databases = ids_of(incident, ResourceKind::RdsDbInstance)
            .into_iter()
            .map(|id| (id, false))
            .chain(
                ids_of(incident, ResourceKind::RdsDbCluster)
                    .into_iter()
                    .map(|id| (id, true)),
            );
        for (id, cluster) in databases {
            work.push(Box::pin(async move {
                let (status, status_ms) = clocked(start, async {
                    if cluster {
                        bounded(limit, rds::cluster_status(&self.clients.rds, &id)).await
                    } else {
                        bounded(limit, rds::db_status(&self.clients.rds, &id)).await
                    }
                })
                .await;
                let target = if cluster {
                    Target::RdsCluster(&id)
                } else {
                    Target::RdsInstance(&id)
                };
                let (out, tags, related) = match status {
                    Ok((f, meta)) => (vec![f], meta.tags, meta.related),
                    Err(e) => (
                        unavailable_all(&[Check::DbInstanceStatus], &id, &e),
                        BTreeMap::new(),
                        Vec::new(),
                    ),
                };
                let mut out = stamped(out, status_ms);
                let (app_groups, app_ignored) = readable_groups(
                    &s.app_log_groups,
                    &tags,
                    "kiriwake:app-log-groups",
                    &s.log_group_prefix,
                );
                let usage = bounded(
                    limit,
                    metrics::resource_usage(
                        &self.clients.cloudwatch,
                        target,
                        &s.thresholds,
                        from,
                        to,
                    ),
                );
                let app = async {
                    said_ignored(
                        bounded(
                            limit,
                            logs::log_errors(
                                &self.clients.logs,
                                LogSearch {
                                    check: Check::ApplicationLogs,
                                    resource: &id,
                                    groups: &app_groups,
                                    terms: &s.app_error_terms,
                                    stream_prefix: None,
                                    from,
                                    to,
                                    limit,
                                },
                            ),
                        )
                        .await,
                        app_ignored,
                    )
                };
                // The changes need only what the status named: looked up beside the rest.
                let changes = self.recent_changes(
                    incident,
                    &id,
                    std::iter::once(id.clone()).chain(related).collect(),
                    tokio::time::Instant::now() + limit,
                );
                let (usage, app, changes) = tokio::join!(
                    clocked(start, usage),
                    clocked(start, app),
                    clocked(start, changes)
                );
                out.extend(stamped(
                    usage
                        .0
                        .unwrap_or_else(|e| unavailable_all(&[Check::ResourceUsage], &id, &e)),
                    usage.1,
                ));
                for (check, (r, ms)) in [
                    (Check::ApplicationLogs, app),
                    (Check::RecentChanges, changes),
                ] {
                    out.extend(stamped(
                        vec![r.unwrap_or_else(|e| {
                            Finding::unavailable(check, Some(&id), e.reason, e.detail)
                        })],
                        ms,
                    ));
                }
                out
            }));
        }

        // A composite alarm: read its children rather than guess from its rule.
        if let kiriwake_core::incident::Trigger::Alarm(a) = &incident.trigger
            && let kiriwake_core::incident::AlarmKind::Composite {
                rule,
                triggering_alarms,
            } = &a.alarm
        {
            let mut names = kiriwake_core::evidence::composite_children(rule);
            for t in triggering_alarms {
                let name = t.rsplit_once(":alarm:").map_or(t.as_str(), |(_, n)| n);
                if !names.iter().any(|n| n == name) {
                    names.push(name.to_owned());
                }
            }
            work.push(Box::pin(async move {
                bounded(
                    limit,
                    metrics::child_alarms(&self.clients.cloudwatch, &names),
                )
                .await
                .unwrap_or_else(|e| {
                    vec![Finding::unavailable(
                        Check::ChildAlarms,
                        None,
                        e.reason,
                        e.detail,
                    )]
                })
            }));
        }

        // Groups and managed resources without instance-level checks.
        for r in incident
            .resources
            .iter()
            .take(kiriwake_core::plan::MAX_CHECKED_RESOURCES)
        {
            let id = r.id.clone();
            match r.kind {
                ResourceKind::Ec2Instance
                | ResourceKind::RdsDbInstance
                | ResourceKind::RdsDbCluster
                | ResourceKind::VpnConnection => {}
                kind => {
                    // Separate checks, each timed on its own.
                    if kind == ResourceKind::AutoScalingGroup {
                        let id = id.clone();
                        work.push(Box::pin(async move {
                            let f = bounded(
                                limit,
                                ec2::siblings(
                                    &self.clients.ec2,
                                    &id,
                                    "aws:autoscaling:groupName",
                                    &id,
                                ),
                            )
                            .await;
                            vec![f.unwrap_or_else(|e| {
                                Finding::unavailable(
                                    Check::SiblingResources,
                                    Some(&id),
                                    e.reason,
                                    e.detail,
                                )
                            })]
                        }));
                    }
                    work.push(Box::pin(async move {
                        let app = bounded(
                            limit,
                            logs::log_errors(
                                &self.clients.logs,
                                LogSearch {
                                    check: Check::ApplicationLogs,
                                    resource: &id,
                                    groups: &s.app_log_groups,
                                    terms: &s.app_error_terms,
                                    stream_prefix: None,
                                    from,
                                    to,
                                    limit,
                                },
                            ),
                        )
                        .await;
                        vec![app.unwrap_or_else(|e| {
                            Finding::unavailable(
                                Check::ApplicationLogs,
                                Some(&id),
                                e.reason,
                                e.detail,
                            )
                        })]
                    }));
                }
            }
        }
        let checks = work.into_iter().map(|w| timed(start, w));
        Self::finish(&planned, futures_util::future::join_all(checks).await)
    }

    /// Step 2: system status, scheduled events, AWS Health.
    pub async fn aws_side(&self, incident: &Incident) -> Vec<Finding> {
        let start = tokio::time::Instant::now();
        let planned = step_checks(incident, Step::AwsSide);
        let limit = self.settings.call_timeout;
        let instances = ids_of(incident, ResourceKind::Ec2Instance);
        let status = async {
            if instances.is_empty() {
                return Vec::new();
            }
            match bounded(limit, ec2::instance_statuses(&self.clients.ec2, &instances)).await {
                Ok(list) => list.iter().flat_map(ec2::aws_side_findings).collect(),
                Err(e) => instances
                    .iter()
                    .flat_map(|id| {
                        unavailable_all(&[Check::SystemStatus, Check::ScheduledEvents], id, &e)
                    })
                    .collect(),
            }
        };
        let resources: Vec<String> = incident
            .resources
            .iter()
            .flat_map(|r| [Some(r.id.clone()), r.arn.clone()])
            .flatten()
            .collect();
        let services = health_services(incident);
        let health = self
            .health
            .findings(&services, incident.region.as_deref(), &resources, limit);
        let (a, b) = tokio::join!(timed(start, status), timed(start, health));
        Self::finish(&planned, vec![a, b])
    }

    /// Step 3: VPN tunnels and endpoint reachability.
    pub async fn outside_aws(&self, incident: &Incident) -> Vec<Finding> {
        let start = tokio::time::Instant::now();
        let planned = step_checks(incident, Step::OutsideAws);
        let s = &self.settings;
        let limit = s.call_timeout;
        let vpn = async {
            let mut direct = ids_of(incident, ResourceKind::VpnConnection);
            let instances = ids_of(incident, ResourceKind::Ec2Instance);
            let ids = if direct.is_empty() {
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
                direct.extend(s.vpn_connections.iter().cloned());
                Ok(direct)
            };
            match ids {
                Ok(ids) if ids.is_empty() => vec![Finding::unavailable(
                    Check::VpnTunnels,
                    None,
                    UnavailableReason::NotConfigured,
                    "no VPN attached to the resource's VPC and none in KIRIWAKE_VPN_CONNECTIONS",
                )],
                Ok(ids) => match bounded(limit, ec2::vpn_tunnels(&self.clients.ec2, &ids)).await {
                    Ok(found) => found,
                    Err(e) => vec![Finding::unavailable(
                        Check::VpnTunnels,
                        None,
                        e.reason,
                        e.detail,
                    )],
                },
                Err(e) => vec![Finding::unavailable(
                    Check::VpnTunnels,
                    None,
                    e.reason,
                    e.detail,
                )],
            }
        };
        let probes = async {
            if s.probe_endpoints.is_empty() {
                return vec![Finding::unavailable(
                    Check::EndpointReachability,
                    None,
                    UnavailableReason::NotConfigured,
                    "no endpoints in KIRIWAKE_PROBE_ENDPOINTS",
                )];
            }
            futures_util::future::join_all(
                s.probe_endpoints
                    .iter()
                    .map(|e| reach::probe(e, s.probe_timeout)),
            )
            .await
        };
        let (a, b) = tokio::join!(timed(start, vpn), timed(start, probes));
        Self::finish(&planned, vec![a, b])
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
