//! kiriwake-aws: the isolation checks against AWS APIs and the SNS publisher.
//!
//! The only crate that knows the AWS SDK. One module per API family turns SDK answers
//! into core findings — never verdicts; `steps` runs each isolation step's checks
//! concurrently under time limits; `publish` sends a classification to SNS.

pub mod ec2;
pub mod error;
pub mod executions;
pub mod handlers;
pub mod health;
pub mod lambda;
pub mod logs;
pub mod metrics;
pub mod publish;
pub mod rds;
pub mod reach;
pub mod settings;
pub mod steps;
pub mod store;
pub mod telemetry;
pub mod time;
pub mod trail;

pub use error::CheckError;
pub use settings::Settings;
pub use steps::{Clients, Isolator};
