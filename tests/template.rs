//! template.yaml and statemachine/isolation.asl.json against the code: every function in
//! the template is a crate and every function crate is in the template; every Task of the
//! state machine names a function of the template; the states follow the method's order;
//! each function's IAM policy is exactly the actions its crate declares, and those are
//! exactly the SDK calls the code makes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};

use kiriwake_local::emulator::repo_root;
use serde_json::Value as Json;
use serde_norway::Value as Yaml;

fn template() -> Yaml {
    serde_norway::from_str(&std::fs::read_to_string(repo_root().join("template.yaml")).unwrap())
        .unwrap()
}

/// The state machine's EventBridge rules, by name.
fn rules(t: &Yaml) -> &serde_norway::Mapping {
    t["Resources"]["IsolationStateMachine"]["Properties"]["Events"]
        .as_mapping()
        .unwrap()
}

fn state_machine() -> Json {
    serde_json::from_slice(
        &std::fs::read(repo_root().join("statemachine/isolation.asl.json")).unwrap(),
    )
    .unwrap()
}

/// Every string under `v` (through lists, maps and CloudFormation tags).
fn strings(v: &Yaml, out: &mut Vec<String>) {
    match v {
        Yaml::String(s) => out.push(s.clone()),
        Yaml::Sequence(items) => items.iter().for_each(|i| strings(i, out)),
        Yaml::Mapping(m) => m.values().for_each(|i| strings(i, out)),
        Yaml::Tagged(t) => strings(&t.value, out),
        _ => {}
    }
}

/// Template functions: logical id → (binary, IAM actions of its own policies).
fn template_functions() -> BTreeMap<String, (String, BTreeSet<String>)> {
    let t = template();
    let mut out = BTreeMap::new();
    for (id, res) in t["Resources"].as_mapping().unwrap() {
        if res["Type"].as_str() != Some("AWS::Serverless::Function") {
            continue;
        }
        let binary = res["Metadata"]["BuildProperties"]["Binary"]
            .as_str()
            .expect("every function names its binary")
            .to_owned();
        let mut actions = BTreeSet::new();
        for policy in res["Properties"]["Policies"]
            .as_sequence()
            .into_iter()
            .flatten()
        {
            for statement in policy["Statement"].as_sequence().into_iter().flatten() {
                let mut found = Vec::new();
                strings(&statement["Action"], &mut found);
                actions.extend(found);
            }
        }
        out.insert(id.as_str().unwrap().to_owned(), (binary, actions));
    }
    out
}

/// What a function crate declares in `[package.metadata.kiriwake]`.
#[derive(Debug)]
struct Declared {
    /// The AWS API calls its code makes, as IAM actions.
    calls: BTreeSet<String>,
    /// What AWS asks of it beside those calls (KMS for an encrypted topic).
    for_encryption: BTreeSet<String>,
}

fn string_set(v: &Json) -> BTreeSet<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|a| a.as_str().unwrap().to_owned())
        .collect()
}

/// Function crates (those depending on lambda_runtime) → what they declare.
fn function_crates() -> BTreeMap<String, Declared> {
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(repo_root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Json = serde_json::from_slice(&out.stdout).unwrap();
    let mut crates = BTreeMap::new();
    for p in meta["packages"].as_array().unwrap() {
        let is_function = p["dependencies"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["name"] == "lambda_runtime")
            && p["targets"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["kind"][0] == "bin");
        if !is_function {
            continue;
        }
        let meta = &p["metadata"]["kiriwake"];
        assert!(
            meta["iam-actions"].is_array(),
            "{} declares no [package.metadata.kiriwake] iam-actions",
            p["name"]
        );
        let declared = Declared {
            calls: string_set(&meta["iam-actions"]),
            for_encryption: string_set(&meta["iam-for-encryption"]),
        };
        crates.insert(p["name"].as_str().unwrap().to_owned(), declared);
    }
    crates
}

#[test]
fn every_function_is_a_crate_and_every_crate_a_function() {
    let binaries: BTreeSet<String> = template_functions()
        .values()
        .map(|(b, _)| b.clone())
        .collect();
    let crates: BTreeSet<String> = function_crates().keys().cloned().collect();
    assert_eq!(binaries, crates);
    assert_eq!(crates.len(), 6);
}

#[test]
fn each_policy_allows_exactly_what_the_crate_declares() {
    let crates = function_crates();
    for (id, (binary, actions)) in template_functions() {
        let declared = &crates[&binary];
        assert!(
            declared
                .for_encryption
                .iter()
                .all(|a| a.starts_with("kms:")),
            "{binary}: iam-for-encryption is for KMS only"
        );
        let mut expected: BTreeSet<String> = declared
            .calls
            .union(&declared.for_encryption)
            .cloned()
            .collect();
        // What Lambda does with the function's role: deliver its asynchronous results.
        if id == "IntakeFunction" {
            expected.extend(destination_actions(&template()));
        }
        assert_eq!(actions, expected, "{id} ({binary})");
    }
}

/// The actions Lambda needs of intake's role to deliver to its asynchronous destinations
/// (what SAM would add for an `EventInvokeConfig` of its own), each on exactly that
/// destination.
fn destination_actions(t: &Yaml) -> BTreeSet<String> {
    let destinations = &intake_async_config(t)["Properties"]["DestinationConfig"];
    let statements: Vec<&Yaml> = t["Resources"]["IntakeFunction"]["Properties"]["Policies"]
        .as_sequence()
        .unwrap()
        .iter()
        .flat_map(|p| p["Statement"].as_sequence().unwrap())
        .collect();
    let mut actions = BTreeSet::new();
    for outcome in ["OnSuccess", "OnFailure"] {
        let destination = target(&destinations[outcome]["Destination"]).unwrap();
        let action = match t["Resources"][destination.as_str()]["Type"].as_str() {
            Some("AWS::Events::EventBus") => "events:PutEvents",
            Some("AWS::SQS::Queue") => "sqs:SendMessage",
            other => panic!("{outcome}: a destination of type {other:?}"),
        };
        let granted = statements.iter().any(|s| {
            s["Action"]
                .as_sequence()
                .is_some_and(|a| a == &[Yaml::from(action)])
                && target(&s["Resource"]).as_deref() == Some(destination.as_str())
        });
        assert!(
            granted,
            "intake's role may {action} on {destination}, and only there"
        );
        actions.insert(action.to_owned());
    }
    actions
}

/// Every `Action` anywhere in `v` (IAM policies, the key policy, queue policies).
fn actions_anywhere(v: &Yaml, out: &mut Vec<String>) {
    match v {
        Yaml::Mapping(m) => {
            for (k, v) in m {
                if k.as_str() == Some("Action") {
                    strings(v, out);
                } else {
                    actions_anywhere(v, out);
                }
            }
        }
        Yaml::Sequence(items) => items.iter().for_each(|i| actions_anywhere(i, out)),
        Yaml::Tagged(t) => actions_anywhere(&t.value, out),
        _ => {}
    }
}

#[test]
fn nothing_in_the_template_has_a_wildcard_action() {
    let mut actions = Vec::new();
    actions_anywhere(&template()["Resources"], &mut actions);
    assert!(actions.len() > 40, "{actions:?}");
    let wild: Vec<&String> = actions.iter().filter(|a| a.contains('*')).collect();
    assert!(wild.is_empty(), "wildcard actions: {wild:?}");
}

/// The SDK operations kiriwake-aws calls, read from its source: one file per service.
fn sdk_calls() -> BTreeSet<String> {
    let services = [
        ("ec2.rs", "ec2"),
        ("rds.rs", "rds"),
        ("metrics.rs", "cloudwatch"),
        ("logs.rs", "logs"),
        ("health.rs", "health"),
        ("publish.rs", "sns"),
        ("trail.rs", "cloudtrail"),
        ("store.rs", "dynamodb"),
        ("executions.rs", "states"),
    ];
    let verbs = [
        "describe_",
        "get_",
        "filter_",
        "list_",
        "lookup_",
        "publish(",
        "put_",
        "send_message",
        "batch_get_",
        "transact_write_",
    ];
    let dir = repo_root().join("crates/kiriwake-aws/src");
    let mut calls = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        for piece in text.split('.').skip(1) {
            let Some(name) = piece.strip_suffix_at_call() else {
                continue;
            };
            if !verbs
                .iter()
                .any(|v| name.starts_with(v.trim_end_matches('(')))
            {
                continue;
            }
            let service = services
                .iter()
                .find(|(f, _)| *f == file)
                .map(|(_, s)| *s)
                .unwrap_or_else(|| {
                    panic!("{file} calls {name}: only the per-service modules call AWS")
                });
            let action: String = name
                .split('_')
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                        .unwrap_or_default()
                })
                .collect();
            // IAM authorises a transaction per item: the store's carry only puts.
            let action = match action.as_str() {
                "TransactWriteItems" => "PutItem".to_owned(),
                _ => action,
            };
            // AWS spells "DB" in capitals.
            calls.insert(format!("{service}:{}", action.replace("Db", "DB")));
        }
    }
    calls
}

