//! Redaction of every free text that leaves the account in a notification: log excerpts,
//! alarm descriptions and reasons, RDS messages, Health descriptions, manual notes, the event
//! in a failure notice.
//!
//! What is masked, by shape (the shapes are those the public rule sets of established secret
//! scanners describe; the rules here are kiriwake's own):
//! - values of secret-named keys (`password = x`, `"client_secret": "x"`, `x-api-key: x`,
//!   `aws_secret_access_key=x`), of `Authorization: Bearer|Basic x`, of cookies;
//! - secrets in URLs: the password of `scheme://user:password@host`, signatures and tokens in
//!   query strings (`X-Amz-Signature`, `X-Amz-Credential`, `X-Amz-Security-Token`, `sig`,
//!   `Signature`, `access_token`, `key`…), webhook URLs (Slack, Discord), bot tokens;
//! - tokens recognisable by themselves: JWTs, AWS access key ids and bare 40-character secret
//!   keys, PEM private keys, GitHub, GitLab, Slack, Stripe, Google, Twilio, SendGrid, npm,
//!   PyPI, OpenAI, Anthropic, Shopify, Mailgun tokens, Azure account keys;
//! - e-mail addresses.
//!
//! Ordinary text stays as it was: ids, ARNs (never looked into), IP addresses, hashes,
//! stack traces, Japanese text, and words like "password reset" or "token bucket" that carry
//! no value.

use std::sync::LazyLock;

use regex_lite::{Captures, Regex};

const MASK: &str = "[REDACTED]";
const MASK_KEY: &str = "[REDACTED-KEY]";
const MASK_TOKEN: &str = "[REDACTED-TOKEN]";
const MASK_EMAIL: &str = "[REDACTED-EMAIL]";

/// A rule: where its secret is (the whole match, or one group) and what replaces it.
struct Rule {
    pattern: Regex,
    /// The capture group holding the secret; 0 for the whole match.
    group: usize,
    mask: &'static str,
}

#[allow(clippy::expect_used)] // The patterns are constants; the unit tests compile every one.
fn rule(pattern: &str, group: usize, mask: &'static str) -> Rule {
    Rule {
        pattern: Regex::new(pattern).expect("a valid redaction pattern"),
        group,
        mask,
    }
}

