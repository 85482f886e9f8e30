//! EC2: status checks (`DescribeInstanceStatus`), instance metadata and siblings
//! (`DescribeInstances`), Site-to-Site VPN telemetry (`DescribeVpnGateways`,
//! `DescribeVpnConnections`). Each function returns findings; none decides.

use std::collections::BTreeMap;

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{
    Filter, InstanceStatus, InstanceStatusSummary, SummaryStatus, TelemetryStatus,
};
use kiriwake_core::finding::{Ec2StatusDetail, Fact, label};
use kiriwake_core::{Check, Finding, Hint, Symptom, UnavailableReason};

use crate::error::CheckError;
use crate::time::to_chrono;

/// What `DescribeInstances` says about an instance, shared by several checks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InstanceMeta {
    pub id: String,
    pub vpc_id: Option<String>,
    pub availability_zone: Option<String>,
    pub state: Option<String>,
    /// `ip-10-0-1-23.ap-northeast-1.compute.internal`: the agent's `{hostname}` is its
    /// first label.
    pub private_dns_name: Option<String>,
    pub private_ip: Option<String>,
    pub subnet_id: Option<String>,
    pub security_groups: Vec<String>,
    /// The instance profile's name (its role usually has the same name).
    pub instance_profile: Option<String>,
    pub tags: BTreeMap<String, String>,
}

pub async fn describe_instances(
    client: &Client,
    ids: &[String],
) -> Result<Vec<InstanceMeta>, CheckError> {
    let out = client
        .describe_instances()
        .set_instance_ids(Some(ids.to_vec()))
        .send()
        .await?;
    Ok(out
        .reservations()
        .iter()
        .flat_map(|r| r.instances())
        .map(|i| InstanceMeta {
            id: i.instance_id().unwrap_or_default().to_owned(),
            vpc_id: i.vpc_id().map(str::to_owned),
            availability_zone: i
                .placement()
                .and_then(|p| p.availability_zone())
                .map(str::to_owned),
            state: i
                .state()
                .and_then(|s| s.name())
                .map(|n| n.as_str().to_owned()),
            private_dns_name: i
                .private_dns_name()
                .filter(|n| !n.is_empty())
                .map(str::to_owned),
            private_ip: i.private_ip_address().map(str::to_owned),
            subnet_id: i.subnet_id().map(str::to_owned),
            security_groups: i
                .security_groups()
                .iter()
                .filter_map(|g| g.group_id().map(str::to_owned))
                .collect(),
            instance_profile: i
                .iam_instance_profile()
                .and_then(|p| p.arn())
                .and_then(|arn| arn.rsplit('/').next())
                .map(str::to_owned),
            tags: i
                .tags()
                .iter()
                .filter_map(|t| Some((t.key()?.to_owned(), t.value()?.to_owned())))
                .collect(),
        })
        .collect())
}

/// The route table and network ACL a subnet uses (`DescribeRouteTables`,
/// `DescribeNetworkAcls`): a subnet without a route table of its own uses its VPC's main one.
pub async fn subnet_network(
    client: &Client,
    subnet: &str,
    vpc: Option<&str>,
) -> Result<Vec<String>, CheckError> {
    let by_subnet = || {
        Filter::builder()
            .name("association.subnet-id")
            .values(subnet)
            .build()
    };
    let (tables, acls) = tokio::join!(
        client.describe_route_tables().filters(by_subnet()).send(),
        client.describe_network_acls().filters(by_subnet()).send(),
    );
    let mut out: Vec<String> = tables?
        .route_tables()
        .iter()
        .filter_map(|t| t.route_table_id().map(str::to_owned))
        .collect();
    if out.is_empty()
        && let Some(vpc) = vpc
    {
        let main = client
            .describe_route_tables()
            .filters(Filter::builder().name("vpc-id").values(vpc).build())
            .filters(
                Filter::builder()
                    .name("association.main")
                    .values("true")
                    .build(),
            )
            .send()
            .await?;
        out.extend(
            main.route_tables()
                .iter()
                .filter_map(|t| t.route_table_id().map(str::to_owned)),
        );
    }
    out.extend(
        acls?
            .network_acls()
            .iter()
            .filter_map(|a| a.network_acl_id().map(str::to_owned)),
    );
    Ok(out)
}

