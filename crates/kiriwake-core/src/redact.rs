//! Redaction of log excerpts before they travel in a notification: access key ids,
//! values of secret-looking keys (`password=…`, `token: …`), bearer tokens and e-mail
//! addresses are masked; everything else stays readable.

const SECRET_KEYS: [&str; 7] = [
    "password",
    "passwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "authorization",
];

/// Masks secrets in one log line and bounds it to `max_chars`.
pub fn redact_line(line: &str, max_chars: usize) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut mask_next = false;
    for word in line.split(' ') {
        if mask_next
            && !word.is_empty()
            && !word.eq_ignore_ascii_case("bearer")
            && !word.eq_ignore_ascii_case("basic")
        {
            words.push("[REDACTED]".into());
            mask_next = false;
            continue;
        }
        let lower = word.to_ascii_lowercase();
        let key_hit = SECRET_KEYS.iter().find(|k| lower.contains(*k));
        let masked = if let Some(pos) = key_hit.and_then(|_| word.find(['=', ':'])) {
            if pos + 1 == word.len() {
                mask_next = true;
                word.to_owned()
            } else {
                format!("{}[REDACTED]", &word[..=pos])
            }
        } else if lower == "bearer" || (mask_next && lower == "basic") {
            mask_next = true;
            word.to_owned()
        } else if is_access_key(word) {
            "[REDACTED-KEY]".into()
        } else if is_email(word) {
            "[REDACTED-EMAIL]".into()
        } else {
            word.to_owned()
        };
        words.push(masked);
    }
    crate::render::truncate_chars(&words.join(" "), max_chars)
}

fn is_access_key(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    w.len() == 20
        && (w.starts_with("AKIA") || w.starts_with("ASIA"))
        && w.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn is_email(word: &str) -> bool {
    let w =
        word.trim_matches(|c: char| matches!(c, '<' | '>' | ',' | ';' | '"' | '\'' | '(' | ')'));
    match w.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty() && domain.contains('.') && !domain.starts_with('.')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_secrets_and_keeps_the_rest() {
        let rows = [
            (
                "ERROR login failed password=hunter2 for user",
                "ERROR login failed password=[REDACTED] for user",
            ),
            ("db_password: s3cr3t", "db_password: [REDACTED]"),
            (
                "Authorization: Bearer eyJhbGciOi",
                "Authorization: Bearer [REDACTED]",
            ),
            (
                "sent Bearer abc.def to upstream",
                "sent Bearer [REDACTED] to upstream",
            ),
            (
                "key AKIAIOSFODNN7EXAMPLE leaked",
                "key [REDACTED-KEY] leaked",
            ),
            (
                "mail to <ops@example.com> failed",
                "mail to [REDACTED-EMAIL] failed",
            ),
            (
                "kernel: Out of memory: Killed process 4242 (java)",
                "kernel: Out of memory: Killed process 4242 (java)",
            ),
        ];
        for (raw, want) in rows {
            assert_eq!(redact_line(raw, 500), want, "{raw}");
        }
        assert_eq!(redact_line("x".repeat(50).as_str(), 10).chars().count(), 10);
    }
}
