//! The reasons part of the catalogue: why the classification says what it says, the
//! notes added to its reasons, and the headline (verdict, cause, resource).
//!
//! `describe` decides which sentence applies (from the verdict, the cause and the
//! findings) and names it with a [`Reason`]; which resource the headline names is a
//! [`Target`]. Each catalogue words both with an exhaustive `match`.

use crate::decision::Cause;
use crate::incident::IntakeNote;

/// One sentence of why a branch of the flowchart was taken, in the method's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// AWS side, from AWS Health: a problem of the service itself outranks the user side.
    AwsServiceFirst,
    /// AWS side, from RDS: an event of the layers AWS manages outranks connection errors.
    RdsManagedFirst,
    /// AWS side: the hardware under the instance is degraded.
    DegradedHardwareFirst,
    /// AWS side: the storage under the instance failed.
    StorageFirst,
    /// AWS side: a failed system status check also fails the instance status check.
    SystemStatusFirst,
    /// A Multi-AZ failover alone does not prove an AWS fault: confidence is limited.
    FailoverAlone,
    /// A change or a deployment shortly before is the likeliest cause (human error).
    ChangeShortlyBefore,
    /// The system status check is normal: the AWS host is not the cause.
    SystemStatusNormal,
    /// The instance status is normal: the next step is the application logs.
    InstanceStatusNormal,
    /// No AWS-side or user-side fault explains it: the path outside AWS is down.
    OutsideAws,
    /// Nothing is broken now: plan by a date (静観, watch).
    Watch,
    /// The trigger reports an end and no check finds a fault now.
    Recovered,
    /// The instance stopped with no AWS-side cause in view.
    InstanceStoppedWithoutCause,
    /// The instance was terminated with no AWS-side cause in view.
    InstanceTerminatedWithoutCause,
    /// The combined status check does not tell the system check from the instance check.
    StatusCheckUndetermined,
    /// The alarm's metric stopped reporting.
    MetricStoppedReporting,
    /// The alarm's metric fell below its threshold: the load went away.
    LoadDropped,
    /// A metric-math alarm over metrics that point to different causes.
    MixedSignals,
    /// The alarm reports a symptom (throughput, I/O) and no check found its cause.
    SymptomWithoutCause,
    /// The AWS Health event is a notification, not a fault.
    NotAFault,
    /// kiriwake has no rule for the signal: a person judges it.
    Unclassified,
    /// Live checks ran and none found a fault.
    NoCheckFoundFault,
    /// The trigger names no fault and no live check ran: no evidence yet.
    NoEvidenceYet,
}

/// What the headline names: the resource(s) or, failing that, what fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// No resource; an alarm fired.
    Alarm {
        /// The alarm's name.
        name: &'a str,
        /// The region, `?` when unknown.
        region: &'a str,
    },
    /// No resource; an AWS Health event of a service.
    Service {
        /// The service, as AWS Health names it.
        service: &'a str,
        /// The region, `?` when unknown.
        region: &'a str,
    },
    /// No resource and nothing else to name: the region only (`?` when unknown).
    Region(&'a str),
    /// Exactly one resource.
    One {
        /// The resource's identifier.
        id: &'a str,
        /// The region, `?` when unknown.
        region: &'a str,
    },
    /// Several resources: the first is named, the others counted.
    Several {
        /// The first resource's identifier.
        first: &'a str,
        /// How many others, omitted ones included.
        more: usize,
        /// The region, `?` when unknown.
        region: &'a str,
    },
}

/// Why the classification says what it says, the notes on its reasons, and its headline.
pub trait ReasonWords: super::Labels {
    /// One sentence of why this branch of the flowchart was taken.
    fn reason(&self, reason: Reason) -> &'static str;

    /// A configuration value that was bad and replaced by its default (`value` is quoted).
    fn ignored_setting(&self, name: &str, value: &str, expected: &str) -> String;

    /// The incident store could not record the trigger (`error`): it may repeat one sent.
    fn dedupe_unavailable(&self, error: &str) -> String;

    /// The incident store could not place the trigger in an incident (`error`): the
    /// notification stands alone.
    fn store_unavailable(&self, error: &str) -> String;

    /// Where intake fell back (a field it could not read, a time it did not believe), in
    /// words; `None` for a note of a later version, whose words the incident carries.
    fn intake_fallback(&self, note: &IntakeNote) -> Option<String>;

    /// An intake note (worded) as a reason.
    fn intake_note(&self, note: &str) -> String;

    /// `checks` checks could not run; the verdict uses what was available.
    fn checks_unavailable(&self, checks: usize) -> String;

    /// The headline from its worded parts: the verdict's label, the cause's phrase (see
    /// [`ReasonWords::cause`]) and the target (see [`ReasonWords::target`]).
    fn headline(&self, verdict: &str, cause: &str, target: &str) -> String;

    /// What the headline names.
    fn target(&self, target: Target<'_>) -> String;

    /// One short phrase per cause.
    fn cause(&self, cause: &Cause) -> String;
}
