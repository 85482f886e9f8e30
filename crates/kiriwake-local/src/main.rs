//! `kiriwake-local`: kiriwake's deployed flow on a local AWS.
//!
//! - `demo`: stages five incidents and runs each through the flow, printing each
//!   classification and the notifications as delivered.
//! - `flow --event FILE [--fail STEP]`: runs one trigger through the template's rules, the
//!   state machine and the six functions, and prints what happened as JSON.
//! - `storm --triggers N --seconds S [--duplicates PERCENT] [--groups G]`: fires N alarms
//!   across G groups of servers through the flow (some delivered twice), then returns them
//!   all to OK, and prints incidents, notifications by kind, duplicates suppressed, lost
//!   triggers, AWS calls and wall time as JSON.
//! - `bench --binaries DIR`: each function's release build started cold under a Lambda
//!   Runtime API, beside the Python boto3 peer: the table `scripts/bench` prints.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use kiriwake_core::Classification;
use kiriwake_core::render::flowchart;
use kiriwake_local::flow::{Flow, STEPS, StormOptions};
use kiriwake_local::{bench, scenarios};

#[derive(Debug, Parser)]
#[command(
    version,
    about = "kiriwake's deployed flow on a local AWS (moto, cargo-lambda), on 127.0.0.1 only"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Stage five incidents (AWS side, instance, application, RDS, outside AWS) and run each
    /// through the flow (the default).
    Demo {
        /// Template parameters, e.g. Language=ja (default: the template's defaults).
        #[arg(long = "parameter", value_name = "NAME=VALUE", value_parser = parameter)]
        parameters: Vec<(String, String)>,
    },
    /// Run one trigger through the template's rules, the state machine and the six
    /// functions; print the rules matched, the executions and the notifications as JSON.
    Flow {
        /// The trigger: an EventBridge event, an alarm action's payload, or a manual
        /// request (`-` reads standard input).
        #[arg(long, value_name = "FILE")]
        event: String,
        /// Make the state machine's invocations of this step's function fail
        /// (intake, user-side, aws-side, outside-aws, classify, notify).
        #[arg(long, value_name = "STEP", value_parser = step)]
        fail: Vec<String>,
        /// Template parameters, e.g. Language=ja (default: the template's defaults).
        #[arg(long = "parameter", value_name = "NAME=VALUE", value_parser = parameter)]
        parameters: Vec<(String, String)>,
    },
    /// Fire N alarms across G groups of servers through the deployed flow (a share of them
    /// delivered twice), then every alarm back to OK; print what people were told, what was
    /// suppressed and lost, and the AWS calls it took, as JSON.
    Storm {
        #[arg(long, default_value_t = 100)]
        triggers: usize,
        /// Over how many seconds each phase (alarms, then recoveries) is spread.
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
        /// Percent of deliveries EventBridge delivers twice.
        #[arg(long, default_value_t = 0.0)]
        duplicates: f64,
        #[arg(long, default_value_t = 4)]
        groups: usize,
        /// After the JSON, print the first incident's notifications as delivered (e-mail
        /// subject and body, chat JSON).
        #[arg(long)]
        show_thread: bool,
        /// Template parameters, e.g. UpdateIntervalMinutes=0.1 (default: the template's
        /// defaults: a deferred update waits five minutes).
        #[arg(long = "parameter", value_name = "NAME=VALUE", value_parser = parameter)]
        parameters: Vec<(String, String)>,
    },
    /// Start each function's release build cold under a Lambda Runtime API, once per staged
    /// scenario, beside the Python boto3 peer (bench/peer/): cold start, first invocation,
    /// CPU, peak RSS, the checks' concurrency, binary sizes, targets and cost per 1,000
    /// incidents (scripts/bench).
    Bench {
        /// Where the release builds are: DIR/<function>/bootstrap (cargo lambda build
        /// --release puts them in target/lambda).
        #[arg(long, value_name = "DIR")]
        binaries: std::path::PathBuf,
        /// Print the measurements as JSON instead of the table.
        #[arg(long)]
        json: bool,
    },
}

async fn bench(binaries: &std::path::Path, json: bool) -> anyhow::Result<()> {
    let flow = Flow::start(&BTreeMap::new(), &BTreeMap::new()).await?;
    let root = kiriwake_local::emulator::repo_root();
    let peer = [
        root.join(".venv/bin/python"),
        root.join("bench/peer/bootstrap.py"),
    ]
    .map(|p| p.display().to_string());
    let report = bench::measure(&flow, binaries, &peer).await?;
    if json {
        say(serde_json::to_string_pretty(&report)?)
    } else {
        say(bench::table(&report))
    }
}

