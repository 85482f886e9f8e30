//! `kiriwake prune`: deletes the function versions deploys kept that nothing may invoke any
//! more.
//!
//! The state machine invokes published versions (template.yaml), and every deploy keeps the
//! versions it replaces, so that executions still running on them can end (SAM's `Retain`).
//! Nothing else removes them. A version stays while anything may still invoke it:
//! - an alias names it (the `live` alias, or its weighted routing);
//! - the state machine's current definition names it;
//! - the definition a running execution started with names it (an execution runs on the
//!   definition it started with: `DescribeStateMachineForExecution`), or that of an
//!   execution which failed, timed out or was stopped within the 14 days Step Functions
//!   can redrive it (a redrive resumes on that definition);
//! - it is the one before the version the alias and the definition name: what a deploy
//!   that fails rolls them back to;
//! - it is newer than every version those name and was published within the grace period:
//!   a deploy in progress may have published it and not yet moved the alias and the
//!   definition to it.
//!
//! Every other published version of the functions the definitions name is deleted (or, in
//! a dry run, listed). `$LATEST` is never one of them. Everything is read before anything
//! is deleted. Only aliases and the state machine are taken to invoke versions (the
//! template wires nothing else to one), and the state machine publishes no versions of its
//! own.
//!
//! A deploy that fails after publishing keeps its new versions too (`Retain` holds on
//! rollback), and retrying the same build then fails ("A version for this Lambda function
//! exists"): `kiriwake prune --grace-minutes 0`, while no deploy runs, removes them.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::Value as Json;

/// Why a version stays.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Keep {
    /// An alias routes to it.
    Alias(String),
    /// The state machine's current definition invokes it.
    Definition,
    /// A running execution's definition invokes it.
    Execution(String),
    /// The definition of an execution Step Functions may still redrive invokes it.
    Redrivable(String),
    /// The version before the one the alias and the definition name: a failed deploy
    /// rolls back to it.
    Previous,
    /// Newer than every version named, and published within the grace period: perhaps a
    /// deploy in progress.
    Recent,
}

/// A published version of a function, as `ListVersionsByFunction` lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub version: u64,
    /// When it was published; `None` when Lambda's date could not be read (then it is
    /// treated as recent).
    pub at: Option<DateTime<Utc>>,
}

/// What becomes of each published version of one function: kept (with every reason) or
/// not. `named` holds the reasons found for versions (alias, definitions, executions).
pub fn decide(
    published: &[Published],
    named: &BTreeMap<u64, BTreeSet<Keep>>,
    now: DateTime<Utc>,
    grace: Duration,
) -> Vec<(u64, BTreeSet<Keep>)> {
    let newest_named = named.keys().max().copied().unwrap_or(0);
    // The version in use: the newest the alias or the current definition names.
    let current = named
        .iter()
        .filter(|(_, why)| {
            why.iter()
                .any(|k| matches!(k, Keep::Alias(_) | Keep::Definition))
        })
        .map(|(v, _)| *v)
        .max();
    let previous =
        current.and_then(|c| published.iter().map(|p| p.version).filter(|v| *v < c).max());
    let mut out: Vec<(u64, BTreeSet<Keep>)> = published
        .iter()
        .map(|p| {
            let mut why = named.get(&p.version).cloned().unwrap_or_default();
            if Some(p.version) == previous {
                why.insert(Keep::Previous);
            }
            let recent = p.at.is_none_or(|at| now - at < grace);
            if p.version > newest_named && recent {
                why.insert(Keep::Recent);
            }
            (p.version, why)
        })
        .collect();
    out.sort_by_key(|(v, _)| *v);
    out
}

/// The Lambda functions a state machine definition invokes, by unqualified ARN, with the
/// versions it names (a qualifier that is not a number, an alias or `$LATEST`, names none).
/// Only ARNs are read: the template names every function by one.
pub fn versions_named(definition: &str) -> Result<BTreeMap<String, BTreeSet<u64>>, String> {
    let definition: Json = serde_json::from_str(definition)
        .map_err(|e| format!("the state machine's definition is not JSON: {e}"))?;
    let mut out: BTreeMap<String, BTreeSet<u64>> = BTreeMap::new();
    let mut strings = Vec::new();
    collect_strings(&definition, &mut strings);
    for s in strings {
        if let Some((function, qualifier)) = lambda_arn(s) {
            let versions = out.entry(function.to_owned()).or_default();
            if let Some(v) = qualifier.and_then(|q| q.parse::<u64>().ok()) {
                versions.insert(v);
            }
        }
    }
    Ok(out)
}

