//! Step 3: TCP reachability of configured endpoints outside AWS (on-premises servers,
//! the far end of a VPN). What cannot be seen from inside AWS — the customer's own line,
//! the carrier — is said plainly in the next actions instead.

use std::time::Duration;

use kiriwake_core::finding::{Fact, label};
use kiriwake_core::{Check, Finding, Symptom};

pub async fn probe(endpoint: &str, limit: Duration) -> Finding {
    let started = std::time::Instant::now();
    match tokio::time::timeout(limit, tokio::net::TcpStream::connect(endpoint)).await {
        Ok(Ok(_stream)) => Finding::normal(Check::EndpointReachability, Some(endpoint))
            .with_evidence(
                label::CONNECTED_IN,
                format!("{} ms", started.elapsed().as_millis()),
            ),
        Ok(Err(e)) => Finding::abnormal(
            Check::EndpointReachability,
            Some(endpoint),
            Symptom::EndpointUnreachable {
                endpoint: endpoint.to_owned(),
            },
        )
        .with_evidence(label::ERROR, e.to_string()),
        Err(_) => Finding::abnormal(
            Check::EndpointReachability,
            Some(endpoint),
            Symptom::EndpointUnreachable {
                endpoint: endpoint.to_owned(),
            },
        )
        .with_fact(
            label::ERROR,
            Fact::NoAnswer {
                ms: u64::try_from(limit.as_millis()).unwrap_or(u64::MAX),
            },
        ),
    }
}
