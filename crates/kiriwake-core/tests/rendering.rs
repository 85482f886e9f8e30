//! The email, the chat notification and the flowchart, in English and Japanese: what a
//! person reads must say where the fault is, who acts, and what to do, in their language.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::{TimeZone, Utc};
use common::english_runs;
use kiriwake_core::render::{SNS_MESSAGE_LIMIT, flowchart, notification};
use kiriwake_core::{
    Check, Classification, Config, Finding, Lang, SupportPlan, Symptom, classify, intake, plan,
};
use serde_json::Value;

fn classify_event(file: &str, config: &Config, extra: Vec<Finding>) -> Classification {
    let path = format!("{}/../../events/{file}", env!("CARGO_MANIFEST_DIR"));
    let incident = intake(
        &std::fs::read(path).unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap(),
    )
    .unwrap();
    let mut findings = plan::offline_findings(&incident);
    findings.extend(extra);
    classify(incident, findings, config)
}

fn system_check_failed(lang: Lang) -> Classification {
    classify_event(
        "alarm-ec2-system-status-check-failed.json",
        &Config::for_lang(lang),
        vec![],
    )
}

#[test]
fn english_email_states_verdict_owner_actions_and_support_case() {
    let n = notification(&system_check_failed(Lang::En));
    assert_eq!(
        n.subject,
        "[kiriwake] AWS side: system status check failed - i-0a1b2c3d4e5f67890 (ap-northeast-1)"
    );
    for want in [
        "Verdict: AWS side: system status check failed — i-0a1b2c3d4e5f67890 (ap-northeast-1)",
        "Who must act: AWS (contact AWS Support)",
        "Scope: one resource",
        "Next actions:",
        "stop and start it",
        "AWS Support case draft (open it on the web):",
        "Severity: Production system impaired (Business plan: first response within 4 hours)",
        "Started: 2026-11-25 01:05:12 UTC",
        "Could not check:",
        "Step 2  AWS side: system status, scheduled events, AWS Health",
    ] {
        assert!(n.body.contains(want), "missing {want:?} in:\n{}", n.body);
    }
    // The verdict and the actions come before the evidence.
    assert!(n.body.find("Next actions:") < n.body.find("Step 1"));
}

#[test]
fn japanese_email_is_complete_and_natural() {
    let c = system_check_failed(Lang::Ja);
    let n = notification(&c);
    assert!(
        n.subject.is_ascii(),
        "SNS subjects must be ASCII even for Japanese"
    );
    assert!(
        n.title
            .starts_with("[kiriwake] AWS側の問題：システムステータスチェック失敗"),
        "{}",
        n.title
    );
    for want in [
        "判定：AWS側の問題：システムステータスチェック失敗 — i-0a1b2c3d4e5f67890 (ap-northeast-1)",
        "対応すべき主体：AWS（AWSサポートへ連絡）",
        "影響範囲：単一リソース",
        "次にやること：",
        "停止→起動",
        "AWSサポートケースの下書き（Webから起票）：",
        "重要度：本番システムの障害（ビジネスプラン：初回応答目標 4時間 以内）",
        "発生時刻：2026-11-25 10:05:12 JST (UTC+09:00) / 2026-11-25 01:05:12 UTC",
        "確認できなかった項目：",
        "ステップ2  AWS側：システムステータス、スケジュールされたイベント、AWS Health",
        "解決したい問題：",
    ] {
        assert!(n.body.contains(want), "missing {want:?} in:\n{}", n.body);
    }
    // No English sentence leaks into the Japanese actions and reasons.
    for text in c.next_actions.iter().map(|a| &a.text).chain(&c.reasons) {
        assert!(
            !text.contains(" the "),
            "English in Japanese output: {text}"
        );
    }
}

#[test]
fn both_languages_cover_every_event() {
    let dir = format!("{}/../../events", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(dir).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !file.ends_with(".json") {
            continue;
        }
        let en = notification(&classify_event(&file, &Config::for_lang(Lang::En), vec![]));
        let ja = notification(&classify_event(&file, &Config::for_lang(Lang::Ja), vec![]));
        assert!(
            en.body.contains("Verdict: ") && en.body.contains("Next actions:"),
            "{file}"
        );
        assert!(
            ja.body.contains("判定：") && ja.body.contains("次にやること："),
            "{file}"
        );
        assert_eq!(
            en.subject, ja.subject,
            "{file}: the ASCII subject is the same in both"
        );
        assert!(
            en.subject.len() < 100 && en.subject.is_ascii(),
            "{file}: {}",
            en.subject
        );
        assert!(ja.title.chars().count() <= 100, "{file}");
        assert_ne!(en.body, ja.body, "{file}");
    }
}

