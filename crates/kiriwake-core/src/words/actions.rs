//! The next actions' part of the catalogue: the sentence for each thing to do next.
//!
//! `crate::actions` decides which actions apply (by cause, verdict, scope, support plan,
//! offline…) and names each with an [`Action`], carrying the values its sentence needs;
//! a catalogue words every [`Action`] with an exhaustive `match`. An action's stable
//! [`code`](Action::code) is language-neutral and lives here, next to the variants.

use chrono::{DateTime, Utc};

/// One thing to do next, with the values its sentence needs. Each variant is one
/// sentence; [`Action::code`] gives its stable code (a few codes have two sentences).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action<'a> {
    /// `contact_aws_support`: open a case on the web with the drafted case.
    ContactAwsSupport,
    /// `check_health_dashboard`: the Basic plan cannot open technical cases; watch the
    /// AWS Health Dashboard or upgrade the plan.
    CheckHealthDashboardBasicPlan,
    /// `check_health_dashboard`: the AWS Health API needs Business support or higher; use
    /// the console's AWS Health Dashboard instead.
    CheckHealthDashboardNoHealthApi,
    /// `stop_start_instance`: stop and start an EBS-backed instance onto healthy hardware.
    StopStartInstance {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `check_ebs_volumes`: check the instance's EBS volume status.
    CheckEbsVolumes {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `stop_start_before_retirement`: move off degraded hardware before AWS retires it.
    StopStartBeforeRetirement {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
        /// When AWS retires the host, when known.
        not_before: Option<DateTime<Utc>>,
    },
    /// `follow_aws_health`: follow an AWS Health event AWS published.
    FollowAwsHealth {
        /// The region whose service health to follow too: `Some` for a public event.
        public_region: Option<&'a str>,
    },
    /// `follow_aws_health`: AWS is investigating; follow the event and the region's
    /// service health.
    FollowAwsInvestigation,
    /// `fail_over`: shift traffic to another Availability Zone or Region.
    FailOver,
    /// `plan_for_maintenance`: plan for maintenance AWS scheduled.
    PlanForMaintenance {
        /// When AWS will act, when known.
        not_before: Option<DateTime<Utc>>,
    },
    /// `copy_instance_store_data`: save the instance-store data, then move the instance.
    CopyInstanceStoreData {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `restore_volume_from_snapshot`: restore a lost EBS volume from its snapshot.
    RestoreVolumeFromSnapshot,
    /// `follow_rds_events`: follow the database's RDS events until it recovers.
    FollowRdsEvents {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `fix_rds_configuration`: fix what the RDS event's message names.
    FixRdsConfiguration {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `find_who_changed`: ask whoever changed the resource whether it was intended.
    FindWhoChanged {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `roll_back_deployment`: compare the recent deployment with the errors' start.
    RollBackDeployment,
    /// `follow_security_runbook`: contain exposed credentials now.
    FollowSecurityRunbook,
    /// `answer_aws_notice`: reply to AWS's security notice once contained.
    AnswerAwsNotice,
    /// `plan_for_notice`: read an account notice and plan what it asks.
    PlanForNotice,
    /// `plan_capacity`: plan the increase before a limit is reached.
    PlanCapacity {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `check_traffic_stopped`: the load dropped; did the workload or its traffic stop?
    CheckTrafficStopped {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `find_what_drives_load`: find what drives the traffic or I/O.
    FindWhatDrivesLoad {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `read_alarm_metrics`: graph each metric of the alarm's expression.
    ReadAlarmMetrics,
    /// `check_rds_events`: read the database's RDS events for the failover's cause.
    CheckRdsEvents {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
        /// The failover completed and the database is back: read the events *before* it
        /// (otherwise the failover is the cause: read those *around* it).
        recovered: bool,
    },
    /// `read_console_output`: read the instance's system log or serial console.
    ReadConsoleOutput {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `reboot_instance`: reboot once the cause is noted.
    RebootInstance,
    /// `read_os_logs`: read the OS log excerpts and the full OS logs.
    ReadOsLogs {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `relieve_memory`: an instance ran out of memory.
    RelieveMemory {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `free_disk`: an instance's file systems are full.
    FreeDisk {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `extend_db_storage`: a database's storage metric ran out.
    ExtendDbStorage {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `extend_db_storage`: the database's status is `storage-full`.
    ExtendFullDbStorage {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `relieve_connections`: a database ran out of connections.
    RelieveConnections {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `tune_db_workload`: a database is overloaded (CPU, memory, network…).
    TuneDbWorkload {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `relieve_load`: an instance is overloaded (CPU, network…).
    RelieveLoad {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `point_in_time_restore`: the database's status is `failed`.
    PointInTimeRestore {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `free_subnet_ips`: the database's status is `incompatible-network`.
    FreeSubnetIps {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `fix_parameter_group`: the database's status is `incompatible-parameters`.
    FixParameterGroup {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `retry_restore`: the database's status is `incompatible-restore`.
    RetryRestore {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `restore_kms_access`: the database's KMS key is inaccessible.
    RestoreKmsAccess {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `watch_db_status`: any other database status; watch until available.
    WatchDbStatus {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `contain_compromise`: AWS reported abuse from the resource.
    ContainCompromise {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `read_application_logs`: find the first error in the application logs.
    ReadApplicationLogs,
    /// `review_recent_changes`: check recent deployments, changes and dependencies.
    ReviewRecentChanges,
    /// `check_target_health`: read the target group's health reasons.
    CheckTargetHealth,
    /// `check_customer_gateway`: check the VPN's customer gateway device.
    CheckCustomerGateway,
    /// `check_direct_connect`: check the router and cross-connect, contact the partner.
    CheckDirectConnect,
    /// `check_onprem_and_carrier`: check on-premises and the line; contact the carrier.
    CheckOnpremAndCarrier,
    /// `confirm_recovery`: confirm end to end and note the fault's start and end.
    ConfirmRecovery,
    /// `check_cloudtrail`: who or what stopped the instance.
    CheckCloudtrail {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `read_status_checks`: see which status check failed.
    ReadStatusChecks {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `check_metric_source`: the metric stopped reporting.
    CheckMetricSource {
        /// The resource's id, or [`ActionWords::unnamed_target`].
        target: &'a str,
    },
    /// `read_health_event`: read an AWS Health event that is not a fault.
    ReadHealthEvent,
    /// `widen_search`: nothing found; check the region's dashboard and narrow down.
    WidenSearch {
        /// The incident's region (`?` when unknown).
        region: &'a str,
    },
    /// `check_external_views`: estimate the reach from outside views too.
    CheckExternalViews,
    /// `shift_away_from_zone`: every impaired server is in one Availability Zone.
    ShiftAwayFromZone,
    /// `ask_aws_support`: the user's side is healthy; ask AWS about an unpublished fault.
    AskAwsSupport,
    /// `run_live_checks`: an offline classification; confirm with the live checks.
    RunLiveChecks,
    /// `grant_permissions`: some checks were denied.
    GrantPermissions,
    /// `keep_evidence`: keep the notification and its evidence.
    KeepEvidence,
}

impl Action<'_> {
    /// The stable code, for scripts and runbooks (`contact_aws_support`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Action::ContactAwsSupport => "contact_aws_support",
            Action::CheckHealthDashboardBasicPlan | Action::CheckHealthDashboardNoHealthApi => {
                "check_health_dashboard"
            }
            Action::StopStartInstance { .. } => "stop_start_instance",
            Action::CheckEbsVolumes { .. } => "check_ebs_volumes",
            Action::StopStartBeforeRetirement { .. } => "stop_start_before_retirement",
            Action::FollowAwsHealth { .. } | Action::FollowAwsInvestigation => "follow_aws_health",
            Action::FailOver => "fail_over",
            Action::PlanForMaintenance { .. } => "plan_for_maintenance",
            Action::CopyInstanceStoreData { .. } => "copy_instance_store_data",
            Action::RestoreVolumeFromSnapshot => "restore_volume_from_snapshot",
            Action::FollowRdsEvents { .. } => "follow_rds_events",
            Action::FixRdsConfiguration { .. } => "fix_rds_configuration",
            Action::FindWhoChanged { .. } => "find_who_changed",
            Action::RollBackDeployment => "roll_back_deployment",
            Action::FollowSecurityRunbook => "follow_security_runbook",
            Action::AnswerAwsNotice => "answer_aws_notice",
            Action::PlanForNotice => "plan_for_notice",
            Action::PlanCapacity { .. } => "plan_capacity",
            Action::CheckTrafficStopped { .. } => "check_traffic_stopped",
            Action::FindWhatDrivesLoad { .. } => "find_what_drives_load",
            Action::ReadAlarmMetrics => "read_alarm_metrics",
            Action::CheckRdsEvents { .. } => "check_rds_events",
            Action::ReadConsoleOutput { .. } => "read_console_output",
            Action::RebootInstance => "reboot_instance",
            Action::ReadOsLogs { .. } => "read_os_logs",
            Action::RelieveMemory { .. } => "relieve_memory",
            Action::FreeDisk { .. } => "free_disk",
            Action::ExtendDbStorage { .. } | Action::ExtendFullDbStorage { .. } => {
                "extend_db_storage"
            }
            Action::RelieveConnections { .. } => "relieve_connections",
            Action::TuneDbWorkload { .. } => "tune_db_workload",
            Action::RelieveLoad { .. } => "relieve_load",
            Action::PointInTimeRestore { .. } => "point_in_time_restore",
            Action::FreeSubnetIps { .. } => "free_subnet_ips",
            Action::FixParameterGroup { .. } => "fix_parameter_group",
            Action::RetryRestore { .. } => "retry_restore",
            Action::RestoreKmsAccess { .. } => "restore_kms_access",
            Action::WatchDbStatus { .. } => "watch_db_status",
            Action::ContainCompromise { .. } => "contain_compromise",
            Action::ReadApplicationLogs => "read_application_logs",
            Action::ReviewRecentChanges => "review_recent_changes",
            Action::CheckTargetHealth => "check_target_health",
            Action::CheckCustomerGateway => "check_customer_gateway",
            Action::CheckDirectConnect => "check_direct_connect",
            Action::CheckOnpremAndCarrier => "check_onprem_and_carrier",
            Action::ConfirmRecovery => "confirm_recovery",
            Action::CheckCloudtrail { .. } => "check_cloudtrail",
            Action::ReadStatusChecks { .. } => "read_status_checks",
            Action::CheckMetricSource { .. } => "check_metric_source",
            Action::ReadHealthEvent => "read_health_event",
            Action::WidenSearch { .. } => "widen_search",
            Action::CheckExternalViews => "check_external_views",
            Action::ShiftAwayFromZone => "shift_away_from_zone",
            Action::AskAwsSupport => "ask_aws_support",
            Action::RunLiveChecks => "run_live_checks",
            Action::GrantPermissions => "grant_permissions",
            Action::KeepEvidence => "keep_evidence",
        }
    }
}

/// What a language says to do next.
pub trait ActionWords {
    /// What an action calls the incident's resource when the incident names none
    /// ("the resource").
    fn unnamed_target(&self) -> &'static str;

    /// The sentence people read for `action`.
    fn action(&self, action: &Action<'_>) -> String;
}
