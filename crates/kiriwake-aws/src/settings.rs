//! Configuration of the checks, read once from the environment at cold start.
//!
//! Every variable is optional; defaults suit a typical EC2 + RDS system. Lists are
//! comma-separated. Bad values are an error naming the variable, not a silent default.

use std::time::Duration;

use kiriwake_core::{Config, Lang, SupportPlan};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid {name}={value:?}: expected {expected}")]
pub struct SettingsError {
    pub name: &'static str,
    pub value: String,
    pub expected: &'static str,
}

/// Thresholds for the resource-usage check.
#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    pub cpu_percent: f64,
    pub memory_percent: f64,
    pub disk_percent: f64,
    pub rds_min_free_storage_gib: f64,
    pub rds_min_freeable_memory_mib: f64,
    pub rds_max_connections: Option<f64>,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            cpu_percent: 90.0,
            memory_percent: 90.0,
            disk_percent: 90.0,
            rds_min_free_storage_gib: 2.0,
            rds_min_freeable_memory_mib: 128.0,
            rds_max_connections: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Language, support plan, display time zone.
    pub core: Config,
    /// Upper bound for one check, retries included.
    pub call_timeout: Duration,
    /// How far before the incident's start logs and metrics are read.
    pub window: Duration,
    /// How far before the incident's start changes (CloudTrail) are read.
    pub change_window: Duration,
    pub thresholds: Thresholds,
    /// OS log groups for every instance (resource tag `kiriwake:os-log-groups` adds more).
    pub os_log_groups: Vec<String>,
    /// Application log groups (resource tag `kiriwake:app-log-groups` adds more).
    pub app_log_groups: Vec<String>,
    /// Which streams of a log group are an instance's own: the CloudWatch agent's
    /// `log_stream_name`, with `{instance_id}`, `{hostname}`, `{ip_address}`; empty reads
    /// every stream (only for groups no two servers share).
    pub log_stream_pattern: String,
    /// Terms searched in OS logs, one `FilterLogEvents` each (CloudWatch terms are case-sensitive).
    pub os_error_terms: Vec<String>,
    pub app_error_terms: Vec<String>,
    /// Tag whose value groups servers into one system (scope: some or all?).
    pub group_tag: String,
    /// VPN connections to check besides those attached to the resource's VPC.
    pub vpn_connections: Vec<String>,
    /// `host:port` endpoints outside AWS to TCP-connect to.
    pub probe_endpoints: Vec<String>,
    pub probe_timeout: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            core: Config::default(),
            call_timeout: Duration::from_secs(5),
            window: Duration::from_secs(30 * 60),
            change_window: Duration::from_secs(6 * 3600),
            thresholds: Thresholds::default(),
            os_log_groups: Vec::new(),
            app_log_groups: Vec::new(),
            log_stream_pattern: "{instance_id}".into(),
            os_error_terms: [
                "error",
                "Error",
                "ERROR",
                "Out of memory",
                "panic",
                "segfault",
            ]
            .map(String::from)
            .to_vec(),
            app_error_terms: ["ERROR", "FATAL", "CRITICAL", "Exception"]
                .map(String::from)
                .to_vec(),
            group_tag: "System".into(),
            vpn_connections: Vec::new(),
            probe_endpoints: Vec::new(),
            probe_timeout: Duration::from_secs(2),
        }
    }
}