#[test]
fn chat_notification_follows_the_custom_notification_format() {
    let c = system_check_failed(Lang::En);
    let chat: Value = serde_json::from_str(&notification(&c).chat).unwrap();
    assert_eq!(chat["version"], "1.0");
    assert_eq!(chat["source"], "custom");
    assert_eq!(chat["content"]["textType"], "client-markdown");
    assert!(
        chat["content"]["title"]
            .as_str()
            .unwrap()
            .contains("AWS side")
    );
    let steps: Vec<&str> = chat["content"]["nextSteps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let actions: Vec<&str> = c.next_actions.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(steps, actions);
    assert_eq!(
        chat["metadata"]["threadId"],
        "arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:web-1-StatusCheckFailed_System"
    );
    assert_eq!(chat["metadata"]["eventType"], "kiriwake.aws_side");
    assert_eq!(chat["metadata"]["additionalContext"]["responsible"], "aws");
    assert_eq!(
        chat["metadata"]["relatedResources"][0],
        "i-0a1b2c3d4e5f67890"
    );

    let ja: Value =
        serde_json::from_str(&notification(&system_check_failed(Lang::Ja)).chat).unwrap();
    assert!(
        ja["content"]["description"]
            .as_str()
            .unwrap()
            .contains("対応すべき主体")
    );
}

#[test]
fn oversized_evidence_is_cut_never_the_verdict_or_actions() {
    let huge: Vec<String> = (0..400)
        .map(|i| format!("ERROR {i}: {}", "障害".repeat(600)))
        .collect();
    let mut finding = Finding::abnormal(
        Check::ApplicationLogs,
        Some("i-0a1b2c3d4e5f67890"),
        Symptom::LogErrors {
            count: 400,
            samples: huge.clone(),
        },
    );
    for line in &huge {
        finding = finding.with_evidence("log line", line.clone());
    }
    let c = classify_event(
        "manual-ec2-instance.json",
        &Config::for_lang(Lang::Ja),
        vec![finding],
    );
    let n = notification(&c);
    assert!(n.body.len() <= SNS_MESSAGE_LIMIT, "{} bytes", n.body.len());
    assert!(n.body.contains("判定：アプリケーションの問題"));
    for a in &c.next_actions {
        assert!(n.body.contains(&a.text), "action cut: {}", a.text);
    }
    assert!(
        n.body.contains("容量制限のため省略"),
        "says evidence was omitted"
    );
    assert!(n.chat.len() <= SNS_MESSAGE_LIMIT);
}

#[test]
fn the_flowchart_reads_step_by_step_then_the_verdict() {
    let c = classify_event(
        "manual-ec2-instance.json",
        &Config::default(),
        vec![
            Finding::normal(Check::SystemStatus, Some("i-0a1b2c3d4e5f67890")),
            Finding::abnormal(
                Check::InstanceStatus,
                Some("i-0a1b2c3d4e5f67890"),
                Symptom::InstanceStatusImpaired { since: None },
            ),
        ],
    );
    let text = flowchart(&c);
    let step1 = text.find("Step 1").unwrap();
    let step2 = text.find("Step 2").unwrap();
    let step3 = text.find("Step 3").unwrap();
    let verdict = text.find("Verdict:").unwrap();
    assert!(step1 < step2 && step2 < step3 && step3 < verdict);
    assert!(text.contains(
        "✗ instance status check (i-0a1b2c3d4e5f67890): the EC2 instance status check failed"
    ));
    assert!(text.contains("✓ system status check (i-0a1b2c3d4e5f67890): normal"));
    assert!(text.contains("– OS logs (i-0a1b2c3d4e5f67890): could not check — not run (offline)"));
}

#[test]
fn support_case_follows_the_plan() {
    let mut config = Config::for_lang(Lang::En);
    config.support_plan = SupportPlan::Basic;
    let c = classify_event("alarm-ec2-system-status-check-failed.json", &config, vec![]);
    let draft = c.support_case.as_ref().unwrap();
    assert!(!draft.can_open_technical_case);
    assert_eq!(draft.expected_first_response, None);
    assert_eq!(
        c.next_actions[0].code, "check_health_dashboard",
        "Basic cannot open a case; say what it can do"
    );

    config.support_plan = SupportPlan::Enterprise;
    let c = classify_event("health-ec2-operational-issue-public.json", &config, vec![]);
    let draft = c.support_case.as_ref().unwrap();
    assert_eq!(
        draft.severity,
        kiriwake_core::Severity::BusinessCriticalSystemDown,
        "region-wide and ongoing"
    );
    assert_eq!(
        draft.expected_first_response.unwrap().text(Lang::En),
        "15 minutes"
    );
    assert!(draft.body.contains("Started: 2026-11-25 00:40:00 UTC"));
    assert!(draft.body.contains("Still ongoing: yes"));
    assert!(
        draft
            .body
            .contains("arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE")
    );
}

#[test]
fn the_slowest_checks_are_named_with_their_time() {
    const EC2: &str = "i-0a1b2c3d4e5f67890";
    let timed = |check, ms| Finding {
        duration_ms: Some(ms),
        ..Finding::normal(check, Some(EC2))
    };
    let live = vec![
        timed(Check::InstanceStatus, 120),
        // One call answered both: the same time.
        timed(Check::AttachedEbsStatus, 120),
        timed(Check::ResourceUsage, 1_840),
        timed(Check::OsLogs, 960),
        timed(Check::SystemStatus, 75),
    ];
    for (lang, want, label) in [
        (
            Lang::En,
            "Slowest checks: resource usage (CloudWatch metrics) (i-0a1b2c3d4e5f67890) 1840 ms, OS logs (i-0a1b2c3d4e5f67890) 960 ms, ",
            "Slowest checks:",
        ),
        (Lang::Ja, "時間のかかった確認：", "時間のかかった確認："),
    ] {
        let c = classify_event(
            "alarm-ec2-system-status-check-failed.json",
            &Config::for_lang(lang),
            live.clone(),
        );
        let email = notification(&c).body;
        let text = flowchart(&c);
        for out in [&email, &text] {
            let line = out
                .lines()
                .find(|l| l.starts_with(label))
                .unwrap_or_else(|| panic!("{lang:?}: no line {label}\n{out}"));
            assert!(line.starts_with(want), "{lang:?}: {line}");
            // Three, slowest first; the system status check (75 ms) is not among them.
            assert_eq!(line.matches(" ms").count(), 3, "{line}");
            assert!(!line.contains("75 ms"), "{line}");
        }
    }
    // The trigger's own evidence took no check: nothing to name.
    let offline = system_check_failed(Lang::En);
    assert!(!notification(&offline).body.contains("Slowest checks"));
}

#[test]
fn the_trigger_line_is_japanese_in_japanese_and_intakes_summary_in_english() {
    let dir = format!("{}/../../events", env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let incident = intake(
            &std::fs::read(&path).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap(),
        )
        .unwrap();
        assert_eq!(
            kiriwake_core::trigger_line(&incident, Lang::En),
            incident.summary
        );
        let ja = kiriwake_core::trigger_line(&incident, Lang::Ja);
        // AWS's own words (an RDS message) and a person's note stay as they were written.
        let mut theirs = ja.clone();
        match &incident.trigger {
            kiriwake_core::incident::Trigger::RdsEvent(r) => {
                theirs = theirs.replace(&r.message, "")
            }
            kiriwake_core::incident::Trigger::Manual(m) => {
                if let Some(note) = &m.note {
                    theirs = theirs.replace(note.as_str(), "");
                }
            }
            _ => {}
        }
        let english = english_runs(&theirs);
        if !english.is_empty() || !ja.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)) {
            problems.push(format!("{}: {ja} ({english:?})", path.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The check itself finds what it should.
    assert!(!english_runs("CloudWatch alarm \"x y z\" is ALARM on i-0123").is_empty());
    assert!(
        english_runs("CloudWatchアラーム「x y z」が ALARM（StatusCheckFailed）：i-0123").is_empty()
    );
}
