//! The method's responsibility table: a fault's layer plus the service kind decides who
//! must act.
//!
//! | layer          | EC2 (unmanaged) | RDS (managed) |
//! |----------------|-----------------|---------------|
//! | application    | customer        | customer      |
//! | data           | customer        | customer      |
//! | middleware     | customer        | AWS           |
//! | OS             | customer        | AWS           |
//! | virtualization | AWS             | AWS           |
//! | infrastructure | AWS             | AWS           |
//!
//! Two rows extend the method's table, following AWS's shared responsibility model:
//! `configuration` (the customer's configuration of AWS resources — subnets, parameter
//! groups, KMS keys) is always the customer's, and `outside_aws` (the line, the carrier,
//! the on-premises side) belongs to whoever runs that path.

use serde::{Deserialize, Serialize};

use crate::incident::ServiceKind;

/// The layer of the stack a fault sits in: a row of the table above.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// The customer's application: its code, its errors, its deployments.
    Application,
    /// The customer's data: what is stored, and the room to store it.
    Data,
    /// Middleware: the web server, the database engine (AWS's on a managed service).
    Middleware,
    /// The operating system: the instance status check, OS logs, CPU and memory.
    Os,
    /// The hypervisor under an instance: AWS's.
    Virtualization,
    /// AWS's hosts, storage, network and facilities: host failures, AWS Health issues.
    Infrastructure,
    /// The customer's configuration of AWS resources: subnets, parameter groups, KMS keys.
    Configuration,
    /// The path outside AWS: the line, the carrier, the on-premises side.
    OutsideAws,
    /// Not located: no finding names a layer (nothing found, mixed signals, a notice).
    Unknown,
}

/// Who must act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// AWS: the fault is on the AWS side; contact AWS Support.
    Aws,
    /// The customer: whoever runs the system on AWS (the user side).
    Customer,
    /// Outside AWS: the on-premises side, the internet line, the carrier.
    Outside,
    /// Not yet known: the layer is unknown, or who runs it (a service kiriwake does not know).
    Unknown,
}

/// The table above.
pub fn responsible(layer: Layer, service: ServiceKind) -> Party {
    match (layer, service) {
        (Layer::Application | Layer::Data | Layer::Configuration, _) => Party::Customer,
        (Layer::Middleware | Layer::Os, ServiceKind::Unmanaged) => Party::Customer,
        (Layer::Middleware | Layer::Os, ServiceKind::Managed) => Party::Aws,
        (Layer::Middleware | Layer::Os, ServiceKind::Unknown) => Party::Unknown,
        (Layer::Virtualization | Layer::Infrastructure, _) => Party::Aws,
        (Layer::OutsideAws, _) => Party::Outside,
        (Layer::Unknown, _) => Party::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ServiceKind::{Managed, Unmanaged};

    /// One row per cell of the method's table.
    #[test]
    fn the_method_table() {
        let rows = [
            (Layer::Application, Unmanaged, Party::Customer),
            (Layer::Application, Managed, Party::Customer),
            (Layer::Data, Unmanaged, Party::Customer),
            (Layer::Data, Managed, Party::Customer),
            (Layer::Middleware, Unmanaged, Party::Customer),
            (Layer::Middleware, Managed, Party::Aws),
            (Layer::Os, Unmanaged, Party::Customer),
            (Layer::Os, Managed, Party::Aws),
            (Layer::Virtualization, Unmanaged, Party::Aws),
            (Layer::Virtualization, Managed, Party::Aws),
            (Layer::Infrastructure, Unmanaged, Party::Aws),
            (Layer::Infrastructure, Managed, Party::Aws),
            (Layer::Configuration, Managed, Party::Customer),
            (Layer::OutsideAws, Unmanaged, Party::Outside),
            (Layer::Unknown, Managed, Party::Unknown),
        ];
        for (layer, service, want) in rows {
            assert_eq!(
                responsible(layer, service),
                want,
                "{layer:?} on {service:?}"
            );
        }
    }
}
