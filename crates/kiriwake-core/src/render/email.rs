//! The email: an ASCII subject SNS accepts, a localized title, and a body that leads with
//! the verdict and the next actions.

use serde::{Deserialize, Serialize};

use super::report::{
    actions_block, incident_block, reasons_block, steps_block, support_block, unavailable_block,
    verdict_block,
};
use super::{SNS_MESSAGE_LIMIT, chat_notification, fit, truncate_chars};
use crate::decision::Classification;
use crate::describe::{cause_words, target_words, verdict_ascii};

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

pub fn notification(c: &Classification) -> Notification {
    let lang = c.lang;
    let subject = ascii_subject(&format!(
        "[kiriwake] {}: {} - {}",
        verdict_ascii(c.verdict),
        cause_words(&c.cause, crate::config::Lang::En),
        target_words(&c.incident, crate::config::Lang::En)
    ));
    let title = truncate_chars(&format!("[kiriwake] {}", c.headline), 100);
    let note = lang.pick(
        "(evidence truncated to fit the SNS message limit; the full classification is in the isolation's logs)",
        "（SNSのメッセージ上限に収めるため証拠を省略しました。完全な判定結果は切り分け処理のログにあります）",
    );
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
fn ascii_subject(raw: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_ascii_and_short() {
        let s = ascii_subject(&format!("[kiriwake] AWS side: 障害 {}\nx", "i".repeat(200)));
        assert!(s.is_ascii());
        assert!(s.len() < 100);
        assert!(!s.contains('\n'));
        assert!(s.starts_with("[kiriwake] AWS side: ?? "));
    }
}