/// The environment variables the checks read (a test holds the README to this list).
pub const VARIABLES: &[&str] = &[
    "KIRIWAKE_LANG",
    "KIRIWAKE_SUPPORT_PLAN",
    "KIRIWAKE_TZ_OFFSET",
    "KIRIWAKE_TZ_LABEL",
    "KIRIWAKE_CALL_TIMEOUT_MS",
    "KIRIWAKE_WINDOW_MINUTES",
    "KIRIWAKE_CHANGE_WINDOW_HOURS",
    "KIRIWAKE_CPU_PERCENT",
    "KIRIWAKE_MEMORY_PERCENT",
    "KIRIWAKE_DISK_PERCENT",
    "KIRIWAKE_RDS_MIN_FREE_STORAGE_GIB",
    "KIRIWAKE_RDS_MIN_FREEABLE_MEMORY_MIB",
    "KIRIWAKE_RDS_MAX_CONNECTIONS",
    "KIRIWAKE_OS_LOG_GROUPS",
    "KIRIWAKE_APP_LOG_GROUPS",
    "KIRIWAKE_LOG_STREAM_PATTERN",
    "KIRIWAKE_OS_ERROR_TERMS",
    "KIRIWAKE_APP_ERROR_TERMS",
    "KIRIWAKE_GROUP_TAG",
    "KIRIWAKE_VPN_CONNECTIONS",
    "KIRIWAKE_PROBE_ENDPOINTS",
    "KIRIWAKE_PROBE_TIMEOUT_MS",
];