trait CallName {
    fn strip_suffix_at_call(&self) -> Option<&str>;
}

impl CallName for str {
    /// `describe_instances()` (a call with no arguments, as the SDK's fluent builders start).
    fn strip_suffix_at_call(&self) -> Option<&str> {
        let end = self.find("()")?;
        let name = &self[..end];
        (!name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .then_some(name)
    }
}

#[test]
fn the_declared_actions_are_exactly_the_calls_the_code_makes() {
    let declared: BTreeSet<String> = function_crates()
        .into_values()
        .flat_map(|d| d.calls)
        .collect();
    assert_eq!(declared, sdk_calls());
}

#[test]
fn every_task_names_a_function_of_the_template() {
    let t = template();
    let subs = t["Resources"]["IsolationStateMachine"]["Properties"]["DefinitionSubstitutions"]
        .as_mapping()
        .unwrap();
    let functions = template_functions();
    let mut targets = BTreeMap::new();
    let mut defined: BTreeSet<String> = BTreeSet::new();
    for (key, value) in subs {
        defined.insert(key.as_str().unwrap().to_owned());
        let Yaml::Tagged(tag) = value else {
            panic!("{key:?} must be !Ref Function.Version or !Ref IncidentTable")
        };
        assert_eq!(tag.tag, "!Ref", "{key:?}");
        let named = tag.value.as_str().unwrap();
        // A function by its published version (never `$LATEST`, never an alias a deploy
        // moves under a running execution); otherwise only the incident store.
        let Some(target) = named.strip_suffix(".Version") else {
            assert_eq!(
                (key.as_str(), named),
                (Some("IncidentTableName"), "IncidentTable"),
                "only the incident store is named by a plain Ref"
            );
            continue;
        };
        let target = target.to_owned();
        assert!(
            functions.contains_key(&target),
            "{key:?} points at {target}, not a function"
        );
        targets.insert(key.as_str().unwrap().to_owned(), target);
    }
    let text =
        std::fs::read_to_string(repo_root().join("statemachine/isolation.asl.json")).unwrap();
    let used: BTreeSet<String> = text
        .split("${")
        .skip(1)
        .filter_map(|s| s.split('}').next())
        .map(str::to_owned)
        .collect();
    assert_eq!(
        used, defined,
        "every substitution is used and every used one defined"
    );
    let invoked: BTreeSet<&String> = targets.values().collect();
    assert_eq!(
        invoked.len(),
        functions.len(),
        "the state machine invokes every function"
    );
}

#[test]
fn the_states_follow_the_methods_order() {
    let sm = state_machine();
    let states = &sm["States"];
    let mut path = Vec::new();
    let mut at = sm["StartAt"].as_str().unwrap().to_owned();
    loop {
        path.push(at.clone());
        let state = &states[&at];
        assert!(state.is_object(), "{at} is not a state");
        match state["Next"].as_str() {
            Some(next) => at = next.to_owned(),
            None => break,
        }
    }
    // Claim: de-duplication before any work; after Notify, the choice whether an update
    // is due later.
    assert_eq!(
        path,
        [
            "Intake",
            "Claim",
            "Isolate",
            "Classify",
            "Notify",
            "UpdateDue"
        ]
    );
    // A deferred update: wait for the interval's end, then send it.
    assert_eq!(states["UpdateDue"]["Choices"][0]["Next"], "WaitForUpdate");
    assert_eq!(states["UpdateDue"]["Default"], "Notified");
    assert_eq!(states["WaitForUpdate"]["Next"], "Update");
    assert_eq!(states["Update"]["End"], true);
    let branches: Vec<&str> = states["Isolate"]["Branches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["StartAt"].as_str().unwrap())
        .collect();
    assert_eq!(
        branches,
        ["UserSide", "AwsSide", "OutsideAws"],
        "steps 1, 2, 3"
    );
    for (branch, function) in states["Isolate"]["Branches"]
        .as_array()
        .unwrap()
        .iter()
        .zip(["CheckUserSide", "CheckAwsSide", "CheckOutsideAws"])
    {
        let start = branch["StartAt"].as_str().unwrap();
        assert_eq!(
            branch["States"][start]["Parameters"]["FunctionName"],
            format!("${{{function}FunctionArn}}")
        );
    }
    // Every failure still notifies: each Task retries transient errors, and every state that
    // can fail catches, but Notify and Update (the deferred update): what they cannot
    // publish fails the execution, and the failure path (FailedIsolationRule) keeps the
    // trigger and alerts on its own.
    let mut tasks = Vec::new();
    collect_tasks(&sm, &mut tasks);
    for (name, task) in tasks {
        assert!(task["Retry"].is_array(), "{name} retries");
        let publishes = name == "Notify" || name == "Update";
        assert_eq!(
            task["Catch"].is_array(),
            !publishes,
            "{name}: every state but Notify and Update catches, so the notification still goes out"
        );
    }
    assert_eq!(
        states["Update"]["Retry"], states["Notify"]["Retry"],
        "the deferred update retries as the notification does"
    );
    // Notify retries a refused publish for minutes, with backoff.
    let publish_retry = states["Notify"]["Retry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["ErrorEquals"]
                .as_array()
                .is_some_and(|e| e.contains(&Json::from("kiriwake.PublishError")))
        })
        .unwrap();
    let (mut wait, mut total) = (publish_retry["IntervalSeconds"].as_f64().unwrap(), 0.0);
    for _ in 0..publish_retry["MaxAttempts"].as_u64().unwrap() {
        total += wait.min(publish_retry["MaxDelaySeconds"].as_f64().unwrap());
        wait *= publish_retry["BackoffRate"].as_f64().unwrap();
    }
    assert!(total >= 120.0, "notify retries for {total} s only");
    // An update or recovery waits for its incident's opening to go out first, a while.
    assert!(
        states["Notify"]["Retry"]
            .as_array()
            .unwrap()
            .iter()
            .any(
                |r| r["ErrorEquals"] == serde_json::json!(["kiriwake.OpeningPending"])
                    && r["MaxAttempts"].as_u64() >= Some(5)
            )
    );
    // The parallel state needs no Catch: each branch catches its own task's errors, and
    // what no Catch can take (States.Runtime, States.DataLimitExceeded) fails it anyway.
}

fn collect_tasks<'a>(machine: &'a Json, out: &mut Vec<(&'a str, &'a Json)>) {
    for (name, state) in machine["States"].as_object().unwrap() {
        if state["Type"] == "Task" {
            out.push((name.as_str(), state));
        }
        for branch in state["Branches"].as_array().into_iter().flatten() {
            collect_tasks(branch, out);
        }
    }
}

