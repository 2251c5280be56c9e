//! Architectures a learner can start from: the engine's example scenarios, in the format
//! lessons use, read when chosen.

use lab_i18n::{sandbox as msg, Msg};
use lab_sim::{from_toml, Scenario};

/// (file name, what a learner reads in the list, the file's text).
pub const BLUEPRINTS: [(&str, Msg, &str); 5] = [
    ("payments-sync.toml", msg::BLUEPRINT_PAYMENTS_SYNC, include_str!("../../sim/scenarios/payments-sync.toml")),
    ("payments-decoupled.toml", msg::BLUEPRINT_PAYMENTS_DECOUPLED, include_str!("../../sim/scenarios/payments-decoupled.toml")),
    ("orders-redrive.toml", msg::BLUEPRINT_ORDERS_REDRIVE, include_str!("../../sim/scenarios/orders-redrive.toml")),
    ("orders-fan-out.toml", msg::BLUEPRINT_ORDERS_FAN_OUT, include_str!("../../sim/scenarios/orders-fan-out.toml")),
    ("inventory-breaker.toml", msg::BLUEPRINT_INVENTORY_BREAKER, include_str!("../../sim/scenarios/inventory-breaker.toml")),
];

/// The blueprint at `index`, read and validated.
pub fn blueprint(index: usize) -> Result<Scenario, String> {
    let (file, _, text) = BLUEPRINTS.get(index).ok_or_else(|| msg::NO_SUCH_BLUEPRINT.text())?;
    from_toml(file, text).map_err(|e| e.to_string())
}

/// A blank canvas: one caller, nothing for it to call yet.
pub fn blank() -> Scenario {
    Scenario::new("my-architecture")
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_blueprint_reads_and_runs() {
        for index in 0..super::BLUEPRINTS.len() {
            let scenario = super::blueprint(index).unwrap();
            lab_sim::simulate(&scenario, 1).unwrap();
        }
    }
}
