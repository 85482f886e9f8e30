//! Sections shared by every layout, and the `kiriwake` command's flowchart view: each
//! step, each check with ✓ / ✗ / – and why, then the verdict.

use std::fmt::Write as _;

use super::{Budget, truncate_chars};
use crate::classification::Classification;
use crate::config::Lang;
use crate::describe::{self, check_label, step_title, unavailable_label};
use crate::finding::{Finding, Outcome, Step};

/// The flowchart view for the terminal.
pub fn flowchart(c: &Classification) -> String {
    let lang = c.lang;
    let mut out = String::new();
    incident_block(&mut out, c);
    out.push('\n');
    steps_block(&mut out, c, super::BUDGETS[0]);
    out.push('\n');
    verdict_block(&mut out, c);
    actions_block(&mut out, c);
    reasons_block(&mut out, c);
    timing_block(&mut out, c);
    if let Some(s) = &c.support_case {
        support_block(&mut out, s, lang);
    }
    out
}

/// How many of the slowest checks are named.
const SLOWEST: usize = 3;

/// The slowest live checks, slowest first, with how long each took: what to look at when
/// tuning `KIRIWAKE_CALL_TIMEOUT_MS` (a check cut off by it is under "could not check").
pub(crate) fn timing_block(out: &mut String, c: &Classification) {
    let lang = c.lang;
    let mut timed: Vec<(u64, String)> = c
        .findings
        .iter()
        .filter_map(|f| {
            let on = f
                .resource
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            f.duration_ms
                .map(|ms| (ms, format!("{}{on}", check_label(f.check, lang))))
        })
        .collect();
    if timed.is_empty() {
        return;
    }
    timed.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    // One line per check and resource (one call may answer several checks).
    let mut seen = std::collections::BTreeSet::new();
    let slowest: Vec<String> = timed
        .iter()
        .filter(|(_, what)| seen.insert(what.clone()))
        .take(SLOWEST)
        .map(|(ms, what)| format!("{what} {ms} ms"))
        .collect();
    let _ = writeln!(
        out,
        "\n{} {}",
        lang.pick("Slowest checks:", "時間のかかった確認："),
        slowest.join(", ")
    );
}

pub(crate) fn incident_block(out: &mut String, c: &Classification) {
    let lang = c.lang;
    let i = &c.incident;
    let _ = writeln!(
        out,
        "kiriwake — {}",
        lang.pick("failure isolation", "障害切り分け")
    );
    let _ = writeln!(
        out,
        "{}{}",
        lang.pick("Trigger: ", "トリガー："),
        describe::trigger_line(i, lang)
    );
    let ongoing = lang.pick(
        if i.ongoing { "ongoing" } else { "ended" },
        if i.ongoing { "継続中" } else { "収束" },
    );
    let _ = writeln!(
        out,
        "{}{} ({ongoing})",
        lang.pick("Started: ", "発生時刻："),
        c.started_at_display
    );
    if !i.resources.is_empty() {
        let list: Vec<String> = i
            .resources
            .iter()
            .map(|r| match &r.region {
                Some(region) => format!("{} ({}, {region})", r.id, super::code(&r.kind)),
                None => format!("{} ({})", r.id, super::code(&r.kind)),
            })
            .collect();
        let _ = writeln!(
            out,
            "{}{}",
            lang.pick("Resources: ", "対象リソース："),
            list.join(", ")
        );
    }
}

fn mark(f: &Finding) -> char {
    match f.outcome {
        Outcome::Normal => '✓',
        Outcome::Abnormal { .. } => '✗',
        Outcome::Unavailable { .. } => '–',
    }
}

