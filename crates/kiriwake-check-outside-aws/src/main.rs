//! Lambda function `check-outside-aws`: isolation step 3 (VPN tunnels, endpoints outside AWS).
//! Wiring only: the logic is `kiriwake_aws::handlers`.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    kiriwake_aws::lambda::serve_outside_aws().await
}
