//! A storm through the deployed flow: many alarms of a few groups of servers at once, some
//! delivered twice, then every alarm back to OK. What it shows: how many incidents and
//! notifications people got, what was suppressed, that nothing was lost, and what it cost
//! in AWS calls.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use aws_sdk_sfn::types::ExecutionStatus;
use serde::Serialize;
use serde_json::{Value as Json, json};

use super::ACCOUNT;
use super::Flow;
use crate::emulator::repo_root;
use crate::scenarios::REGION;

/// What to fire.
#[derive(Debug, Clone)]
pub struct StormOptions {
    /// Alarms that go to ALARM (each then returns to OK).
    pub triggers: usize,
    /// Over how many seconds each phase's deliveries are spread.
    pub seconds: f64,
    /// The share of deliveries EventBridge delivers twice (a redelivery), in percent.
    pub duplicates_percent: f64,
    /// Groups of servers (the `System` tag) the alarms are spread across.
    pub groups: usize,
}

/// What the storm did, as `kiriwake-local storm` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct StormReport {
    /// Alarms that fired.
    pub triggers: usize,
    /// The same alarms back to OK.
    pub recoveries: usize,
    /// Events delivered, redeliveries included.
    pub deliveries: usize,
    pub executions: usize,
    /// Incidents in the store.
    pub incidents: usize,
    /// E-mail notifications, by kind (`opened`, `updated`, `recovered`; `alone` for one
    /// sent outside any incident).
    pub notifications: BTreeMap<String, usize>,
    /// Each incident's e-mail subjects, as received.
    pub threads: BTreeMap<String, Vec<String>>,
    /// Executions that ended as a duplicate (no isolation, no notification).
    pub duplicates_suppressed: usize,
    /// Executions that failed (each kept by the failure path).
    pub failed: usize,
    /// Why they failed: Step Functions' error and the state it came from, by count.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub failures: BTreeMap<String, usize>,
    /// Isolations whose sibling check named no group, by why (it could not run in time, the
    /// server has no group): they correlate by alarm and resource only, and may open
    /// incidents of their own.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub ungrouped: BTreeMap<String, usize>,
    /// Triggers that reached neither an incident, a notification of their own, nor the
    /// failure path.
    pub lost: usize,
    /// Calls the functions made to the local AWS.
    pub aws_calls: u64,
    pub aws_calls_per_trigger: f64,
    pub aws_calls_by_operation: BTreeMap<String, u64>,
    pub wall_s: f64,
    /// Every e-mail and chat notification of the first incident, in order: (subject,
    /// e-mail body, chat JSON).
    #[serde(skip)]
    pub first_thread: Vec<(String, String, String)>,
}

/// One delivery: which trigger, and the event.
struct Delivery {
    trigger: usize,
    event: Json,
}

