//! Step Functions: a failed execution's input, read back for the failure notice (the event
//! never travels between states, so no state can exceed Step Functions' 256 KiB).

use serde_json::Value;

use crate::error::CheckError;

/// The input `execution` started with: its JSON, or its text when it is not JSON.
pub async fn input(client: &aws_sdk_sfn::Client, execution: &str) -> Result<Value, CheckError> {
    let out = client
        .describe_execution()
        .execution_arn(execution)
        .send()
        .await?;
    let text = out.input().unwrap_or_default();
    Ok(serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned())))
}
