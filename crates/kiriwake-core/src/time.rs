//! Timestamp formats that AWS events use, parsed without a clock.
//!
//! AWS is not consistent: EventBridge envelopes use RFC 3339 (`2023-02-15T22:07:07Z`),
//! CloudWatch alarms use an offset without a colon (`2023-08-04T12:36:15.490+0000`),
//! AWS Health uses RFC 1123 (`Wed, 15 Feb 2023 22:07:07 GMT`), RDS uses RFC 3339 with
//! milliseconds. [`parse_aws_time`] accepts all of them.

use chrono::{DateTime, Datelike, FixedOffset, Utc};

/// Parses any timestamp format that AWS events carry; `None` when none fits, or when the
/// year is outside 1970–9999 (a six-digit year parses, and date arithmetic on it overflows).
pub fn parse_aws_time(raw: &str) -> Option<DateTime<Utc>> {
    parse_any(raw).filter(|t| (1970..=9999).contains(&t.year()))
}

fn parse_any(raw: &str) -> Option<DateTime<Utc>> {
    let s = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    // CloudWatch alarms: `+0000` offsets, optional fraction.
    if let Ok(t) = DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z") {
        return Some(t.with_timezone(&Utc));
    }
    // AWS Health: RFC 1123 (a subset of RFC 2822) with `GMT`.
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(t.with_timezone(&Utc));
    }
    None
}

/// Formats `t` in the operator's display offset, naming the zone explicitly
/// (the method: always state the start time *with time zone*).
pub fn format_local(t: DateTime<Utc>, offset: FixedOffset, label: &str) -> String {
    let local = t.with_timezone(&offset);
    let secs = offset.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    format!(
        "{} {} (UTC{}{:02}:{:02})",
        local.format("%Y-%m-%d %H:%M:%S"),
        label,
        sign,
        abs / 3600,
        (abs % 3600) / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_aws_format() {
        let cases = [
            ("2023-02-15T22:07:07Z", "2023-02-15T22:07:07+00:00"),
            (
                "2023-08-04T12:36:15.490+0000",
                "2023-08-04T12:36:15.490+00:00",
            ),
            ("Wed, 15 Feb 2023 22:07:07 GMT", "2023-02-15T22:07:07+00:00"),
            ("2018-09-27T22:36:43.292Z", "2018-09-27T22:36:43.292+00:00"),
            ("2023-08-04T21:36:15+09:00", "2023-08-04T12:36:15+00:00"),
            // Spaces as printed in some AWS documentation samples still read as meant.
            (
                "2023-08-04T12: 56: 46.138+0000",
                "2023-08-04T12:56:46.138+00:00",
            ),
        ];
        for (raw, want) in cases {
            let got = parse_aws_time(raw).map(|t| t.to_rfc3339());
            assert_eq!(got.as_deref(), Some(want), "{raw}");
        }
    }

    #[test]
    fn rejects_garbage() {
        for raw in [
            "",
            "yesterday",
            "25/11/2026 01:05",
            "2023-13-45T00:00:00Z",
            // Absurd years: a date-arithmetic overflow waiting to happen.
            "+275760-09-13T00:00:00Z",
            "+275760-09-13T00:00:00.000+0000",
            "0001-01-01T00:00:00Z",
        ] {
            assert_eq!(parse_aws_time(raw), None, "{raw}");
        }
    }

    #[test]
    fn local_format_names_the_zone() {
        let t = parse_aws_time("2026-11-25T09:12:00Z").expect("valid");
        let jst = FixedOffset::east_opt(9 * 3600).expect("valid offset");
        assert_eq!(
            format_local(t, jst, "JST"),
            "2026-11-25 18:12:00 JST (UTC+09:00)"
        );
        let utc = FixedOffset::east_opt(0).expect("valid offset");
        assert_eq!(
            format_local(t, utc, "UTC"),
            "2026-11-25 09:12:00 UTC (UTC+00:00)"
        );
    }
}
