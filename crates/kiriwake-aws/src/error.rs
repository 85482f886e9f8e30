//! Turning an SDK error into the reason a check could not run.

use std::fmt::Debug;

use aws_runtime::retries::classifiers::THROTTLING_ERRORS;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use kiriwake_core::{Detail, Hint, Lang, UnavailableReason};

/// The SDK's error type, the same for every service crate.
pub type SdkError<E> = aws_sdk_ec2::error::SdkError<E, aws_sdk_ec2::config::http::HttpResponse>;

/// Why a check failed: the reason for the notification and the detail for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckError {
    pub reason: UnavailableReason,
    /// In English, for the logs and errors (a hint's English words when there is one).
    pub detail: String,
    /// The service's error code, when it sent one.
    pub code: Option<String>,
    /// kiriwake's own words, typed, for the notification to word in its language (boxed:
    /// an error travels in every `Result` of the checks).
    pub hint: Option<Box<Hint>>,
}

impl CheckError {
    pub fn new(reason: UnavailableReason, detail: impl Into<String>) -> Self {
        CheckError {
            reason,
            detail: detail.into(),
            code: None,
            hint: None,
        }
    }

    /// A failure kiriwake words itself (a setting to set, something missing).
    pub fn hinted(reason: UnavailableReason, hint: Hint) -> Self {
        CheckError {
            detail: Lang::En.words().detail(&Detail::Known(hint.clone())),
            hint: Some(Box::new(hint)),
            ..CheckError::new(reason, "")
        }
    }

    /// What the notification shows: the hint, or the API's text.
    pub fn to_detail(&self) -> Detail {
        match &self.hint {
            Some(hint) => Detail::Known((**hint).clone()),
            None => Detail::Text(self.detail.clone()),
        }
    }

    pub fn timeout(after: std::time::Duration) -> Self {
        CheckError::hinted(
            UnavailableReason::Timeout,
            Hint::NoAnswerWithin {
                ms: u64::try_from(after.as_millis()).unwrap_or(u64::MAX),
            },
        )
    }
}

/// Throttling codes of the services kiriwake calls that the SDK's own list
/// ([`THROTTLING_ERRORS`], what its retry classifier treats as throttling) does not have.
const MORE_THROTTLING_ERRORS: &[&str] = &[
    // SNS: its `ThrottledException` goes on the wire as `Throttled` (the SDK's list has the
    // exception's name only); the flow test stages it on `Publish`.
    "Throttled",
    // SNS `Publish` to a topic encrypted with a KMS key, when KMS throttles SNS.
    "KMSThrottling",
    // Step Functions `DescribeExecution` (the failure notice reads the execution's input)
    // of an execution encrypted with a KMS key, when KMS throttles.
    "KmsThrottlingException",
];

/// Maps error codes AWS services use to the reasons kiriwake reports. Throttling is what
/// the SDK itself retries as throttling (its list follows the services as the SDK is
/// updated), and the few codes it lacks.
pub fn reason_for_code(code: &str) -> UnavailableReason {
    match code {
        "AccessDenied"
        | "AccessDeniedException"
        | "UnauthorizedOperation"
        | "UnauthorizedException"
        | "AuthFailure"
        | "InvalidClientTokenId"
        | "UnrecognizedClientException"
        | "ExpiredToken"
        | "ExpiredTokenException" => UnavailableReason::AccessDenied,
        "SubscriptionRequiredException" => UnavailableReason::SubscriptionRequired,
        _ if THROTTLING_ERRORS.contains(&code) || MORE_THROTTLING_ERRORS.contains(&code) => {
            UnavailableReason::Throttled
        }
        _ => UnavailableReason::Error,
    }
}

