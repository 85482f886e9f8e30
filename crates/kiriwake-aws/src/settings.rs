//! Configuration, read once from the environment at cold start.
//!
//! Every variable is optional; defaults suit a typical EC2 + RDS system. Lists are
//! comma-separated. Configuration fails soft: a bad value falls back to its default and is
//! kept in `ignored`, naming the variable, the value and what was expected, for the logs and
//! the notification — one mistyped optional setting never stops the suite at 3 a.m. (the
//! template's parameters reject bad values at deploy time already). Each function reads
//! only what it uses: classify and notify the language, support plan and time zone
//! ([`CoreSettings`]); the check functions everything ([`Settings`]).

use std::time::Duration;

use kiriwake_core::lifecycle::{self, LifeConfig};
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

/// Language, support plan and display time zone: all classify and notify read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CoreSettings {
    pub core: Config,
    /// The incident's life: the correlation window and the least time between updates
    /// (`KIRIWAKE_INCIDENT_WINDOW_MINUTES`, `KIRIWAKE_UPDATE_INTERVAL_MINUTES`; notify's).
    pub life: LifeConfig,
    /// Bad values that fell back to their defaults.
    pub ignored: Vec<SettingsError>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Language, support plan, display time zone.
    pub core: Config,
    /// Bad values that fell back to their defaults.
    pub ignored: Vec<SettingsError>,
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
    /// Where resource tags may choose log groups: only names starting with it (the function
    /// may read only there); empty, tags choose none. Whoever may tag a resource must not
    /// be able to send any log group's excerpts to e-mail and chat.
    pub log_group_prefix: String,
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
            ignored: Vec::new(),
            call_timeout: Duration::from_secs(5),
            window: Duration::from_secs(30 * 60),
            change_window: Duration::from_secs(6 * 3600),
            thresholds: Thresholds::default(),
            os_log_groups: Vec::new(),
            app_log_groups: Vec::new(),
            log_group_prefix: String::new(),
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
    "KIRIWAKE_TIME_ZONE",
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
    "KIRIWAKE_LOG_GROUP_PREFIX",
    "KIRIWAKE_LOG_STREAM_PATTERN",
    "KIRIWAKE_OS_ERROR_TERMS",
    "KIRIWAKE_APP_ERROR_TERMS",
    "KIRIWAKE_GROUP_TAG",
    "KIRIWAKE_VPN_CONNECTIONS",
    "KIRIWAKE_PROBE_ENDPOINTS",
    "KIRIWAKE_PROBE_TIMEOUT_MS",
];

/// Reads one variable at a time; a bad value is recorded and its default used.
struct Reader<G> {
    get: G,
    ignored: Vec<SettingsError>,
}

impl<G: Fn(&str) -> Option<String>> Reader<G> {
    fn var(&self, name: &str) -> Option<String> {
        (self.get)(name).filter(|v| !v.trim().is_empty())
    }

    /// The variable parsed by `parse`, or `default` (recorded as ignored when set but bad).
    fn parsed<T>(
        &mut self,
        name: &'static str,
        default: T,
        expected: &'static str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> T {
        match self.var(name) {
            None => default,
            Some(v) => parse(v.trim()).unwrap_or_else(|| {
                self.ignored.push(SettingsError {
                    name,
                    value: v,
                    expected,
                });
                default
            }),
        }
    }

