//! Benchmarks of the functions as Lambda runs them (`kiriwake-local bench`, `scripts/bench`).
//!
//! Each function's release binary is started, as Lambda starts a custom runtime, under a
//! minimal Lambda Runtime API on 127.0.0.1 written here for measuring: the time from the
//! process's start to its first `GET /runtime/invocation/next` is its cold start (the real
//! SDK clients built as in production, the environment the template gives it); the time
//! from handing it an event to its response is the first invocation. Its CPU time (every
//! thread's, from `/proc/<pid>/task/*/schedstat`) and peak RSS (`VmHWM`) are read when it
//! asks for the next event, then it is stopped. The Python boto3 peer (`bench/peer/`) runs
//! under the same API the same way.

use std::collections::BTreeMap;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde::Serialize;
use serde_json::Value as Json;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// What one cold invocation cost.
#[derive(Debug, Clone, Serialize)]
pub struct Measured {
    /// Process start to its first request for an event.
    pub cold_start_ms: f64,
    /// Event handed over to the response received.
    pub invocation_ms: f64,
    /// CPU time of every thread, start to the end of the first invocation.
    pub cpu_ms: f64,
    /// Peak resident memory.
    pub peak_rss_kb: u64,
    /// The function's answer.
    pub response: Json,
}

/// What the runtime API saw.
#[derive(Debug)]
enum Seen {
    Next(Instant),
    Answer(Instant, Result<Json, String>),
}

/// Starts `command` as Lambda would start a function named `name` with `env`, hands it
/// `event` once, and measures it.
pub async fn cold_invoke(
    command: &[String],
    name: &str,
    env: &BTreeMap<String, String>,
    event: &Json,
) -> anyhow::Result<Measured> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let api = listener.local_addr()?.to_string();
    let (seen_tx, mut seen) = mpsc::unbounded_channel();
    let arn = format!(
        "arn:aws:lambda:{}:123456789012:function:{name}",
        crate::REGION
    );
    let served = tokio::spawn(serve(listener, event.to_string(), arn, seen_tx));

    let (program, args) = command.split_first().context("an empty command")?;
    let started = Instant::now();
    let mut child = tokio::process::Command::new(program)
        .args(args)
        .envs(env)
        .env("AWS_LAMBDA_RUNTIME_API", &api)
        .env("AWS_LAMBDA_FUNCTION_NAME", name)
        .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", format!("/aws/lambda/{name}"))
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "bench")
        .env("_HANDLER", "bootstrap")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("starting {program}"))?;
    let pid = child.id().context("the process ended at once")?;

    let limit = |s: u64| Duration::from_secs(s);
    let first = match tokio::time::timeout(limit(60), seen.recv()).await {
        Ok(Some(Seen::Next(at))) => at,
        other => bail!("{name}: no request for an event within 60 s ({other:?})"),
    };
    let (answered, response) = match tokio::time::timeout(limit(120), seen.recv()).await {
        Ok(Some(Seen::Answer(at, response))) => (at, response),
        other => bail!("{name}: no answer within 120 s ({other:?})"),
    };
    // It asks for the next event once the first is done: its cost so far is complete.
    let _ = tokio::time::timeout(limit(5), seen.recv()).await;
    let (cpu_ms, peak_rss_kb) = (cpu_ms(pid), peak_rss_kb(pid));
    let _ = child.kill().await;
    served.abort();
    let response = response.map_err(|e| anyhow::anyhow!("{name} answered an error: {e}"))?;
    Ok(Measured {
        cold_start_ms: ms(first - started),
        invocation_ms: ms(answered - first),
        cpu_ms: cpu_ms?,
        peak_rss_kb: peak_rss_kb?,
        response,
    })
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// CPU time of `pid`, in milliseconds: its live threads' nanosecond counters
/// (`schedstat`), or the process's user and system ticks (`stat`, which also count threads
/// that have ended, at 10 ms resolution), whichever is larger.
fn cpu_ms(pid: u32) -> anyhow::Result<f64> {
    let mut ns: u64 = 0;
    for task in std::fs::read_dir(format!("/proc/{pid}/task"))? {
        let stat = std::fs::read_to_string(task?.path().join("schedstat"))?;
        ns += stat
            .split_whitespace()
            .next()
            .and_then(|n| n.parse::<u64>().ok())
            .context("an unreadable schedstat")?;
    }
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The fields after the command (which may hold spaces), from the third: utime is the
    // 14th field, stime the 15th.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = fields
        .get(11..13)
        .context("an unreadable stat")?
        .iter()
        .map(|t| t.parse::<u64>().unwrap_or(0))
        .sum();
    // USER_HZ is 100 on Linux.
    Ok((ns as f64 / 1e6).max(ticks as f64 * 10.0))
}