/// A linter from one of the project's venvs; fails loudly when scripts/setup has not run.
fn tool(venv: &str, name: &str) -> std::path::PathBuf {
    let bin = repo_root().join(venv).join("bin").join(name);
    assert!(
        bin.exists(),
        "{} is missing: run scripts/setup",
        bin.display()
    );
    bin
}

/// Runs `bin` with `before`, the template path, then `after`, in the template's directory;
/// returns whether it passed and everything it printed.
fn run_linter(
    bin: &std::path::Path,
    before: &[&str],
    template: &std::path::Path,
    after: &[&str],
) -> (bool, String) {
    let out = std::process::Command::new(bin)
        .args(before)
        .arg(template)
        .args(after)
        .current_dir(template.parent().unwrap())
        // sam: offline, no telemetry, a region for the SAM transform.
        .env("SAM_CLI_TELEMETRY", "0")
        .env("AWS_DEFAULT_REGION", "ap-northeast-1")
        .env("AWS_REGION", "ap-northeast-1")
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn cfn_lint(template: &std::path::Path) -> (bool, String) {
    // The template first: `--append-rules` would swallow it otherwise.
    run_linter(
        &tool(".venv", "cfn-lint"),
        &[],
        template,
        &["--append-rules", "cfn_lint_serverless.rules"],
    )
}

fn sam_validate_lint(template: &std::path::Path) -> (bool, String) {
    run_linter(
        &tool(".venv-sam", "sam"),
        &["validate", "--lint", "--template-file"],
        template,
        &[],
    )
}

/// Plain `sam validate`: the SAM transform itself (what `--lint` leaves to cfn-lint).
fn sam_validate(template: &std::path::Path) -> (bool, String) {
    run_linter(
        &tool(".venv-sam", "sam"),
        &["validate", "--template-file"],
        template,
        &[],
    )
}

fn checkov(template: &std::path::Path) -> (bool, String) {
    let config = repo_root().join(".checkov.yaml");
    run_linter(
        &tool(".venv-checkov", "checkov"),
        &[
            "--config-file",
            config.to_str().unwrap(),
            "--compact",
            "--quiet",
            "--file",
        ],
        template,
        &[],
    )
}

/// A copy of the repository's template (with the state machine beside it) in a directory
/// of its own, removed afterwards.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("kiriwake-{name}-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("statemachine")).unwrap();
        std::fs::copy(
            repo_root().join("statemachine/isolation.asl.json"),
            dir.join("statemachine/isolation.asl.json"),
        )
        .unwrap();
        Scratch(dir)
    }

    fn template(&self, text: &str) -> std::path::PathBuf {
        let path = self.0.join("template.yaml");
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

type Linter = fn(&std::path::Path) -> (bool, String);

/// The linter passes the real template and fails each broken copy, naming the rule.
fn passes_and_catches(name: &str, lint: Linter, broken: &[(&str, &str, &str, &str)]) {
    let original = std::fs::read_to_string(repo_root().join("template.yaml")).unwrap();
    let scratch = Scratch::new(name);
    let (ok, output) = lint(&scratch.template(&original));
    assert!(ok, "{name} on template.yaml:\n{output}");
    for (what, from, to, code) in broken {
        let text = original.replacen(from, to, 1);
        assert_ne!(text, original, "the mutation for {what} applies");
        let (ok, output) = lint(&scratch.template(&text));
        assert!(!ok, "{name} missed {what}:\n{output}");
        assert!(output.contains(code), "{name}, {what}: {output}");
    }
}

const NOTIFY_LOG_GROUP: &str = "      LogGroupName: !Sub /aws/lambda/${NotifyFunction}\n      RetentionInDays: !Ref LogRetentionDays\n";

#[test]
fn cfn_lint_passes_the_template_and_catches_broken_ones() {
    passes_and_catches(
        "cfn-lint",
        cfn_lint,
        &[
            (
                "a dangling reference",
                "TopicArn: !Ref NotificationTopic",
                "TopicArn: !Ref NoSuchTopic",
                "E3030",
            ),
            (
                "a log group without retention (serverless rule)",
                NOTIFY_LOG_GROUP,
                "      LogGroupName: !Sub /aws/lambda/${NotifyFunction}\n",
                "WS1004",
            ),
        ],
    );
}

#[test]
fn sam_validate_lint_passes_the_template_and_catches_broken_ones() {
    passes_and_catches(
        "sam validate --lint",
        sam_validate_lint,
        &[(
            "a dangling reference",
            "TargetKeyId: !Ref NotificationKey",
            "TargetKeyId: !Ref NoSuchKey",
            "E3030",
        )],
    );
    passes_and_catches(
        "sam validate",
        sam_validate,
        &[(
            "an alias name Lambda refuses (SAM transform)",
            "    AutoPublishAlias: live\n",
            "    AutoPublishAlias: live!\n",
            "AutoPublishAlias name",
        )],
    );
}

#[test]
fn checkov_passes_the_template_and_catches_broken_ones() {
    passes_and_catches(
        "checkov",
        checkov,
        &[
            (
                "a key that never rotates",
                "EnableKeyRotation: true",
                "EnableKeyRotation: false",
                "CKV_AWS_7",
            ),
            (
                "a log group kept forever",
                NOTIFY_LOG_GROUP,
                "      LogGroupName: !Sub /aws/lambda/${NotifyFunction}\n",
                "CKV_AWS_66",
            ),
        ],
    );
    // The skip list stays short, and every skip says why.
    let config = std::fs::read_to_string(repo_root().join(".checkov.yaml")).unwrap();
    let skips: Vec<&str> = config
        .lines()
        .filter(|l| l.trim_start().starts_with("- CKV"))
        .collect();
    assert!(skips.len() <= 6, "{skips:?}");
    let lines: Vec<&str> = config.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.trim_start().starts_with("- CKV") {
            assert!(
                i > 0 && lines[i - 1].trim_start().starts_with('#'),
                "{line}: a skip without its reason"
            );
        }
    }
}

/// `!GetAtt X.Arn` / `!Ref X` / `!Sub "${X.Arn}:*"` → the logical id they point at.
fn target(v: &Yaml) -> Option<String> {
    let Yaml::Tagged(t) = v else { return None };
    let s = t.value.as_str()?;
    let s = s.trim_start_matches("${");
    Some(s.split(['.', '}']).next()?.to_owned())
}

#[test]
fn the_state_machine_may_invoke_only_the_six_functions() {
    let t = template();
    let sm = &t["Resources"]["IsolationStateMachine"]["Properties"];
    let mut invoked = BTreeSet::new();
    for policy in sm["Policies"].as_sequence().unwrap() {
        assert!(
            policy.get("Statement").is_some(),
            "only explicit statements, no policy templates: {policy:?}"
        );
        for statement in policy["Statement"].as_sequence().unwrap() {
            let mut actions = Vec::new();
            strings(&statement["Action"], &mut actions);
            if actions.iter().any(|a| a.starts_with("lambda:")) {
                assert_eq!(actions, ["lambda:InvokeFunction"]);
                for r in statement["Resource"].as_sequence().unwrap() {
                    invoked.insert(target(r).expect("a function of the template"));
                }
            }
            // It publishes nothing itself: the failure path does, on its own. The key only
            // as DynamoDB uses it for the incident store.
            assert!(
                !actions.iter().any(|a| a.starts_with("sns:")),
                "{actions:?}"
            );
            if actions.iter().any(|a| a.starts_with("kms:")) {
                assert_eq!(actions, ["kms:Decrypt"]);
                assert!(
                    matches!(
                        statement["Condition"]["StringEquals"]["kms:ViaService"],
                        Yaml::Tagged(_)
                    ),
                    "only through DynamoDB: {statement:?}"
                );
            }
        }
    }
    let functions: BTreeSet<String> = template_functions().into_keys().collect();
    assert_eq!(invoked, functions);
}

