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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    Application,
    Data,
    Middleware,
    Os,
    Virtualization,
    Infrastructure,
    Configuration,
    OutsideAws,
    Unknown,
}

/// Who must act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Aws,
    Customer,
    /// Outside AWS: the on-premises side, the internet line, the carrier.
    Outside,
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