/// The peak resident set of `pid` (`VmHWM`), in KiB.
fn peak_rss_kb(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no VmHWM")
}

/// The Runtime API: the first `next` gets `event`, later ones wait forever; an answer is
/// reported with the time it arrived.
async fn serve(
    listener: TcpListener,
    event: String,
    arn: String,
    seen: mpsc::UnboundedSender<Seen>,
) {
    let handed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    while let Ok((stream, _)) = listener.accept().await {
        let (event, arn, seen, handed) = (event.clone(), arn.clone(), seen.clone(), handed.clone());
        tokio::spawn(async move {
            let _ = connection(stream, &event, &arn, &seen, &handed).await;
        });
    }
}

async fn connection(
    stream: TcpStream,
    event: &str,
    arn: &str,
    seen: &mpsc::UnboundedSender<Seen>,
    handed: &std::sync::atomic::AtomicBool,
) -> anyhow::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    loop {
        let mut line = String::new();
        if read.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let (method, path) = (
            parts.next().unwrap_or_default().to_owned(),
            parts.next().unwrap_or_default().to_owned(),
        );
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            read.read_line(&mut header).await?;
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((k, v)) = header.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        read.read_exact(&mut body).await?;
        let at = Instant::now();
        let (status, headers, reply) = if method == "GET" && path.ends_with("/invocation/next") {
            let _ = seen.send(Seen::Next(at));
            if handed.swap(true, std::sync::atomic::Ordering::SeqCst) {
                // One event per process: the next one never comes.
                std::future::pending::<()>().await;
            }
            let deadline = chrono::Utc::now().timestamp_millis() + 900_000;
            (
                "200 OK",
                format!(
                    "Lambda-Runtime-Aws-Request-Id: bench-1\r\nLambda-Runtime-Deadline-Ms: {deadline}\r\nLambda-Runtime-Invoked-Function-Arn: {arn}\r\nLambda-Runtime-Trace-Id: Root=1-00000000-000000000000000000000000;Sampled=0\r\nContent-Type: application/json\r\n"
                ),
                event.to_owned(),
            )
        } else if method == "POST" && path.ends_with("/response") {
            let answer = serde_json::from_slice(&body).map_err(|e| e.to_string());
            let _ = seen.send(Seen::Answer(at, answer));
            ("202 Accepted", String::new(), "{}".to_owned())
        } else if method == "POST" && path.ends_with("/error") {
            let why = String::from_utf8_lossy(&body).into_owned();
            let _ = seen.send(Seen::Answer(at, Err(why)));
            ("202 Accepted", String::new(), "{}".to_owned())
        } else {
            ("404 Not Found", String::new(), "{}".to_owned())
        };
        let head = format!(
            "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\n\r\n",
            reply.len()
        );
        write.write_all(head.as_bytes()).await?;
        write.write_all(reply.as_bytes()).await?;
        write.flush().await?;
    }
}

/// The six functions, in the order an isolation runs them.
pub const FUNCTIONS: [&str; 6] = [
    "kiriwake-intake",
    "kiriwake-check-user-side",
    "kiriwake-check-aws-side",
    "kiriwake-check-outside-aws",
    "kiriwake-classify",
    "kiriwake-notify",
];

/// Every figure of a bench run.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    /// Per function (and `peer`), one measurement per scenario.
    pub functions: BTreeMap<String, Vec<Measured>>,
    /// Per scenario: the three checks' wall time together, and their slowest check.
    pub isolations: Vec<Isolation>,
    /// Release binary sizes, bytes.
    pub sizes: BTreeMap<String, u64>,
    /// States one execution entered, DynamoDB and SNS calls of one isolation through the
    /// deployed flow (for the cost per incident).
    pub states_per_execution: usize,
    pub calls_per_isolation: BTreeMap<String, u64>,
}

/// One isolation's three checks, run cold and concurrently.
#[derive(Debug, Clone, Serialize)]
pub struct Isolation {
    pub scenario: String,
    /// Incident handed to the three check functions to their last answer.
    pub wall_ms: f64,
    /// The slowest single check (its `duration_ms`).
    pub slowest_check_ms: f64,
    /// What the peer and kiriwake concluded.
    pub verdict: String,
    pub peer_verdict: String,
}

