//! The deployed flow, locally: the template's own EventBridge rules → the real state
//! machine (moto's ASL interpreter) → the six function binaries under cargo-lambda's Lambda
//! Runtime API emulator → SNS → SQS.
//!
//! What is staged here, because the local AWS cannot do it: EventBridge's Step Functions
//! target (each rule delivers to an SQS queue of its own; the flow starts an execution with
//! what the rule's target would send, `InputPath` applied); the Lambda service's
//! asynchronous invocation of intake by an alarm action and its on-success destination (the
//! flow invokes intake through the Invoke API and puts the documented destination event on
//! the bus the template names); and the 256 KiB limit on a state's input and output, which the
//! interpreter enforces only on task results, and even then lets a `Catch` take (the flow
//! measures each state's input and output as the execution history records them, reports
//! the largest, and flags a `States.DataLimitExceeded`). And Step Functions' report of an
//! execution's end to EventBridge, which moto's interpreter does not send: the flow puts
//! the documented "Step Functions Execution Status Change" event of a failed, timed-out or
//! stopped execution on the bus, where the template's own rules (the failure path) match
//! it for real, and serves their queue and topic targets (`InputTransformer` applied).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use aws_sdk_sfn::types::{ExecutionStatus, HistoryEventType};
use serde::Serialize;
use serde_json::{Value as Json, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::emulator::Emulator;
use crate::outbox::{Outbox, create_queue, drain_queue};
use crate::runtime::{LambdaRuntime, free_port};
use crate::scenarios::REGION;
use crate::template::{EventRule, Physical, Rule, STATE_MACHINE, Template, select};

/// Step Functions' limit on a state's input or output, and on an execution's input.
pub const STATE_LIMIT: usize = 262_144;

/// The account moto answers as.
const ACCOUNT: &str = "123456789012";
/// The failure path's queue (`FailedIsolationQueue`), by the name it has locally.
const FAILED_ISOLATIONS: &str = "kiriwake-failed-isolations";

/// A function `--fail` can make fail: the step's name and its binary.
pub const STEPS: [(&str, &str); 6] = [
    ("intake", "kiriwake-intake"),
    ("user-side", "kiriwake-check-user-side"),
    ("aws-side", "kiriwake-check-aws-side"),
    ("outside-aws", "kiriwake-check-outside-aws"),
    ("classify", "kiriwake-classify"),
    ("notify", "kiriwake-notify"),
];

/// The binary behind a step name (`notify` → `kiriwake-notify`).
pub fn step_binary(step: &str) -> anyhow::Result<&'static str> {
    STEPS
        .iter()
        .find(|(name, _)| *name == step)
        .map(|(_, binary)| *binary)
        .with_context(|| {
            let names: Vec<&str> = STEPS.iter().map(|(n, _)| *n).collect();
            format!("no step {step}: one of {}", names.join(", "))
        })
}

mod storm;
pub use storm::{StormOptions, StormReport};

/// The access key the functions sign with locally (the launcher counts calls by key).
const FUNCTIONS_ACCESS_KEY: &str = "kiriwake-functions";

/// An error the local AWS answers an API call with, as AWS would: in the service's own
/// protocol, so the functions' SDK clients meet it with their production retry
/// configuration (`tools/moto_launcher.py`, FAULTS).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fault {
    /// The service's signing name: `ec2`, `sns`, `dynamodb`, `logs`…
    pub service: &'static str,
    /// The operation; every one of the service when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<&'static str>,
    /// Only requests whose body contains this (e.g. a topic's ARN).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The error code (`RequestLimitExceeded`, `KMSDisabled`, `AccessDeniedException`…).
    pub error: &'static str,
    /// Its HTTP status.
    pub status: u16,
    /// Seconds the call hangs before the error is answered: longer than the caller's
    /// timeout, a call that never answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delay: Option<f64>,
    /// How many calls it answers; every one when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
}

impl Fault {
    /// `error` (HTTP `status`) for every call of `service`'s `operation`.
    pub fn new(
        service: &'static str,
        operation: &'static str,
        error: &'static str,
        status: u16,
    ) -> Fault {
        Fault {
            service,
            operation: Some(operation),
            body: None,
            error,
            status,
            delay: None,
            times: None,
        }
    }
}

/// The largest event entry EventBridge accepts (`PutEvents`, and so every delivery to a
/// rule), in bytes.
pub const EVENT_LIMIT: usize = 262_144;

/// The size EventBridge counts for a `PutEvents` entry: its time (14 bytes), source,
/// detail-type, detail and resources.
pub fn entry_size(event: &Json) -> usize {
    let text = |k: &str| event.get(k).and_then(Json::as_str).map_or(0, str::len);
    let time = if event.get("time").is_some() { 14 } else { 0 };
    let detail = event.get("detail").map_or(0, |d| d.to_string().len());
    let resources: usize = event["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Json::as_str)
        .map(str::len)
        .sum();
    time + text("source") + text("detail-type") + detail + resources
}

/// How a trigger reaches the state machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Delivery {
    /// An EventBridge event (`source`, `detail-type`): put on the default bus.
    Eventbridge,
    /// A CloudWatch alarm's direct invocation of intake (`alarmData`): its on-success
    /// destination puts the result on the bus the template names for it.
    AlarmAction,
    /// Anything else is what a person starts by hand in the console.
    ByHand,
}