/// The `AWS::Lambda::EventInvokeConfig` of intake: the only one in the template.
fn intake_async_config(t: &Yaml) -> &Yaml {
    let configs: Vec<(&Yaml, &Yaml)> = t["Resources"]
        .as_mapping()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::Lambda::EventInvokeConfig")
        .collect();
    assert_eq!(configs.len(), 1, "{configs:?}");
    // The logical id SAM gave it when it made it: under another, an upgrade would create
    // the same config (one per function and qualifier), then delete it.
    assert_eq!(configs[0].0, "IntakeFunctionEventInvokeConfig");
    let configs: Vec<&Yaml> = configs.into_iter().map(|(_, r)| r).collect();
    assert_eq!(
        target(&configs[0]["Properties"]["FunctionName"]).as_deref(),
        Some("IntakeFunction")
    );
    configs[0]
}

#[test]
fn an_alarm_can_invoke_intake_directly_and_the_isolation_follows() {
    let t = template();
    let r = &t["Resources"];
    // The resource policy for alarm actions.
    let permission = r
        .as_mapping()
        .unwrap()
        .values()
        .find(|v| {
            v["Type"] == "AWS::Lambda::Permission"
                && v["Properties"]["Principal"] == "lambda.alarms.cloudwatch.amazonaws.com"
        })
        .expect("a permission for CloudWatch alarm actions");
    assert_eq!(
        target(&permission["Properties"]["FunctionName"]).as_deref(),
        Some("IntakeFunction")
    );
    assert_eq!(permission["Properties"]["Action"], "lambda:InvokeFunction");
    // Only this account's alarms (with the configured name prefix) may invoke it.
    assert!(!permission["Properties"]["SourceAccount"].is_null());
    assert!(!permission["Properties"]["SourceArn"].is_null());
    // An asynchronous success goes to the bus, a failure to the dead-letter queue: for what
    // alarm actions invoke, the function itself (`$LATEST`), not an alias.
    let config = &intake_async_config(&t)["Properties"];
    assert_eq!(config["Qualifier"], "$LATEST");
    let destinations = &config["DestinationConfig"];
    assert_eq!(
        target(&destinations["OnFailure"]["Destination"]).as_deref(),
        Some("TriggerDeadLetterQueue")
    );
    // The bus is the stack's own, and only intake may put events on it: a `lambda`-source
    // event anyone can send to the default bus must not start an isolation.
    assert_eq!(
        target(&destinations["OnSuccess"]["Destination"]).as_deref(),
        Some("AlarmActionBus")
    );
    let policy = r
        .as_mapping()
        .unwrap()
        .values()
        .find(|v| v["Type"] == "AWS::Events::EventBusPolicy")
        .expect("a policy on the alarm-action bus");
    assert_eq!(
        target(&policy["Properties"]["EventBusName"]).as_deref(),
        Some("AlarmActionBus")
    );
    let statement = &policy["Properties"]["Statement"];
    assert_eq!(statement["Effect"], "Deny");
    assert_eq!(statement["Action"], "events:PutEvents");
    assert_eq!(
        target(&statement["Condition"]["ArnNotEquals"]["aws:PrincipalArn"]).as_deref(),
        Some("IntakeFunctionRole")
    );
    // A rule on that bus starts the state machine with the alarm's own payload.
    let events = rules(&t);
    let rule = events
        .values()
        .find(|e| e["Properties"]["Pattern"]["source"][0] == "lambda")
        .expect("a rule on intake's destination events");
    assert_eq!(
        target(&rule["Properties"]["EventBusName"]).as_deref(),
        Some("AlarmActionBus")
    );
    let pattern = &rule["Properties"]["Pattern"];
    assert_eq!(
        pattern["detail-type"][0],
        "Lambda Function Invocation Result - Success"
    );
    let arns: Vec<Option<String>> = pattern["detail"]["requestContext"]["functionArn"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|a| target(a).or_else(|| target(&a["prefix"])))
        .collect();
    assert!(!arns.is_empty());
    assert!(
        arns.iter().all(|a| a.as_deref() == Some("IntakeFunction")),
        "{arns:?}"
    );
    assert_eq!(rule["Properties"]["InputPath"], "$.detail.requestPayload");
    // That payload, as an alarm sends it to intake, is read as a direct alarm action.
    let direct =
        std::fs::read(repo_root().join("events/alarm-action-ec2-memory-exhausted.json")).unwrap();
    let incident = kiriwake_core::intake(&direct, chrono::Utc::now()).unwrap();
    let incident = serde_json::to_string(&incident).unwrap();
    assert!(
        incident.contains(r#""delivery":"alarm_action""#),
        "{incident}"
    );
}

#[test]
fn every_rule_retries_and_keeps_what_it_could_not_deliver() {
    let t = template();
    let events = rules(&t);
    assert_eq!(events.len(), 5, "Health, alarms, alarm actions, EC2, RDS");
    for (name, event) in events {
        assert_eq!(event["Type"], "EventBridgeRule", "{name:?}");
        let p = &event["Properties"];
        assert!(
            p["RetryPolicy"]["MaximumRetryAttempts"].as_u64().unwrap() > 0,
            "{name:?}"
        );
        assert_eq!(
            target(&p["DeadLetterConfig"]["Arn"]).as_deref(),
            Some("TriggerDeadLetterQueue"),
            "{name:?}"
        );
    }
    assert_eq!(
        events
            .values()
            .find(|e| e["Properties"]["Pattern"]["source"][0] == "aws.health")
            .unwrap()["Properties"]["Pattern"]["source"]
            .as_sequence()
            .unwrap()
            .len(),
        1,
        "Health: source exactly aws.health"
    );
}

/// The prefix of the suite's own alarms' names.
const OWN_ALARMS: &str = "kiriwake-self-";

#[test]
fn the_isolation_is_bounded_in_time_and_its_own_failures_page_people() {
    let t = template();
    let function_timeout = t["Globals"]["Function"]["Timeout"].as_u64().unwrap();
    let sm = state_machine();
    let mut tasks = Vec::new();
    collect_tasks(&sm, &mut tasks);
    for (name, task) in &tasks {
        let timeout = task["TimeoutSeconds"]
            .as_u64()
            .unwrap_or_else(|| panic!("{name} has no TimeoutSeconds"));
        // A function's Task outlasts the function; the store's write has its own bound.
        if task["Resource"] == "arn:aws:states:::lambda:invoke" {
            assert!(timeout > function_timeout, "{name}: {timeout} s");
        }
    }
    let total = sm["TimeoutSeconds"]
        .as_u64()
        .expect("the machine has a TimeoutSeconds");
    // The isolation and its notification (20 minutes at most: retries, and waiting for the
    // incident's opening to go out), and the longest wait for a deferred update
    // (UpdateIntervalMinutes' maximum).
    let longest_wait = t["Parameters"]["UpdateIntervalMinutes"]["MaxValue"]
        .as_u64()
        .unwrap()
        * 60;
    assert!(
        (4 * 60..=1200 + longest_wait).contains(&total) && total >= longest_wait + 600,
        "{total} s for a wait of up to {longest_wait} s"
    );
    // Isolations that ended badly, messages sent to the dead-letter queue, intake's lost
    // alarm actions and the failure path's own losses raise alarms (where they go:
    // the_failure_path_shares_nothing_with_what_may_have_failed).
    let mut watched = BTreeSet::new();
    for res in t["Resources"].as_mapping().unwrap().values() {
        if res["Type"] != "AWS::CloudWatch::Alarm" {
            continue;
        }
        let p = &res["Properties"];
        assert_eq!(p["TreatMissingData"], "notBreaching");
        let mut name = Vec::new();
        strings(&p["AlarmName"], &mut name);
        assert!(
            name.iter().any(|n| n.starts_with(OWN_ALARMS)),
            "{name:?}: the suite's own alarms are named apart"
        );
        // One metric, or metric math over several.
        match p["MetricName"].as_str() {
            Some(metric) => {
                watched.insert(metric.to_owned());
            }
            None => {
                for m in p["Metrics"].as_sequence().unwrap() {
                    if let Some(metric) = m["MetricStat"]["Metric"]["MetricName"].as_str() {
                        watched.insert(metric.to_owned());
                    }
                }
            }
        }
    }
    // ...so that the alarm rule does not isolate them (with no prefix configured).
    let rule = &rules(&t)["AlarmStateChanges"];
    let Yaml::Tagged(choice) = &rule["Properties"]["Pattern"]["detail"]["alarmName"] else {
        panic!("alarmName is chosen by HasAlarmPrefix")
    };
    assert_eq!(
        choice.value[2][0]["anything-but"]["prefix"], OWN_ALARMS,
        "without a prefix, every alarm but the suite's own"
    );
    assert_eq!(
        watched,
        BTreeSet::from(
            [
                "ExecutionsFailed",
                "ExecutionsTimedOut",
                "ExecutionsAborted",
                "NumberOfMessagesSent",
                "DestinationDeliveryFailures",
                "AsyncEventsDropped",
                "FailedInvocations",
                "InvocationsSentToDlq",
                "InvocationsFailedToBeSentToDlq",
            ]
            .map(String::from)
        )
    );
}

#[test]
fn the_topics_use_a_key_cloudwatch_may_publish_with() {
    let t = template();
    let r = &t["Resources"];
    for topic in ["NotificationTopic", "ChatTopic"] {
        assert_eq!(
            target(&r[topic]["Properties"]["KmsMasterKeyId"]).as_deref(),
            Some("NotificationKey"),
            "{topic}: an AWS managed key would silently drop the suite's own alarms"
        );
    }
    let statements = r["NotificationKey"]["Properties"]["KeyPolicy"]["Statement"]
        .as_sequence()
        .unwrap();
    assert!(statements.iter().any(|s| {
        s["Principal"]["Service"] == "cloudwatch.amazonaws.com"
            && s["Action"]
                .as_sequence()
                .unwrap()
                .iter()
                .any(|a| a == "kms:GenerateDataKey")
    }));
    assert_eq!(
        r["NotificationKey"]["Properties"]["EnableKeyRotation"],
        true
    );
}

#[test]
fn the_readme_explains_every_parameter_and_output() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let t = template();
    for (name, p) in t["Parameters"].as_mapping().unwrap() {
        let name = name.as_str().unwrap();
        assert!(
            readme.contains(&format!("| `{name}` |")),
            "README's parameter table lacks {name}"
        );
        assert!(
            p["Description"].as_str().is_some_and(|d| !d.is_empty()),
            "{name} has no Description for sam deploy --guided"
        );
    }
    for (name, _) in t["Outputs"].as_mapping().unwrap() {
        let name = name.as_str().unwrap();
        let mentioned = if name.ends_with("FunctionName") {
            readme.contains("each function's name")
        } else {
            readme.contains(&format!("`{name}`"))
        };
        assert!(mentioned, "README does not mention output {name}");
    }
}

