//! Resource usage from CloudWatch metrics (`GetMetricData`) over the incident's window,
//! compared with the configured thresholds: EC2 CPU, network and EBS, CloudWatch agent
//! memory and disk where published; RDS CPU, freeable memory, free storage, connections.
//! And a composite alarm's child alarms (`DescribeAlarms`): what the composite stands for.

use std::collections::BTreeMap;

use aws_sdk_cloudwatch::Client;
use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat};
use chrono::{DateTime, Utc};
use kiriwake_core::finding::{Fact, ResourceClass, label};
use kiriwake_core::{Check, Finding, Hint, Symptom, UnavailableReason};

use crate::error::CheckError;
use crate::settings::Thresholds;
use crate::time::to_smithy;

/// One metric to read and how to judge it.
#[derive(Debug, Clone)]
struct Probe {
    id: &'static str,
    label: &'static str,
    class: ResourceClass,
    query: Query,
    /// `Some(t)`: abnormal when the worst value is at or above `t` (or below, for `Below`).
    limit: Option<Limit>,
    /// Values are scaled by this before comparing and showing (bytes → GiB, …).
    scale: f64,
}

#[derive(Debug, Clone)]
enum Query {
    Stat {
        namespace: &'static str,
        name: &'static str,
        dimension: &'static str,
        stat: &'static str,
    },
    /// A SEARCH expression, for CloudWatch agent metrics whose extra dimensions vary.
    Search(String),
}

#[derive(Debug, Clone, Copy)]
enum Limit {
    AtLeast(f64),
    Below(f64),
}

fn ec2_probes(instance: &str, t: &Thresholds) -> Vec<Probe> {
    // CloudWatch agent metrics carry whatever extra dimensions the agent appends, so they
    // are found with SEARCH on the instance id; every matching series is judged.
    let agent = |id, metric: &str, label, class, threshold| Probe {
        id,
        label,
        class,
        query: Query::Search(format!(
            "SEARCH('{{CWAgent}} MetricName=\"{metric}\" InstanceId=\"{instance}\"', 'Maximum', 60)"
        )),
        limit: Some(Limit::AtLeast(threshold)),
        scale: 1.0,
    };
    let stat = |namespace, name, stat| Query::Stat {
        namespace,
        name,
        dimension: "InstanceId",
        stat,
    };
    vec![
        Probe {
            id: "cpu",
            label: "CPUUtilization (max %)",
            class: ResourceClass::Cpu,
            query: stat("AWS/EC2", "CPUUtilization", "Maximum"),
            limit: Some(Limit::AtLeast(t.cpu_percent)),
            scale: 1.0,
        },
        agent(
            "mem",
            "mem_used_percent",
            "mem_used_percent (max %)",
            ResourceClass::Memory,
            t.memory_percent,
        ),
        agent(
            "disk",
            "disk_used_percent",
            "disk_used_percent (max %)",
            ResourceClass::Disk,
            t.disk_percent,
        ),
        Probe {
            id: "netin",
            label: "NetworkIn (max bytes)",
            class: ResourceClass::Network,
            query: stat("AWS/EC2", "NetworkIn", "Maximum"),
            limit: None,
            scale: 1.0,
        },
        Probe {
            id: "ebsq",
            label: "EBSIOBalance% (min)",
            class: ResourceClass::Io,
            query: stat("AWS/EC2", "EBSIOBalance%", "Minimum"),
            limit: Some(Limit::Below(1.0)),
            scale: 1.0,
        },
    ]
}

/// An RDS instance's figures (`DBInstanceIdentifier`), or a cluster's (`DBClusterIdentifier`,
/// without the instance-level storage figure).
fn rds_probes(t: &Thresholds, cluster: bool) -> Vec<Probe> {
    let dimension = if cluster {
        "DBClusterIdentifier"
    } else {
        "DBInstanceIdentifier"
    };
    let stat = move |name, stat| Query::Stat {
        namespace: "AWS/RDS",
        name,
        dimension,
        stat,
    };
    let mut probes = vec![
        Probe {
            id: "cpu",
            label: "CPUUtilization (max %)",
            class: ResourceClass::Cpu,
            query: stat("CPUUtilization", "Maximum"),
            limit: Some(Limit::AtLeast(t.cpu_percent)),
            scale: 1.0,
        },
        Probe {
            id: "mem",
            label: "FreeableMemory (min MiB)",
            class: ResourceClass::Memory,
            query: stat("FreeableMemory", "Minimum"),
            limit: Some(Limit::Below(t.rds_min_freeable_memory_mib)),
            scale: 1.0 / (1024.0 * 1024.0),
        },
        Probe {
            id: "storage",
            label: "FreeStorageSpace (min GiB)",
            class: ResourceClass::Storage,
            query: stat("FreeStorageSpace", "Minimum"),
            limit: Some(Limit::Below(t.rds_min_free_storage_gib)),
            scale: 1.0 / (1024.0 * 1024.0 * 1024.0),
        },
        Probe {
            id: "conn",
            label: "DatabaseConnections (max)",
            class: ResourceClass::Connections,
            query: stat("DatabaseConnections", "Maximum"),
            limit: t.rds_max_connections.map(Limit::AtLeast),
            scale: 1.0,
        },
    ];
    if cluster {
        probes.retain(|p| p.id != "storage");
    }
    probes
}

