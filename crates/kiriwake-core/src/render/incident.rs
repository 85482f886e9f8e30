//! Notifications of an incident's life: opened, updated, recovered. Each carries the
//! incident's short id in the subject and title, and the chat notification uses it as the
//! thread, so one outage is one thread in Slack or Teams.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{Notification, SNS_MESSAGE_LIMIT, code, notification, truncate_chars};
use crate::classification::Classification;
use crate::config::Lang;
use crate::describe::verdict_ascii;
use crate::lifecycle::{MAX_JOINED_LINES, Notice, NoticeKind, Picture, Summary};
use crate::words::{Heading, IncidentChange, Recovery};

/// The notification of `notice` (which must have a kind), with the classification of the
/// trigger behind it when there is one (a deferred update has none: it tells what joined).
pub fn incident_notification(
    notice: &Notice,
    kind: NoticeKind,
    c: Option<&Classification>,
    now: DateTime<Utc>,
    lang: Lang,
) -> Notification {
    let s = &notice.summary;
    let id = &s.incident;
    let p = &s.picture;
    let minutes = (now - s.opened_at).num_minutes().max(0);
    let w = lang.words();
    // The subjects are ASCII for SNS: in `Lang::SUBJECT` whatever the language; the
    // titles are in the notification's language.
    let (subject, title) = match kind {
        NoticeKind::Opened => (
            match c {
                Some(c) => {
                    notification(c)
                        .subject
                        .replacen("[kiriwake]", &format!("[kiriwake {id}]"), 1)
                }
                None => format!("[kiriwake {id}] Opened: {}", verdict_ascii(p.verdict)),
            },
            format!(
                "[kiriwake {id}] {}",
                w.incident_opened(&c.map_or_else(
                    || lang.words().verdict(p.verdict).to_owned(),
                    |c| c.headline.clone()
                ))
            ),
        ),
        NoticeKind::Updated => (
            format!(
                "[kiriwake {id}] Updated: {} - {} resource(s) affected, {}",
                verdict_ascii(p.verdict),
                p.resources,
                Lang::SUBJECT.words().scope(p.scope)
            ),
            format!(
                "[kiriwake {id}] {}",
                w.incident_updated(
                    lang.words().verdict(p.verdict),
                    lang.words().scope(p.scope),
                    p.resources
                )
            ),
        ),
        NoticeKind::Recovered => (
            format!(
                "[kiriwake {id}] Recovered: all {} back to normal after {minutes} min",
                s.members
            ),
            format!(
                "[kiriwake {id}] {}",
                w.incident_recovered(
                    if s.gone > 0 {
                        Recovery::SomeGone {
                            members: s.members,
                            gone: s.gone,
                        }
                    } else {
                        Recovery::AllNormal { members: s.members }
                    },
                    minutes
                )
            ),
        ),
    };
    let subject = super::email::ascii_subject(&subject);
    let title = truncate_chars(&title, 100);
    let block = incident_block(s, kind, minutes, lang);
    let (body, chat) = match c {
        Some(c) => {
            let n = notification(c);
            let rest = w.heading(Heading::TriggerBehind);
            let body = format!("{title}\n\n{block}\n{rest}\n\n{}", n.body);
            (body, thread_chat(&n.chat, id, kind, &title, &block))
        }
        None => {
            let body = format!("{title}\n\n{block}");
            (body, summary_chat(s, kind, &title, &block))
        }
    };
    Notification {
        subject,
        title,
        body: super::truncate_bytes(&body, SNS_MESSAGE_LIMIT).to_owned(),
        chat,
    }
}