/// Measures every function of `binaries` (`<dir>/<function>/bootstrap`, a release build)
/// and the `peer` command over the five staged scenarios of `flow`.
pub async fn measure(
    flow: &crate::flow::Flow,
    binaries: &std::path::Path,
    peer: &[String],
) -> anyhow::Result<Report> {
    let mut env = flow.function_env.clone();
    // The production time limit per check, not the tests' generous one.
    env.remove("KIRIWAKE_CALL_TIMEOUT_MS");
    // Lambda sets both; boto3 reads only the second.
    env.insert("AWS_DEFAULT_REGION".into(), crate::REGION.into());
    let bootstrap = |f: &str| binaries.join(f).join("bootstrap");
    let command = |f: &str| vec![bootstrap(f).display().to_string()];
    let mut report = Report::default();
    for f in FUNCTIONS {
        let size = std::fs::metadata(bootstrap(f))
            .with_context(|| format!("{f}: no release build under {}", binaries.display()))?
            .len();
        report.sizes.insert(f.to_owned(), size);
    }
    let staged = crate::scenarios::stage(&flow.conf).await?;
    for (i, s) in staged.iter().enumerate() {
        let mut record = |f: &str, m: &Measured| {
            report
                .functions
                .entry(f.to_owned())
                .or_default()
                .push(m.clone());
        };
        let intake = cold_invoke(&command(FUNCTIONS[0]), FUNCTIONS[0], &env, &s.event).await?;
        record(FUNCTIONS[0], &intake);
        let incident = &intake.response;
        let commands = [1, 2, 3].map(|k| command(FUNCTIONS[k]));
        let (a, b, c) = tokio::join!(
            cold_invoke(&commands[0], FUNCTIONS[1], &env, incident),
            cold_invoke(&commands[1], FUNCTIONS[2], &env, incident),
            cold_invoke(&commands[2], FUNCTIONS[3], &env, incident),
        );
        let steps = [a?, b?, c?];
        // The isolation as the state machine runs it: from the first of the three handed
        // the incident to the last answer (the three start together).
        let wall = steps
            .iter()
            .map(|m| m.cold_start_ms + m.invocation_ms)
            .fold(0.0, f64::max)
            - steps
                .iter()
                .map(|m| m.cold_start_ms)
                .fold(f64::INFINITY, f64::min);
        let slowest = steps
            .iter()
            .flat_map(|m| m.response["findings"].as_array().into_iter().flatten())
            .filter_map(|f| f["duration_ms"].as_f64())
            .fold(0.0, f64::max);
        for (f, m) in FUNCTIONS[1..4].iter().zip(&steps) {
            record(f, m);
        }
        let classify_input = serde_json::json!({
            "incident": incident,
            "steps": steps.iter().map(|m| &m.response).collect::<Vec<_>>(),
            "dedupe": {"recorded": true},
        });
        let classify =
            cold_invoke(&command(FUNCTIONS[4]), FUNCTIONS[4], &env, &classify_input).await?;
        record(FUNCTIONS[4], &classify);
        let notify_input = serde_json::json!({
            "execution": format!("arn:aws:states:{}:123456789012:execution:kiriwake-isolation:bench-{i}", crate::REGION),
            "input": classify.response,
        });
        let notify = cold_invoke(&command(FUNCTIONS[5]), FUNCTIONS[5], &env, &notify_input).await?;
        record(FUNCTIONS[5], &notify);
        let peer_run = cold_invoke(peer, "kiriwake-peer", &env, &s.event).await?;
        record("peer", &peer_run);
        report.isolations.push(Isolation {
            scenario: s.name.to_owned(),
            wall_ms: wall,
            slowest_check_ms: slowest,
            verdict: classify.response["verdict"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            peer_verdict: peer_run.response["verdict"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        });
    }
    // One isolation through the deployed flow, a new incident: what it costs besides
    // Lambda (the direct notify calls above opened incidents of their own).
    flow.forget_deliveries().await?;
    flow.calls(true).await?;
    let run = flow.run(&staged[0].event, &[]).await?;
    report.states_per_execution = run.executions.first().map_or(0, |e| e.states.len());
    report.calls_per_isolation = flow.calls(false).await?;
    Ok(report)
}

/// List prices the cost estimate uses (USD, us-east-1, on-demand, November 2026); Lambda on
/// arm64, the template's default architecture.
const LAMBDA_GB_SECOND: f64 = 0.000_013_333_4;
const LAMBDA_REQUEST: f64 = 0.20 / 1e6;
const STATE_TRANSITION: f64 = 0.025 / 1000.0;
const SNS_PUBLISH: f64 = 0.50 / 1e6;
const SNS_EMAIL: f64 = 2.00 / 100_000.0;
const DYNAMODB_WRITE_UNIT: f64 = 0.625 / 1e6;
const DYNAMODB_READ_UNIT: f64 = 0.125 / 1e6;
/// The functions' memory in template.yaml (Globals), and the peer's at the same size.
const MEMORY_GB: f64 = 128.0 / 1024.0;

/// The report as a table: each figure the median of the scenarios with min–max, the
/// targets met or missed, and the cost per 1,000 incidents.
pub fn table(r: &Report) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    let fig = |values: &[f64]| {
        let (median, min, max) = spread(values);
        format!("{median:>8.1} ({min:.1}–{max:.1})")
    };
    let of = |f: &str, pick: fn(&Measured) -> f64| -> Vec<f64> {
        r.functions.get(f).into_iter().flatten().map(pick).collect()
    };
    let runs = r.isolations.len();
    line(format!(
        "== each function cold, once per scenario ({runs} scenarios): median (min–max)"
    ));
    line(format!(
        "{:<28} {:>22} {:>22} {:>22} {:>20} {:>12}",
        "function", "cold start ms", "1st invocation ms", "CPU ms", "peak RSS MiB", "binary MB"
    ));
    let names: Vec<&str> = FUNCTIONS.iter().copied().chain(["peer"]).collect();
    for f in &names {
        let size = r
            .sizes
            .get(*f)
            .map_or_else(|| "-".to_owned(), |b| format!("{:.1}", *b as f64 / 1e6));
        line(format!(
            "{:<28} {:>22} {:>22} {:>22} {:>20} {size:>12}",
            if *f == "peer" {
                "peer (Python, boto3)"
            } else {
                f
            },
            fig(&of(f, |m| m.cold_start_ms)),
            fig(&of(f, |m| m.invocation_ms)),
            fig(&of(f, |m| m.cpu_ms)),
            fig(&of(f, |m| m.peak_rss_kb as f64 / 1024.0)),
        ));
    }
    line(String::new());
    line("== the three checks of one isolation, cold and concurrent".into());
    for i in &r.isolations {
        line(format!(
            "{:<28} wall {:>7.1} ms, slowest check {:>7.1} ms, ratio {:>5.2}   verdict {} (peer: {})",
            i.scenario,
            i.wall_ms,
            i.slowest_check_ms,
            i.wall_ms / i.slowest_check_ms.max(1.0),
            i.verdict,
            i.peer_verdict
        ));
    }

    // kiriwake's isolation is six functions; the peer's one.
    let median = |f: &str, pick: fn(&Measured) -> f64| spread(&of(f, pick)).0;
    let slowest_cold = FUNCTIONS
        .iter()
        .map(|f| median(f, |m| m.cold_start_ms))
        .fold(0.0, f64::max);
    let cpu: f64 = FUNCTIONS.iter().map(|f| median(f, |m| m.cpu_ms)).sum();
    let rss = FUNCTIONS
        .iter()
        .flat_map(|f| of(f, |m| m.peak_rss_kb as f64 / 1024.0))
        .fold(0.0, f64::max);
    let ratio = spread(
        &r.isolations
            .iter()
            .map(|i| i.wall_ms / i.slowest_check_ms.max(1.0))
            .collect::<Vec<_>>(),
    )
    .0;
    let largest = r.sizes.values().copied().max().unwrap_or(0) as f64 / 1e6;
    let (peer_cold, peer_cpu, peer_rss) = (
        median("peer", |m| m.cold_start_ms),
        median("peer", |m| m.cpu_ms),
        median("peer", |m| m.peak_rss_kb as f64 / 1024.0),
    );
    line(String::new());
    line("== targets (kiriwake/peer ratios measured in this run, on this machine)".into());
    let mut target = |what: &str, value: String, met: bool| {
        line(format!(
            "{what:<58} {value:<34} {}",
            if met { "met" } else { "MISSED" }
        ));
    };
    target(
        "cold start (slowest function) ≤ 1/10 of the peer's",
        format!(
            "{slowest_cold:.1} / {peer_cold:.1} ms = {:.3}",
            slowest_cold / peer_cold
        ),
        slowest_cold * 10.0 <= peer_cold,
    );
    target(
        "CPU per isolation (all six functions) ≤ 1/10 of the peer's",
        format!("{cpu:.1} / {peer_cpu:.1} ms = {:.3}", cpu / peer_cpu),
        cpu * 10.0 <= peer_cpu,
    );
    target(
        "peak RSS ≤ 32 MiB per function",
        format!("{rss:.1} MiB (peer {peer_rss:.1} MiB)"),
        rss <= 32.0,
    );
    target(
        "isolation wall ≤ 1.2 × its slowest check (median)",
        format!("{ratio:.2}"),
        ratio <= 1.2,
    );
    target(
        "binaries ≤ 10 MB",
        format!("largest {largest:.1} MB"),
        largest <= 10.0,
    );

    // Cost: every function billed for its start and its first invocation (a 3 a.m. alarm
    // finds no warm function), at the template's 128 MB.
    let calls = |prefix: &str| -> u64 {
        r.calls_per_isolation
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(_, n)| n)
            .sum()
    };
    let billed_s: f64 = FUNCTIONS
        .iter()
        .map(|f| median(f, |m| m.cold_start_ms) + median(f, |m| m.invocation_ms))
        .sum::<f64>()
        / 1000.0;
    let warm_s: f64 = FUNCTIONS
        .iter()
        .map(|f| median(f, |m| m.invocation_ms))
        .sum::<f64>()
        / 1000.0;
    let lambda =
        |s: f64, requests: f64| s * MEMORY_GB * LAMBDA_GB_SECOND + requests * LAMBDA_REQUEST;
    // The store: the Claim state's conditional write, each PutItem one unit; a transaction
    // writes about three items at twice the units; reads one unit each.
    let writes = 1 + calls("dynamodb:PutItem") + 6 * calls("dynamodb:TransactWriteItems");
    let reads = calls("dynamodb:GetItem") + 2 * calls("dynamodb:BatchGetItem");
    let publishes = calls("sns:Publish");
    let sfn = r.states_per_execution as f64 * STATE_TRANSITION;
    let sns = publishes as f64 * SNS_PUBLISH + SNS_EMAIL;
    let store = writes as f64 * DYNAMODB_WRITE_UNIT + reads as f64 * DYNAMODB_READ_UNIT;
    let cold = lambda(billed_s, 6.0);
    let warm = lambda(warm_s, 6.0);
    let peer_s = (peer_cold + median("peer", |m| m.invocation_ms)) / 1000.0;
    let peer = lambda(peer_s, 1.0) + SNS_PUBLISH + SNS_EMAIL;
    line(String::new());
    line("== cost per 1,000 incidents (USD, us-east-1 list prices, 128 MB arm64; not counted: CloudWatch Logs, KMS requests, X-Ray)".into());
    line(format!(
        "Lambda, every function cold ({:.3} s billed)     {:>9.4}   (warm: {:.4})",
        billed_s,
        cold * 1000.0,
        warm * 1000.0
    ));
    line(format!(
        "Step Functions ({} state transitions)             {:>9.4}",
        r.states_per_execution,
        sfn * 1000.0
    ));
    line(format!(
        "SNS ({publishes} publishes, one e-mail delivery)            {:>9.4}",
        sns * 1000.0
    ));
    line(format!(
        "DynamoDB (~{writes} write, ~{reads} read units)                {:>9.4}",
        store * 1000.0
    ));
    line(format!(
        "total                                            {:>9.4}",
        (cold + sfn + sns + store) * 1000.0
    ));
    line(format!(
        "the peer: one Lambda cold ({peer_s:.3} s billed) and SNS {:>9.4}",
        peer * 1000.0
    ));
    out
}

/// Median, minimum and maximum of `values`.
pub fn spread(values: &[f64]) -> (f64, f64, f64) {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let Some((&min, &max)) = v.first().zip(v.last()) else {
        return (f64::NAN, f64::NAN, f64::NAN);
    };
    let mid = v.len() / 2;
    let median = if v.len().is_multiple_of(2) {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    };
    (median, min, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_is_median_min_max() {
        assert_eq!(spread(&[3.0, 1.0, 2.0]), (2.0, 1.0, 3.0));
        assert_eq!(spread(&[4.0, 1.0, 2.0, 3.0]), (2.5, 1.0, 4.0));
        assert!(spread(&[]).0.is_nan());
    }
}
