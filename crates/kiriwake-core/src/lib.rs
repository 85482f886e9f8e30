//! kiriwake-core: the failure isolation (障害切り分け) method as pure code.
//!
//! Evidence, configuration and `now` come in as values; a classification comes out.
//! This crate never does I/O, never reads a clock or the environment, and knows nothing
//! of the AWS SDK — every path through it is a plain unit test.
//!
//! The flow: [`intake()`] turns a trigger into an [`Incident`]; checks (elsewhere) return
//! [`Finding`]s; [`classify`] applies the method's decision order and yields a
//! [`Classification`]; [`render`] turns it into the flowchart, the email and the chat
//! notification. Every word people read comes from [`words`], one catalogue per language.

#![warn(missing_docs)]

// The public surface: the stages other crates call (intake, the plan, the incident's life,
// rendering, redaction), the values that travel between them and the message catalogue.
// The method's decision and the modules that choose its words are private: a
// classification is made only through [`classify`].
mod actions;
mod classification;
pub mod config;
mod decision;
mod describe;
pub mod evidence;
pub mod finding;
pub mod incident;
pub mod intake;
pub mod lifecycle;
pub mod plan;
mod rds_events;
pub mod redact;
pub mod render;
mod responsibility;
mod support;
pub mod time;

pub use actions::NextAction;
pub use classification::{Classification, Note, classify};
pub use config::{Config, Lang, SupportPlan};
pub use decision::{Cause, Confidence, Scope, Unavailable, Verdict};
pub use describe::trigger_line;
pub use finding::{
    Check, Detail, Finding, Hint, Outcome, RdsMeaning, Signal, Step, Symptom, UnavailableReason,
};
pub use incident::Incident;
pub use intake::{IntakeError, intake, intake_value};
pub use responsibility::{Layer, Party};
pub use support::{ResponseTarget, Severity, SupportCaseDraft};

pub mod words;