/// The incident, in a few lines: members, the picture, what changed, what joined.
fn incident_block(s: &Summary, kind: NoticeKind, minutes: i64, lang: Lang) -> String {
    let w = lang.words();
    let mut out = String::new();
    out.push_str(&w.incident_state(&s.incident, kind, minutes));
    out.push('\n');
    out.push_str(&w.incident_members(s.members, s.firing, s.triggers));
    out.push('\n');
    match (&s.before, kind) {
        // What it was, not what is left: every member is back to normal.
        (Some(before), NoticeKind::Recovered) => {
            out.push_str(w.heading(Heading::UntilRecovery));
            out.push_str(w.label_gap());
            picture_lines(&mut out, before, lang);
        }
        _ => picture_lines(&mut out, &s.picture, lang),
    }
    if let Some(before) = &s.before {
        let mut changes = Vec::new();
        if before.verdict != s.picture.verdict {
            changes.push(format!(
                "{} {} → {}",
                w.incident_change(IncidentChange::Verdict),
                lang.words().verdict(before.verdict),
                lang.words().verdict(s.picture.verdict)
            ));
        }
        if before.scope != s.picture.scope {
            changes.push(format!(
                "{} {} → {}",
                w.incident_change(IncidentChange::Scope),
                lang.words().scope(before.scope),
                lang.words().scope(s.picture.scope)
            ));
        }
        if before.responsible != s.picture.responsible {
            changes.push(format!(
                "{} {} → {}",
                w.incident_change(IncidentChange::WhoMustAct),
                lang.words().party(before.responsible),
                lang.words().party(s.picture.responsible)
            ));
        }
        let new_kinds: Vec<String> = s
            .picture
            .kinds
            .difference(&before.kinds)
            .map(code)
            .collect();
        if !new_kinds.is_empty() {
            changes.push(format!(
                "{} {}",
                w.incident_change(IncidentChange::NewKind),
                new_kinds.join(", ")
            ));
        }
        if !changes.is_empty() && kind == NoticeKind::Updated {
            out.push_str(w.heading(Heading::Changed));
            out.push_str(w.label_gap());
            out.push_str(&changes.join(w.changes_separator()));
            out.push('\n');
        }
    }
    if !s.joined.is_empty() {
        out.push_str(w.heading(Heading::SinceLastNotification));
        out.push('\n');
        list(&mut out, &s.joined, s.joined_omitted, lang);
    }
    if kind != NoticeKind::Recovered && !s.still_firing.is_empty() {
        out.push_str(w.heading(Heading::StillFailing));
        out.push('\n');
        let more = s.firing.saturating_sub(s.still_firing.len());
        list(&mut out, &s.still_firing, more, lang);
    }
    out
}

fn picture_lines(out: &mut String, p: &Picture, lang: Lang) {
    out.push_str(&lang.words().picture_line(
        lang.words().verdict(p.verdict),
        lang.words().scope(p.scope),
        lang.words().party(p.responsible),
    ));
    out.push('\n');
}

fn list(out: &mut String, lines: &[String], more: usize, lang: Lang) {
    for l in lines.iter().take(MAX_JOINED_LINES) {
        out.push_str(&format!("  - {l}\n"));
    }
    if more > 0 {
        out.push_str(&format!("  {}\n", lang.words().more_listed(more)));
    }
}

/// The trigger's chat notification, made part of the incident's thread.
fn thread_chat(chat: &str, id: &str, kind: NoticeKind, title: &str, block: &str) -> String {
    let Ok(mut doc) = serde_json::from_str::<Value>(chat) else {
        return chat.to_owned();
    };
    doc["content"]["title"] = Value::from(truncate_chars(title, 250));
    let description = doc["content"]["description"].as_str().unwrap_or_default();
    doc["content"]["description"] =
        Value::from(truncate_chars(&format!("{block}\n{description}"), 3_500));
    doc["metadata"]["threadId"] = Value::from(id);
    doc["metadata"]["additionalContext"]["incident_id"] = Value::from(id);
    doc["metadata"]["additionalContext"]["kind"] = Value::from(kind.code());
    doc.to_string()
}

/// A chat notification from the incident alone (a deferred update).
fn summary_chat(s: &Summary, kind: NoticeKind, title: &str, block: &str) -> String {
    serde_json::json!({
        "version": "1.0",
        "source": "custom",
        "id": format!("{}-{}", s.incident, kind.code()),
        "content": {
            "textType": "client-markdown",
            "title": truncate_chars(title, 250),
            "description": truncate_chars(block, 3_500),
            "keywords": [code(&s.picture.verdict), code(&s.picture.scope), s.incident.clone()],
        },
        "metadata": {
            "threadId": s.incident,
            "summary": truncate_chars(title, 250),
            "eventType": format!("kiriwake.{}", code(&s.picture.verdict)),
            "additionalContext": {
                "incident_id": s.incident,
                "kind": kind.code(),
                "verdict": code(&s.picture.verdict),
                "scope": code(&s.picture.scope),
                "responsible": code(&s.picture.responsible),
            },
        },
    })
    .to_string()
}
