//! Rendering a classification for people: the `kiriwake` command's flowchart, the email
//! (SNS) and the Amazon Q Developer in chat applications custom notification.
//!
//! Everything is bounded to SNS's message size limit; when it must shrink, evidence is
//! cut first, never the verdict or the next actions.

mod chat;
mod email;
mod incident;
mod report;

pub use chat::chat_notification;
pub use email::{Notification, failure_notification, notification, readable_cause};
pub use incident::incident_notification;
pub use report::flowchart;

/// The longest message body kiriwake publishes: SNS's limit for one message (256 KiB of
/// UTF-8) counts its subject and message attributes too, which keep 8 KiB of it.
pub const SNS_MESSAGE_LIMIT: usize = 262_144 - 8 * 1024;

/// At most this much of an event a failure notice quotes: enough to see what it was; the
/// whole event stays the execution's input (and, for a failed execution, in the queue
/// `kiriwake redrive` replays from).
pub const EVENT_EXCERPT_CHARS: usize = 16_000;

/// The wire name of an enum value (`Verdict::AwsSide` → `aws_side`), as scripts see it.
pub fn code<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The first `max` characters of `s`, with `…` when cut.
pub fn truncate_chars(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The longest prefix of `s` within `max` bytes, cut at a character boundary.
pub(crate) fn truncate_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// How much evidence to show per finding; shrunk until the output fits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    pub(crate) evidence_per_finding: usize,
    pub(crate) chars_per_value: usize,
}

pub(crate) const BUDGETS: [Budget; 5] = [
    Budget {
        evidence_per_finding: usize::MAX,
        chars_per_value: usize::MAX,
    },
    Budget {
        evidence_per_finding: 20,
        chars_per_value: 2000,
    },
    Budget {
        evidence_per_finding: 5,
        chars_per_value: 500,
    },
    Budget {
        evidence_per_finding: 1,
        chars_per_value: 200,
    },
    Budget {
        evidence_per_finding: 0,
        chars_per_value: 100,
    },
];

/// Renders with shrinking budgets until the text fits `limit` bytes; as a last resort
/// cuts the tail (evidence sits last in every layout) and says so.
pub(crate) fn fit(limit: usize, render: impl Fn(Budget) -> String, cut_note: &str) -> String {
    let mut last = String::new();
    for budget in BUDGETS {
        last = render(budget);
        if last.len() <= limit {
            return last;
        }
    }
    let room = limit.saturating_sub(cut_note.len() + 1);
    format!("{}\n{cut_note}", truncate_bytes(&last, room))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_respects_characters_and_bytes() {
        assert_eq!(truncate_chars("abcdef", 4), "abc…");
        assert_eq!(truncate_chars("障害切り分け", 10), "障害切り分け");
        assert_eq!(truncate_chars("障害切り分け", 3), "障害…");
        assert_eq!(truncate_bytes("障害", 4), "障");
        assert_eq!(truncate_bytes("ab", 4), "ab");
    }
}
