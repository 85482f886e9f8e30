//! kiriwake-core: the failure isolation (障害切り分け) method as pure code.
//!
//! Evidence, configuration and `now` come in as values; a classification comes out.
//! This crate never does I/O, never reads a clock or the environment, and knows nothing
//! of the AWS SDK — every path through it is a plain unit test.
//!
//! The flow: [`intake`] turns a trigger into an [`Incident`]; checks (elsewhere) return
//! [`Finding`]s; [`classify`] applies the method's decision order and yields a
//! [`Classification`]; [`render`] turns it into the flowchart, the email and the chat
//! notification.

pub mod actions;
pub mod classification;
pub mod config;
pub mod decision;
pub mod describe;
pub mod evidence;
pub mod finding;
pub mod incident;
pub mod intake;
pub mod lifecycle;
pub mod plan;
mod rds_events;
pub mod redact;
pub mod render;
pub mod responsibility;
pub mod support;
pub mod time;

pub use classification::{Classification, classify};
pub use config::{Config, Lang, SupportPlan};
pub use decision::{Confidence, Scope, Verdict};
pub use finding::{Check, Finding, Outcome, RdsMeaning, Signal, Step, Symptom, UnavailableReason};
pub use incident::Incident;
pub use intake::{IntakeError, intake, intake_value};
pub use responsibility::{Layer, Party};