/// Which resource the metrics are about.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    Ec2Instance(&'a str),
    RdsInstance(&'a str),
    RdsCluster(&'a str),
}

pub async fn resource_usage(
    client: &Client,
    target: Target<'_>,
    thresholds: &Thresholds,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Finding>, CheckError> {
    let (id, probes) = match target {
        Target::Ec2Instance(id) => (id, ec2_probes(id, thresholds)),
        Target::RdsInstance(id) => (id, rds_probes(thresholds, false)),
        Target::RdsCluster(id) => (id, rds_probes(thresholds, true)),
    };
    let queries: Vec<MetricDataQuery> = probes
        .iter()
        .map(|p| {
            let q = MetricDataQuery::builder().id(p.id).return_data(true);
            match &p.query {
                Query::Stat {
                    namespace,
                    name,
                    dimension,
                    stat,
                } => q.metric_stat(
                    MetricStat::builder()
                        .metric(
                            Metric::builder()
                                .namespace(*namespace)
                                .metric_name(*name)
                                .dimensions(Dimension::builder().name(*dimension).value(id).build())
                                .build(),
                        )
                        .period(60)
                        .stat(*stat)
                        .build(),
                ),
                Query::Search(expr) => q.expression(expr),
            }
            .build()
        })
        .collect();
    let out = client
        .get_metric_data()
        .set_metric_data_queries(Some(queries))
        .start_time(to_smithy(from))
        .end_time(to_smithy(to))
        .send()
        .await?;

    let mut findings = Vec::new();
    let mut evidence = Vec::new();
    let mut any_data = false;
    for p in &probes {
        // SEARCH can return one series per disk: judge the worst of all.
        let values: Vec<f64> = out
            .metric_data_results()
            .iter()
            .filter(|r| {
                r.id()
                    .is_some_and(|rid| rid == p.id || rid.starts_with(&format!("{}_", p.id)))
            })
            .flat_map(|r| r.values().iter().map(|v| v * p.scale))
            .collect();
        if values.is_empty() {
            evidence.push((p.label.to_owned(), label::NO_DATAPOINTS.to_owned()));
            continue;
        }
        any_data = true;
        let worst = match p.limit {
            Some(Limit::Below(_)) => values.iter().copied().fold(f64::INFINITY, f64::min),
            _ => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        };
        evidence.push((p.label.to_owned(), format!("{worst:.2}")));
        let (breach, threshold) = match p.limit {
            Some(Limit::AtLeast(t)) => (worst >= t, Some(t)),
            Some(Limit::Below(t)) => (worst < t, Some(t)),
            None => (false, None),
        };
        if breach {
            findings.push(Finding::abnormal(
                Check::ResourceUsage,
                Some(id),
                Symptom::ResourcePressure {
                    metric: p.label.to_owned(),
                    resource_class: p.class,
                    value: Some(worst),
                    threshold,
                },
            ));
        }
    }
    if !any_data {
        return Err(CheckError::hinted(
            UnavailableReason::NotConfigured,
            Hint::NoDatapoints,
        ));
    }
    if findings.is_empty() {
        findings.push(Finding::normal(Check::ResourceUsage, Some(id)));
    }
    let window = format!("{} .. {}", from.to_rfc3339(), to.to_rfc3339());
    Ok(findings
        .into_iter()
        .map(|mut f| {
            f = f.with_evidence(label::WINDOW, window.clone());
            for (label, value) in &evidence {
                f = f.with_evidence(label.clone(), value.clone());
            }
            f
        })
        .collect())
}

/// A composite alarm's children (`DescribeAlarms`): each child metric alarm in ALARM as what
/// its metric says (the same rules as a trigger's metric), the others as context.
pub async fn child_alarms(client: &Client, names: &[String]) -> Result<Vec<Finding>, CheckError> {
    use aws_sdk_cloudwatch::types::{AlarmType, StateValue};
    use kiriwake_core::evidence::metric_alarm_symptom;
    use kiriwake_core::incident::AlarmMetric;

    if names.is_empty() {
        return Err(CheckError::hinted(
            UnavailableReason::NotConfigured,
            Hint::CompositeNamesNoAlarm,
        ));
    }
    // Every alarm asked for, on as many pages as CloudWatch answers them in (the SDK's
    // paginator): a page holds fewer alarms than a rule may name when its size is not set.
    let mut pages = client
        .describe_alarms()
        .set_alarm_names(Some(names.iter().take(100).cloned().collect()))
        .alarm_types(AlarmType::MetricAlarm)
        .alarm_types(AlarmType::CompositeAlarm)
        .into_paginator()
        .page_size(100)
        .send();
    let mut metric_alarms = Vec::new();
    let mut composite_alarms = Vec::new();
    while let Some(page) = pages.try_next().await? {
        metric_alarms.extend(page.metric_alarms.unwrap_or_default());
        composite_alarms.extend(page.composite_alarms.unwrap_or_default());
    }
    let mut findings = Vec::new();
    let mut seen = Vec::new();
    for m in &metric_alarms {
        let name = m.alarm_name().unwrap_or_default();
        seen.push(name.to_owned());
        let dimensions: BTreeMap<String, String> = m
            .dimensions()
            .iter()
            .filter_map(|d| Some((d.name()?.to_owned(), d.value()?.to_owned())))
            .collect();
        let mut metrics = Vec::new();
        if m.metric_name().is_some() {
            metrics.push(AlarmMetric {
                id: None,
                namespace: m.namespace().map(str::to_owned),
                name: m.metric_name().map(str::to_owned),
                dimensions: dimensions.clone(),
                stat: m.statistic().map(|s| s.as_str().to_owned()),
                period: m.period().and_then(|p| u64::try_from(p).ok()),
                expression: None,
                return_data: Some(true),
            });
        }
        // A metric-math child: its queries, as a trigger's metrics.
        for q in m.metrics() {
            let stat = q.metric_stat();
            let metric = stat.and_then(|s| s.metric());
            metrics.push(AlarmMetric {
                id: q.id().map(str::to_owned),
                namespace: metric.and_then(|x| x.namespace()).map(str::to_owned),
                name: metric.and_then(|x| x.metric_name()).map(str::to_owned),
                dimensions: metric
                    .map(|x| {
                        x.dimensions()
                            .iter()
                            .filter_map(|d| Some((d.name()?.to_owned(), d.value()?.to_owned())))
                            .collect()
                    })
                    .unwrap_or_default(),
                stat: stat.and_then(|s| s.stat()).map(str::to_owned),
                period: stat
                    .and_then(|s| s.period())
                    .and_then(|p| u64::try_from(p).ok()),
                expression: q.expression().map(str::to_owned),
                return_data: q.return_data(),
            });
        }
        let resource = [
            "InstanceId",
            "DBInstanceIdentifier",
            "DBClusterIdentifier",
            "LoadBalancer",
            "FunctionName",
            "VpnId",
        ]
        .iter()
        .find_map(|k| metrics.iter().find_map(|m| m.dimensions.get(*k).cloned()));
        let state = m.state_value().map_or("?", |s| s.as_str());
        let in_alarm = m.state_value() == Some(&StateValue::Alarm);
        let symptom = in_alarm
            .then(|| metric_alarm_symptom(name, metrics, m.state_reason().map(str::to_owned)))
            .flatten();
        let f = match symptom {
            Some(symptom) => Finding::abnormal(Check::ChildAlarms, resource.as_deref(), symptom),
            None => Finding::normal(Check::ChildAlarms, resource.as_deref()),
        };
        findings.push(f.with_fact(
            label::CHILD_ALARM,
            Fact::AlarmState {
                name: name.to_owned(),
                state: state.to_owned(),
            },
        ));
    }
    for c in &composite_alarms {
        let name = c.alarm_name().unwrap_or_default();
        seen.push(name.to_owned());
        let state = c.state_value().map_or("?", |s| s.as_str());
        findings.push(Finding::normal(Check::ChildAlarms, None).with_fact(
            label::CHILD_COMPOSITE_ALARM,
            Fact::AlarmState {
                name: name.to_owned(),
                state: state.to_owned(),
            },
        ));
    }
    let missing: Vec<&String> = names.iter().filter(|n| !seen.contains(n)).collect();
    if findings.is_empty() {
        return Err(CheckError::hinted(
            UnavailableReason::Error,
            Hint::NoChildAlarm {
                alarms: names.to_vec(),
            },
        ));
    }
    if !missing.is_empty()
        && let Some(first) = findings.first_mut()
    {
        let list: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
        first.evidence.push(kiriwake_core::finding::Evidence::new(
            label::NOT_FOUND,
            list.join(", "),
        ));
    }
    Ok(findings)
}