fn collect_strings<'a>(v: &'a Json, out: &mut Vec<&'a str>) {
    match v {
        Json::String(s) => out.push(s),
        Json::Array(items) => items.iter().for_each(|i| collect_strings(i, out)),
        Json::Object(map) => map.values().for_each(|i| collect_strings(i, out)),
        _ => {}
    }
}

/// `arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]` → the ARN
/// without its qualifier, and the qualifier.
fn lambda_arn(s: &str) -> Option<(&str, Option<&str>)> {
    let parts: Vec<&str> = s.split(':').collect();
    let is_function = parts.len() >= 7
        && parts[0] == "arn"
        && parts[2] == "lambda"
        && parts[5] == "function"
        && !parts[6].is_empty();
    match (is_function, parts.len()) {
        (true, 7) => Some((s, None)),
        (true, 8) => {
            let cut = s.len() - parts[7].len() - 1;
            Some((&s[..cut], Some(parts[7])))
        }
        _ => None,
    }
}

/// The name of `function` (an unqualified Lambda ARN) when it is in the account and
/// region of `state_machine` (a Step Functions ARN).
fn stack_function<'a>(state_machine: &str, function: &'a str) -> Option<&'a str> {
    let machine: Vec<&str> = state_machine.split(':').collect();
    let f: Vec<&str> = function.split(':').collect();
    (machine.len() > 4 && f.len() == 7 && machine[3] == f[3] && machine[4] == f[4]).then_some(f[6])
}