impl Delivery {
    pub fn of(event: &Json) -> Delivery {
        if event.get("source").is_some_and(Json::is_string)
            && event.get("detail-type").is_some_and(Json::is_string)
        {
            Delivery::Eventbridge
        } else if event.get("alarmData").is_some_and(Json::is_object) {
            Delivery::AlarmAction
        } else {
            Delivery::ByHand
        }
    }
}

/// One execution of the state machine.
#[derive(Debug, Clone, Serialize)]
pub struct Execution {
    /// The rule that started it; none when started by hand.
    pub rule: Option<String>,
    pub arn: String,
    pub status: String,
    /// The states entered, in order.
    pub states: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// The largest input or output of any state, in bytes (the limit is 262,144).
    pub largest_state_bytes: usize,
    /// The state whose input or output that was.
    pub largest_state: String,
    /// A state exceeded the 256 KiB limit (`States.DataLimitExceeded`). The interpreter
    /// lets a `Catch` take it; on AWS it cannot be caught and the execution fails.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub data_limit_exceeded: bool,
    /// What the Classify state returned, when it ran.
    #[serde(skip)]
    pub classification: Option<Json>,
    /// The execution's input, as the status-change event carries it.
    #[serde(skip)]
    input: String,
    #[serde(skip)]
    started: chrono::DateTime<chrono::Utc>,
}

/// A notification as its SQS subscriber received it.
#[derive(Debug, Clone, Serialize)]
pub struct Notification {
    /// The template's topic (`NotificationTopic`, `ChatTopic`).
    pub topic: String,
    pub subject: String,
    /// The SNS message attributes, name → value.
    pub attributes: BTreeMap<String, String>,
    pub message: String,
}

/// What one trigger did.
#[derive(Debug, Clone, Serialize)]
pub struct FlowRun {
    pub delivery: Delivery,
    /// The template rules that matched (empty: no rule would start an isolation).
    pub rules: Vec<String>,
    pub executions: Vec<Execution>,
    pub notifications: Vec<Notification>,
    /// Where an alarm action's failed invocation of intake went instead of the bus.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dead_letters: Vec<Json>,
    /// The template's own rules that took an execution's failure (`FailedIsolationRule`:
    /// the trigger kept, an alert sent).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failure_path: Vec<String>,
}

impl FlowRun {
    /// The notification to the email topic, if exactly one was sent.
    pub fn email(&self) -> Option<&Notification> {
        let mut emails = self
            .notifications
            .iter()
            .filter(|n| n.topic == crate::outbox::Topic::Email.logical_id());
        let first = emails.next();
        if emails.next().is_some() { None } else { first }
    }
}

/// How a trigger was delivered: the rules that matched and what each would start.
#[derive(Debug, Clone)]
pub struct Routed {
    pub delivery: Delivery,
    pub rules: Vec<String>,
    /// (rule, execution input) for each execution to start; a trigger started by hand has
    /// no rule.
    pub starts: Vec<(Option<String>, Json)>,
    pub dead_letters: Vec<Json>,
}

/// The deployed flow on a local AWS; `run` one trigger at a time.
#[derive(Debug)]
pub struct Flow {
    pub emulator: Emulator,
    pub runtime: LambdaRuntime,
    pub conf: aws_config::SdkConfig,
    pub outbox: Outbox,
    pub rules: Vec<Rule>,
    pub physical: Physical,
    /// The functions' environment: the template's, aimed at the local AWS.
    pub function_env: BTreeMap<String, String>,
    state_machine_arn: String,
    /// The stack's tables (the incident store), by their local names.
    tables: Vec<String>,
    rule_queues: Vec<String>,
    /// The template's own rules (the failure path), each with the queue that tells whether
    /// an event matched it.
    event_rules: Vec<(EventRule, String)>,
    lambda: aws_sdk_lambda::Client,
    sfn: aws_sdk_sfn::Client,
    events: aws_sdk_eventbridge::Client,
    dynamodb: aws_sdk_dynamodb::Client,
    /// Intake's asynchronous retries, and where its failures go (its `EventInvokeConfig`).
    intake_retries: u32,
    intake_on_failure: String,
    /// The bus intake's on-success destination puts an alarm action's result on.
    intake_bus: String,
    runs: tokio::sync::Mutex<u64>,
}