impl<E> From<SdkError<E>> for CheckError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    fn from(err: SdkError<E>) -> Self {
        use aws_sdk_ec2::error::SdkError as Sdk;
        if let Sdk::TimeoutError(_) = &err {
            return CheckError::hinted(UnavailableReason::Timeout, Hint::SdkTimedOut);
        }
        // The context chain's first line, without the Debug dump that follows it.
        let context = DisplayErrorContext(&err).to_string();
        let readable = context.lines().next().unwrap_or_default();
        let readable = readable
            .split(" (DispatchFailure")
            .next()
            .unwrap_or(readable);
        let no_credentials =
            matches!(&err, Sdk::DispatchFailure(_)) && readable.contains("credential");
        let reason = match err.code() {
            Some(code) => reason_for_code(code),
            None if no_credentials => UnavailableReason::AccessDenied,
            None => UnavailableReason::Error,
        };
        let status = err.raw_response().map(|r| r.status().as_u16());
        // The SDK's own text, as it came (cut: a dispatch failure's chain can be long).
        let sdk = || kiriwake_core::render::truncate_chars(readable, 300);
        let hint = match (err.code(), &err) {
            (Some(_), _) => None,
            (None, Sdk::DispatchFailure(_)) if no_credentials => {
                Some(Hint::NoCredentials { error: sdk() })
            }
            (None, Sdk::DispatchFailure(_)) => Some(Hint::Unreachable { error: sdk() }),
            (None, Sdk::ServiceError(_) | Sdk::ResponseError(_)) => {
                Some(Hint::NotThisService { status })
            }
            _ => None,
        };
        let detail = match (err.code(), err.message(), &hint) {
            (Some(code), Some(msg), _) => format!("{code}: {msg}"),
            (Some(code), None, _) => code.to_owned(),
            (None, _, Some(hint)) => Lang::En.words().detail(&Detail::Known(hint.clone())),
            (None, _, None) => readable.to_owned(),
        };
        CheckError {
            reason,
            detail: kiriwake_core::render::truncate_chars(&detail, 300),
            code: err.code().map(str::to_owned),
            hint: hint.map(Box::new),
        }
    }
}

/// Runs one AWS call (retries included) under the check's time limit.
pub async fn bounded<T, E>(
    limit: std::time::Duration,
    call: impl std::future::Future<Output = Result<T, E>>,
) -> Result<T, CheckError>
where
    CheckError: From<E>,
    E: Debug,
{
    match tokio::time::timeout(limit, call).await {
        Ok(result) => result.map_err(CheckError::from),
        Err(_) => Err(CheckError::timeout(limit)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_reasons() {
        let rows = [
            ("AccessDeniedException", UnavailableReason::AccessDenied),
            ("UnauthorizedOperation", UnavailableReason::AccessDenied),
            ("Throttling", UnavailableReason::Throttled),
            ("ThrottlingException", UnavailableReason::Throttled),
            ("RequestLimitExceeded", UnavailableReason::Throttled),
            ("TooManyRequestsException", UnavailableReason::Throttled),
            (
                "ProvisionedThroughputExceededException",
                UnavailableReason::Throttled,
            ),
            ("Throttled", UnavailableReason::Throttled),
            ("KMSThrottling", UnavailableReason::Throttled),
            (
                "SubscriptionRequiredException",
                UnavailableReason::SubscriptionRequired,
            ),
            ("InternalFailure", UnavailableReason::Error),
            ("RequestTimeout", UnavailableReason::Error),
        ];
        for (code, want) in rows {
            assert_eq!(reason_for_code(code), want, "{code}");
        }
    }

    #[test]
    fn every_code_the_sdk_retries_as_throttling_is_throttled() {
        for code in THROTTLING_ERRORS {
            assert_eq!(
                reason_for_code(code),
                UnavailableReason::Throttled,
                "{code}"
            );
        }
    }

    #[test]
    fn our_throttling_codes_are_only_those_the_sdk_lacks() {
        for code in MORE_THROTTLING_ERRORS {
            assert!(
                !THROTTLING_ERRORS.contains(code),
                "the SDK lists {code} now: drop it from MORE_THROTTLING_ERRORS"
            );
        }
    }
}
