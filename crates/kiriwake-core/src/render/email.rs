//! The email: an ASCII subject SNS accepts, a localized title, and a body that leads with
//! the verdict and the next actions.

use serde::{Deserialize, Serialize};

use super::report::{
    actions_block, incident_block, reasons_block, steps_block, support_block, timing_block,
    unavailable_block, verdict_block,
};
use super::{EVENT_EXCERPT_CHARS, SNS_MESSAGE_LIMIT, chat_notification, fit, truncate_chars};
use crate::classification::Classification;
use crate::describe::{target_words, verdict_ascii};

/// Everything the notifier publishes for one classification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    /// For SNS `Subject`: ASCII only, no line breaks, under 100 characters.
    pub subject: String,
    /// The subject in the configured language (chat title, first line of the body).
    pub title: String,
    /// The email body, within SNS's 256 KiB.
    pub body: String,
    /// The Amazon Q Developer in chat applications custom notification (JSON text).
    pub chat: String,
}

/// Everything one classification is told with: the ASCII subject, the title, the e-mail body
/// (cut to SNS's message limit, with a note saying so) and the chat notification.
pub fn notification(c: &Classification) -> Notification {
    let lang = c.lang;
    // SNS takes ASCII subjects only: the subject is in `Lang::SUBJECT` whatever the
    // notification's language.
    let subject = ascii_subject(&format!(
        "[kiriwake] {}: {} - {}",
        verdict_ascii(c.verdict),
        crate::config::Lang::SUBJECT.words().cause(&c.cause),
        target_words(&c.incident, crate::config::Lang::SUBJECT)
    ));
    let title = truncate_chars(&format!("[kiriwake] {}", c.headline), 100);
    let note = lang.words().evidence_truncated();
    let body = fit(
        SNS_MESSAGE_LIMIT,
        |budget| {
            let mut out = String::new();
            out.push_str(&title);
            out.push_str("\n\n");
            verdict_block(&mut out, c);
            actions_block(&mut out, c);
            if let Some(s) = &c.support_case {
                support_block(&mut out, s, lang);
            }
            reasons_block(&mut out, c);
            unavailable_block(&mut out, c);
            timing_block(&mut out, c);
            out.push('\n');
            incident_block(&mut out, c);
            out.push('\n');
            steps_block(&mut out, c, budget);
            out
        },
        note,
    );
    Notification {
        subject,
        title,
        chat: chat_notification(c),
        body,
    }
}

/// SNS subjects must be ASCII, start with a letter, number or punctuation mark, carry no
/// line breaks or control characters, and be under 100 characters.
pub(crate) fn ascii_subject(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .map(|ch| {
            if ch.is_ascii() && !ch.is_ascii_control() {
                ch
            } else if ch == '—' {
                '-'
            } else {
                '?'
            }
        })
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.len() <= 99 {
        return cleaned.to_owned();
    }
    format!("{}...", &cleaned[..96])
}

/// What a Step Functions `Cause` says, for people. A Lambda function's error arrives as a
/// JSON string (`{"errorType": …, "errorMessage": …}`); other causes are plain text.
pub fn readable_cause(cause: &str) -> String {
    let Ok(serde_json::Value::Object(c)) = serde_json::from_str::<serde_json::Value>(cause) else {
        return cause.to_owned();
    };
    match c.get("errorMessage").and_then(|m| m.as_str()) {
        Some(message) => message.trim_end().to_owned(),
        None => cause.to_owned(),
    }
}

/// The notification sent when isolation itself failed (an event intake could not read, a
/// step machine error): the incident is never dropped; people isolate by hand.
pub fn failure_notification(
    error: &str,
    cause: &str,
    event: Option<&serde_json::Value>,
    lang: crate::config::Lang,
) -> Notification {
    let w = lang.words();
    let title = w.failure_title();
    // The event never went through intake: its secrets are masked here.
    let cause = &crate::redact::redact(&readable_cause(cause));
    let event_text = event
        .map(|e| crate::redact::redact(&serde_json::to_string_pretty(e).unwrap_or_default()))
        .unwrap_or_default();
    let event_chars = event_text.chars().count();
    let body = fit(
        SNS_MESSAGE_LIMIT,
        |budget| {
            let cause = truncate_chars(cause, budget.chars_per_value.max(2000));
            let shown = budget
                .chars_per_value
                .saturating_mul(10)
                .clamp(1000, EVENT_EXCERPT_CHARS);
            let event = truncate_chars(&event_text, shown);
            let cut = if event_chars > shown {
                format!("\n{}", w.event_excerpt(shown, event_chars))
            } else {
                String::new()
            };
            w.failure_body(error, &cause, &event, &cut)
        },
        w.failure_truncated(),
    );
    let chat = serde_json::json!({
        "version": "1.0",
        "source": "custom",
        "content": {
            "textType": "client-markdown",
            "title": title,
            "description": truncate_chars(&format!("{error}: {cause}"), 3_000),
            "nextSteps": [w.failure_next_step()],
        },
        "metadata": {"eventType": "kiriwake.isolation_failed", "summary": title},
    })
    .to_string();
    Notification {
        // ASCII for SNS: English whatever the language.
        subject: "[kiriwake] Isolation failed - isolate this event by hand".into(),
        title: title.into(),
        body,
        chat,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lambda_error_cause_reads_as_its_message() {
        let cause = r#"{"errorType":"kiriwake.IntakeError","errorMessage":"missing field `detail.eventArn`"}"#;
        assert_eq!(readable_cause(cause), "missing field `detail.eventArn`");
        assert_eq!(readable_cause("Task timed out."), "Task timed out.");
        assert_eq!(readable_cause("{\"other\": 1}"), "{\"other\": 1}");
    }

    #[test]
    fn a_failure_notice_quotes_an_excerpt_of_a_large_event_and_says_so() {
        let event = serde_json::json!({"resource": "db-1", "note": "x".repeat(250_000)});
        let total = serde_json::to_string_pretty(&event)
            .unwrap()
            .chars()
            .count();
        for (lang, note) in [
            (
                crate::config::Lang::En,
                format!("(the first {EVENT_EXCERPT_CHARS} of {total} characters;"),
            ),
            (
                crate::config::Lang::Ja,
                format!("（{total}文字のうち先頭{EVENT_EXCERPT_CHARS}文字。"),
            ),
        ] {
            let n = failure_notification("kiriwake.IntakeError", "bad kind", Some(&event), lang);
            assert!(
                n.body.len() < EVENT_EXCERPT_CHARS + 2_000,
                "{} bytes",
                n.body.len()
            );
            assert!(n.body.contains("\"note\": \"xxxx"), "{}", n.body);
            assert!(
                n.body.contains(&note),
                "{note}: {}",
                &n.body[n.body.len() - 300..]
            );
        }
        let small = failure_notification(
            "e",
            "c",
            Some(&serde_json::json!({"a": 1})),
            crate::config::Lang::En,
        );
        assert!(!small.body.contains("characters;"), "{}", small.body);
    }

    #[test]
    fn subjects_are_ascii_and_short() {
        let s = ascii_subject(&format!("[kiriwake] AWS side: 障害 {}\nx", "i".repeat(200)));
        assert!(s.is_ascii());
        assert!(s.len() < 100);
        assert!(!s.contains('\n'));
        assert!(s.starts_with("[kiriwake] AWS side: ?? "));
    }
}