/// Prints to standard output; a reader that went away (`| head`) is not an error.
fn say(text: impl std::fmt::Display) -> anyhow::Result<()> {
    match writeln!(std::io::stdout().lock(), "{text}") {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn parameter(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| format!("{s}: expected NAME=VALUE"))
}

fn step(s: &str) -> Result<String, String> {
    if STEPS.iter().any(|(name, _)| *name == s) {
        Ok(s.to_owned())
    } else {
        let names: Vec<&str> = STEPS.iter().map(|(n, _)| *n).collect();
        Err(format!("one of {}", names.join(", ")))
    }
}

fn read_event(path: &str) -> anyhow::Result<serde_json::Value> {
    let mut raw = Vec::new();
    if path == "-" {
        std::io::stdin().lock().read_to_end(&mut raw)?;
    } else {
        raw = std::fs::read(path).with_context(|| format!("cannot read {path}"))?;
    }
    serde_json::from_slice(&raw).with_context(|| format!("{path} is not JSON"))
}

async fn flow(
    event: &str,
    fail: &[String],
    parameters: BTreeMap<String, String>,
) -> anyhow::Result<()> {
    let event = read_event(event)?;
    let flow = Flow::start(&parameters, &BTreeMap::new()).await?;
    let fail: Vec<&str> = fail.iter().map(String::as_str).collect();
    let run = flow.run(&event, &fail).await?;
    say(serde_json::to_string_pretty(&run)?)?;
    Ok(())
}

async fn demo(parameters: BTreeMap<String, String>) -> anyhow::Result<()> {
    let flow = Flow::start(&parameters, &BTreeMap::new()).await?;
    say(format_args!(
        "Local AWS (moto) on {}, the six functions under cargo-lambda on {}\n",
        flow.emulator.url,
        flow.runtime.url()
    ))?;
    let staged = scenarios::stage(&flow.conf).await?;
    let mut wrong = Vec::new();
    for s in &staged {
        let run = flow.run(&s.event, &[]).await?;
        say(format_args!(
            "==================== {}: {}",
            s.name, s.description
        ))?;
        say(format_args!(
            "rules matched: {}",
            if run.rules.is_empty() {
                "none (started by hand, as from the console)".to_owned()
            } else {
                run.rules.join(", ")
            }
        ))?;
        for e in &run.executions {
            say(format_args!(
                "execution {}: {}",
                e.status,
                e.states.join(" → ")
            ))?;
            if let Some(c) = &e.classification {
                let c: Classification = serde_json::from_value(c.clone())?;
                say(flowchart(&c))?;
            }
        }
        for n in &run.notifications {
            say(format_args!(
                "---- delivered by SNS ({}) to its SQS subscriber",
                n.topic
            ))?;
            if !n.subject.is_empty() {
                say(format_args!("Subject: {}\n", n.subject))?;
            }
            say(format_args!("{}\n", n.message))?;
        }
        let got = run.email().map(|n| {
            (
                n.attributes.get("verdict").cloned().unwrap_or_default(),
                n.attributes.get("responsible").cloned().unwrap_or_default(),
            )
        });
        let want = (
            kiriwake_core::render::code(&s.verdict),
            kiriwake_core::render::code(&s.responsible),
        );
        if got.as_ref() != Some(&want) {
            wrong.push(format!("{}: {got:?}, expected {want:?}", s.name));
        }
    }
    say("==================== summary")?;
    for s in &staged {
        say(format_args!(
            "{:<28} expected {:?} ({:?})",
            s.name, s.verdict, s.responsible
        ))?;
    }
    if !wrong.is_empty() {
        bail!("misclassified: {}", wrong.join("; "));
    }
    say(format_args!(
        "all {} scenarios went through the deployed flow, classified as expected and notified",
        staged.len()
    ))?;
    Ok(())
}

async fn storm(
    o: &StormOptions,
    show_thread: bool,
    parameters: BTreeMap<String, String>,
) -> anyhow::Result<()> {
    let flow = Flow::start(&parameters, &BTreeMap::new()).await?;
    let report = flow.storm(o).await?;
    say(serde_json::to_string_pretty(&report)?)?;
    if show_thread {
        for (subject, body, chat) in &report.first_thread {
            say(format_args!(
                "==================== e-mail\nSubject: {subject}\n\n{body}"
            ))?;
            let chat: serde_json::Value = serde_json::from_str(chat).unwrap_or_default();
            say(format_args!(
                "==================== chat\n{}",
                serde_json::to_string_pretty(&chat)?
            ))?;
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let result = match Cli::parse().command {
        None => demo(BTreeMap::new()).await,
        Some(Command::Demo { parameters }) => demo(parameters.into_iter().collect()).await,
        Some(Command::Flow {
            event,
            fail,
            parameters,
        }) => flow(&event, &fail, parameters.into_iter().collect()).await,
        Some(Command::Storm {
            triggers,
            seconds,
            duplicates,
            groups,
            show_thread,
            parameters,
        }) => {
            let options = StormOptions {
                triggers,
                seconds,
                duplicates_percent: duplicates,
                groups,
            };
            storm(&options, show_thread, parameters.into_iter().collect()).await
        }
        Some(Command::Bench { binaries, json }) => bench(&binaries, json).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kiriwake-local: {}", format!("{e:#}").replace('\n', " "));
            ExitCode::FAILURE
        }
    }
}
