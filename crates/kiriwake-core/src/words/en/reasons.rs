use super::English;
use crate::decision::Cause;
use crate::incident::{FreeText, IntakeNote};
use crate::words::{Labels, Reason, ReasonWords, Target};

impl ReasonWords for English {
    fn reason(&self, reason: Reason) -> &'static str {
        match reason {
            Reason::AwsServiceFirst => {
                "AWS-side evidence is read first: AWS Health reports a problem of the service itself, so errors and alarms on your side during it may be its consequence."
            }
            Reason::RdsManagedFirst => {
                "AWS-side evidence is read first: RDS reports an event of the layers AWS manages, so connection errors of your applications meanwhile may be its consequence."
            }
            Reason::DegradedHardwareFirst => {
                "AWS-side evidence is read first: AWS reports the hardware under the instance degraded (and schedules its retirement or maintenance), so faults on the instance may be its consequence."
            }
            Reason::StorageFirst => {
                "AWS-side evidence is read first: the storage under the instance failed, so I/O errors and stalls on the instance may be its consequence."
            }
            Reason::SystemStatusFirst => {
                "AWS-side evidence is read first: a failed system status check also fails the instance status check, so user-side symptoms may be its consequence."
            }
            Reason::FailoverAlone => {
                "A failover alone does not prove an AWS fault (a reboot with failover or maintenance also causes one); confidence is limited."
            }
            Reason::ChangeShortlyBefore => {
                "A change made shortly before the incident is the likeliest cause: the method's third kind of cause, human error, next to hardware and software."
            }
            Reason::SystemStatusNormal => {
                "The system status check is normal, so the AWS host is not the cause."
            }
            Reason::InstanceStatusNormal => {
                "The instance status is normal, so the method's next step is the application logs."
            }
            Reason::OutsideAws => {
                "No AWS-side or user-side fault explains it; the path outside AWS is down. The customer's own line and the carrier cannot be seen from inside AWS."
            }
            Reason::Watch => {
                "Nothing is broken now: this asks for a plan by a date, not an action tonight (the method's 静観, watch)."
            }
            Reason::Recovered => {
                "The trigger reports that the condition has ended and no check finds a fault now."
            }
            Reason::InstanceStoppedWithoutCause => {
                "The instance stopped without an AWS-side cause in view: a person, an automation or the OS may have stopped it."
            }
            Reason::InstanceTerminatedWithoutCause => {
                "The instance was terminated without an AWS-side cause in view: a person, an automation such as Auto Scaling, a Spot interruption (AWS reclaiming the capacity), or a shutdown from the OS when its shutdown behavior is terminate. A terminated instance cannot be started again: its instance-store data is gone, and so are its EBS volumes set to delete on termination (the root volume is, by default). Carry the service on a replacement."
            }
            Reason::StatusCheckUndetermined => {
                "The combined status check does not tell the system check from the instance check."
            }
            Reason::MetricStoppedReporting => {
                "The alarm's metric stopped reporting: the resource may be stopped or its agent may have died."
            }
            Reason::LoadDropped => {
                "The alarm's metric fell below its threshold: something stopped sending work, which no check can place yet."
            }
            Reason::MixedSignals => {
                "The metric-math alarm combines metrics that point to different causes, and no check found one of them."
            }
            Reason::SymptomWithoutCause => {
                "The alarm reports how hard something works (throughput, I/O), which is a symptom; no check found what causes it."
            }
            Reason::NotAFault => {
                "The AWS Health event is a notification, not a fault affecting the resource now."
            }
            Reason::Unclassified => {
                "kiriwake has no rule for this signal; it needs a person's judgement."
            }
            Reason::NoCheckFoundFault => "No check found a fault.",
            Reason::NoEvidenceYet => {
                "The trigger names no fault and no live check ran, so there is no evidence yet."
            }
        }
    }

    fn ignored_setting(&self, name: &str, value: &str, expected: &str) -> String {
        format!("Setting {name}={value:?} ignored (expected {expected}): its default was used.")
    }

    fn dedupe_unavailable(&self, error: &str) -> String {
        format!(
            "The incident store could not record this trigger ({error}): if the same alarm or event was already notified, this notification repeats it."
        )
    }

    fn store_unavailable(&self, error: &str) -> String {
        format!(
            "The incident store could not place this trigger in an incident ({error}): this notification stands alone, and others of the same outage may follow."
        )
    }

    fn intake_fallback(&self, note: &IntakeNote) -> Option<String> {
        Some(match note {
            IntakeNote::NotJson { field, error } => {
                format!("{field} is not JSON ({error}); it was ignored")
            }
            IntakeNote::NotATimestamp { field, raw } => {
                format!("{field} is not a timestamp AWS uses ({raw:?}); it was ignored")
            }
            IntakeNote::NoConfiguration { field } => {
                format!("{field} is absent; the alarm's metric is unknown")
            }
            IntakeNote::NoStatusCode => {
                "detail.statusCode is absent (an older Health event): read as open".into()
            }
            IntakeNote::NoScopeCode => {
                "detail.eventScopeCode is absent; scope inferred from affectedEntities".into()
            }
            IntakeNote::NoTime => {
                "the event has no usable `time`; the delivery time was used".into()
            }
            IntakeNote::StartInTheFuture { began, delivered } => format!(
                "the event says it began at {}, after it was delivered ({}); the delivery time was used",
                began.to_rfc3339(),
                delivered.to_rfc3339()
            ),
            IntakeNote::ResourcesCut { named, kept } => format!(
                "the trigger names {named} resources; the first {kept} are kept, the other {} counted",
                named.saturating_sub(*kept)
            ),
            IntakeNote::EntitiesCut { named, kept } => format!(
                "the Health event names {named} affected entities; the first {kept} are kept, the other {} counted",
                named.saturating_sub(*kept)
            ),
            IntakeNote::TextCut { text, chars, kept } => {
                let what = match text {
                    FreeText::AlarmDescription => "alarm's description",
                    FreeText::AlarmReason => "alarm's state reason",
                    FreeText::HealthDescription => "Health event's description",
                    FreeText::RdsMessage => "RDS event's message",
                    FreeText::RequestNote => "request's note",
                    FreeText::Unknown => return None,
                };
                format!("the {what} is {chars} characters long; the first {kept} are kept")
            }
            IntakeNote::Unknown => return None,
        })
    }

    fn intake_note(&self, note: &str) -> String {
        format!("Intake note: {note}.")
    }

    fn checks_unavailable(&self, checks: usize) -> String {
        let s = if checks == 1 { "" } else { "s" };
        format!(
            "{checks} check{s} could not run; the verdict uses what was available (see \"could not check\")."
        )
    }

    fn headline(&self, verdict: &str, cause: &str, target: &str) -> String {
        format!("{verdict}: {cause} — {target}")
    }

    fn target(&self, target: Target<'_>) -> String {
        match target {
            Target::Alarm { name, region } => format!("alarm {name} ({region})"),
            Target::Service { service, region } => format!("{service} ({region})"),
            Target::Region(region) => region.to_owned(),
            Target::One { id, region } => format!("{id} ({region})"),
            Target::Several {
                first,
                more,
                region,
            } => format!("{first} and {more} more ({region})"),
        }
    }

    fn cause(&self, cause: &Cause) -> String {
        match cause {
            Cause::HostFailure => "system status check failed".into(),
            Cause::EbsStorageFailure => "attached EBS status check failed".into(),
            Cause::DegradedHardware { .. } => {
                "degraded host hardware (retirement scheduled)".into()
            }
            Cause::AwsServiceIssue { type_code, .. } => {
                format!("AWS service issue {type_code}")
            }
            Cause::AwsInvestigation { type_code } => format!("AWS is investigating {type_code}"),
            Cause::ScheduledMaintenance { type_code, .. } => {
                format!("scheduled maintenance {type_code}")
            }
            Cause::DbFailover => "RDS Multi-AZ failover".into(),
            Cause::InstanceStoreDegraded => "instance-store drive degraded".into(),
            Cause::EbsVolumeLost => "EBS volume lost".into(),
            Cause::RdsAwsFault { event_id } => format!(
                "RDS managed-layer fault{}",
                event_id
                    .as_deref()
                    .map(|i| format!(" {i}"))
                    .unwrap_or_default()
            ),
            Cause::RdsCustomerFault { event_id } => format!(
                "RDS reports a fault in your configuration{}",
                event_id
                    .as_deref()
                    .map(|i| format!(" ({i})"))
                    .unwrap_or_default()
            ),
            Cause::ChangeMade => "a change made in the account".into(),
            Cause::RecentDeployment => "a deployment in the hours before".into(),
            Cause::SecurityRisk { type_code } => {
                format!("security risk reported by AWS ({type_code})")
            }
            Cause::Notice { type_code } => format!("notice {type_code}"),
            Cause::ApproachingLimit => "a limit is being approached".into(),
            Cause::LoadDropped => "the load went away".into(),
            Cause::MixedSignals => "metric math over metrics that point different ways".into(),
            Cause::SymptomWithoutCause => "a symptom, cause not found".into(),
            Cause::InstanceStatusFailed => "instance status check failed".into(),
            Cause::DbInstanceStatus { status } => format!("DB instance {}", status.as_str()),
            Cause::OsLogErrors => "errors in OS logs".into(),
            Cause::ResourceExhausted { resource_class } => {
                format!("{} exhausted", self.resource_class(*resource_class))
            }
            Cause::AbuseReported => "abuse reported by AWS".into(),
            Cause::ApplicationLogErrors => "errors in application logs".into(),
            Cause::ApplicationErrorMetric => "application error rate".into(),
            Cause::UnhealthyTargets => "targets failing health checks".into(),
            Cause::VpnDown => "VPN tunnels down".into(),
            Cause::DirectConnectDown => "Direct Connect down".into(),
            Cause::EndpointUnreachable => "endpoint unreachable".into(),
            Cause::Recovered => "the condition has ended".into(),
            Cause::InstanceStoppedWithoutCause => "instance stopped, cause not found".into(),
            Cause::InstanceTerminatedWithoutCause => "instance terminated, cause not found".into(),
            Cause::StatusCheckUndetermined => "status check failed, side not determined".into(),
            Cause::MetricStoppedReporting => "metric stopped reporting".into(),
            Cause::NotAFault => "notification, not a fault".into(),
            Cause::Unclassified => "signal without a rule".into(),
            Cause::NothingFound => "no fault found".into(),
        }
    }
}