impl Flow {
    /// Deploys the template locally: topics, the state machine, the rules, and the six
    /// functions with the template's environment. `parameters` override the template's
    /// defaults; `extra_env` is added to every function's environment.
    pub async fn start(
        parameters: &BTreeMap<String, String>,
        extra_env: &BTreeMap<String, String>,
    ) -> anyhow::Result<Flow> {
        // The staged scenarios' log groups, chosen by resource tags, are under /kiriwake/.
        let mut parameters = parameters.clone();
        parameters
            .entry("LogGroupPrefix".into())
            .or_insert_with(|| crate::LOG_GROUP_PREFIX.into());
        let template = Template::load(&parameters)?;
        let port = free_port()?;
        let lambda_url = format!("http://127.0.0.1:{port}");
        let emulator = Emulator::start_with(Some(&lambda_url)).await?;
        let conf = emulator.sdk_config(REGION).await;
        let outbox = Outbox::create(&conf).await?;

        let mut physical = Physical {
            region: REGION.into(),
            account: ACCOUNT.into(),
            ..Physical::default()
        };
        physical.refs.insert(
            crate::outbox::Topic::Email.logical_id().into(),
            outbox.topic_arn.clone(),
        );
        physical.refs.insert(
            crate::outbox::Topic::Chat.logical_id().into(),
            outbox.chat_topic_arn.clone(),
        );
        physical.refs.insert(
            crate::outbox::Topic::FailureAlert.logical_id().into(),
            outbox.failure_topic_arn.clone(),
        );
        // The failure path's queue, where failed isolations' triggers are kept.
        let kept = create_queue(&outbox.sqs, FAILED_ISOLATIONS).await?;
        physical.refs.insert("FailedIsolationQueue".into(), kept);
        physical.attributes.insert(
            "FailedIsolationQueue.Arn".into(),
            format!("arn:aws:sqs:{REGION}:{ACCOUNT}:{FAILED_ISOLATIONS}"),
        );
        // The functions' environment names the settings revision (AppConfig's version
        // number): locally there is one.
        physical
            .attributes
            .insert("SettingsRevision.VersionNumber".into(), "1".into());
        // The stack's own event buses, by the name CloudFormation would give them.
        for bus in template.event_buses()? {
            let name = format!("kiriwake-{}", bus.to_ascii_lowercase());
            physical.attributes.insert(
                format!("{bus}.Arn"),
                format!("arn:aws:events:{REGION}:{ACCOUNT}:event-bus/{name}"),
            );
            physical.refs.insert(bus, name);
        }
        // The stack's tables (the incident store), shaped as the template says.
        let dynamodb = aws_sdk_dynamodb::Client::new(&conf);
        let mut tables = Vec::new();
        for (logical_id, shape) in template.tables(&physical)? {
            let name = format!("kiriwake-{}", logical_id.to_ascii_lowercase());
            create_table(&dynamodb, &name, &shape)
                .await
                .with_context(|| format!("{logical_id}: creating the table {name}"))?;
            physical.attributes.insert(
                format!("{logical_id}.Arn"),
                format!("arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{name}"),
            );
            physical.refs.insert(logical_id, name.clone());
            tables.push(name);
        }
        for f in template.functions()? {
            let arn = physical.function_arn(&f.binary);
            physical.refs.insert(f.logical_id.clone(), f.binary.clone());
            // What the state machine invokes (`!Ref <Function>.Version`). Locally nothing
            // is published: every version is the one build the emulator runs.
            physical.refs.insert(
                format!("{}.Version", f.logical_id),
                format!("{arn}:$LATEST"),
            );
            physical
                .attributes
                .insert(format!("{}.Arn", f.logical_id), arn);
        }

        let intake = template
            .functions()?
            .into_iter()
            .find(|f| f.binary == step_binary("intake").unwrap_or_default())
            .context("template.yaml has no function built from kiriwake-intake")?;
        let intake_async = template.async_invoke(&intake.logical_id, &physical)?;
        let intake_bus = match intake_async.on_success_destination.as_deref() {
            Some(arn) => arn
                .rsplit_once("event-bus/")
                .map(|(_, name)| name.to_owned())
                .with_context(|| format!("{arn} is not an event bus"))?,
            None => bail!(
                "{}: an alarm action's isolation follows intake's on-success destination to \
                 an event bus, and the template no longer has one",
                intake.logical_id
            ),
        };

        let mut env = template.environment(&physical)?;
        for (k, v) in [
            ("AWS_ENDPOINT_URL", emulator.url.as_str()),
            ("AWS_REGION", REGION),
            // A key of their own: the launcher counts the functions' calls by it.
            ("AWS_ACCESS_KEY_ID", FUNCTIONS_ACCESS_KEY),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
            ("AWS_LAMBDA_LOG_FORMAT", "JSON"),
            // Locally nothing is slow, but the tests share two cores: generous, still far
            // below the Task timeout.
            ("KIRIWAKE_CALL_TIMEOUT_MS", "10000"),
        ] {
            env.insert(k.into(), v.into());
        }
        env.extend(extra_env.clone());
        let runtime = LambdaRuntime::start(port, &env).await?;

        let sfn = aws_sdk_sfn::Client::new(&conf);
        let definition = template.definition(&physical)?;
        let state_machine_arn = sfn
            .create_state_machine()
            .name("kiriwake-isolation")
            .role_arn(format!("arn:aws:iam::{ACCOUNT}:role/kiriwake-isolation"))
            .definition(definition)
            .send()
            .await
            .context("CreateStateMachine (is the definition valid ASL?)")?
            .state_machine_arn()
            .to_owned();
        physical
            .refs
            .insert(STATE_MACHINE.into(), state_machine_arn.clone());

        let rules = template.rules(&physical)?;
        let events = aws_sdk_eventbridge::Client::new(&conf);
        let mut buses: Vec<&str> = rules.iter().filter_map(|r| r.bus.as_deref()).collect();
        buses.sort();
        buses.dedup();
        for bus in buses {
            events
                .create_event_bus()
                .name(bus)
                .send()
                .await
                .with_context(|| format!("CreateEventBus {bus}"))?;
        }
        let sqs = &outbox.sqs;
        let mut rule_queues = Vec::new();
        for rule in &rules {
            let queue =
                queued_rule(&events, sqs, &rule.name, rule.bus.as_deref(), &rule.pattern).await?;
            rule_queues.push(queue);
        }
        // The template's own rules (the failure path) on the default bus, read the same way;
        // their targets are served by `deliver`.
        let mut event_rules = Vec::new();
        for rule in template.event_rules(&physical)? {
            let queue = queued_rule(&events, sqs, &rule.logical_id, None, &rule.pattern).await?;
            event_rules.push((rule, queue));
        }

        let lambda = aws_sdk_lambda::Client::from_conf(
            aws_sdk_lambda::config::Builder::from(&conf)
                .endpoint_url(&lambda_url)
                // The first invocation of a function starts its process (cargo-lambda checks
                // the build first); one attempt, as a retried Invoke would run intake twice.
                .timeout_config(
                    aws_config::timeout::TimeoutConfig::builder()
                        .operation_attempt_timeout(Duration::from_secs(120))
                        .operation_timeout(Duration::from_secs(120))
                        .build(),
                )
                .retry_config(aws_config::retry::RetryConfig::disabled())
                .build(),
        );
        Ok(Flow {
            emulator,
            runtime,
            conf,
            outbox,
            rules,
            physical,
            state_machine_arn,
            tables,
            rule_queues,
            event_rules,
            lambda,
            sfn,
            events,
            dynamodb,
            intake_retries: intake_async.retries,
            intake_bus,
            function_env: env,
            intake_on_failure: intake_async
                .on_failure
                .unwrap_or_else(|| "(no on-failure destination: dropped)".into()),
            runs: tokio::sync::Mutex::new(0),
        })
    }

