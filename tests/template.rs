//! template.yaml and statemachine/isolation.asl.json against the code: every function in
//! the template is a crate and every function crate is in the template; every Task of the
//! state machine names a function of the template; the states follow the seed's order;
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

/// Function crates (those depending on lambda_runtime) → their declared IAM actions.
fn function_crates() -> BTreeMap<String, BTreeSet<String>> {
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
        let declared = p["metadata"]["kiriwake"]["iam-actions"]
            .as_array()
            .unwrap_or_else(|| {
                panic!(
                    "{} declares no [package.metadata.kiriwake] iam-actions",
                    p["name"]
                )
            })
            .iter()
            .map(|a| a.as_str().unwrap().to_owned())
            .collect();
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
        assert_eq!(&actions, &crates[&binary], "{id} ({binary})");
    }
    let mut all = Vec::new();
    strings(&template()["Resources"], &mut all);
    let t = template();
    for (id, res) in t["Resources"].as_mapping().unwrap() {
        for policy in res["Properties"]["Policies"]
            .as_sequence()
            .into_iter()
            .flatten()
        {
            for statement in policy["Statement"].as_sequence().into_iter().flatten() {
                let mut actions = Vec::new();
                strings(&statement["Action"], &mut actions);
                assert!(
                    actions.iter().all(|a| !a.contains('*')),
                    "{id:?}: wildcard action in {actions:?}"
                );
            }
        }
    }
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
    ];
    let verbs = [
        "describe_",
        "get_",
        "filter_",
        "list_",
        "publish(",
        "put_",
        "send_message",
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
    let declared: BTreeSet<String> = function_crates().into_values().flatten().collect();
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
    for (key, value) in subs {
        let Yaml::Tagged(tag) = value else {
            panic!("{key:?} must be !GetAtt Function.Arn")
        };
        let target = tag
            .value
            .as_str()
            .unwrap()
            .strip_suffix(".Arn")
            .unwrap()
            .to_owned();
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
    let defined: BTreeSet<String> = targets.keys().cloned().collect();
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
fn the_states_follow_the_seeds_order() {
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
    assert_eq!(path, ["Intake", "Isolate", "Classify", "Notify"]);
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
    // Every failure still notifies: each Task retries transient errors, and all but Notify catch.
    let mut tasks = Vec::new();
    collect_tasks(&sm, &mut tasks);
    for (name, task) in tasks {
        assert!(task["Retry"].is_array(), "{name} retries");
        if name != "Notify" {
            assert!(
                task["Catch"].is_array(),
                "{name} catches, so the notification still goes out"
            );
        }
    }
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

/// Runs cfn-lint with the serverless rules on `path` (template first: `-a` style flags
/// would swallow it otherwise).
fn cfn_lint(path: &std::path::Path) -> (bool, String) {
    let bin = repo_root().join(".venv/bin/cfn-lint");
    assert!(
        bin.exists(),
        "{} is missing: run scripts/setup",
        bin.display()
    );
    let out = std::process::Command::new(bin)
        .arg(path)
        .args(["--append-rules", "cfn_lint_serverless.rules"])
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

#[test]
fn cfn_lint_passes_the_template_and_catches_broken_ones() {
    let (ok, output) = cfn_lint(&repo_root().join("template.yaml"));
    assert!(ok, "cfn-lint on template.yaml:\n{output}");

    let original = std::fs::read_to_string(repo_root().join("template.yaml")).unwrap();
    let dir = std::env::temp_dir().join(format!("kiriwake-template-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("statemachine")).unwrap();
    std::fs::copy(
        repo_root().join("statemachine/isolation.asl.json"),
        dir.join("statemachine/isolation.asl.json"),
    )
    .unwrap();
    let broken = [
        ("a dangling reference", original.replacen("TopicArn: !Ref NotificationTopic", "TopicArn: !Ref NoSuchTopic", 1), "E3030"),
        ("a log group without retention (serverless rule)", original.replacen("      LogGroupName: !Sub /aws/lambda/${NotifyFunction}\n      RetentionInDays: !Ref LogRetentionDays\n", "      LogGroupName: !Sub /aws/lambda/${NotifyFunction}\n", 1), "WS1004"),
    ];
    for (what, text, code) in broken {
        assert_ne!(text, original, "the mutation for {what} applies");
        let path = dir.join("template.yaml");
        std::fs::write(&path, text).unwrap();
        let (ok, output) = cfn_lint(&path);
        assert!(!ok, "cfn-lint missed {what}");
        assert!(output.contains(code), "{what}: {output}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
