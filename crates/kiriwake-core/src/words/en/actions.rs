use super::English;
use crate::words::actions::{Action, ActionWords};
use crate::words::labels::utc_minute;

impl ActionWords for English {
    fn unnamed_target(&self) -> &'static str {
        "the resource"
    }

    fn action(&self, action: &Action<'_>) -> String {
        match *action {
            Action::ContactAwsSupport => "Open an AWS Support case on the web with the draft below: it states the resources, region, start time with time zone and the evidence.".into(),
            Action::CheckHealthDashboardBasicPlan => "The Basic plan cannot open technical support cases: watch the AWS Health Dashboard, or upgrade the support plan to open the drafted case.".into(),
            Action::CheckHealthDashboardNoHealthApi => "The AWS Health API needs Business support or higher: check the AWS Health Dashboard in the console instead.".into(),
            Action::StopStartInstance { target } => format!("If {target} is EBS-backed, stop and start it (a reboot is not enough) to move it to healthy hardware; instance-store data is lost. Consider the EC2 `recover` alarm action for next time."),
            Action::CheckEbsVolumes { target } => format!("Check the volume status of {target}'s EBS volumes (DescribeVolumeStatus); if I/O is impaired, restore from the latest snapshot to a new volume."),
            Action::StopStartBeforeRetirement { target, not_before } => {
                let on = not_before.map(|t| format!(" on {}", utc_minute(&t))).unwrap_or_default();
                format!("Stop and start {target} (or replace it) before AWS retires the host{on}, at a time you choose; take a backup or AMI first.")
            }
            Action::FollowAwsHealth { public_region } => {
                let service = public_region.map(|region| format!(" and service health for {region}")).unwrap_or_default();
                format!("Follow the AWS Health event for updates (account health{service}) and record when it started and ended.")
            }
            Action::FollowAwsInvestigation => "AWS is investigating: follow the AWS Health event and the service health dashboard for the region.".into(),
            Action::FailOver => "Shift traffic to healthy resources in another Availability Zone or Region if the design allows.".into(),
            Action::PlanForMaintenance { not_before } => {
                let when = not_before.as_ref().map(utc_minute).unwrap_or_else(|| "the scheduled time".into());
                format!("Plan for the maintenance at {when}: reschedule it if AWS allows, or act first (stop/start, failover, apply pending maintenance in your window).")
            }
            Action::CopyInstanceStoreData { target } => format!("Copy the data off {target}'s instance-store volumes now (they do not survive a stop), then stop and start or replace the instance to move it to healthy hardware, and restore the data there."),
            Action::RestoreVolumeFromSnapshot => "Restore the lost volume from its latest snapshot to a new volume and attach it in its place; data written after that snapshot is lost. Make sure snapshots are scheduled (AWS Backup or Data Lifecycle Manager).".into(),
            Action::FollowRdsEvents { target } => format!("Follow {target}'s RDS events until RDS reports the recovery or failover complete; if it has not within 30 minutes, open a case with the event IDs."),
            Action::FixRdsConfiguration { target } => format!("Read the RDS event's message below: it names what to fix on {target} (an IAM role, storage autoscaling's maximum, a replica, a domain join, an option or parameter group); then confirm the instance is available."),
            Action::FindWhoChanged { target } => format!("Ask whoever made the change to {target} (listed below, or in CloudTrail for the event) whether it was intended; if not, undo it (start it again, revert the change)."),
            Action::RollBackDeployment => "Compare the deployment shortly before (below) with when the errors began; if they line up, roll it back, then read the application logs for the first error.".into(),
            Action::FollowSecurityRunbook => "Follow your security runbook now: for exposed credentials, deactivate and rotate the access key, remove it from where it was published, and review CloudTrail for its use since exposure (new users, roles, instances, unusual regions).".into(),
            Action::AnswerAwsNotice => "Reply to the AWS notice once contained. This is not an AWS fault: a support case is for questions about the notice only.".into(),
            Action::PlanForNotice => "Read the notice (the AWS Health event, or the RDS event's message) and plan what it asks, if anything, by its date (for example an upgrade before the end of support); nothing is needed tonight.".into(),
            Action::PlanCapacity { target } => format!("Plan the increase for {target} before the limit is reached (raise the allocated storage or its autoscaling maximum, or free space), after checking how fast it grows."),
            Action::CheckTrafficStopped { target } => format!("Check whether {target}'s workload stopped or its traffic no longer arrives (upstream services, DNS, the load balancer, clients); a stopped process shows in the OS and application logs."),
            Action::FindWhatDrivesLoad { target } => format!("Find what drives {target}'s traffic or I/O (a traffic surge, a batch job, a retry storm, an attack) in its logs and the load balancer's metrics, then narrow down from the widest range."),
            Action::ReadAlarmMetrics => "Graph each metric of the alarm's expression in the CloudWatch console to see which one moved, then isolate from that one.".into(),
            Action::CheckRdsEvents { target, recovered } => {
                let window = if recovered { "before" } else { "around" };
                format!("Read the RDS events of {target} {window} the failover for its cause (maintenance, reboot with failover, host failure) and confirm the application reconnected through the endpoint.")
            }
            Action::ReadConsoleOutput { target } => format!("Read {target}'s system log (EC2 console: Get system log / `aws ec2 get-console-output`) or use the EC2 serial console for out-of-memory kills, file system errors, kernel panics and network or startup misconfiguration."),
            Action::RebootInstance => "Reboot the instance once the cause is noted; if it does not come back, restore from a backup or replace it.".into(),
            Action::ReadOsLogs { target } => format!("Read the OS log excerpts below and the full OS logs of {target} (CloudWatch Logs, or /var/log and the Windows event log on the host)."),
            Action::RelieveMemory { target } => format!("Find the process holding memory on {target} (top, ps, the OOM killer in the system log), restart it, and move to a larger instance type if it recurs."),
            Action::FreeDisk { target } => format!("Free disk space on {target} (logs, temporary files) and extend the EBS volume and file system if needed."),
            Action::ExtendDbStorage { target } => format!("Increase the allocated storage of {target} (Modify) and enable storage autoscaling."),
            Action::ExtendFullDbStorage { target } => format!("Modify {target} to increase its allocated storage, and enable storage autoscaling so it does not fill again."),
            Action::RelieveConnections { target } => format!("Find what opened the connections to {target}; use connection pooling (e.g. RDS Proxy) or raise max_connections with the instance class."),
            Action::TuneDbWorkload { target } => format!("Find the queries loading {target} (Performance Insights, slow query log) and tune them, or scale the instance class."),
            Action::RelieveLoad { target } => format!("Find what is loading {target} (top, iostat, the application), then scale out or up."),
            Action::PointInTimeRestore { target } => format!("Restore {target} to a point in time (or from a snapshot) and repoint the application; ask AWS Support for the cause."),
            Action::FreeSubnetIps { target } => format!("Free IP addresses in the subnets of {target}'s DB subnet group (or add subnets), then start the instance."),
            Action::FixParameterGroup { target } => format!("Correct the incompatible values in {target}'s DB parameter group (memory-related ones first), then reboot it."),
            Action::RetryRestore { target } => format!("Restore {target} again to an earlier time or from a snapshot."),
            Action::RestoreKmsAccess { target } => format!("Re-enable the KMS key of {target} (or restore its key policy and grants), then start the instance; an unrecoverable key means restoring from a backup."),
            Action::WatchDbStatus { target } => format!("Watch {target}'s status until it returns to available."),
            Action::ContainCompromise { target } => format!("Treat {target} as compromised: restrict its security group, snapshot it for forensics, rotate its credentials, and answer the AWS abuse report."),
            Action::ReadApplicationLogs => "Read the application logs (excerpts below) for the first error and its time.".into(),
            Action::ReviewRecentChanges => "Check recent deployments and configuration changes; roll back if one lines up with the start time. Check the application's dependencies (database, external APIs).".into(),
            Action::CheckTargetHealth => "Read the target group's health reasons (e.g. Target.Timeout, Target.FailedHealthChecks), then each target's instance status and the application's health endpoint.".into(),
            Action::CheckCustomerGateway => "Check the customer gateway device: IKE/IPsec logs, its public IP and routing, and that its configuration matches the VPN connection.".into(),
            Action::CheckDirectConnect => "Check your router and the cross-connect, then contact your Direct Connect partner or carrier.".into(),
            Action::CheckOnpremAndCarrier => "Check the on-premises side and the internet line (try from another network), and contact the carrier; kiriwake cannot see them from inside AWS.".into(),
            Action::ConfirmRecovery => "Confirm the service works end to end, and note when the fault started and ended for the incident report.".into(),
            Action::CheckCloudtrail { target } => format!("Look in CloudTrail for StopInstances or TerminateInstances on {target} (a person or automation), in Auto Scaling activity, and in the OS logs for a shutdown."),
            Action::ReadStatusChecks { target } => format!("Open {target}'s Status checks tab to see whether the system or the instance check failed."),
            Action::CheckMetricSource { target } => format!("Check that {target} is running and that whatever publishes the metric (e.g. the CloudWatch agent) is alive."),
            Action::ReadHealthEvent => "Read the AWS Health event and plan any action it asks for.".into(),
            Action::WidenSearch { region } => format!("Check the AWS Health Dashboard for {region}, then narrow down from the widest range: some servers or all, some users or all."),
            Action::CheckExternalViews => "Estimate how far it reaches from outside views too (social media, Downdetector, the carrier's status page).".into(),
            Action::ShiftAwayFromZone => "Every impaired server of the group is in one Availability Zone: shift traffic and capacity to the other zones (load balancer, Auto Scaling), and look for that zone on the AWS Health Dashboard.".into(),
            Action::AskAwsSupport => "Your side checks out healthy: ask AWS Support with the draft below. Not every AWS-side fault is published; local ones are best confirmed with AWS.".into(),
            Action::RunLiveChecks => "Run the live checks (kiriwake without --offline, or the isolation state machine) to confirm this from the AWS APIs.".into(),
            Action::GrantPermissions => "Some checks were denied: grant the isolation functions the read permissions listed in the README.".into(),
            Action::KeepEvidence => "Keep this notification and its evidence for the incident report and the runbook.".into(),
        }
    }
}