/// In order: the most specific shapes first, so that a token is named for what it is.
static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    vec![
        // A private key: everything after its marker.
        rule(
            r"-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----(.*)$",
            2,
            MASK_KEY,
        ),
        // JSON Web Tokens.
        rule(
            r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}",
            0,
            MASK_TOKEN,
        ),
        // Tokens that name their provider.
        rule(r"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}", 0, MASK_TOKEN),
        rule(r"\bgithub_pat_[A-Za-z0-9_]{20,}", 0, MASK_TOKEN),
        rule(r"\bglpat-[A-Za-z0-9_-]{20}", 0, MASK_TOKEN),
        rule(r"\bxox[abposr]-[A-Za-z0-9-]{10,}", 0, MASK_TOKEN),
        rule(r"\bxapp-[A-Za-z0-9-]{10,}", 0, MASK_TOKEN),
        rule(r"hooks\.slack\.com/services/([A-Za-z0-9/]+)", 1, MASK_TOKEN),
        rule(
            r"discord(?:app)?\.com/api/webhooks/([A-Za-z0-9/_-]+)",
            1,
            MASK_TOKEN,
        ),
        rule(r"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}", 0, MASK_TOKEN),
        rule(r"\bwhsec_[A-Za-z0-9]{10,}", 0, MASK_TOKEN),
        rule(r"\bsk-ant-[A-Za-z0-9_-]{20,}", 0, MASK_TOKEN),
        rule(r"\bsk-proj-[A-Za-z0-9_-]{20,}", 0, MASK_TOKEN),
        rule(r"\bsk-[A-Za-z0-9]{32,}", 0, MASK_TOKEN),
        rule(r"\bAIza[A-Za-z0-9_-]{35}", 0, MASK_TOKEN),
        rule(r"\bSK[0-9a-f]{32}\b", 0, MASK_TOKEN),
        rule(
            r"\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}",
            0,
            MASK_TOKEN,
        ),
        rule(r"\bnpm_[A-Za-z0-9]{36}", 0, MASK_TOKEN),
        rule(r"\bpypi-[A-Za-z0-9_-]{40,}", 0, MASK_TOKEN),
        rule(r"\bshp(?:at|ca|pa|ss)_[0-9a-fA-F]{32}", 0, MASK_TOKEN),
        rule(r"\bkey-[0-9a-f]{32}\b", 0, MASK_TOKEN),
        rule(r"\b[0-9]{8,10}:AA[A-Za-z0-9_-]{30,}", 0, MASK_TOKEN),
        rule(r"/bot([0-9]{8,10}:[A-Za-z0-9_-]{30,})", 1, MASK_TOKEN),
        rule(r"(?i)AccountKey=([^;\s]+)", 1, MASK_KEY),
        // AWS access key ids.
        rule(r"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b", 0, MASK_KEY),
        // The password in scheme://user:password@host.
        rule(r"://[^/:@\s]*:([^@/\s]+)@", 1, MASK),
        // Query-string secrets (presigned URLs, OAuth callbacks, API keys in URLs).
        rule(
            r"(?i)[?&;](?:x-amz-signature|x-amz-credential|x-amz-security-token|signature|sig|access_token|id_token|refresh_token|token|key|api_?key|client_secret|password|code)=([^&\s\x22']+)",
            1,
            MASK,
        ),
        rule(
            r"(?i)\bx-amz-(?:signature|credential|security-token)=([^&\s\x22']+)",
            1,
            MASK,
        ),
        rule(r"(?i)\bSignature=([^&\s\x22']+)", 1, MASK),
        // Authorization headers.
        rule(
            r"(?i)authorization\x22?\s*[:=]\s*\x22?(?:bearer|basic|token)\s+([^\s\x22',]+)",
            1,
            MASK,
        ),
        rule(r"(?i)\bbearer\s+([A-Za-z0-9+/=._~-]{8,})", 1, MASK),
        // Values of secret-named keys: `password = x`, `"api_key": "x"`, `SECRET: x`.
        rule(
            r"(?i)[A-Za-z0-9_.-]*(?:password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|signing[_-]?key)[A-Za-z0-9_.-]*[\x22']?\s*[:=]\s*[\x22']?([^\s\x22',;}&]+)",
            1,
            MASK,
        ),
    ]
});

/// Cookie headers: the value of every cookie (not the attributes of `Set-Cookie`).
static COOKIE: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    Regex::new(r"(?i)\b(?:set-)?cookie\s*:\s*(.*)$").expect("a valid cookie pattern")
});

const COOKIE_ATTRIBUTES: [&str; 7] = [
    "path", "domain", "expires", "max-age", "samesite", "secure", "httponly",
];

/// ARNs are never looked into (`…:secret:prod/db-AbCd` names a secret; it is not one).
static ARN: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    Regex::new(r"arn:aws[a-z-]*:[^\s\x22',]+").expect("a valid ARN pattern")
});

/// Masks secrets in one line (or any text: newlines are kept) and bounds it to `max_chars`.
pub fn redact_line(line: &str, max_chars: usize) -> String {
    crate::render::truncate_chars(&redact(line), max_chars)
}

/// Masks secrets in `text`, line by line.
pub fn redact(text: &str) -> String {
    text.split('\n')
        .map(redact_one)
        .collect::<Vec<_>>()
        .join("\n")
}

fn redact_one(line: &str) -> String {
    // The parts outside ARNs are redacted; ARNs are kept as they are.
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    for arn in ARN.find_iter(line) {
        out.push_str(&redact_text(&line[at..arn.start()]));
        out.push_str(arn.as_str());
        at = arn.end();
    }
    out.push_str(&redact_text(&line[at..]));
    out
}