/// `DescribeInstanceStatus` with `IncludeAllInstances`, so stopped instances answer too.
pub async fn instance_statuses(
    client: &Client,
    ids: &[String],
) -> Result<Vec<InstanceStatus>, CheckError> {
    let mut out = Vec::new();
    for chunk in ids.chunks(100) {
        let page = client
            .describe_instance_status()
            .set_instance_ids(Some(chunk.to_vec()))
            .include_all_instances(true)
            .send()
            .await?;
        out.extend(page.instance_statuses().iter().cloned());
    }
    Ok(out)
}

fn impaired(summary: Option<&InstanceStatusSummary>) -> bool {
    summary.and_then(|s| s.status()) == Some(&SummaryStatus::Impaired)
}

fn summary_evidence(f: Finding, label: &str, summary: Option<&InstanceStatusSummary>) -> Finding {
    let Some(s) = summary else {
        return f.with_evidence(label, label::ABSENT);
    };
    let details = s
        .details()
        .iter()
        .map(|d| Ec2StatusDetail {
            name: d.name().map_or("check", |n| n.as_str()).to_owned(),
            status: d.status().map_or("?", |x| x.as_str()).to_owned(),
            since: d.impaired_since().and_then(to_chrono),
        })
        .collect();
    f.with_fact(
        label,
        Fact::Ec2Status {
            status: s.status().map(|x| x.as_str().to_owned()),
            details,
        },
    )
}

fn impaired_since(
    summary: Option<&InstanceStatusSummary>,
) -> Option<chrono::DateTime<chrono::Utc>> {
    summary?
        .details()
        .iter()
        .find_map(|d| d.impaired_since().and_then(to_chrono))
}

/// `id`'s answer among one `DescribeInstanceStatus`'s.
pub fn status_of<'s>(
    statuses: &'s [InstanceStatus],
    id: &str,
) -> Result<&'s InstanceStatus, CheckError> {
    statuses
        .iter()
        .find(|st| st.instance_id() == Some(id))
        .ok_or_else(|| CheckError::hinted(UnavailableReason::Error, Hint::InstanceNotFound))
}

/// Step 1: the instance status check (a stopped instance is abnormal too).
pub fn instance_status_finding(status: &InstanceStatus) -> Finding {
    let id = status.instance_id();
    let state = status
        .instance_state()
        .and_then(|s| s.name())
        .map(|n| n.as_str().to_owned());
    let inst = status.instance_status();
    let instance = if impaired(inst) {
        Finding::abnormal(
            Check::InstanceStatus,
            id,
            Symptom::InstanceStatusImpaired {
                since: impaired_since(inst),
            },
        )
    } else if state.as_deref().is_some_and(|s| s != "running") {
        Finding::abnormal(
            Check::InstanceStatus,
            id,
            Symptom::InstanceStopped {
                state: state.clone().unwrap_or_default(),
            },
        )
    } else {
        Finding::normal(Check::InstanceStatus, id)
    };
    summary_evidence(instance, "InstanceStatus", inst).with_evidence(
        "InstanceState",
        state.unwrap_or_else(|| label::UNKNOWN.into()),
    )
}

/// Step 1: the attached EBS status check.
pub fn attached_ebs_finding(status: &InstanceStatus) -> Finding {
    let id = status.instance_id();
    let ebs = status.attached_ebs_status();
    let ebs_impaired = ebs.and_then(|s| s.status()) == Some(&SummaryStatus::Impaired);
    let ebs_finding = if ebs_impaired {
        let since = ebs.and_then(|s| {
            s.details()
                .iter()
                .find_map(|d| d.impaired_since().and_then(to_chrono))
        });
        Finding::abnormal(
            Check::AttachedEbsStatus,
            id,
            Symptom::AttachedEbsImpaired { since },
        )
    } else {
        Finding::normal(Check::AttachedEbsStatus, id)
    };
    let ebs_value = ebs
        .and_then(|s| s.status())
        .map(|s| s.as_str().to_owned())
        .unwrap_or_else(|| label::ABSENT.into());
    ebs_finding.with_evidence("AttachedEbsStatus", ebs_value)
}