#[test]
fn watch_notices_page_nobody_by_default_and_the_suites_own_alarms_still_arrive() {
    let t = template();
    let sub = &t["Resources"]["EmailSubscription"]["Properties"];
    let Yaml::Tagged(policy) = &sub["FilterPolicy"] else {
        panic!("the e-mail subscription filters by verdict")
    };
    assert_eq!(policy.tag.to_string(), "!If");
    let branches = policy.value.as_sequence().unwrap();
    assert_eq!(branches[0].as_str(), Some("EmailsWatchNotices"));
    let filter = serde_json::to_value(&branches[2]).unwrap();
    assert_eq!(
        filter,
        serde_json::json!({"verdict": [{"anything-but": ["watch"]}, {"exists": false}]})
    );
    assert_eq!(
        t["Parameters"]["EmailWatchNotices"]["Default"].as_str(),
        Some("false")
    );
}

#[test]
fn every_rule_takes_only_this_accounts_events_unless_told_otherwise() {
    use kiriwake_local::template::{Physical, Template};
    let physical = |t: &Template| {
        let mut p = Physical {
            region: "ap-northeast-1".into(),
            account: "123456789012".into(),
            ..Physical::default()
        };
        for f in t.functions().unwrap() {
            p.attributes
                .insert(format!("{}.Arn", f.logical_id), p.function_arn(&f.binary));
        }
        for bus in t.event_buses().unwrap() {
            p.refs.insert(bus.clone(), bus.to_ascii_lowercase());
        }
        p
    };
    let defaults = Template::load(&BTreeMap::new()).unwrap();
    for rule in defaults.rules(&physical(&defaults)).unwrap() {
        assert_eq!(
            rule.pattern["account"],
            serde_json::json!(["123456789012"]),
            "{}",
            rule.name
        );
    }
    // An organization's delegated accounts, named explicitly.
    let trusted = BTreeMap::from([(
        "TrustedAccounts".to_owned(),
        "111122223333,444455556666".to_owned(),
    )]);
    let org = Template::load(&trusted).unwrap();
    let health = org
        .rules(&physical(&org))
        .unwrap()
        .into_iter()
        .find(|r| r.name == "HealthEvents")
        .unwrap();
    assert_eq!(
        health.pattern["account"],
        serde_json::json!(["123456789012", "111122223333", "444455556666"])
    );
}

#[test]
fn bad_parameter_values_fail_at_deploy_not_at_three_in_the_morning() {
    use kiriwake_local::template::Template;
    let load = |name: &str, value: &str| {
        Template::load(&BTreeMap::from([(name.to_owned(), value.to_owned())]))
    };
    for (name, good) in [
        ("TimeZone", ""),
        ("TimeZone", "Asia/Tokyo"),
        ("TimeZone", "America/Argentina/Buenos_Aires"),
        ("TimeZone", "Etc/GMT+9"),
        ("TimeZone", "+09:00"),
        ("TimeZone", "-05:30"),
        ("TimeZone", "UTC"),
        ("TimeZoneLabel", "JST"),
        ("VpnConnections", "vpn-0a1b2c3d, vpn-0123456789abcdef0"),
        ("ProbeEndpoints", "10.0.0.5:443,onprem.example.com:22"),
        ("GroupTag", "System"),
    ] {
        assert!(load(name, good).is_ok(), "{name}={good:?} is refused");
    }
    for (name, bad) in [
        ("TimeZone", "Tokyo time"),
        ("TimeZone", "+25:00"),
        ("TimeZone", "9"),
        ("VpnConnections", "my-vpn"),
        ("ProbeEndpoints", "onprem.example.com"),
        ("ProbeEndpoints", "10.0.0.5:443;10.0.0.6:443"),
        ("GroupTag", ""),
    ] {
        let err = format!("{:#}", load(name, bad).unwrap_err());
        assert!(
            err.contains(name) && err.contains("AllowedPattern"),
            "{err}"
        );
    }
}