fn redact_text(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut s = cookies(text);
    for r in RULES.iter() {
        s = r
            .pattern
            .replace_all(&s, |c: &Captures<'_>| {
                let whole = c.get(0).map(|m| m.as_str()).unwrap_or_default();
                match c.get(r.group) {
                    Some(secret) if r.group > 0 && !is_mask(secret.as_str()) => {
                        let start = secret.start() - c.get(0).map_or(0, |m| m.start());
                        format!(
                            "{}{}{}",
                            &whole[..start],
                            r.mask,
                            &whole[start + secret.as_str().len()..]
                        )
                    }
                    _ if r.group == 0 && !is_mask(whole) => r.mask.to_owned(),
                    _ => whole.to_owned(),
                }
            })
            .into_owned();
    }
    words(&s)
}

/// A value already masked by an earlier rule.
fn is_mask(s: &str) -> bool {
    s.starts_with("[REDACTED")
}

fn cookies(text: &str) -> String {
    let Some(c) = COOKIE.captures(text) else {
        return text.to_owned();
    };
    let Some(value) = c.get(1) else {
        return text.to_owned();
    };
    let masked: Vec<String> = value
        .as_str()
        .split(';')
        .map(|part| match part.split_once('=') {
            Some((name, _))
                if !COOKIE_ATTRIBUTES.contains(&name.trim().to_ascii_lowercase().as_str()) =>
            {
                format!("{name}={MASK}")
            }
            _ => part.to_owned(),
        })
        .collect();
    format!("{}{}", &text[..value.start()], masked.join(";"))
}

/// Word by word: bare AWS secret access keys and e-mail addresses.
fn words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if is_secret_access_key(word) {
            out.push_str(MASK_KEY);
        } else if is_email(word) {
            out.push_str(MASK_EMAIL);
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for ch in text.chars() {
        if ch.is_whitespace() || matches!(ch, '"' | '\'' | ',' | ';' | '(' | ')' | '<' | '>') {
            flush(&mut word, &mut out);
            out.push(ch);
        } else {
            word.push(ch);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A bare 40-character AWS secret access key: base64 letters, mixed case with a digit or
/// `/` `+` — never a 40-character hex digest (a commit, a SHA-1), which is ordinary.
fn is_secret_access_key(word: &str) -> bool {
    let w = word.trim_end_matches(['.', ':']);
    w.len() == 40
        && w.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'/' || b == b'+')
        && w.bytes().any(|b| b.is_ascii_uppercase())
        && w.bytes().any(|b| b.is_ascii_lowercase())
        && w.bytes()
            .any(|b| b.is_ascii_digit() || b == b'/' || b == b'+')
        && !w.bytes().all(|b| b.is_ascii_hexdigit())
}

fn is_email(word: &str) -> bool {
    match word.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && !user.contains([':', '/'])
                && domain.contains('.')
                && !domain.starts_with('.')
                && domain
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
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
            ("password = hunter2", "password = [REDACTED]"),
            (
                "Authorization: Bearer eyJhbGciOi",
                "Authorization: Bearer [REDACTED]",
            ),
            (
                "key AKIAIOSFODNN7EXAMPLE leaked",
                "key [REDACTED-KEY] leaked",
            ),
            (
                "mail to <ops@example.com> failed",
                "mail to <[REDACTED-EMAIL]> failed",
            ),
            (
                "kernel: Out of memory: Killed process 4242 (java)",
                "kernel: Out of memory: Killed process 4242 (java)",
            ),
            (
                "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:prod/db-AbCdEf rotated",
                "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:prod/db-AbCdEf rotated",
            ),
            (
                "commit 9fceb02d0ae598e95dc970b74767f19372d61af8 deployed",
                "commit 9fceb02d0ae598e95dc970b74767f19372d61af8 deployed",
            ),
            (
                "Set-Cookie: sid=abc123xyz; Path=/; HttpOnly",
                "Set-Cookie: sid=[REDACTED]; Path=/; HttpOnly",
            ),
        ];
        for (raw, want) in rows {
            assert_eq!(redact_line(raw, 500), want, "{raw}");
        }
        assert_eq!(redact_line("x".repeat(50).as_str(), 10).chars().count(), 10);
        assert_eq!(redact("a\npassword=x\nb"), "a\npassword=[REDACTED]\nb");
    }
}
