//! Architectures a learner can start from: the engine's example scenarios, in the format
//! lessons use, read when chosen.

use lab_sim::{from_toml, Scenario};

/// (file name, what a learner reads in the list, the file's text).
pub const BLUEPRINTS: [(&str, &str, &str); 5] = [
    ("payments-sync.toml", "Payments, every call waiting (synchronous chain)", include_str!("../../sim/scenarios/payments-sync.toml")),
    ("payments-decoupled.toml", "Payments behind a queue, with status polling", include_str!("../../sim/scenarios/payments-decoupled.toml")),
    ("orders-redrive.toml", "Orders queue with a dead-letter queue", include_str!("../../sim/scenarios/orders-redrive.toml")),
    ("orders-fan-out.toml", "Order events fanned out by a topic", include_str!("../../sim/scenarios/orders-fan-out.toml")),
    ("inventory-breaker.toml", "A circuit breaker before a slow inventory service", include_str!("../../sim/scenarios/inventory-breaker.toml")),
];

/// The blueprint at `index`, read and validated.
pub fn blueprint(index: usize) -> Result<Scenario, String> {
    let (file, _, text) = BLUEPRINTS.get(index).ok_or("there is no such blueprint")?;
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