#[test]
fn the_failure_path_shares_nothing_with_what_may_have_failed() {
    let t = template();
    let r = &t["Resources"];
    // Its own topic, under its own key.
    let key_of = |topic: &str| target(&r[topic]["Properties"]["KmsMasterKeyId"]);
    assert_eq!(
        key_of("NotificationTopic").as_deref(),
        Some("NotificationKey")
    );
    assert_eq!(
        key_of("FailureAlertTopic").as_deref(),
        Some("FailureAlertKey")
    );
    // Every failed, timed-out or stopped isolation of this state machine: kept and alerted.
    let rule = &r["FailedIsolationRule"]["Properties"];
    let pattern = &rule["EventPattern"];
    assert_eq!(pattern["source"][0].as_str(), Some("aws.states"));
    let statuses: Vec<&str> = pattern["detail"]["status"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(Yaml::as_str)
        .collect();
    assert_eq!(statuses, ["FAILED", "TIMED_OUT", "ABORTED"]);
    assert_eq!(
        target(&pattern["detail"]["stateMachineArn"][0]).as_deref(),
        Some("IsolationStateMachine")
    );
    let targets: Vec<String> = rule["Targets"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|t| target(&t["Arn"]).unwrap())
        .collect();
    assert_eq!(targets, ["FailedIsolationQueue", "FailureAlertTopic"]);
    // The queue keeps two weeks, encrypted without the stack's keys.
    let queue = &r["FailedIsolationQueue"]["Properties"];
    assert_eq!(queue["MessageRetentionPeriod"].as_u64(), Some(1_209_600));
    assert_eq!(queue["SqsManagedSseEnabled"].as_bool(), Some(true));
    // The suite's own alarms reach the chat topic and a second topic, never only one path.
    let mut alarms = 0;
    for (id, res) in r.as_mapping().unwrap() {
        if res["Type"].as_str() != Some("AWS::CloudWatch::Alarm") {
            continue;
        }
        alarms += 1;
        let actions: BTreeSet<String> = res["Properties"]["AlarmActions"]
            .as_sequence()
            .unwrap()
            .iter()
            .filter_map(target)
            .collect();
        assert!(actions.contains("ChatTopic"), "{id:?}: {actions:?}");
        assert!(actions.len() >= 2, "{id:?}: {actions:?}");
        // Only the failure path's own alarm goes the other way round.
        let expected = if id.as_str() == Some("FailedIsolationAlertsUndeliveredAlarm") {
            "NotificationTopic"
        } else {
            "FailureAlertTopic"
        };
        assert!(actions.contains(expected), "{id:?}: {actions:?}");
    }
    assert_eq!(alarms, 5);
}

/// Every policy statement of the template, with the resource it belongs to.
fn statements(t: &Yaml) -> Vec<(String, Yaml)> {
    fn walk(id: &str, v: &Yaml, out: &mut Vec<(String, Yaml)>) {
        match v {
            Yaml::Mapping(m) => {
                if m.contains_key("Effect")
                    && (m.contains_key("Action") || m.contains_key("NotAction"))
                {
                    out.push((id.to_owned(), v.clone()));
                }
                m.values().for_each(|v| walk(id, v, out));
            }
            Yaml::Sequence(items) => items.iter().for_each(|v| walk(id, v, out)),
            Yaml::Tagged(tagged) => walk(id, &tagged.value, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (id, r) in t["Resources"].as_mapping().unwrap() {
        walk(id.as_str().unwrap(), r, &mut out);
    }
    out
}

#[test]
fn nothing_is_granted_on_every_resource_or_to_anyone_without_need() {
    let t = template();
    // What IAM lets on no resource but "*" (the Service Authorization Reference), and what
    // Step Functions' log delivery needs on "*" (its documented policy).
    let only_star = |action: &str| {
        action.starts_with("ec2:Describe")
            || action.starts_with("health:Describe")
            || matches!(
                action,
                "cloudtrail:LookupEvents"
                    | "cloudwatch:GetMetricData"
                    | "logs:CreateLogDelivery"
                    | "logs:GetLogDelivery"
                    | "logs:UpdateLogDelivery"
                    | "logs:DeleteLogDelivery"
                    | "logs:ListLogDeliveries"
                    | "logs:PutResourcePolicy"
                    | "logs:DescribeResourcePolicies"
                    | "logs:DescribeLogGroups"
            )
    };
    let mut checked = 0;
    for (id, s) in statements(&t) {
        checked += 1;
        // A key policy's "*" is the key itself.
        let is_key = t["Resources"][id.as_str()]["Type"].as_str() == Some("AWS::KMS::Key");
        if s["Resource"].as_str() == Some("*") && !is_key {
            let mut actions = Vec::new();
            strings(&s["Action"], &mut actions);
            for a in actions {
                assert!(
                    only_star(&a),
                    "{id}: {a} on every resource, where IAM can scope it"
                );
            }
        }
        let principal = &s["Principal"];
        let anyone = principal.as_str() == Some("*") || principal["AWS"].as_str() == Some("*");
        if anyone {
            assert!(
                s["Effect"].as_str() == Some("Deny") && s["Condition"].is_mapping(),
                "{id}: a statement for any principal may only deny, under a condition"
            );
        }
        // A service acting for the stack acts only for this account or this resource.
        if !principal["Service"].is_null() {
            assert!(
                s["Condition"].is_mapping(),
                "{id}: {:?} is not bound to this account or resource",
                principal["Service"]
            );
        }
    }
    assert!(checked > 20, "{checked} statements");
}

#[test]
fn the_incident_store_is_encrypted_recoverable_forgetting_and_written_only_by_claim() {
    let t = template();
    let table = &t["Resources"]["IncidentTable"];
    assert_eq!(table["Type"], "AWS::DynamoDB::Table");
    let p = &table["Properties"];
    assert_eq!(
        p["BillingMode"], "PAY_PER_REQUEST",
        "a storm needs no capacity planning"
    );
    assert_eq!(
        p["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"],
        true
    );
    assert_eq!(p["SSESpecification"]["SSEType"], "KMS");
    assert_eq!(
        target(&p["SSESpecification"]["KMSMasterKeyId"]).as_deref(),
        Some("NotificationKey"),
        "the stack's key"
    );
    assert_eq!(p["TimeToLiveSpecification"]["Enabled"], true);
    let ttl = p["TimeToLiveSpecification"]["AttributeName"]
        .as_str()
        .unwrap();
    let hash: Vec<&str> = p["KeySchema"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|k| k["AttributeName"].as_str().unwrap())
        .collect();
    assert_eq!(hash, ["pk"]);

    // Claim writes the key the table has and the attribute its TTL reads, on a condition.
    let claim = &state_machine()["States"]["Claim"];
    assert_eq!(claim["Resource"], "arn:aws:states:::dynamodb:putItem");
    assert_eq!(claim["Parameters"]["TableName"], "${IncidentTableName}");
    let item = claim["Parameters"]["Item"].as_object().unwrap();
    assert!(
        item.contains_key("pk") && item.contains_key(ttl),
        "{item:?}"
    );
    assert!(
        claim["Parameters"]["ConditionExpression"]
            .as_str()
            .unwrap()
            .starts_with("attribute_not_exists(pk)")
    );
    let catches: Vec<(&Json, &str)> = claim["Catch"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (&c["ErrorEquals"], c["Next"].as_str().unwrap()))
        .collect();
    assert_eq!(catches[0].1, "Duplicate");
    assert!(
        catches[0]
            .0
            .as_array()
            .unwrap()
            .contains(&Json::from("DynamoDB.ConditionalCheckFailedException"))
    );
    // Anything else the store says, the isolation goes on: never an incident lost to it.
    assert_eq!(catches[1], (&serde_json::json!(["States.ALL"]), "Isolate"));

    // Only the state machine (its delivery keys) and notify (the incidents) touch the
    // table, each only with what it calls, and notify never the delivery keys.
    let mut writers = Vec::new();
    for (id, s) in statements(&t) {
        let mut actions = Vec::new();
        strings(&s["Action"], &mut actions);
        let dynamodb: Vec<&str> = actions
            .iter()
            .filter(|a| a.starts_with("dynamodb:"))
            .map(String::as_str)
            .collect();
        if dynamodb.is_empty() {
            continue;
        }
        assert_eq!(
            target(&s["Resource"]).as_deref(),
            Some("IncidentTable"),
            "{id}"
        );
        match id.as_str() {
            "IsolationStateMachine" => assert_eq!(dynamodb, ["dynamodb:PutItem"]),
            "NotifyFunction" => {
                assert_eq!(
                    dynamodb,
                    [
                        "dynamodb:GetItem",
                        "dynamodb:BatchGetItem",
                        "dynamodb:PutItem"
                    ]
                );
                let mut keys = Vec::new();
                strings(
                    &s["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"],
                    &mut keys,
                );
                assert_eq!(keys, ["incident#*", "link#*", "notice#*", "sent#*"]);
            }
            other => panic!("{other} may not use the incident store: {dynamodb:?}"),
        }
        writers.push(id);
    }
    writers.sort();
    assert_eq!(writers, ["IsolationStateMachine", "NotifyFunction"]);
    // Notify is told where the store is, and the incident life's settings.
    let env = &t["Resources"]["NotifyFunction"]["Properties"]["Environment"]["Variables"];
    assert_eq!(
        target(&env["KIRIWAKE_INCIDENT_TABLE"]).as_deref(),
        Some("IncidentTable")
    );
    for (var, parameter) in [
        ("KIRIWAKE_INCIDENT_WINDOW_MINUTES", "IncidentWindowMinutes"),
        ("KIRIWAKE_UPDATE_INTERVAL_MINUTES", "UpdateIntervalMinutes"),
    ] {
        assert_eq!(target(&env[var]).as_deref(), Some(parameter), "{var}");
    }
}

/// The dashboard's body with its `${…}` references filled as CloudFormation would.
fn dashboard(t: &Yaml) -> Json {
    let Yaml::Tagged(sub) = &t["Resources"]["Dashboard"]["Properties"]["DashboardBody"] else {
        panic!("the dashboard's body is not a !Sub");
    };
    let mut body = sub.value.as_str().unwrap().to_owned();
    for (reference, value) in [
        ("${AWS::StackName}", "kiriwake"),
        ("${AWS::Region}", "ap-northeast-1"),
        (
            "${IsolationStateMachine}",
            "arn:aws:states:ap-northeast-1:1:stateMachine:m",
        ),
        ("${ClassifyLogGroup}", "/aws/lambda/classify"),
    ] {
        body = body.replace(reference, value);
    }
    assert!(
        !body.contains("${"),
        "a reference the test does not fill: {body}"
    );
    serde_json::from_str(&body).expect("the dashboard's body is JSON")
}

#[test]
fn the_dashboard_shows_every_metric_series_the_functions_write() {
    let board = dashboard(&template());
    // (metric, dimension besides Stack) of every series the widgets show, by plain metric
    // or by SEARCH expression; each of this stack only.
    let mut shown = BTreeSet::new();
    let search = regex_lite::Regex::new(
        r#"^SEARCH\('\{Kiriwake,Stack,(\w+)\} MetricName="(\w+)" Stack="kiriwake"', '\w+', \d+\)$"#,
    )
    .unwrap();
    for widget in board["widgets"].as_array().unwrap() {
        for metric in widget["properties"]["metrics"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let m = metric.as_array().unwrap();
            if let Some(expression) = m[0]["expression"].as_str() {
                let c = search.captures(expression).unwrap_or_else(|| {
                    panic!("not a search of this stack's metrics: {expression}")
                });
                shown.insert((c[2].to_owned(), Some(c[1].to_owned())));
            } else if m[0] == "Kiriwake" {
                assert_eq!(
                    (&m[2], &m[3]),
                    (&Json::from("Stack"), &Json::from("kiriwake"))
                );
                shown.insert((m[1].as_str().unwrap().to_owned(), None));
            }
        }
    }
    let written: BTreeSet<(String, Option<String>)> = kiriwake_aws::telemetry::METRICS
        .iter()
        .flat_map(|(name, dims, _)| {
            let series: Vec<Option<String>> = if dims.is_empty() {
                vec![None]
            } else {
                dims.iter().map(|d| Some((*d).to_owned())).collect()
            };
            series.into_iter().map(|d| ((*name).to_owned(), d))
        })
        .collect();
    let missing: Vec<_> = written.difference(&shown).collect();
    let unknown: Vec<_> = shown.difference(&written).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "not on the dashboard: {missing:?}; on it but never written: {unknown:?}"
    );
    // The functions name the stack the dashboard reads.
    let env = &template()["Globals"]["Function"]["Environment"]["Variables"]["KIRIWAKE_STACK"];
    let mut refs = Vec::new();
    strings(env, &mut refs);
    assert_eq!(refs, ["AWS::StackName"]);
}

#[test]
fn the_language_parameter_allows_exactly_the_catalogues_languages() {
    let t = template();
    let allowed: Vec<&str> = t["Parameters"]["Language"]["AllowedValues"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let codes: Vec<&str> = kiriwake_core::Lang::ALL
        .iter()
        .map(|(lang, _)| lang.code())
        .collect();
    assert_eq!(allowed, codes);
    for code in allowed {
        assert!(kiriwake_core::Lang::parse(code).is_ok(), "{code}");
    }
}

/// The SAM transform of `template` as a deploy runs it (tools/sam_transform.py), with
/// `parameters` and the artifacts of build `code_id`: the transformed template, and for
/// each of its resource types the properties whose change replaces a resource.
fn sam_transform(template: &std::path::Path, parameters: &Json, code_id: &str) -> (Json, Json) {
    let out = std::process::Command::new(tool(".venv-sam", "python"))
        .arg(repo_root().join("tools/sam_transform.py"))
        .arg(template)
        .arg(parameters.to_string())
        .arg(code_id)
        .env("AWS_DEFAULT_REGION", "ap-northeast-1")
        .env("AWS_REGION", "ap-northeast-1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "sam_transform.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut v: Json = serde_json::from_slice(&out.stdout).unwrap();
    (v["template"].take(), v["create_only"].take())
}

/// Function logical id → the logical id of the version SAM publishes for it.
fn versions(transformed: &Json) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (id, r) in transformed["Resources"].as_object().unwrap() {
        if r["Type"] == "AWS::Lambda::Version" {
            let function = r["Properties"]["FunctionName"]["Ref"].as_str().unwrap();
            let previous = out.insert(function.to_owned(), id.clone());
            assert!(previous.is_none(), "{function} has two versions");
        }
    }
    out
}

#[test]
fn one_execution_runs_on_one_deploys_functions_and_settings() {
    let path = repo_root().join("template.yaml");
    let (deployed, create_only) = sam_transform(&path, &serde_json::json!({}), "build-1");
    let resources = &deployed["Resources"];
    let published = versions(&deployed);
    let functions: BTreeSet<String> = template_functions().into_keys().collect();
    assert_eq!(
        published.keys().cloned().collect::<BTreeSet<_>>(),
        functions
    );
    let substitutions =
        &resources["IsolationStateMachine"]["Properties"]["DefinitionSubstitutions"];
    let replaces = |kind: &str, property: &str| {
        create_only[kind]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == property)
    };
    for (function, version) in &published {
        // The state machine invokes that version, never `$LATEST`: an execution started
        // before a deploy ends on the functions it started with.
        assert_eq!(
            substitutions[format!("{function}Arn")],
            serde_json::json!({"Ref": version}),
            "{function}"
        );
        let v = &resources[version];
        // Kept when a deploy replaces or drops it, so executions still running on it can end.
        assert_eq!(v["DeletionPolicy"], "Retain", "{version}");
        assert_eq!(v["UpdateReplacePolicy"], "Retain", "{version}");
        // A new settings revision replaces it (its description cannot change in place) …
        assert!(replaces("AWS::Lambda::Version", "Description"));
        assert_eq!(
            v["Properties"]["Description"]["Fn::Sub"],
            "settings revision ${SettingsRevision.VersionNumber}",
            "{version}"
        );
        // … and the function's configuration changed with it, so Lambda publishes a new
        // version rather than answering with the last one.
        assert_eq!(
            resources[function]["Properties"]["Environment"]["Variables"]["KIRIWAKE_SETTINGS_REVISION"],
            serde_json::json!({"Fn::GetAtt": ["SettingsRevision", "VersionNumber"]}),
            "{function}"
        );
        assert_eq!(
            resources[format!("{function}Aliaslive")]["Type"],
            "AWS::Lambda::Alias"
        );
    }
    // No Lambda task of the state machine is left on `$LATEST`.
    let definition = state_machine().to_string();
    for (key, value) in substitutions.as_object().unwrap() {
        if definition.contains(&format!("${{{key}}}")) && key.ends_with("FunctionArn") {
            let target = value["Ref"].as_str().unwrap_or_default();
            assert!(published.values().any(|v| v == target), "{key}: {value}");
        }
    }
    // A changed setting replaces the revision (its content cannot change in place).
    assert!(replaces(
        "AWS::AppConfig::HostedConfigurationVersion",
        "Content"
    ));
    assert_eq!(
        resources["SettingsRevision"]["Type"],
        "AWS::AppConfig::HostedConfigurationVersion"
    );

    // A new build, or any changed property of a function, publishes new versions …
    let (rebuilt, _) = sam_transform(&path, &serde_json::json!({}), "build-2");
    let scratch = Scratch::new("versions");
    let original = std::fs::read_to_string(&path).unwrap();
    // The functions' timeout: Globals' and notify's own.
    assert!(original.contains("\n    Timeout: 30\n") && original.contains("\n      Timeout: 50\n"));
    let edited = original
        .replacen("\n    Timeout: 30\n", "\n    Timeout: 29\n", 1)
        .replacen("\n      Timeout: 50\n", "\n      Timeout: 49\n", 1);
    let (retimed, _) = sam_transform(
        &scratch.template(&edited),
        &serde_json::json!({}),
        "build-1",
    );
    for (function, version) in &published {
        assert_ne!(
            &versions(&rebuilt)[function],
            version,
            "a new build of {function}"
        );
        assert_ne!(
            &versions(&retimed)[function],
            version,
            "a new timeout of {function}"
        );
    }
    // … but a changed parameter alone SAM cannot see (it decides before parameters are
    // resolved): that is what the settings revision is for.
    let (japanese, _) = sam_transform(&path, &serde_json::json!({"Language": "ja"}), "build-1");
    assert_eq!(
        versions(&japanese),
        published,
        "SAM now publishes on a parameter change: the settings revision may be redundant"
    );
}

/// `!Ref X` → `${X}`, `!GetAtt X.Y` → `${X.Y}`, a literal as it is: how `!Sub` writes it.
fn as_sub(v: &Yaml) -> String {
    match v {
        Yaml::Tagged(t)
            if ["Ref", "GetAtt"].contains(&t.tag.to_string().trim_start_matches('!')) =>
        {
            format!("${{{}}}", t.value.as_str().unwrap())
        }
        Yaml::String(s) => s.clone(),
        other => panic!("an environment value of a shape the revision cannot hold: {other:?}"),
    }
}

/// The names a value refers to: `!Ref X`, `!GetAtt X.Y` (as `X`) and `!Sub`'s `${X}`.
fn referenced(v: &Yaml, out: &mut BTreeSet<String>) {
    match v {
        Yaml::Tagged(t) => {
            if let Some(s) = t.value.as_str() {
                match t.tag.to_string().as_str() {
                    "!Sub" => {
                        for part in s.split("${").skip(1) {
                            let name = part.split(['}', '.']).next().unwrap_or_default();
                            out.insert(name.to_owned());
                        }
                    }
                    _ => {
                        out.insert(s.split('.').next().unwrap_or_default().to_owned());
                    }
                }
            }
            referenced(&t.value, out);
        }
        Yaml::Mapping(m) => m.values().for_each(|v| referenced(v, out)),
        Yaml::Sequence(items) => items.iter().for_each(|v| referenced(v, out)),
        _ => {}
    }
}

#[test]
fn only_the_environment_takes_settings_from_the_parameters() {
    // A version keeps what it was published with; SAM publishes on a changed property as
    // written, and the settings revision covers the environments. A parameter anywhere else
    // in what a version keeps (its timeout, memory, layers…) would change `$LATEST` alone.
    // What a version does not keep is exempt: its role's policies, reserved concurrency.
    let t = template();
    let parameters: BTreeSet<String> = t["Parameters"]
        .as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap().to_owned())
        .collect();
    let mut places = vec![("Globals".to_owned(), &t["Globals"]["Function"])];
    for id in template_functions().keys() {
        places.push((id.clone(), &t["Resources"][id.as_str()]["Properties"]));
    }
    for (place, properties) in places {
        for (name, value) in properties.as_mapping().unwrap() {
            let name = name.as_str().unwrap();
            if ["Environment", "Policies", "ReservedConcurrentExecutions"].contains(&name) {
                continue;
            }
            let mut names = BTreeSet::new();
            referenced(value, &mut names);
            let settings: Vec<&String> = names.intersection(&parameters).collect();
            assert!(settings.is_empty(), "{place}.{name} takes {settings:?}");
        }
    }
    // The check sees what it looks for: notify's reserved concurrency is a parameter.
    let mut names = BTreeSet::new();
    referenced(
        &t["Resources"]["NotifyFunction"]["Properties"]["ReservedConcurrentExecutions"],
        &mut names,
    );
    assert!(names.contains("NotifyReservedConcurrency"), "{names:?}");
}

#[test]
fn the_settings_revision_holds_every_value_the_functions_environments_take() {
    let t = template();
    let mut expected = BTreeSet::new();
    let mut sources = vec![&t["Globals"]["Function"]["Environment"]["Variables"]];
    for id in template_functions().keys() {
        sources.push(&t["Resources"][id.as_str()]["Properties"]["Environment"]["Variables"]);
    }
    for vars in sources {
        for (name, value) in vars.as_mapping().into_iter().flatten() {
            let name = name.as_str().unwrap();
            if name != "KIRIWAKE_SETTINGS_REVISION" {
                expected.insert(format!("{name}={}", as_sub(value)));
            }
        }
    }
    assert!(expected.len() > 10, "{expected:?}");
    let content = &t["Resources"]["SettingsRevision"]["Properties"]["Content"];
    let Yaml::Tagged(sub) = content else {
        panic!("the content is a !Sub: {content:?}")
    };
    let lines: BTreeSet<String> = sub
        .value
        .as_str()
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    // A value the functions take that the revision lacks would change without a new version.
    assert_eq!(lines, expected);
}
