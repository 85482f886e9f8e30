//! Configuration as a value: language, support plan, display time zone.
//! The binaries read it from the environment; the core never does.

use chrono::{DateTime, FixedOffset, Offset, TimeZone, Utc};
use chrono_tz::OffsetName;
use serde::{Deserialize, Serialize};

pub use crate::words::Lang;

/// AWS Support plans, as the method lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SupportPlan {
    /// Basic: no technical support cases; the drafted case waits for an upgrade.
    Basic,
    /// Developer: technical cases by web in business hours, up to "system impaired".
    Developer,
    /// Business: cases around the clock, up to "production system down"; the AWS Health API.
    Business,
    /// Enterprise On-Ramp: up to "business-critical system down", answered within 30 minutes.
    EnterpriseOnRamp,
    /// Enterprise: up to "business-critical system down", answered within 15 minutes.
    Enterprise,
}

impl SupportPlan {
    /// Reads a plan's name in any case and spacing (`Enterprise On-Ramp`, `onramp`…).
    pub fn parse(raw: &str) -> Result<SupportPlan, ConfigError> {
        let norm: String = raw
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        match norm.as_str() {
            "basic" => Ok(SupportPlan::Basic),
            "developer" => Ok(SupportPlan::Developer),
            "business" => Ok(SupportPlan::Business),
            "enterpriseonramp" | "onramp" => Ok(SupportPlan::EnterpriseOnRamp),
            "enterprise" => Ok(SupportPlan::Enterprise),
            _ => Err(ConfigError::Invalid {
                name: "support plan",
                found: raw.to_owned(),
                expected: "basic, developer, business, enterprise-on-ramp or enterprise",
            }),
        }
    }

    /// The plan's name for people, in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.words().plan_name(self)
    }
}

/// A configuration value kiriwake cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The value is none of those accepted.
    #[error("invalid {name} {found:?}: expected {expected}")]
    Invalid {
        /// Which setting: `language`, `support plan` or `time zone`.
        name: &'static str,
        /// The value given.
        found: String,
        /// What would have been accepted.
        expected: &'static str,
    },
}

/// Everything the decision and rendering need besides the evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// The language of every notification.
    pub lang: Lang,
    /// The account's AWS Support plan: whether a technical case can be opened, and how urgent.
    pub support_plan: SupportPlan,
    /// Offset for times shown to people; UTC is always shown beside it.
    pub tz_offset_seconds: i32,
    /// The name shown beside local times (`JST`); empty with `tz_name`: the zone's abbreviation.
    pub tz_label: String,
    /// A named time zone (`Asia/Tokyo`, `America/New_York`): its offset and abbreviation
    /// at each instant, daylight saving included; `tz_label`, when set, names it instead.
    #[serde(default)]
    pub tz_name: Option<String>,
}

impl Config {
    /// Defaults for a language: the time zone its readers expect (JST in Japanese, UTC in
    /// English); the Business plan, which the method recommends for production.
    pub fn for_lang(lang: Lang) -> Config {
        let (tz_offset_seconds, tz_label) = lang.words().default_zone();
        Config {
            lang,
            support_plan: SupportPlan::Business,
            tz_offset_seconds,
            tz_label: tz_label.into(),
            tz_name: None,
        }
    }

