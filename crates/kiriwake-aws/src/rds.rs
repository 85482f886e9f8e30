//! RDS: the DB instance status (`DescribeDBInstances`), every status the user guide lists,
//! plus pending modifications as evidence; a DB cluster's status and members
//! (`DescribeDBClusters`).

use aws_sdk_rds::Client;
use kiriwake_core::finding::DbStatus;
use kiriwake_core::{Check, Finding, Symptom};

use crate::error::CheckError;

/// What the status check learned, reused by the metrics and log checks.
#[derive(Debug, Clone, PartialEq)]
pub struct DbMeta {
    pub allocated_storage_gib: Option<i32>,
    pub tags: std::collections::BTreeMap<String, String>,
    /// What surrounds the database that someone may have changed: its VPC security groups,
    /// parameter groups and option groups.
    pub related: Vec<String>,
}

fn not_found(cluster: bool, id: &str) -> CheckError {
    CheckError::hinted(
        kiriwake_core::UnavailableReason::Error,
        kiriwake_core::Hint::DbNotFound {
            cluster,
            id: id.to_owned(),
        },
    )
}

/// The status check's finding: abnormal when the status needs action, the raw status as
/// evidence under `label`.
fn status_finding(id: &str, label: &str, raw: Option<&str>) -> Finding {
    let raw = raw.unwrap_or("unknown");
    let status = DbStatus::parse(raw);
    let f = if status.needs_action() {
        Finding::abnormal(
            Check::DbInstanceStatus,
            Some(id),
            Symptom::DbStatus { status },
        )
    } else {
        Finding::normal(Check::DbInstanceStatus, Some(id))
    };
    f.with_evidence(label, raw)
}

pub async fn db_status(client: &Client, id: &str) -> Result<(Finding, DbMeta), CheckError> {
    let out = client
        .describe_db_instances()
        .db_instance_identifier(id)
        .send()
        .await?;
    let Some(db) = out.db_instances().first() else {
        return Err(not_found(false, id));
    };
    let mut f = status_finding(id, "DBInstanceStatus", db.db_instance_status());
    if let Some(gib) = db.allocated_storage() {
        f = f.with_evidence("AllocatedStorage", format!("{gib} GiB"));
    }
    if let Some(p) = db.pending_modified_values() {
        let mut pending = Vec::new();
        if let Some(c) = p.db_instance_class() {
            pending.push(format!("class {c}"));
        }
        if let Some(s) = p.allocated_storage() {
            pending.push(format!("storage {s} GiB"));
        }
        if let Some(m) = p.multi_az() {
            pending.push(format!("multi-AZ {m}"));
        }
        if let Some(v) = p.engine_version() {
            pending.push(format!("engine {v}"));
        }
        if !pending.is_empty() {
            f = f.with_evidence("PendingModifiedValues", pending.join(", "));
        }
    }
    if let Some(az) = db.availability_zone() {
        f = f.with_evidence("AvailabilityZone", az);
    }
    let tags = db
        .tag_list()
        .iter()
        .filter_map(|t| Some((t.key()?.to_owned(), t.value()?.to_owned())))
        .collect();
    let related = db
        .vpc_security_groups()
        .iter()
        .filter_map(|g| g.vpc_security_group_id())
        .chain(
            db.db_parameter_groups()
                .iter()
                .filter_map(|g| g.db_parameter_group_name()),
        )
        .chain(
            db.option_group_memberships()
                .iter()
                .filter_map(|g| g.option_group_name()),
        )
        .map(str::to_owned)
        .collect();
    Ok((
        f,
        DbMeta {
            allocated_storage_gib: db.allocated_storage(),
            tags,
            related,
        },
    ))
}

/// A DB cluster's status (`DescribeDBClusters`), with its members and their roles.
pub async fn cluster_status(client: &Client, id: &str) -> Result<(Finding, DbMeta), CheckError> {
    let out = client
        .describe_db_clusters()
        .db_cluster_identifier(id)
        .send()
        .await?;
    let Some(cluster) = out.db_clusters().first() else {
        return Err(not_found(true, id));
    };
    let mut f = status_finding(id, "DBClusterStatus", cluster.status());
    let members: Vec<String> = cluster
        .db_cluster_members()
        .iter()
        .filter_map(|m| {
            let role = if m.is_cluster_writer() == Some(true) {
                "writer"
            } else {
                "reader"
            };
            Some(format!("{} ({role})", m.db_instance_identifier()?))
        })
        .collect();
    if !members.is_empty() {
        f = f.with_evidence("DBClusterMembers", members.join(", "));
    }
    if let Some(engine) = cluster.engine() {
        f = f.with_evidence("Engine", engine);
    }
    let tags = cluster
        .tag_list()
        .iter()
        .filter_map(|t| Some((t.key()?.to_owned(), t.value()?.to_owned())))
        .collect();
    let related = cluster
        .vpc_security_groups()
        .iter()
        .filter_map(|g| g.vpc_security_group_id())
        .chain(cluster.db_cluster_parameter_group())
        .map(str::to_owned)
        .collect();
    Ok((
        f,
        DbMeta {
            allocated_storage_gib: None,
            tags,
            related,
        },
    ))
}