/// Step 2: the system status check.
pub fn system_status_finding(status: &InstanceStatus) -> Finding {
    let id = status.instance_id();
    let sys = status.system_status();
    let system = if impaired(sys) {
        Finding::abnormal(
            Check::SystemStatus,
            id,
            Symptom::SystemStatusImpaired {
                since: impaired_since(sys),
            },
        )
    } else {
        Finding::normal(Check::SystemStatus, id)
    };
    summary_evidence(system, "SystemStatus", sys)
}

/// Step 2: the scheduled events, one finding each (one normal finding when none is).
pub fn scheduled_event_findings(status: &InstanceStatus) -> Vec<Finding> {
    let id = status.instance_id();
    // Completed events are prefixed "[Completed]" by EC2; they are history, not news.
    let events: Vec<_> = status
        .events()
        .iter()
        .filter(|e| {
            !e.description()
                .unwrap_or_default()
                .starts_with("[Completed]")
        })
        .collect();
    if events.is_empty() {
        return vec![
            Finding::normal(Check::ScheduledEvents, id)
                .with_evidence("Events", label::NONE_SCHEDULED),
        ];
    }
    events
        .into_iter()
        .map(|e| {
            let code = e
                .code()
                .map(|c| c.as_str().to_owned())
                .unwrap_or_else(|| label::UNKNOWN.into());
            let not_before = e.not_before().and_then(to_chrono);
            let mut f = Finding::abnormal(
                Check::ScheduledEvents,
                id,
                Symptom::ScheduledEvent {
                    code: code.clone(),
                    description: e.description().map(str::to_owned),
                    not_before,
                },
            )
            .with_evidence("Event", code);
            if let Some(nb) = not_before {
                f = f.with_evidence("NotBefore", nb.to_rfc3339());
            }
            if let Some(d) = e.description() {
                f = f.with_evidence("Description", d);
            }
            f
        })
        .collect()
}

/// Which tag groups the instance with its siblings: the configured tag, else its Auto
/// Scaling group.
pub fn group_of(meta: &InstanceMeta, group_tag: &str) -> Option<(String, String)> {
    meta.tags
        .get(group_tag)
        .map(|v| (group_tag.to_owned(), v.clone()))
        .or_else(|| {
            meta.tags
                .get("aws:autoscaling:groupName")
                .map(|v| ("aws:autoscaling:groupName".to_owned(), v.clone()))
        })
}

/// How long a group's answer is reused for the next server of the same group: in a storm
/// (one alarm per server of a 200-server group), the group is read once per warm function
/// every this long instead of once per alarm.
pub const SIBLINGS_REUSE: std::time::Duration = std::time::Duration::from_secs(15);

/// A group's answer: when, the finding, and the servers it counted.
type GroupAnswer = (
    std::time::Instant,
    Finding,
    std::collections::BTreeSet<String>,
);

/// Groups answered recently, by `tag=value`.
static RECENT_GROUPS: std::sync::Mutex<BTreeMap<String, GroupAnswer>> =
    std::sync::Mutex::new(BTreeMap::new());

/// Step 1's breadth: how many servers of the same group are impaired (stopped ones are
/// counted apart, not as impaired), and whether the impaired ones share one zone. An answer
/// for the same group within [`SIBLINGS_REUSE`] is reused, and the finding says so.
pub async fn siblings(
    client: &Client,
    id: &str,
    tag_key: &str,
    tag_value: &str,
) -> Result<Finding, CheckError> {
    let group = format!("{tag_key}={tag_value}");
    let recent = RECENT_GROUPS
        .lock()
        .ok()
        .and_then(|g| g.get(&group).cloned())
        // Only an answer that counted this server (a server launched since is read anew).
        .filter(|(at, _, servers)| at.elapsed() < SIBLINGS_REUSE && servers.contains(id));
    if let Some((at, answer, _)) = recent {
        let mut f = answer;
        f.resource = Some(id.to_owned());
        return Ok(f.with_fact(
            label::ANSWERED,
            Fact::Reused {
                ago_s: at.elapsed().as_secs(),
                valid_s: SIBLINGS_REUSE.as_secs(),
            },
        ));
    }
    let (f, servers) = read_siblings(client, id, tag_key, tag_value).await?;
    if let Ok(mut groups) = RECENT_GROUPS.lock() {
        groups.retain(|_, (at, _, _)| at.elapsed() < SIBLINGS_REUSE);
        groups.insert(group, (std::time::Instant::now(), f.clone(), servers));
    }
    Ok(f)
}