impl Flow {
    /// Fires the storm, waits for every execution, and reports.
    pub async fn storm(&self, o: &StormOptions) -> anyhow::Result<StormReport> {
        if o.triggers == 0 || o.groups == 0 {
            bail!("a storm needs at least one trigger and one group");
        }
        if !(0.0..=100.0).contains(&o.duplicates_percent) {
            bail!("--duplicates is a percentage, 0 to 100");
        }
        let started = Instant::now();
        self.forget(|_| true).await?;
        self.outbox.drain().await?;
        self.calls(true).await?;

        // The servers: groups of them, tagged as the template's GroupTag reads them.
        let ec2 = aws_sdk_ec2::Client::new(&self.conf);
        let mut servers = Vec::new();
        for g in 0..o.groups {
            let count = (o.triggers + o.groups - 1 - g) / o.groups;
            if count == 0 {
                continue;
            }
            let group = format!("storm-{g}");
            let count = i32::try_from(count).context("too many servers in one group")?;
            let ids = crate::scenarios::instance(
                &ec2,
                count,
                &[("System", group.as_str()), ("Name", group.as_str())],
            )
            .await?;
            servers.push((group, ids));
        }
        let template: Json = serde_json::from_slice(
            &std::fs::read(repo_root().join("events/alarm-ec2-system-status-check-failed.json"))
                .context("reading the alarm event the storm is made of")?,
        )?;
        let alarms: Vec<(String, String)> = (0..o.triggers)
            .map(|i| {
                let (group, ids) = &servers[i % servers.len()];
                let instance = ids[(i / servers.len()) % ids.len()].clone();
                (format!("{group}-{i}-StatusCheckFailed_System"), instance)
            })
            .collect();

        let mut executions = Vec::new();
        let mut deliveries = 0;
        for (phase, state, previous) in [(0, "ALARM", "OK"), (1, "OK", "ALARM")] {
            let events: Vec<Json> = alarms
                .iter()
                .map(|(name, instance)| alarm_event(&template, name, instance, state, previous))
                .collect();
            let planned = with_duplicates(events, o.duplicates_percent);
            deliveries += planned.len();
            let pace = Duration::from_secs_f64(o.seconds.max(0.0) / planned.len() as f64);
            let phase_start = Instant::now();
            for (i, d) in planned.iter().enumerate() {
                let due = phase_start + pace * u32::try_from(i).unwrap_or(u32::MAX);
                tokio::time::sleep_until(due.into()).await;
                let routed = self.route(&d.event).await?;
                for (j, (_, input)) in routed.starts.into_iter().enumerate() {
                    let arn = self
                        .sfn
                        .start_execution()
                        .state_machine_arn(&self.state_machine_arn)
                        .name(format!("storm-{phase}-{i}-{j}"))
                        .input(input.to_string())
                        .send()
                        .await
                        .context("StartExecution")?
                        .execution_arn()
                        .to_owned();
                    executions.push((phase * o.triggers + d.trigger, arn));
                }
            }
            // The local AWS takes about a second per delivery on 2 cores, more as a storm
            // grows: the wait allows 4 s per delivery (and at least half an hour).
            let per_delivery = 4 * u64::try_from(planned.len()).unwrap_or(u64::MAX / 8);
            self.all_ended(Duration::from_secs(60 + per_delivery.max(1800)))
                .await?;
        }

        // What became of each execution, and so of each trigger.
        let mut reached: BTreeSet<usize> = BTreeSet::new();
        let (mut duplicates, mut failed) = (0, 0);
        let mut failures: BTreeMap<String, usize> = BTreeMap::new();
        let mut ungrouped: BTreeMap<String, usize> = BTreeMap::new();
        for (trigger, arn) in &executions {
            let e = self.finished(arn, None).await?;
            if let Some(c) = &e.classification {
                let grouped = c["findings"].as_array().into_iter().flatten().any(|f| {
                    f["check"] == "sibling_resources"
                        && f["evidence"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .any(|ev| ev["label"] == "group")
                });
                if !grouped {
                    let why = c["findings"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .find(|f| f["check"] == "sibling_resources")
                        .and_then(|f| f["outcome"]["detail"].as_str())
                        .unwrap_or("no sibling check")
                        .to_owned();
                    *ungrouped.entry(why).or_default() += 1;
                }
            }
            let output: Json = self
                .sfn
                .describe_execution()
                .execution_arn(arn)
                .send()
                .await
                .context("DescribeExecution")?
                .output()
                .and_then(|o| serde_json::from_str(o).ok())
                .unwrap_or(Json::Null);
            match e.status.as_str() {
                "SUCCEEDED" if output["outcome"] == "duplicate" => duplicates += 1,
                "SUCCEEDED"
                    if output.get("incident_id").is_some() || output.get("subject").is_some() =>
                {
                    reached.insert(*trigger);
                }
                "SUCCEEDED" => {}
                _ => {
                    let why = format!(
                        "{} after {}: {}",
                        e.error.as_deref().unwrap_or(&e.status),
                        e.states.last().map_or("", String::as_str),
                        kiriwake_core::render::truncate_chars(
                            &kiriwake_core::render::readable_cause(
                                e.cause.as_deref().unwrap_or_default()
                            ),
                            160
                        )
                    );
                    *failures.entry(why).or_default() += 1;
                    // The failure path keeps it for kiriwake redrive.
                    if !self.report_end(&e).await?.is_empty() {
                        reached.insert(*trigger);
                    }
                    failed += 1;
                }
            }
        }
        let mut notifications: BTreeMap<String, usize> = BTreeMap::new();
        let mut threads: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let delivered = self.outbox.drain().await?;
        let chats: Vec<&crate::outbox::Delivered> = delivered
            .iter()
            .filter(|(t, _)| *t == crate::outbox::Topic::Chat)
            .map(|(_, d)| d)
            .collect();
        let mut first_thread = Vec::new();
        let mut first_id: Option<String> = None;
        for (topic, d) in delivered.iter().cloned() {
            if topic != crate::outbox::Topic::Email {
                continue;
            }
            let kind = d.attributes["kind"]["Value"]
                .as_str()
                .unwrap_or("alone")
                .to_owned();
            *notifications.entry(kind).or_default() += 1;
            if let Some(id) = d.attributes["incident_id"]["Value"].as_str() {
                let first = first_id.get_or_insert_with(|| id.to_owned());
                if first == id {
                    // Its chat notification: the one in the same thread with the same kind.
                    let kind = d.attributes["kind"]["Value"].as_str().unwrap_or_default();
                    let chat = chats
                        .iter()
                        .map(|c| c.message.clone())
                        .find(|m| {
                            serde_json::from_str::<Json>(m).is_ok_and(|c| {
                                c["metadata"]["threadId"] == id
                                    && c["metadata"]["additionalContext"]["kind"] == kind
                                    && !first_thread.iter().any(|(_, _, seen)| seen == m)
                            })
                        })
                        .unwrap_or_default();
                    first_thread.push((d.subject.clone(), d.message.clone(), chat));
                }
                threads.entry(id.to_owned()).or_default().push(d.subject);
            }
        }
        let incidents = self
            .store_keys()
            .await?
            .iter()
            .filter(|k| k.starts_with("incident#"))
            .count();
        let calls = self.calls(false).await?;
        let aws_calls: u64 = calls.values().sum();
        let triggers = o.triggers * 2;
        Ok(StormReport {
            triggers: o.triggers,
            recoveries: o.triggers,
            deliveries,
            executions: executions.len(),
            incidents,
            notifications,
            threads,
            duplicates_suppressed: duplicates,
            failed,
            failures,
            ungrouped,
            lost: triggers - reached.len(),
            aws_calls,
            aws_calls_per_trigger: aws_calls as f64 / triggers as f64,
            aws_calls_by_operation: calls,
            wall_s: started.elapsed().as_secs_f64(),
            first_thread,
        })
    }

    /// Waits until no execution of the state machine is running.
    async fn all_ended(&self, limit: Duration) -> anyhow::Result<()> {
        let deadline = Instant::now() + limit;
        loop {
            let running = self
                .sfn
                .list_executions()
                .state_machine_arn(&self.state_machine_arn)
                .status_filter(ExecutionStatus::Running)
                .max_results(1)
                .send()
                .await
                .context("ListExecutions")?;
            if running.executions().is_empty() {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("executions still running after {} s", limit.as_secs());
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// The functions' calls to the local AWS by service:operation (and the count restarted
    /// when `reset`).
    pub async fn calls(&self, reset: bool) -> anyhow::Result<BTreeMap<String, u64>> {
        let body = self
            .launcher(if reset { "POST" } else { "GET" }, "/_kiriwake/calls", "")
            .await?;
        let all: BTreeMap<String, BTreeMap<String, u64>> =
            serde_json::from_str(&body).context("the launcher's call count")?;
        Ok(all
            .get(super::FUNCTIONS_ACCESS_KEY)
            .cloned()
            .unwrap_or_default())
    }
}

/// The alarm `name` on `instance` going from `previous` to `state`, delivered now.
fn alarm_event(template: &Json, name: &str, instance: &str, state: &str, previous: &str) -> Json {
    let now = chrono::Utc::now();
    let stamp = now.format("%Y-%m-%dT%H:%M:%S%.3f+0000").to_string();
    let arn = format!("arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:{name}");
    let mut e = template.clone();
    e["id"] = json!(format!(
        "storm-{}",
        now.timestamp_nanos_opt().unwrap_or_default()
    ));
    e["time"] = json!(now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    e["resources"] = json!([arn]);
    e["detail"]["alarmName"] = json!(name);
    e["detail"]["state"]["value"] = json!(state);
    e["detail"]["state"]["timestamp"] = json!(stamp);
    e["detail"]["previousState"]["value"] = json!(previous);
    e["detail"]["configuration"]["metrics"][0]["metricStat"]["metric"]["dimensions"]["InstanceId"] =
        json!(instance);
    e["detail"]["configuration"]["description"] = json!(format!("System status check of {name}"));
    e
}

/// The events in order, `percent` of them delivered a second time right after (an
/// EventBridge redelivery: the same event under a new id).
fn with_duplicates(events: Vec<Json>, percent: f64) -> Vec<Delivery> {
    let every = if percent > 0.0 {
        100.0 / percent
    } else {
        f64::INFINITY
    };
    let mut out = Vec::new();
    let mut next_duplicate = 0.0;
    for (trigger, event) in events.into_iter().enumerate() {
        let duplicate = (trigger as f64) >= next_duplicate && every.is_finite();
        if duplicate {
            next_duplicate += every;
            let mut again = event.clone();
            again["id"] = json!(format!(
                "{}-again",
                event["id"].as_str().unwrap_or_default()
            ));
            out.push(Delivery { trigger, event });
            out.push(Delivery {
                trigger,
                event: again,
            });
        } else {
            out.push(Delivery { trigger, event });
        }
    }
    out
}
