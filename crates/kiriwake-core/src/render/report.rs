//! Sections shared by every layout, and the `kiriwake` command's flowchart view: each
//! step, each check with ✓ / ✗ / – and why, then the verdict.

use std::fmt::Write as _;

use super::{Budget, truncate_chars};
use crate::classification::Classification;
use crate::config::Lang;
use crate::describe;
use crate::finding::{Finding, Outcome, Step};
use crate::words::Heading;

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
                .map(|ms| (ms, format!("{}{on}", lang.words().check(f.check))))
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
        lang.words().heading(Heading::SlowestChecks),
        slowest.join(", ")
    );
}

pub(crate) fn incident_block(out: &mut String, c: &Classification) {
    let lang = c.lang;
    let w = lang.words();
    let gap = w.label_gap();
    let i = &c.incident;
    let _ = writeln!(out, "kiriwake — {}", w.isolation_title());
    let _ = writeln!(
        out,
        "{}{gap}{}",
        w.heading(Heading::Trigger),
        describe::trigger_line(i, lang)
    );
    let ongoing = w.ongoing_word(i.ongoing);
    let _ = writeln!(
        out,
        "{}{gap}{} ({ongoing})",
        w.heading(Heading::Started),
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
            "{}{gap}{}",
            w.heading(Heading::Resources),
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
        let _ = writeln!(out, "{}", lang.words().step_title(step));
        let in_step: Vec<&Finding> = c.findings.iter().filter(|f| f.step == step).collect();
        if in_step.is_empty() {
            let _ = writeln!(out, "  – {}", lang.words().no_check_applies());
        }
        for f in in_step {
            let _ = writeln!(out, "  {} {}", mark(f), describe::finding_line(f, lang));
            for e in f.evidence.iter().take(budget.evidence_per_finding) {
                let (label, value) = describe::evidence_words(f, e, &c.incident, lang);
                let _ = writeln!(
                    out,
                    "      {label}{}{}",
                    lang.words().inline_colon(),
                    truncate_chars(&value, budget.chars_per_value)
                );
            }
            let hidden = f.evidence.len().saturating_sub(budget.evidence_per_finding);
            if hidden > 0 {
                let _ = writeln!(out, "      {}", lang.words().evidence_omitted(hidden));
            }
        }
    }
}

pub(crate) fn verdict_block(out: &mut String, c: &Classification) {
    let lang = c.lang;
    let w = lang.words();
    let gap = w.label_gap();
    let _ = writeln!(out, "{}{gap}{}", w.heading(Heading::Verdict), c.headline);
    let party = lang.words().party(c.responsible);
    let layer = lang.words().layer(c.layer);
    let _ = writeln!(out, "{}", w.who_must_act_line(party, layer));
    let _ = writeln!(
        out,
        "{}{gap}{}   {}{gap}{}",
        w.heading(Heading::Scope),
        lang.words().scope(c.scope),
        w.heading(Heading::Confidence),
        lang.words().confidence(c.confidence)
    );
}

pub(crate) fn actions_block(out: &mut String, c: &Classification) {
    let _ = writeln!(out, "\n{}", c.lang.words().heading(Heading::NextActions));
    for (n, a) in c.next_actions.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}", n + 1, a.text);
    }
}

pub(crate) fn reasons_block(out: &mut String, c: &Classification) {
    let _ = writeln!(out, "\n{}", c.lang.words().heading(Heading::Why));
    for r in &c.reasons {
        let _ = writeln!(out, "  - {r}");
    }
}

pub(crate) fn unavailable_block(out: &mut String, c: &Classification) {
    if c.unavailable.is_empty() {
        return;
    }
    let lang = c.lang;
    let w = lang.words();
    let _ = writeln!(out, "\n{}", w.heading(Heading::CouldNotCheck));
    for u in &c.unavailable {
        let on = u
            .resource
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  – {}{on}{}{}",
            lang.words().check(u.check),
            w.inline_colon(),
            lang.words().unavailable(u.reason)
        );
    }
}

pub(crate) fn support_block(out: &mut String, s: &crate::support::SupportCaseDraft, lang: Lang) {
    let w = lang.words();
    let gap = w.label_gap();
    let _ = writeln!(out, "\n{}", w.heading(Heading::SupportCaseDraft));
    let _ = writeln!(out, "  {}{gap}{}", w.heading(Heading::Subject), s.subject);
    let _ = writeln!(out, "  {}{gap}{}", w.heading(Heading::Service), s.service);
    let response = match s.expected_first_response {
        Some(r) => w.first_response_within(s.plan.label(lang), &r.text(lang)),
        None => w.no_technical_cases().to_owned(),
    };
    let _ = writeln!(
        out,
        "  {}",
        w.severity_line(s.severity.label(lang), &response)
    );
    for line in s.body.lines() {
        let _ = writeln!(out, "  | {line}");
    }
}