/// Lambda's `LastModified`: `2026-11-28T01:02:03.000+0000` as Lambda writes it, or
/// RFC 3339 (`…Z`, as the local AWS writes it).
pub fn lambda_date(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z")
        .or_else(|_| DateTime::parse_from_rfc3339(s))
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// What a prune did (or, in a dry run, would do), function by function.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub dry_run: bool,
    /// The executions running now, whose definitions were read.
    pub running_executions: usize,
    pub functions: Vec<FunctionReport>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct FunctionReport {
    /// Its ARN, unqualified.
    pub function: String,
    /// Each version that stays, with why.
    pub kept: BTreeMap<u64, BTreeSet<Keep>>,
    /// Versions deleted (in a dry run: that would be).
    pub deleted: Vec<u64>,
    /// Versions Lambda refused to delete, with its answer.
    pub failed: BTreeMap<u64, String>,
    /// The function no longer exists (a definition still names it): nothing to prune.
    pub gone: bool,
}

impl Report {
    /// Whether every version that was to go went.
    pub fn complete(&self) -> bool {
        self.functions.iter().all(|f| f.failed.is_empty())
    }
}

/// An AWS call failed: nothing can be decided safely without its answer.
#[derive(Debug, thiserror::Error)]
#[error("{call} {what}: {detail}")]
pub struct PruneError {
    pub call: &'static str,
    pub what: String,
    pub detail: String,
    /// AWS's error code, when AWS answered.
    pub code: Option<String>,
}

impl PruneError {
    fn not_found(&self) -> bool {
        self.code.as_deref() == Some("ResourceNotFoundException")
    }
}

fn failed<E>(
    call: &'static str,
    what: &str,
) -> impl FnOnce(aws_sdk_lambda::error::SdkError<E>) -> PruneError
where
    E: std::error::Error + aws_sdk_lambda::error::ProvideErrorMetadata,
{
    let what = what.to_owned();
    move |e| PruneError {
        call,
        what,
        detail: e
            .as_service_error()
            .and_then(|s| s.message())
            .map_or_else(|| e.to_string(), str::to_owned),
        code: e
            .as_service_error()
            .and_then(|s| s.code())
            .map(str::to_owned),
    }
}

#[derive(Debug)]
pub struct Prune {
    pub lambda: aws_sdk_lambda::Client,
    pub sfn: aws_sdk_sfn::Client,
    /// Read and report only: delete nothing.
    pub dry_run: bool,
    /// How long a version newer than every named one is kept (a deploy in progress).
    pub grace: Duration,
}

impl Prune {
    /// The clients from the standard AWS environment (credentials chain, `AWS_REGION`,
    /// `AWS_ENDPOINT_URL` for an emulator).
    pub async fn from_env(dry_run: bool, grace: Duration) -> Prune {
        let conf = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        Prune::new(&conf, dry_run, grace)
    }

    pub fn new(conf: &aws_config::SdkConfig, dry_run: bool, grace: Duration) -> Prune {
        Prune {
            lambda: aws_sdk_lambda::Client::new(conf),
            sfn: aws_sdk_sfn::Client::new(conf),
            dry_run,
            grace,
        }
    }

    /// Prunes the versions of the functions `state_machine` invokes. Everything is read
    /// first: an error while reading deletes nothing.
    pub async fn state_machine(&self, state_machine: &str) -> Result<Report, PruneError> {
        let refuse = |detail: String| PruneError {
            call: "DescribeStateMachine",
            what: state_machine.to_owned(),
            detail,
            code: None,
        };
        // `arn:aws:states:region:account:stateMachine:name`: a version's or an alias's ARN
        // has one part more, and its executions are only some of them.
        if state_machine.split(':').count() != 7 {
            return Err(refuse(
                "not the ARN of a state machine itself (a version's or an alias's?)".into(),
            ));
        }
        let current = self
            .sfn
            .describe_state_machine()
            .state_machine_arn(state_machine)
            .send()
            .await
            .map_err(failed("DescribeStateMachine", state_machine))?;
        let mut named: BTreeMap<String, BTreeMap<u64, BTreeSet<Keep>>> = BTreeMap::new();
        let mut name = |definition: &str,
                        why: &Keep,
                        call: &'static str,
                        of: &str|
         -> Result<(), PruneError> {
            let versions = versions_named(definition).map_err(|detail| PruneError {
                call,
                what: of.to_owned(),
                detail,
                code: None,
            })?;
            for (function, versions) in versions {
                let entry = named.entry(function).or_default();
                for v in versions {
                    entry.entry(v).or_default().insert(why.clone());
                }
            }
            Ok(())
        };
        name(
            current.definition(),
            &Keep::Definition,
            "DescribeStateMachine",
            state_machine,
        )?;
        let executions = self.executions(state_machine).await?;
        for (execution, why) in &executions {
            let started_with = self
                .sfn
                .describe_state_machine_for_execution()
                .execution_arn(execution)
                .send()
                .await
                .map_err(failed("DescribeStateMachineForExecution", execution))?;
            name(
                started_with.definition(),
                why,
                "DescribeStateMachineForExecution",
                execution,
            )?;
        }
        // Each function's aliases and versions, all read before anything is deleted.
        let mut plans = Vec::new();
        for (function, mut versions) in named {
            // Lambda is asked by the function's name, in the state machine's account and
            // region (the clients'): a function of another account or region is not the
            // stack's.
            let lambda_name = stack_function(state_machine, &function)
                .ok_or_else(|| {
                    refuse(format!(
                        "invokes {function}, outside the state machine's account and \
                         region: not a function of its stack"
                    ))
                })?
                .to_owned();
            let read: Result<_, PruneError> = async {
                Ok((
                    self.aliases(&lambda_name).await?,
                    self.published(&lambda_name).await?,
                ))
            }
            .await;
            let (aliases, published) = match read {
                Ok(read) => read,
                // A definition still names a function that is gone: nothing to prune.
                Err(e) if e.not_found() => {
                    plans.push((function, lambda_name, None));
                    continue;
                }
                Err(e) => return Err(e),
            };
            for (alias, routed) in aliases {
                for v in routed {
                    versions
                        .entry(v)
                        .or_default()
                        .insert(Keep::Alias(alias.clone()));
                }
            }
            let decided = decide(&published, &versions, Utc::now(), self.grace);
            plans.push((function, lambda_name, Some(decided)));
        }
        let mut report = Report {
            dry_run: self.dry_run,
            running_executions: executions
                .iter()
                .filter(|(_, why)| matches!(why, Keep::Execution(_)))
                .count(),
            functions: Vec::new(),
        };
        for (function, lambda_name, decided) in plans {
            let mut f = FunctionReport {
                function: function.clone(),
                gone: decided.is_none(),
                ..FunctionReport::default()
            };
            for (version, why) in decided.into_iter().flatten() {
                if !why.is_empty() {
                    f.kept.insert(version, why);
                    continue;
                }
                if !self.dry_run {
                    let deleted = self
                        .lambda
                        .delete_function()
                        .function_name(&lambda_name)
                        .qualifier(version.to_string())
                        .send()
                        .await
                        .map_err(failed("DeleteFunction", &function));
                    match deleted {
                        // Already gone (another prune): as good as deleted.
                        Err(e) if !e.not_found() => {
                            f.failed.insert(version, e.detail);
                            continue;
                        }
                        _ => {}
                    }
                }
                f.deleted.push(version);
            }
            report.functions.push(f);
        }
        Ok(report)
    }

    /// The executions whose definitions still count: those running (`Execution`), and those
    /// that failed, timed out or were stopped within the 14 days Step Functions can redrive
    /// them (`Redrivable`).
    async fn executions(&self, state_machine: &str) -> Result<Vec<(String, Keep)>, PruneError> {
        use aws_sdk_sfn::types::ExecutionStatus;
        let redrivable_since = Utc::now() - Duration::days(14);
        let mut out = Vec::new();
        for status in [
            ExecutionStatus::Running,
            ExecutionStatus::Failed,
            ExecutionStatus::TimedOut,
            ExecutionStatus::Aborted,
        ] {
            let listed = self
                .sfn
                .list_executions()
                .state_machine_arn(state_machine)
                .status_filter(status.clone())
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
                .map_err(failed("ListExecutions", state_machine))?;
            for e in listed {
                let arn = e.execution_arn().to_owned();
                if status == ExecutionStatus::Running {
                    out.push((arn.clone(), Keep::Execution(arn)));
                    continue;
                }
                let stopped = e
                    .stop_date()
                    .and_then(|d| DateTime::<Utc>::from_timestamp(d.secs(), 0));
                if stopped.is_none_or(|d| d >= redrivable_since) {
                    out.push((arn.clone(), Keep::Redrivable(arn)));
                }
            }
        }
        Ok(out)
    }

    /// Each alias of `function` and the versions it routes to.
    async fn aliases(&self, function: &str) -> Result<Vec<(String, Vec<u64>)>, PruneError> {
        let aliases = self
            .lambda
            .list_aliases()
            .function_name(function)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(failed("ListAliases", function))?;
        Ok(aliases
            .iter()
            .map(|a| {
                let weighted = a
                    .routing_config()
                    .and_then(|r| r.additional_version_weights())
                    .into_iter()
                    .flat_map(|w| w.keys());
                let routed = a
                    .function_version()
                    .into_iter()
                    .chain(weighted.map(String::as_str))
                    .filter_map(|v| v.parse().ok())
                    .collect();
                (a.name().unwrap_or_default().to_owned(), routed)
            })
            .collect())
    }

    /// The published versions of `function` (not `$LATEST`).
    async fn published(&self, function: &str) -> Result<Vec<Published>, PruneError> {
        let versions = self
            .lambda
            .list_versions_by_function()
            .function_name(function)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(failed("ListVersionsByFunction", function))?;
        Ok(versions
            .iter()
            .filter_map(|v| {
                Some(Published {
                    version: v.version()?.parse().ok()?,
                    at: v.last_modified().and_then(lambda_date),
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn keep(v: &[(u64, Keep)]) -> BTreeMap<u64, BTreeSet<Keep>> {
        let mut out: BTreeMap<u64, BTreeSet<Keep>> = BTreeMap::new();
        for (version, why) in v {
            out.entry(*version).or_default().insert(why.clone());
        }
        out
    }

    #[test]
    fn only_what_nothing_may_invoke_goes() {
        let now = lambda_date("2026-11-28T12:00:00.000+0000").unwrap();
        let at = |minutes: i64| Some(now - Duration::minutes(minutes));
        let published: Vec<Published> = [(1, 900), (2, 600), (3, 300), (4, 200), (5, 10)]
            .into_iter()
            .map(|(version, ago)| Published {
                version,
                at: at(ago),
            })
            .collect();
        let named = keep(&[
            (2, Keep::Execution("e".into())),
            (3, Keep::Alias("live".into())),
            (3, Keep::Definition),
        ]);
        let decided = decide(&published, &named, now, Duration::minutes(60));
        let kept: Vec<u64> = decided
            .iter()
            .filter(|(_, why)| !why.is_empty())
            .map(|(v, _)| *v)
            .collect();
        // 1: nothing names it; 4: newer than 3 but not recent (a failed deploy's);
        // 5: newer and recent (perhaps a deploy in progress).
        assert_eq!(kept, [2, 3, 5]);
        assert_eq!(decided[4].1, BTreeSet::from([Keep::Recent]));
        // Without grace, a version newer than every named one goes too.
        let decided = decide(&published, &named, now, Duration::zero());
        assert!(decided[4].1.is_empty());
        // A date Lambda wrote that cannot be read is treated as recent.
        let unknown = [Published {
            version: 9,
            at: None,
        }];
        let decided = decide(&unknown, &named, now, Duration::zero());
        assert_eq!(decided[0].1, BTreeSet::from([Keep::Recent]));
    }

    #[test]
    fn the_version_a_rollback_returns_to_stays() {
        let now = lambda_date("2026-11-28T12:00:00.000+0000").unwrap();
        let old = Some(now - Duration::days(3));
        let published: Vec<Published> = (1..=4)
            .map(|version| Published { version, at: old })
            .collect();
        // The alias on 4, an execution on 1: 3 is what a failed deploy goes back to.
        let named = keep(&[
            (4, Keep::Alias("live".into())),
            (1, Keep::Execution("e".into())),
        ]);
        let decided = decide(&published, &named, now, Duration::zero());
        let previous: Vec<u64> = decided
            .iter()
            .filter(|(_, why)| why.contains(&Keep::Previous))
            .map(|(v, _)| *v)
            .collect();
        assert_eq!(previous, [3]);
        assert!(decided[1].1.is_empty(), "2 goes: {decided:?}");
        // Without an alias or a definition naming one, no version is current.
        let named = keep(&[(1, Keep::Execution("e".into()))]);
        let decided = decide(&published, &named, now, Duration::zero());
        assert!(
            decided
                .iter()
                .all(|(_, why)| !why.contains(&Keep::Previous))
        );
    }

    #[test]
    fn the_definition_names_functions_and_their_versions() {
        let definition = r#"{"StartAt": "A", "States": {
            "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "arn:aws:lambda:ap-northeast-1:123456789012:function:intake:7"}, "Next": "B"},
            "B": {"Type": "Task", "Resource": "arn:aws:lambda:ap-northeast-1:123456789012:function:notify", "Next": "C"},
            "C": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "arn:aws-cn:lambda:cn-north-1:123456789012:function:x:live", "Payload.$": "$"}, "End": true}}}"#;
        let named = versions_named(definition).unwrap();
        assert_eq!(
            named,
            BTreeMap::from([
                (
                    "arn:aws:lambda:ap-northeast-1:123456789012:function:intake".to_owned(),
                    BTreeSet::from([7])
                ),
                (
                    "arn:aws:lambda:ap-northeast-1:123456789012:function:notify".to_owned(),
                    BTreeSet::new()
                ),
                (
                    "arn:aws-cn:lambda:cn-north-1:123456789012:function:x".to_owned(),
                    BTreeSet::new()
                ),
            ])
        );
        let e = versions_named("{not json").unwrap_err();
        assert!(e.contains("not JSON"), "{e}");
    }

    #[test]
    fn only_the_stacks_own_functions_are_pruned() {
        let machine = "arn:aws:states:ap-northeast-1:123456789012:stateMachine:kiriwake-isolation";
        let own = "arn:aws:lambda:ap-northeast-1:123456789012:function:intake";
        assert_eq!(stack_function(machine, own), Some("intake"));
        let elsewhere = "arn:aws:lambda:us-east-1:123456789012:function:intake";
        assert_eq!(stack_function(machine, elsewhere), None);
        let another = "arn:aws:lambda:ap-northeast-1:111122223333:function:intake";
        assert_eq!(stack_function(machine, another), None);
    }

    #[test]
    fn lambda_dates_are_read() {
        let d = lambda_date("2026-11-28T01:02:03.456+0000").unwrap();
        assert_eq!(d.to_rfc3339(), "2026-11-28T01:02:03.456+00:00");
        let d = lambda_date("2026-11-28T01:46:28.920671000Z").unwrap();
        assert_eq!(d.to_rfc3339(), "2026-11-28T01:46:28.920671+00:00");
        assert!(lambda_date("yesterday").is_none());
    }
}