async fn read_siblings(
    client: &Client,
    id: &str,
    tag_key: &str,
    tag_value: &str,
) -> Result<(Finding, std::collections::BTreeSet<String>), CheckError> {
    let out = client
        .describe_instances()
        .filters(
            Filter::builder()
                .name(format!("tag:{tag_key}"))
                .values(tag_value)
                .build(),
        )
        .filters(
            Filter::builder()
                .name("instance-state-name")
                .set_values(Some(
                    ["pending", "running", "stopping", "stopped"]
                        .map(String::from)
                        .to_vec(),
                ))
                .build(),
        )
        .send()
        .await?;
    // Each server of the group and its Availability Zone.
    let zones: BTreeMap<String, String> = out
        .reservations()
        .iter()
        .flat_map(|r| r.instances())
        .filter_map(|i| {
            let zone = i
                .placement()
                .and_then(|p| p.availability_zone())
                .unwrap_or_default();
            Some((i.instance_id()?.to_owned(), zone.to_owned()))
        })
        .take(500)
        .collect();
    let ids: Vec<String> = zones.keys().cloned().collect();
    let statuses = instance_statuses(client, &ids).await?;
    let state = |s: &aws_sdk_ec2::types::InstanceStatus| {
        s.instance_state()
            .and_then(|st| st.name())
            .map(|n| n.as_str().to_owned())
            .unwrap_or_default()
    };
    let mut impaired_ids: Vec<&str> = Vec::new();
    let mut stopped_ids: Vec<&str> = Vec::new();
    let mut healthy_zones = std::collections::BTreeSet::new();
    let mut impaired_zones = std::collections::BTreeSet::new();
    for s in &statuses {
        let Some(sid) = s.instance_id() else { continue };
        let zone = zones.get(sid).cloned().unwrap_or_default();
        match state(s).as_str() {
            "stopped" | "stopping" => stopped_ids.push(sid),
            _ if impaired(s.system_status()) || impaired(s.instance_status()) => {
                impaired_ids.push(sid);
                impaired_zones.insert(zone);
            }
            _ => {
                healthy_zones.insert(zone);
            }
        }
    }
    // The fault follows a zone when every impaired server is in one zone, no server there
    // is healthy, and servers elsewhere are.
    let zone = match impaired_zones.iter().collect::<Vec<_>>().as_slice() {
        [one]
            if !one.is_empty()
                && !healthy_zones.contains(*one)
                && !healthy_zones.is_empty()
                && impaired_ids.len() > 1 =>
        {
            Some((*one).clone())
        }
        _ => None,
    };
    let group = format!("{tag_key}={tag_value}");
    let count = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    let total = count(ids.len());
    let f = if impaired_ids.is_empty() {
        Finding::normal(Check::SiblingResources, Some(id))
    } else {
        Finding::abnormal(
            Check::SiblingResources,
            Some(id),
            Symptom::SiblingsImpaired {
                group: group.clone(),
                impaired: count(impaired_ids.len()),
                total,
                stopped: count(stopped_ids.len()),
                zone,
            },
        )
    };
    let mut f = f.with_evidence(label::GROUP, group).with_fact(
        label::IMPAIRED,
        Fact::OfTotal {
            total,
            impaired: impaired_ids.iter().map(|i| i.to_string()).collect(),
        },
    );
    if !stopped_ids.is_empty() {
        f = f.with_evidence(label::STOPPED, stopped_ids.join(", "));
    }
    Ok((f, zones.into_keys().collect()))
}