    /// Parses a time zone of the IANA database (`Asia/Tokyo`, `America/New_York`) or an
    /// offset such as `+09:00`, `-05:30` or `UTC`, with an optional label.
    pub fn with_timezone(
        mut self,
        offset: &str,
        label: Option<&str>,
    ) -> Result<Config, ConfigError> {
        let raw = offset.trim();
        let label = label.map(str::trim).filter(|l| !l.is_empty());
        if raw.contains('/')
            && let Ok(zone) = raw.parse::<chrono_tz::Tz>()
        {
            self.tz_name = Some(zone.name().to_owned());
            self.tz_offset_seconds = 0;
            self.tz_label = label.unwrap_or_default().to_owned();
            return Ok(self);
        }
        let invalid = || ConfigError::Invalid {
            name: "time zone",
            found: raw.to_owned(),
            expected: "a time zone like Asia/Tokyo, or an offset like +09:00, -05:00 or UTC",
        };
        let secs = if raw.eq_ignore_ascii_case("utc") || raw == "Z" {
            0
        } else {
            let (sign, rest) = match raw.as_bytes().first() {
                Some(b'+') => (1, &raw[1..]),
                Some(b'-') => (-1, &raw[1..]),
                _ => return Err(invalid()),
            };
            let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
            let h: i32 = h.parse().map_err(|_| invalid())?;
            let m: i32 = m.parse().map_err(|_| invalid())?;
            if h > 14 || m > 59 {
                return Err(invalid());
            }
            sign * (h * 3600 + m * 60)
        };
        self.tz_offset_seconds = secs;
        self.tz_name = None;
        self.tz_label = match label {
            Some(l) => l.to_owned(),
            None if secs == 0 => "UTC".into(),
            None => raw.to_owned(),
        };
        Ok(self)
    }

    /// Whether times are shown in UTC only (no zone of its own configured).
    pub fn is_utc(&self) -> bool {
        self.tz_name.is_none() && self.tz_offset_seconds == 0
    }

    /// The display zone's offset at `t`, and its name then (`EST` or `EDT`).
    pub fn zone_at(&self, t: DateTime<Utc>) -> (FixedOffset, String) {
        if let Some(zone) = self
            .tz_name
            .as_deref()
            .and_then(|n| n.parse::<chrono_tz::Tz>().ok())
        {
            let offset = zone.offset_from_utc_datetime(&t.naive_utc());
            let label = match self.tz_label.as_str() {
                "" => offset.abbreviation().unwrap_or(zone.name()).to_owned(),
                given => given.to_owned(),
            };
            return (offset.fix(), label);
        }
        let offset = FixedOffset::east_opt(self.tz_offset_seconds).unwrap_or_else(|| Utc.fix());
        (offset, self.tz_label.clone())
    }
}

impl Default for Config {
    fn default() -> Self {
        Config::for_lang(Lang::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plans_and_languages() {
        assert_eq!(
            SupportPlan::parse("Enterprise On-Ramp"),
            Ok(SupportPlan::EnterpriseOnRamp)
        );
        assert_eq!(SupportPlan::parse("business"), Ok(SupportPlan::Business));
        assert!(SupportPlan::parse("gold").is_err());
        assert_eq!(Lang::parse("JA"), Ok(Lang::Ja));
        assert!(
            Lang::parse("fr")
                .unwrap_err()
                .to_string()
                .contains("en or ja")
        );
    }

    #[test]
    fn parses_offsets() {
        let c = Config::default()
            .with_timezone("+09:00", Some("JST"))
            .expect("valid");
        assert_eq!((c.tz_offset_seconds, c.tz_label.as_str()), (32400, "JST"));
        let c = Config::default()
            .with_timezone("-05:30", None)
            .expect("valid");
        assert_eq!(c.tz_offset_seconds, -19800);
        assert!(Config::default().with_timezone("Asia/Tokio", None).is_err());
        assert!(Config::default().with_timezone("+25:00", None).is_err());
    }

    #[test]
    fn named_zones_follow_daylight_saving() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().expect("a time");
        let c = Config::default()
            .with_timezone("America/New_York", None)
            .expect("valid");
        assert!(!c.is_utc());
        let (winter, name) = c.zone_at(at("2026-01-15T12:00:00Z"));
        assert_eq!(
            (winter.local_minus_utc(), name.as_str()),
            (-5 * 3600, "EST")
        );
        let (summer, name) = c.zone_at(at("2026-07-15T12:00:00Z"));
        assert_eq!(
            (summer.local_minus_utc(), name.as_str()),
            (-4 * 3600, "EDT")
        );
        let c = Config::default()
            .with_timezone("Asia/Tokyo", Some("日本時間"))
            .expect("valid");
        let (tokyo, name) = c.zone_at(at("2026-07-15T12:00:00Z"));
        assert_eq!(
            (tokyo.local_minus_utc(), name.as_str()),
            (9 * 3600, "日本時間")
        );
    }
}