    /// Makes the state machine's invocations of these functions fail (by binary name).
    async fn set_failing(&self, functions: &[&str]) -> anyhow::Result<()> {
        let body = json!({ "functions": functions }).to_string();
        self.launcher("POST", "/_kiriwake/fail", &body).await?;
        Ok(())
    }

    /// Answers the functions' calls to the local AWS that match `faults` with those errors
    /// from now on (`[]`: normal service again). Only the functions' calls: the harness and
    /// the state machine's own integrations are served as usual.
    pub async fn stage_faults(&self, faults: &[Fault]) -> anyhow::Result<()> {
        let staged: Vec<Json> = faults
            .iter()
            .map(|f| {
                let mut f = json!(f);
                f["key"] = json!(FUNCTIONS_ACCESS_KEY);
                f
            })
            .collect();
        self.launcher("POST", "/_kiriwake/faults", &Json::from(staged).to_string())
            .await?;
        Ok(())
    }

    /// How many calls each fault staged last has answered, in the order staged.
    pub async fn fault_hits(&self) -> anyhow::Result<Vec<u64>> {
        let body = self.launcher("GET", "/_kiriwake/faults", "").await?;
        let staged: Vec<Json> = serde_json::from_str(&body).context("the launcher's faults")?;
        Ok(staged
            .iter()
            .map(|f| f["hits"].as_u64().unwrap_or(0))
            .collect())
    }