/// The VPN connections to check: configured ones, plus those on the VPC's gateways.
pub async fn vpn_connection_ids(
    client: &Client,
    configured: &[String],
    vpc_ids: &[String],
) -> Result<Vec<String>, CheckError> {
    let mut ids: Vec<String> = configured.to_vec();
    if !vpc_ids.is_empty() {
        let gws = client
            .describe_vpn_gateways()
            .filters(
                Filter::builder()
                    .name("attachment.vpc-id")
                    .set_values(Some(vpc_ids.to_vec()))
                    .build(),
            )
            .send()
            .await?;
        let gw_ids: Vec<String> = gws
            .vpn_gateways()
            .iter()
            .filter_map(|g| g.vpn_gateway_id().map(str::to_owned))
            .collect();
        if !gw_ids.is_empty() {
            let conns = client
                .describe_vpn_connections()
                .filters(
                    Filter::builder()
                        .name("vpn-gateway-id")
                        .set_values(Some(gw_ids))
                        .build(),
                )
                .send()
                .await?;
            ids.extend(
                conns
                    .vpn_connections()
                    .iter()
                    .filter_map(|c| c.vpn_connection_id().map(str::to_owned)),
            );
        }
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// Step 3: tunnel telemetry, one finding per VPN connection.
pub async fn vpn_tunnels(client: &Client, ids: &[String]) -> Result<Vec<Finding>, CheckError> {
    let out = client
        .describe_vpn_connections()
        .set_vpn_connection_ids(Some(ids.to_vec()))
        .send()
        .await?;
    Ok(out
        .vpn_connections()
        .iter()
        .map(|c| {
            let id = c.vpn_connection_id().unwrap_or_default();
            let tunnels = c.vgw_telemetry();
            let down = tunnels
                .iter()
                .filter(|t| t.status() != Some(&TelemetryStatus::Up))
                .count();
            let mut f = if down > 0 {
                Finding::abnormal(
                    Check::VpnTunnels,
                    Some(id),
                    Symptom::VpnTunnelsDown {
                        vpn_id: id.to_owned(),
                        down: u32::try_from(down).unwrap_or(u32::MAX),
                        total: u32::try_from(tunnels.len()).unwrap_or(u32::MAX),
                    },
                )
            } else {
                Finding::normal(Check::VpnTunnels, Some(id))
            };
            for t in tunnels {
                f = f.with_fact(
                    label::TUNNEL,
                    Fact::Tunnel {
                        ip: t.outside_ip_address().unwrap_or("?").to_owned(),
                        status: t.status().map(|s| s.as_str().to_owned()),
                        message: t
                            .status_message()
                            .filter(|m| !m.is_empty())
                            .map(str::to_owned),
                    },
                );
            }
            f
        })
        .collect())
}

/// The prefix of the log streams that are this instance's own, from the CloudWatch agent's
/// stream naming (`{instance_id}`, `{hostname}`, `{ip_address}`): the placeholders filled
/// in, up to the first one this instance's description cannot fill. `None` when the pattern
/// is empty (every stream of the group is read).
pub fn log_stream_prefix(pattern: &str, id: &str, m: &InstanceMeta) -> Option<String> {
    if pattern.is_empty() {
        return None;
    }
    let hostname = m
        .private_dns_name
        .as_deref()
        .and_then(|n| n.split('.').next());
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[at..]);
            return Some(out);
        };
        let value = match &after[..end] {
            "instance_id" => Some(id),
            "hostname" => hostname,
            "ip_address" => m.private_ip.as_deref(),
            _ => None,
        };
        match value {
            Some(v) => out.push_str(v),
            None => return Some(out),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instances_own_log_streams() {
        let m = InstanceMeta {
            private_dns_name: Some("ip-10-0-1-23.ap-northeast-1.compute.internal".into()),
            private_ip: Some("10.0.1.23".into()),
            ..InstanceMeta::default()
        };
        let id = "i-0a1b2c3d4e5f67890";
        let prefix = |p: &str| log_stream_prefix(p, id, &m);
        assert_eq!(prefix("{instance_id}").as_deref(), Some(id));
        assert_eq!(
            prefix("{hostname}/messages").as_deref(),
            Some("ip-10-0-1-23/messages")
        );
        assert_eq!(prefix("web-{ip_address}").as_deref(), Some("web-10.0.1.23"));
        // What the description cannot fill ends the prefix there.
        assert_eq!(
            prefix("{instance_id}-{unknown}-x").as_deref(),
            Some("i-0a1b2c3d4e5f67890-")
        );
        assert_eq!(
            log_stream_prefix("{hostname}", id, &InstanceMeta::default()).as_deref(),
            Some("")
        );
        assert_eq!(prefix(""), None);
    }
}