    fn number(&mut self, name: &'static str, default: f64, max: f64) -> f64 {
        let expected = if max.is_finite() {
            "a non-negative number within range"
        } else {
            "a non-negative number"
        };
        self.parsed(name, default, expected, |v| {
            v.parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n >= 0.0 && *n <= max)
        })
    }

    fn millis(&mut self, name: &'static str, default: Duration) -> Duration {
        self.parsed(name, default, "a positive number of milliseconds", |v| {
            v.parse::<u64>()
                .ok()
                .filter(|n| *n > 0)
                .map(Duration::from_millis)
        })
    }

    fn list(&self, name: &str, default: &[String]) -> Vec<String> {
        match self.var(name) {
            None => default.to_vec(),
            Some(v) => v
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }

    fn core(&mut self) -> Config {
        // The variable's earlier name: said, not silently dropped.
        if let Some(old) = self.var("KIRIWAKE_TZ_OFFSET") {
            self.ignored.push(SettingsError {
                name: "KIRIWAKE_TZ_OFFSET",
                value: old,
                expected: "nothing: it is now KIRIWAKE_TIME_ZONE",
            });
        }
        let lang = self.parsed("KIRIWAKE_LANG", Lang::En, Lang::EXPECTED, |v| {
            Lang::parse(v).ok()
        });
        let mut core = Config::for_lang(lang);
        core.support_plan = self.parsed(
            "KIRIWAKE_SUPPORT_PLAN",
            core.support_plan,
            "basic, developer, business, enterprise-on-ramp or enterprise",
            |v| SupportPlan::parse(v).ok(),
        );
        let label = self.var("KIRIWAKE_TZ_LABEL");
        let zone = self.parsed(
            "KIRIWAKE_TIME_ZONE",
            None,
            "a time zone like Asia/Tokyo, or an offset like +09:00 or UTC",
            |v| {
                core.clone()
                    .with_timezone(v, label.as_deref())
                    .ok()
                    .map(Some)
            },
        );
        match (zone, label) {
            (Some(zoned), _) => zoned,
            (None, Some(label)) if self.var("KIRIWAKE_TIME_ZONE").is_none() => Config {
                tz_label: label,
                ..core
            },
            (None, _) => core,
        }
    }
}