impl Settings {
    /// Reads the process environment.
    pub fn from_env() -> Result<Settings, SettingsError> {
        Settings::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `get` (the environment, or a map in tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Settings, SettingsError> {
        let var = |name: &'static str| get(name).filter(|v| !v.trim().is_empty());
        let invalid = |name: &'static str, value: &str, expected: &'static str| SettingsError {
            name,
            value: value.to_owned(),
            expected,
        };
        let number = |name: &'static str, default: f64| -> Result<f64, SettingsError> {
            match var(name) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|n| n.is_finite() && *n >= 0.0)
                    .ok_or_else(|| invalid(name, &v, "a non-negative number")),
            }
        };
        let millis = |name: &'static str, default: Duration| -> Result<Duration, SettingsError> {
            match var(name) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .map(Duration::from_millis)
                    .ok_or_else(|| invalid(name, &v, "a positive number of milliseconds")),
            }
        };
        let list = |name: &'static str, default: &[String]| -> Vec<String> {
            match var(name) {
                None => default.to_vec(),
                Some(v) => v
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            }
        };

        let defaults = Settings::default();
        let lang = match var("KIRIWAKE_LANG") {
            None => Lang::En,
            Some(v) => Lang::parse(&v).map_err(|_| invalid("KIRIWAKE_LANG", &v, "en or ja"))?,
        };
        let mut core = Config::for_lang(lang);
        if let Some(v) = var("KIRIWAKE_SUPPORT_PLAN") {
            core.support_plan = SupportPlan::parse(&v).map_err(|_| {
                invalid(
                    "KIRIWAKE_SUPPORT_PLAN",
                    &v,
                    "basic, developer, business, enterprise-on-ramp or enterprise",
                )
            })?;
        }
        if let Some(v) = var("KIRIWAKE_TZ_OFFSET") {
            core = core
                .with_timezone(&v, var("KIRIWAKE_TZ_LABEL").as_deref())
                .map_err(|_| invalid("KIRIWAKE_TZ_OFFSET", &v, "an offset like +09:00 or UTC"))?;
        } else if let Some(label) = var("KIRIWAKE_TZ_LABEL") {
            core.tz_label = label;
        }
        let window_minutes = number("KIRIWAKE_WINDOW_MINUTES", 30.0)?;
        if window_minutes > 24.0 * 60.0 {
            return Err(invalid(
                "KIRIWAKE_WINDOW_MINUTES",
                &var("KIRIWAKE_WINDOW_MINUTES").unwrap_or_default(),
                "at most 1440 minutes",
            ));
        }
        let probe_endpoints = list("KIRIWAKE_PROBE_ENDPOINTS", &[]);
        if let Some(bad) = probe_endpoints.iter().find(|e| {
            e.rsplit_once(':')
                .is_none_or(|(_, p)| p.parse::<u16>().is_err())
        }) {
            return Err(invalid(
                "KIRIWAKE_PROBE_ENDPOINTS",
                bad,
                "host:port entries",
            ));
        }
        Ok(Settings {
            core,
            call_timeout: millis("KIRIWAKE_CALL_TIMEOUT_MS", defaults.call_timeout)?,
            window: Duration::from_secs_f64(window_minutes * 60.0),
            change_window: Duration::from_secs_f64(
                number("KIRIWAKE_CHANGE_WINDOW_HOURS", 6.0)? * 3600.0,
            ),
            thresholds: Thresholds {
                cpu_percent: number("KIRIWAKE_CPU_PERCENT", 90.0)?,
                memory_percent: number("KIRIWAKE_MEMORY_PERCENT", 90.0)?,
                disk_percent: number("KIRIWAKE_DISK_PERCENT", 90.0)?,
                rds_min_free_storage_gib: number("KIRIWAKE_RDS_MIN_FREE_STORAGE_GIB", 2.0)?,
                rds_min_freeable_memory_mib: number("KIRIWAKE_RDS_MIN_FREEABLE_MEMORY_MIB", 128.0)?,
                rds_max_connections: match var("KIRIWAKE_RDS_MAX_CONNECTIONS") {
                    None => None,
                    Some(_) => Some(number("KIRIWAKE_RDS_MAX_CONNECTIONS", 0.0)?),
                },
            },
            os_log_groups: list("KIRIWAKE_OS_LOG_GROUPS", &[]),
            app_log_groups: list("KIRIWAKE_APP_LOG_GROUPS", &[]),
            // Set but empty means every stream; unset means the agent's default.
            log_stream_pattern: match get("KIRIWAKE_LOG_STREAM_PATTERN") {
                Some(p) => p.trim().to_owned(),
                None => defaults.log_stream_pattern,
            },
            os_error_terms: list("KIRIWAKE_OS_ERROR_TERMS", &defaults.os_error_terms),
            app_error_terms: list("KIRIWAKE_APP_ERROR_TERMS", &defaults.app_error_terms),
            group_tag: var("KIRIWAKE_GROUP_TAG").unwrap_or(defaults.group_tag),
            vpn_connections: list("KIRIWAKE_VPN_CONNECTIONS", &[]),
            probe_endpoints,
            probe_timeout: millis("KIRIWAKE_PROBE_TIMEOUT_MS", defaults.probe_timeout)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn from(pairs: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_and_overrides() {
        let s = from(&[]).unwrap();
        assert_eq!(s, Settings::default());
        let s = from(&[
            ("KIRIWAKE_LANG", "ja"),
            ("KIRIWAKE_APP_LOG_GROUPS", "/shop/app, /shop/worker"),
            ("KIRIWAKE_CALL_TIMEOUT_MS", "1500"),
            ("KIRIWAKE_PROBE_ENDPOINTS", "10.0.0.5:443"),
            ("KIRIWAKE_RDS_MAX_CONNECTIONS", "500"),
        ])
        .unwrap();
        assert_eq!(s.core.lang, Lang::Ja);
        assert_eq!(s.core.tz_label, "JST");
        assert_eq!(s.app_log_groups, ["/shop/app", "/shop/worker"]);
        assert_eq!(s.call_timeout, Duration::from_millis(1500));
        assert_eq!(s.thresholds.rds_max_connections, Some(500.0));
    }

    #[test]
    fn the_readme_documents_every_variable() {
        let readme = include_str!("../../../README.md");
        for name in VARIABLES {
            assert!(readme.contains(name), "README.md does not document {name}");
        }
    }

    #[test]
    fn bad_values_name_the_variable() {
        for (name, value) in [
            ("KIRIWAKE_CALL_TIMEOUT_MS", "soon"),
            ("KIRIWAKE_CPU_PERCENT", "-5"),
            ("KIRIWAKE_SUPPORT_PLAN", "gold"),
            ("KIRIWAKE_LANG", "fr"),
            ("KIRIWAKE_PROBE_ENDPOINTS", "onprem.example"),
            ("KIRIWAKE_WINDOW_MINUTES", "1e300"),
        ] {
            let err = from(&[(name, value)]).unwrap_err();
            assert_eq!(err.name, name);
            assert!(err.to_string().contains(value), "{err}");
        }
    }
}