pub(crate) fn steps_block(out: &mut String, c: &Classification, budget: Budget) {
    let lang = c.lang;
    for step in Step::ALL {
        let _ = writeln!(out, "{}", step_title(step, lang));
        let in_step: Vec<&Finding> = c.findings.iter().filter(|f| f.step == step).collect();
        if in_step.is_empty() {
            let _ = writeln!(
                out,
                "  – {}",
                lang.pick("no check applies", "該当する確認なし")
            );
        }
        for f in in_step {
            let _ = writeln!(out, "  {} {}", mark(f), describe::finding_line(f, lang));
            for e in f.evidence.iter().take(budget.evidence_per_finding) {
                let (label, value) = describe::evidence_words(f, e, &c.incident, lang);
                let _ = writeln!(
                    out,
                    "      {label}: {}",
                    truncate_chars(&value, budget.chars_per_value)
                );
            }
            let hidden = f.evidence.len().saturating_sub(budget.evidence_per_finding);
            if hidden > 0 {
                let _ = writeln!(
                    out,
                    "      {}",
                    lang.pick(
                        format!("(+{hidden} more evidence lines omitted to fit)"),
                        format!("（ほか{hidden}行の証拠は容量制限のため省略）")
                    )
                );
            }
        }
    }
}

pub(crate) fn verdict_block(out: &mut String, c: &Classification) {
    let lang = c.lang;
    let _ = writeln!(out, "{}{}", lang.pick("Verdict: ", "判定："), c.headline);
    let party = describe::party_label(c.responsible, lang);
    let layer = describe::layer_label(c.layer, lang);
    let line = lang.pick(
        format!("Who must act: {party}  (layer: {layer})"),
        format!("対応すべき主体：{party}（レイヤー：{layer}）"),
    );
    let _ = writeln!(out, "{line}");
    let _ = writeln!(
        out,
        "{}{}   {}{}",
        lang.pick("Scope: ", "影響範囲："),
        describe::scope_label(c.scope, lang),
        lang.pick("Confidence: ", "確度："),
        describe::confidence_label(c.confidence, lang)
    );
}

pub(crate) fn actions_block(out: &mut String, c: &Classification) {
    let _ = writeln!(out, "\n{}", c.lang.pick("Next actions:", "次にやること："));
    for (n, a) in c.next_actions.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}", n + 1, a.text);
    }
}

pub(crate) fn reasons_block(out: &mut String, c: &Classification) {
    let _ = writeln!(out, "\n{}", c.lang.pick("Why:", "判定理由："));
    for r in &c.reasons {
        let _ = writeln!(out, "  - {r}");
    }
}

pub(crate) fn unavailable_block(out: &mut String, c: &Classification) {
    if c.unavailable.is_empty() {
        return;
    }
    let lang = c.lang;
    let _ = writeln!(
        out,
        "\n{}",
        lang.pick("Could not check:", "確認できなかった項目：")
    );
    for u in &c.unavailable {
        let on = u
            .resource
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  – {}{on}{}{}",
            check_label(u.check, lang),
            lang.pick(": ", "："),
            unavailable_label(u.reason, lang)
        );
    }
}

pub(crate) fn support_block(out: &mut String, s: &crate::support::SupportCaseDraft, lang: Lang) {
    let _ = writeln!(
        out,
        "\n{}",
        lang.pick(
            "AWS Support case draft (open it on the web):",
            "AWSサポートケースの下書き（Webから起票）："
        )
    );
    let _ = writeln!(out, "  {}{}", lang.pick("Subject: ", "件名："), s.subject);
    let _ = writeln!(
        out,
        "  {}{}",
        lang.pick("Service: ", "サービス："),
        s.service
    );
    let plan = s.plan.label(lang);
    let response = match s.expected_first_response {
        Some(r) => lang.pick(
            format!("{plan} plan: first response within {}", r.text(lang)),
            format!("{plan}プラン：初回応答目標 {} 以内", r.text(lang)),
        ),
        None => lang.pick(
            "Basic plan: technical cases cannot be opened".into(),
            "ベーシックプラン：技術サポートケースは起票できません".into(),
        ),
    };
    let severity = s.severity.label(lang);
    let line = lang.pick(
        format!("Severity: {severity} ({response})"),
        format!("重要度：{severity}（{response}）"),
    );
    let _ = writeln!(out, "  {line}");
    for line in s.body.lines() {
        let _ = writeln!(out, "  | {line}");
    }
}