impl CoreSettings {
    /// Reads the process environment.
    pub fn from_env() -> CoreSettings {
        CoreSettings::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the language, support plan and time zone through `get`.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> CoreSettings {
        let mut r = Reader {
            get,
            ignored: Vec::new(),
        };
        let core = r.core();
        let minutes = |m: f64| chrono::Duration::milliseconds((m * 60_000.0).round() as i64);
        let life = LifeConfig {
            window: minutes(r.number(
                "KIRIWAKE_INCIDENT_WINDOW_MINUTES",
                lifecycle::DEFAULT_WINDOW_MINUTES as f64,
                24.0 * 60.0,
            )),
            update_interval: minutes(r.number(
                "KIRIWAKE_UPDATE_INTERVAL_MINUTES",
                lifecycle::DEFAULT_UPDATE_MINUTES as f64,
                24.0 * 60.0,
            )),
        };
        CoreSettings {
            core,
            life,
            ignored: r.ignored,
        }
    }
}

impl Settings {
    /// Reads the process environment.
    pub fn from_env() -> Settings {
        Settings::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `get` (the environment, or a map in tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Settings {
        let defaults = Settings::default();
        let mut r = Reader {
            get,
            ignored: Vec::new(),
        };
        let core = r.core();
        let window_minutes = r.number("KIRIWAKE_WINDOW_MINUTES", 30.0, 24.0 * 60.0);
        let change_window_hours = r.number("KIRIWAKE_CHANGE_WINDOW_HOURS", 6.0, 90.0 * 24.0);
        let mut probe_endpoints = r.list("KIRIWAKE_PROBE_ENDPOINTS", &[]);
        probe_endpoints.retain(|e| {
            let ok = e
                .rsplit_once(':')
                .is_some_and(|(host, p)| !host.is_empty() && p.parse::<u16>().is_ok());
            if !ok {
                r.ignored.push(SettingsError {
                    name: "KIRIWAKE_PROBE_ENDPOINTS",
                    value: e.clone(),
                    expected: "host:port entries",
                });
            }
            ok
        });
        let percent = 100.0;
        let thresholds = Thresholds {
            cpu_percent: r.number("KIRIWAKE_CPU_PERCENT", 90.0, percent),
            memory_percent: r.number("KIRIWAKE_MEMORY_PERCENT", 90.0, percent),
            disk_percent: r.number("KIRIWAKE_DISK_PERCENT", 90.0, percent),
            rds_min_free_storage_gib: r.number(
                "KIRIWAKE_RDS_MIN_FREE_STORAGE_GIB",
                2.0,
                f64::INFINITY,
            ),
            rds_min_freeable_memory_mib: r.number(
                "KIRIWAKE_RDS_MIN_FREEABLE_MEMORY_MIB",
                128.0,
                f64::INFINITY,
            ),
            rds_max_connections: r.parsed(
                "KIRIWAKE_RDS_MAX_CONNECTIONS",
                None,
                "a positive whole number",
                |v| {
                    v.parse::<u32>()
                        .ok()
                        .filter(|n| *n > 0)
                        .map(|n| Some(f64::from(n)))
                },
            ),
        };
        Settings {
            core,
            call_timeout: r.millis("KIRIWAKE_CALL_TIMEOUT_MS", defaults.call_timeout),
            window: Duration::from_secs_f64(window_minutes * 60.0),
            change_window: Duration::from_secs_f64(change_window_hours * 3600.0),
            thresholds,
            os_log_groups: r.list("KIRIWAKE_OS_LOG_GROUPS", &[]),
            app_log_groups: r.list("KIRIWAKE_APP_LOG_GROUPS", &[]),
            log_group_prefix: r
                .var("KIRIWAKE_LOG_GROUP_PREFIX")
                .unwrap_or_default()
                .trim()
                .to_owned(),
            // Set but empty means every stream; unset means the agent's default.
            log_stream_pattern: match (r.get)("KIRIWAKE_LOG_STREAM_PATTERN") {
                Some(p) => p.trim().to_owned(),
                None => defaults.log_stream_pattern,
            },
            os_error_terms: r.list("KIRIWAKE_OS_ERROR_TERMS", &defaults.os_error_terms),
            app_error_terms: r.list("KIRIWAKE_APP_ERROR_TERMS", &defaults.app_error_terms),
            group_tag: r.var("KIRIWAKE_GROUP_TAG").unwrap_or(defaults.group_tag),
            vpn_connections: r.list("KIRIWAKE_VPN_CONNECTIONS", &[]),
            probe_endpoints,
            probe_timeout: r.millis("KIRIWAKE_PROBE_TIMEOUT_MS", defaults.probe_timeout),
            ignored: r.ignored,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn from(pairs: &[(&str, &str)]) -> Settings {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_and_overrides() {
        let s = from(&[]);
        assert_eq!(s, Settings::default());
        let s = from(&[
            ("KIRIWAKE_LANG", "ja"),
            ("KIRIWAKE_APP_LOG_GROUPS", "/shop/app, /shop/worker"),
            ("KIRIWAKE_CALL_TIMEOUT_MS", "1500"),
            ("KIRIWAKE_PROBE_ENDPOINTS", "10.0.0.5:443"),
            ("KIRIWAKE_RDS_MAX_CONNECTIONS", "500"),
        ]);
        assert_eq!(s.ignored, []);
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
    fn a_bad_value_falls_back_to_its_default_and_is_named() {
        for (name, value) in [
            ("KIRIWAKE_CALL_TIMEOUT_MS", "soon"),
            ("KIRIWAKE_CPU_PERCENT", "-5"),
            ("KIRIWAKE_CPU_PERCENT", "90%"),
            ("KIRIWAKE_DISK_PERCENT", "250"),
            ("KIRIWAKE_SUPPORT_PLAN", "gold"),
            ("KIRIWAKE_LANG", "fr"),
            ("KIRIWAKE_TIME_ZONE", "Mars/Olympus_Mons"),
            ("KIRIWAKE_PROBE_ENDPOINTS", "onprem.example"),
            ("KIRIWAKE_WINDOW_MINUTES", "1e300"),
            ("KIRIWAKE_CHANGE_WINDOW_HOURS", "1e300"),
            ("KIRIWAKE_RDS_MAX_CONNECTIONS", "many"),
        ] {
            let s = from(&[(name, value)]);
            let [err] = s.ignored.as_slice() else {
                panic!("{name}={value}: {:?}", s.ignored)
            };
            assert_eq!(err.name, name);
            assert!(err.to_string().contains(value), "{err}");
            // Everything else, and the bad one's own default, as if it were unset.
            assert_eq!(
                Settings {
                    ignored: Vec::new(),
                    ..s
                },
                Settings::default(),
                "{name}={value}"
            );
        }
        // One bad endpoint of two: the good one is still probed.
        let s = from(&[("KIRIWAKE_PROBE_ENDPOINTS", "10.0.0.5:443, onprem.example")]);
        assert_eq!(s.probe_endpoints, ["10.0.0.5:443"]);
        assert_eq!(s.ignored.len(), 1);
    }

    #[test]
    fn named_time_zones_with_daylight_saving() {
        let s = CoreSettings::from_lookup(|k| {
            (k == "KIRIWAKE_TIME_ZONE").then(|| "America/New_York".into())
        });
        assert_eq!(s.ignored, []);
        assert_eq!(s.core.tz_name.as_deref(), Some("America/New_York"));
        // Classify and notify read only their own: a bad check setting is not theirs.
        let s = CoreSettings::from_lookup(|k| (k == "KIRIWAKE_CPU_PERCENT").then(|| "90%".into()));
        assert_eq!(s, CoreSettings::default());
    }
}