    /// A request to the launcher's own endpoints (`tools/moto_launcher.py`); the body of
    /// its answer.
    async fn launcher(&self, method: &str, path: &str, body: &str) -> anyhow::Result<String> {
        let host = self.emulator.url.trim_start_matches("http://").to_owned();
        let mut stream = tokio::net::TcpStream::connect(&host).await?;
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).await?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await?;
        let status = answer.lines().next().unwrap_or_default();
        if !status.contains(" 20") {
            bail!("the launcher refused {method} {path}: {status}");
        }
        Ok(answer
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default())
    }

    /// Runs one trigger through the deployed flow. `fail` names steps (`notify`, …) whose
    /// function the state machine's invocations make fail.
    pub async fn run(&self, event: &Json, fail: &[&str]) -> anyhow::Result<FlowRun> {
        let mut count = self.runs.lock().await;
        *count += 1;
        let binaries: anyhow::Result<Vec<&str>> = fail.iter().map(|s| step_binary(s)).collect();
        self.set_failing(&binaries?).await?;
        // Nothing of an earlier run may be read as this one's; and each run is its own
        // incident (its delivery keys are kept: a repeat is still a duplicate). Incidents
        // across triggers are `storm`'s.
        self.outbox.drain().await?;
        self.forget(|pk| !pk.starts_with("delivery#")).await?;

        let routed = self.route(event).await?;
        let mut executions = Vec::new();
        for (i, (rule, input)) in routed.starts.into_iter().enumerate() {
            let name = format!("run-{count}-{i}");
            executions.push(self.execute(&name, rule, &input).await?);
        }
        // Step Functions reports each execution's end to EventBridge; the failure path's
        // rules take the failed ones.
        let mut failure_path = Vec::new();
        for e in &executions {
            failure_path.extend(self.report_end(e).await?);
        }
        let mut notifications = Vec::new();
        for (topic, d) in self.outbox.drain().await? {
            let attributes = d
                .attributes
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| {
                    let value = v["Value"].as_str().unwrap_or_default().to_owned();
                    (k.clone(), value)
                })
                .collect();
            notifications.push(Notification {
                topic: topic.logical_id().into(),
                subject: d.subject,
                attributes,
                message: d.message,
            });
        }
        self.set_failing(&[]).await?;
        Ok(FlowRun {
            delivery: routed.delivery,
            rules: routed.rules,
            executions,
            notifications,
            dead_letters: routed.dead_letters,
            failure_path,
        })
    }

    /// Empties the incident store: the triggers run so far are forgotten, and the next run
    /// of the same trigger is isolated again instead of ending as a duplicate (for tests
    /// that run one trigger many ways on purpose).
    pub async fn forget_deliveries(&self) -> anyhow::Result<()> {
        self.forget(|_| true).await
    }

    /// Every key in the stack's tables (a table a test deleted has none).
    async fn store_keys(&self) -> anyhow::Result<Vec<String>> {
        let mut keys = Vec::new();
        for table in &self.tables {
            let items = self
                .dynamodb
                .scan()
                .table_name(table)
                .projection_expression("pk")
                .into_paginator()
                .items()
                .send()
                .collect::<Result<Vec<_>, _>>()
                .await;
            let items = match items {
                Err(e)
                    if e.as_service_error()
                        .is_some_and(|e| e.is_resource_not_found_exception()) =>
                {
                    continue;
                }
                other => other.with_context(|| format!("Scan {table}"))?,
            };
            keys.extend(
                items
                    .iter()
                    .filter_map(|i| i.get("pk").and_then(|v| v.as_s().ok()).cloned()),
            );
        }
        Ok(keys)
    }

    /// Deletes the store's items whose key `which` picks.
    async fn forget(&self, which: impl Fn(&str) -> bool) -> anyhow::Result<()> {
        let keys = self.store_keys().await?;
        for table in &self.tables {
            for pk in keys.iter().filter(|k| which(k)) {
                self.dynamodb
                    .delete_item()
                    .table_name(table)
                    .key("pk", aws_sdk_dynamodb::types::AttributeValue::S(pk.clone()))
                    .send()
                    .await
                    .with_context(|| format!("DeleteItem in {table}"))?;
            }
        }
        Ok(())
    }

    /// The state machine's ARN (to start an isolation by hand, or to redrive to).
    pub fn state_machine_arn(&self) -> &str {
        &self.state_machine_arn
    }

    /// What `Ref` of a template resource gives locally (a queue's URL, a topic's ARN).
    pub fn physical_ref(&self, logical_id: &str) -> Option<&str> {
        self.physical.refs.get(logical_id).map(String::as_str)
    }

    /// The "Step Functions Execution Status Change" event Step Functions sends to the
    /// default bus when an execution ends (documented shape), delivered to the template's
    /// own rules and their targets. Only the ends those rules ask for are sent: moto's
    /// interpreter emits none. Returns the rules that took it.
    async fn report_end(&self, e: &Execution) -> anyhow::Result<Vec<String>> {
        if !matches!(e.status.as_str(), "FAILED" | "TIMED_OUT" | "ABORTED") {
            return Ok(Vec::new());
        }
        let now = chrono::Utc::now();
        // Step Functions leaves out an input over 248 KiB and says so.
        let included = e.input.len() <= 248 * 1024;
        let event = json!({
            "version": "0",
            "id": format!("local-status-{}", now.timestamp_nanos_opt().unwrap_or_default()),
            "detail-type": "Step Functions Execution Status Change",
            "source": "aws.states",
            "account": ACCOUNT,
            "time": now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "region": REGION,
            "resources": [e.arn],
            "detail": {
                "executionArn": e.arn,
                "stateMachineArn": self.state_machine_arn,
                "name": e.arn.rsplit(':').next().unwrap_or_default(),
                "status": e.status,
                "startDate": e.started.timestamp_millis(),
                "stopDate": now.timestamp_millis(),
                "input": if included { Json::String(e.input.clone()) } else { Json::Null },
                "inputDetails": {"included": included},
                "output": null,
                "outputDetails": null,
                "error": e.error,
                "cause": e.cause,
            },
        });
        for (_, queue) in &self.event_rules {
            drain_queue(&self.outbox.sqs, queue).await?;
        }
        self.put_on_bus(&event, "default").await?;
        let mut took = Vec::new();
        for (rule, queue) in &self.event_rules {
            if drain_queue(&self.outbox.sqs, queue).await?.is_empty() {
                continue;
            }
            for target in &rule.targets {
                self.deliver(&target.arn, &target.input(&event))
                    .await
                    .with_context(|| {
                        format!("{}: delivering to {}", rule.logical_id, target.arn)
                    })?;
            }
            took.push(rule.logical_id.clone());
        }
        Ok(took)
    }

    /// A rule target's delivery: a message to a queue, or a publish to a topic.
    async fn deliver(&self, arn: &str, input: &str) -> anyhow::Result<()> {
        let name = arn.rsplit(':').next().unwrap_or_default();
        if arn.starts_with("arn:aws:sqs:") {
            let url = self
                .outbox
                .sqs
                .get_queue_url()
                .queue_name(name)
                .send()
                .await
                .context("GetQueueUrl")?;
            self.outbox
                .sqs
                .send_message()
                .queue_url(url.queue_url().unwrap_or_default())
                .message_body(input)
                .send()
                .await
                .context("SendMessage")?;
        } else if arn.starts_with("arn:aws:sns:") {
            self.outbox
                .sns
                .publish()
                .topic_arn(arn)
                .message(input)
                .send()
                .await
                .context("Publish")?;
        } else {
            bail!("only queue and topic targets are staged locally");
        }
        Ok(())
    }

    /// Waits for an execution started elsewhere (by `kiriwake redrive`) to end.
    pub async fn wait_for(&self, execution_arn: &str) -> anyhow::Result<Execution> {
        self.finished(execution_arn, None).await
    }

    /// Delivers a trigger as AWS would and reads which rules matched, without starting
    /// executions: the rules, and the input each rule's target would send.
    pub async fn route(&self, event: &Json) -> anyhow::Result<Routed> {
        let delivery = Delivery::of(event);
        let mut dead_letters = Vec::new();
        let on_bus = match delivery {
            Delivery::Eventbridge => Some((event.clone(), "default")),
            Delivery::AlarmAction => match self.alarm_action(event).await? {
                // Lambda cannot deliver a record over EventBridge's limit: it counts a
                // DestinationDeliveryFailures (which the template alarms on).
                Ok(record) if entry_size(&record) > EVENT_LIMIT => {
                    dead_letters.push(json!({
                        "destination": "none: DestinationDeliveryFailures",
                        "bytes": entry_size(&record),
                    }));
                    None
                }
                Ok(destination_event) => Some((destination_event, self.intake_bus.as_str())),
                Err(dead) => {
                    dead_letters.push(dead);
                    None
                }
            },
            Delivery::ByHand => None,
        };
        let mut starts = Vec::new();
        let mut rules = Vec::new();
        match &on_bus {
            // EventBridge refuses an entry over its limit (the local EventBridge does not
            // check): no event that large reaches a rule.
            Some((bus_event, _)) if entry_size(bus_event) > EVENT_LIMIT => bail!(
                "EventBridge rejects an entry of {} bytes (its limit is {EVENT_LIMIT})",
                entry_size(bus_event)
            ),
            Some((bus_event, bus)) => {
                for rule in self.matching_rules(bus_event, bus).await? {
                    let input = select(bus_event, rule.input_path.as_deref())
                        .with_context(|| format!("rule {}", rule.name))?;
                    rules.push(rule.name.clone());
                    starts.push((Some(rule.name.clone()), input));
                }
            }
            None if delivery == Delivery::ByHand => starts.push((None, event.clone())),
            None => {}
        }
        Ok(Routed {
            delivery,
            rules,
            starts,
            dead_letters,
        })
    }

    /// Puts the event on the local bus `bus` and reads which of its rules delivered it.
    async fn matching_rules(&self, event: &Json, bus: &str) -> anyhow::Result<Vec<&Rule>> {
        // Nothing an earlier delivery left behind may count as this one's.
        for queue in &self.rule_queues {
            drain_queue(&self.outbox.sqs, queue).await?;
        }
        self.put_on_bus(event, bus).await?;
        let mut matched = Vec::new();
        for (rule, queue) in self.rules.iter().zip(&self.rule_queues) {
            if rule.bus.as_deref().unwrap_or("default") != bus {
                continue;
            }
            if !drain_queue(&self.outbox.sqs, queue).await?.is_empty() {
                matched.push(rule);
            }
        }
        Ok(matched)
    }

    /// `PutEvents` of one event on the local bus `bus`.
    async fn put_on_bus(&self, event: &Json, bus: &str) -> anyhow::Result<()> {
        let events = &self.events;
        let mut entry = aws_sdk_eventbridge::types::PutEventsRequestEntry::builder()
            .event_bus_name(bus)
            .source(event["source"].as_str().unwrap_or_default())
            .detail_type(event["detail-type"].as_str().unwrap_or_default())
            .detail(match event.get("detail") {
                Some(d) if d.is_object() => d.to_string(),
                _ => "{}".to_owned(),
            });
        for r in event["resources"].as_array().into_iter().flatten() {
            if let Some(r) = r.as_str() {
                entry = entry.resources(r);
            }
        }
        if let Some(t) = event["time"]
            .as_str()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        {
            entry = entry.time(aws_smithy_types::DateTime::from_secs(t.timestamp()));
        }
        let out = events
            .put_events()
            .entries(entry.build())
            .send()
            .await
            .context("PutEvents")?;
        if out.failed_entry_count() > 0 {
            let why: Vec<String> = out
                .entries()
                .iter()
                .filter_map(|e| e.error_message().map(str::to_owned))
                .collect();
            bail!("EventBridge rejected the event: {}", why.join("; "));
        }
        Ok(())
    }

    /// An alarm's direct invocation of intake. Ok: the event intake's on-success
    /// destination puts on its bus; Err: what lands in its on-failure destination.
    async fn alarm_action(&self, payload: &Json) -> anyhow::Result<Result<Json, Json>> {
        let intake = step_binary("intake")?;
        let arn = self.physical.function_arn(intake);
        let sent = self
            .lambda
            .invoke()
            .function_name(intake)
            .payload(aws_smithy_types::Blob::new(payload.to_string()))
            .send()
            .await;
        let (function_error, body) = match sent {
            Ok(out) => (
                out.function_error().is_some(),
                out.payload()
                    .map(|p| p.as_ref().to_vec())
                    .unwrap_or_default(),
            ),
            // cargo-lambda's emulator answers a function's error with HTTP 500 and the error
            // as the body; the Lambda service answers 200 with X-Amz-Function-Error.
            Err(e) => {
                let body = e
                    .raw_response()
                    .filter(|r| r.status().as_u16() == 500)
                    .and_then(|r| r.body().bytes())
                    .map(<[u8]>::to_vec)
                    .filter(|b| {
                        serde_json::from_slice::<Json>(b)
                            .is_ok_and(|j| j.get("errorType").is_some())
                    });
                match body {
                    Some(body) => (true, body),
                    None => {
                        return Err(anyhow::Error::new(e)
                            .context("Invoke kiriwake-intake (as the alarm action does)"));
                    }
                }
            }
        };
        let response: Json = serde_json::from_slice(&body).unwrap_or(Json::Null);
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let mut response_context = json!({"statusCode": 200, "executedVersion": "$LATEST"});
        let (condition, attempts) = if function_error {
            // An error that does not depend on timing fails every retry the same way.
            response_context["functionError"] = json!("Unhandled");
            ("RetriesExhausted", 1 + self.intake_retries)
        } else {
            ("Success", 1)
        };
        let detail = json!({
            "version": "1.0",
            "timestamp": now,
            "requestContext": {
                "requestId": format!("local-{}", chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()),
                "functionArn": format!("{arn}:$LATEST"),
                "condition": condition,
                "approximateInvokeCount": attempts,
            },
            "requestPayload": payload,
            "responseContext": response_context,
            "responsePayload": response,
        });
        if function_error {
            return Ok(Err(
                json!({"destination": self.intake_on_failure, "record": detail}),
            ));
        }
        Ok(Ok(json!({
            "version": "0",
            "id": format!("local-destination-{}", chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()),
            "detail-type": "Lambda Function Invocation Result - Success",
            "source": "lambda",
            "account": ACCOUNT,
            "time": now,
            "region": REGION,
            "resources": [format!("arn:aws:events:{REGION}:{ACCOUNT}:event-bus/{}", self.intake_bus), format!("{arn}:$LATEST")],
            "detail": detail,
        })))
    }

    /// Starts an execution and waits for it to end.
    async fn execute(
        &self,
        name: &str,
        rule: Option<String>,
        input: &Json,
    ) -> anyhow::Result<Execution> {
        let arn = self
            .sfn
            .start_execution()
            .state_machine_arn(&self.state_machine_arn)
            .name(name)
            .input(input.to_string())
            .send()
            .await
            .context("StartExecution")?
            .execution_arn()
            .to_owned();
        self.finished(&arn, rule).await
    }

    /// Waits for the execution to end and reads its history.
    async fn finished(&self, arn: &str, rule: Option<String>) -> anyhow::Result<Execution> {
        let sfn = &self.sfn;
        // The state machine's own time limit, and a little more.
        let deadline = Instant::now() + Duration::from_secs(1860);
        let described = loop {
            let d = sfn
                .describe_execution()
                .execution_arn(arn)
                .send()
                .await
                .context("DescribeExecution")?;
            if *d.status() != ExecutionStatus::Running {
                break d;
            }
            if Instant::now() > deadline {
                bail!("execution {arn} still running after 1860 s");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let input = described.input().unwrap_or_default().to_owned();
        let started = chrono::DateTime::from_timestamp_millis(described.start_date().to_millis()?)
            .context("the execution's start date")?;
        let mut states = Vec::new();
        let mut largest = (input.len(), "(execution input)".to_owned());
        let mut classification = None;
        let mut data_limit_exceeded = false;
        let mut token = None;
        loop {
            let page = sfn
                .get_execution_history()
                .execution_arn(arn)
                .set_next_token(token)
                .send()
                .await
                .context("GetExecutionHistory")?;
            for e in page.events() {
                let error = e
                    .task_failed_event_details()
                    .and_then(|d| d.error())
                    .or_else(|| e.execution_failed_event_details().and_then(|d| d.error()));
                if error == Some("States.DataLimitExceeded") {
                    data_limit_exceeded = true;
                }
                if let Some(d) = e.state_entered_event_details() {
                    if is_state_entered(e.r#type()) {
                        states.push(d.name().to_owned());
                    }
                    let size = d.input().map_or(0, str::len);
                    if size > largest.0 {
                        largest = (size, format!("{} (input)", d.name()));
                    }
                }
                if let Some(d) = e.state_exited_event_details() {
                    if d.name() == "Classify" {
                        classification = d.output().and_then(|o| serde_json::from_str(o).ok());
                    }
                    let size = d.output().map_or(0, str::len);
                    if size > largest.0 {
                        largest = (size, format!("{} (output)", d.name()));
                    }
                }
            }
            token = page.next_token().map(str::to_owned);
            if token.is_none() {
                break;
            }
        }
        if let Some(output) = described.output()
            && output.len() > largest.0
        {
            largest = (output.len(), "(execution output)".to_owned());
        }
        Ok(Execution {
            rule,
            arn: arn.to_owned(),
            status: described.status().as_str().to_owned(),
            states,
            error: described.error().map(str::to_owned),
            cause: described.cause().map(str::to_owned),
            largest_state_bytes: largest.0,
            largest_state: largest.1,
            data_limit_exceeded,
            classification,
            input,
            started,
        })
    }
}

/// Creates the rule `kiriwake-{name}` on `bus` with a queue of its own as its only target
/// (whether an event matched is read from the queue); returns the queue's URL.
async fn queued_rule(
    events: &aws_sdk_eventbridge::Client,
    sqs: &aws_sdk_sqs::Client,
    name: &str,
    bus: Option<&str>,
    pattern: &Json,
) -> anyhow::Result<String> {
    let rule = format!("kiriwake-{name}");
    events
        .put_rule()
        .name(&rule)
        .set_event_bus_name(bus.map(str::to_owned))
        .event_pattern(pattern.to_string())
        .send()
        .await
        .with_context(|| format!("PutRule {rule}: {pattern}"))?;
    let queue = format!("kiriwake-rule-{name}");
    let url = create_queue(sqs, &queue).await?;
    events
        .put_targets()
        .rule(&rule)
        .set_event_bus_name(bus.map(str::to_owned))
        .targets(
            aws_sdk_eventbridge::types::Target::builder()
                .id("queue")
                .arn(format!("arn:aws:sqs:{REGION}:{ACCOUNT}:{queue}"))
                .build()?,
        )
        .send()
        .await
        .context("PutTargets")?;
    Ok(url)
}

fn is_state_entered(t: &HistoryEventType) -> bool {
    t.as_str().ends_with("StateEntered")
}

/// A table as the template shapes it: its key schema, its attributes, its TTL.
async fn create_table(
    dynamodb: &aws_sdk_dynamodb::Client,
    name: &str,
    shape: &Json,
) -> anyhow::Result<()> {
    use aws_sdk_dynamodb::types::{
        AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
        TimeToLiveSpecification,
    };
    let text = |v: &Json, key: &str| -> anyhow::Result<String> {
        v[key]
            .as_str()
            .map(str::to_owned)
            .with_context(|| format!("{key} is not a string in {v}"))
    };
    let mut create = dynamodb
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest);
    for k in shape["KeySchema"].as_array().into_iter().flatten() {
        create = create.key_schema(
            KeySchemaElement::builder()
                .attribute_name(text(k, "AttributeName")?)
                .key_type(KeyType::from(text(k, "KeyType")?.as_str()))
                .build()?,
        );
    }
    for a in shape["AttributeDefinitions"]
        .as_array()
        .into_iter()
        .flatten()
    {
        create = create.attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name(text(a, "AttributeName")?)
                .attribute_type(ScalarAttributeType::from(
                    text(a, "AttributeType")?.as_str(),
                ))
                .build()?,
        );
    }
    create.send().await.context("CreateTable")?;
    let ttl = &shape["TimeToLiveSpecification"];
    if ttl["Enabled"].as_bool() == Some(true) {
        dynamodb
            .update_time_to_live()
            .table_name(name)
            .time_to_live_specification(
                TimeToLiveSpecification::builder()
                    .attribute_name(text(ttl, "AttributeName")?)
                    .enabled(true)
                    .build()?,
            )
            .send()
            .await
            .context("UpdateTimeToLive")?;
    }
    Ok(())
}
