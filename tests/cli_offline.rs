//! The `kiriwake` command end to end: every console test event, every output, and the
//! exit codes scripts rely on.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn kiriwake(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kiriwake"))
        .args(args)
        .current_dir(root())
        .env_remove("KIRIWAKE_LANG")
        .env_remove("KIRIWAKE_SUPPORT_PLAN")
        .env_remove("KIRIWAKE_TIME_ZONE")
        .env_remove("KIRIWAKE_TZ_LABEL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kiriwake runs");
    let mut pipe = child.stdin.take().expect("stdin");
    if let Some(bytes) = stdin {
        // A closed pipe is fine: the command may stop reading at its size limit.
        let _ = pipe.write_all(bytes);
    }
    drop(pipe);
    child.wait_with_output().expect("kiriwake exits")
}

fn event_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("events"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_event_classifies_as_json_with_the_documented_keys() {
    let verdicts = [
        "aws_side",
        "instance",
        "application",
        "outside_aws",
        "watch",
        "inconclusive",
        "recovered",
    ];
    let parties = ["aws", "customer", "outside", "unknown"];
    let kinds = ["health", "alarm", "ec2_state", "rds_event", "manual"];
    for file in event_files() {
        let path = format!("events/{file}");
        let out = kiriwake(
            &["isolate", "--event", &path, "--offline", "--output", "json"],
            None,
        );
        assert!(
            out.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(verdicts.contains(&v["verdict"].as_str().unwrap()), "{file}");
        assert!(
            parties.contains(&v["responsible"].as_str().unwrap()),
            "{file}"
        );
        assert!(
            v["scope"].is_string() && v["confidence"].is_string(),
            "{file}"
        );
        assert!(
            kinds.contains(&v["incident"]["trigger"]["kind"].as_str().unwrap()),
            "{file}"
        );
        assert!(
            v["incident"]["resources"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["id"].is_string()),
            "{file}"
        );
        assert!(
            v["findings"].is_array() && v["unavailable"].is_array(),
            "{file}"
        );
        assert!(!v["next_actions"].as_array().unwrap().is_empty(), "{file}");
        assert_eq!(
            v["support_case"].is_object(),
            v["verdict"] == "aws_side",
            "{file}"
        );
        let live = v["unavailable"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| u["check"] != "trigger_event");
        assert!(
            live.clone().count() > 0,
            "{file}: offline lists the checks not run"
        );
        assert!(
            live.into_iter().all(|u| u["reason"] == "not_run"),
            "{file}: offline runs no live check"
        );
    }
}

#[test]
fn text_output_reads_like_the_flowchart() {
    let out = kiriwake(
        &[
            "isolate",
            "--event",
            "events/rds-storage-full.json",
            "--offline",
        ],
        None,
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Step 1  User side"));
    assert!(text.contains("✗ the alarm / event itself: the DB instance status is storage-full"));
    assert!(text.contains("– DB instance status (orders-db): could not check — not run (offline)"));
    assert!(text.contains(
        "Verdict: Instance (OS, resources): DB instance storage-full — orders-db (ap-northeast-1)"
    ));
    assert!(text.contains("Who must act: You (the customer)"));
}

#[test]
fn japanese_email_and_chat_outputs() {
    let out = kiriwake(
        &[
            "isolate",
            "--event",
            "events/health-ec2-instance-retirement-scheduled.json",
            "--offline",
            "--lang",
            "ja",
            "--output",
            "email",
        ],
        None,
    );
    assert!(out.status.success());
    let email = String::from_utf8(out.stdout).unwrap();
    let subject = email.lines().next().unwrap();
    assert!(
        subject.starts_with("Subject: [kiriwake] AWS side: ") && subject.is_ascii(),
        "{subject}"
    );
    assert!(email.contains("判定：AWS側の問題"));
    assert!(
        email.contains("2026-12-09"),
        "the retirement date is in the actions"
    );

    let out = kiriwake(
        &[
            "isolate",
            "--event",
            "events/alarm-vpn-tunnel-down.json",
            "--offline",
            "--output",
            "chat",
        ],
        None,
    );
    let chat: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(chat["source"], "custom");
    assert_eq!(
        chat["metadata"]["additionalContext"]["verdict"],
        "outside_aws"
    );
}

#[test]
fn stdin_and_configuration_from_flags() {
    let out = kiriwake(
        &[
            "isolate",
            "--event",
            "-",
            "--offline",
            "--output",
            "json",
            "--support-plan",
            "enterprise",
            "--time-zone",
            "+09:00",
            "--tz-label",
            "JST",
        ],
        Some(
            std::fs::read(root().join("events/alarm-ec2-system-status-check-failed.json"))
                .unwrap()
                .as_slice(),
        ),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["support_case"]["plan"], "enterprise");
    assert!(
        v["support_case"]["started_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-25 10:05:12 JST (UTC+09:00)")
    );
}

/// Arguments, standard input, and what stderr must say.
type Case<'a> = (Vec<&'a str>, Option<&'a [u8]>, &'a str);

#[test]
fn bad_input_exits_2_with_one_line_naming_the_problem() {
    let dir = std::env::temp_dir().join(format!("kiriwake-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let oversized = dir.join("big.json");
    std::fs::write(
        &oversized,
        format!(r#"{{"resource":"i-1","note":"{}"}}"#, "x".repeat(300_000)),
    )
    .unwrap();
    let oversized = oversized.to_string_lossy().into_owned();
    let cases: Vec<Case<'_>> = vec![
        (vec!["isolate", "--event", "-", "--offline"], Some(b"{oops"), "not valid JSON"),
        (vec!["isolate", "--event", "-", "--offline"], Some(br#"{"source":"aws.s3","detail-type":"Object Created","id":"1"}"#), "unsupported event"),
        (vec!["isolate", "--event", "-", "--offline"], Some(br#"{"source":"aws.ec2","detail-type":"EC2 Instance State-change Notification","id":"1","detail":{"state":"stopped"}}"#), "missing field `detail.instance-id`"),
        (vec!["isolate", "--event", "events/does-not-exist.json", "--offline"], None, "cannot read events/does-not-exist.json"),
        (vec!["isolate", "--event", &oversized, "--offline"], None, "the largest accepted is 262144 bytes"),
        (vec!["isolate", "--event", "events/manual-ec2-instance.json", "--offline", "--support-plan", "gold"], None, "invalid support plan \"gold\""),
    ];
    for (args, stdin, want) in cases {
        let out = kiriwake(&args, stdin);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(
            stderr.trim_end().lines().count(),
            1,
            "{args:?}: one line, got {stderr:?}"
        );
        assert!(
            stderr.contains(want),
            "{args:?}: {stderr:?} should contain {want:?}"
        );
        assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_exit_2() {
    let out = kiriwake(
        &[
            "isolate",
            "--event",
            "events/manual-ec2-instance.json",
            "--chat-topic",
            "arn:aws:sns:ap-northeast-1:123456789012:chat",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--notify"),
        "--chat-topic needs --notify"
    );
    let out = kiriwake(
        &[
            "isolate",
            "--event",
            "events/manual-ec2-instance.json",
            "--offline",
            "--notify",
            "arn:aws:sns:x",
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "--notify cannot publish an offline run"
    );
}

#[test]
fn redact_prints_what_would_leave_the_account() {
    let input = "ok line 1\npassword = hunter2 for app\nAKIAIOSFODNN7EXAMPLE used\r\nこんにちは i-0a1b2c3d4e5f67890\n";
    let out = kiriwake(&["redact"], Some(input.as_bytes()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "ok line 1\npassword = [REDACTED] for app\n[REDACTED-KEY] used\nこんにちは i-0a1b2c3d4e5f67890\n"
    );
}

#[test]
fn the_language_is_read_as_the_functions_read_it() {
    // KIRIWAKE_LANG values the functions accept, the command accepts too.
    for lang in ["ja", "JA", "Japanese", " jp "] {
        let out = kiriwake(
            &[
                "isolate",
                "--event",
                "events/health-ec2-instance-retirement-scheduled.json",
                "--offline",
                "--lang",
                lang,
            ],
            None,
        );
        assert!(
            out.status.success(),
            "{lang}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8(out.stdout).unwrap().contains("判定"),
            "{lang}"
        );
    }
    let out = kiriwake(
        &[
            "isolate",
            "--event",
            "events/alarm-ok-recovered.json",
            "--offline",
            "--lang",
            "fr",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("expected en or ja"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
