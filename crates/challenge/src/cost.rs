//! The cost model, in cost units: a base price per component by kind, plus a price per unit
//! of the capacity a learner could otherwise buy without limit. It is deliberately simple:
//! its job is to make brute force (a thousand function instances, a database with a thousand
//! connections) cost more than a better design, not to predict a bill.
//!
//! | kind | base | per unit of capacity |
//! | --- | --- | --- |
//! | client | 0 (the callers are the situation, not the design) | |
//! | function | 1 | 0.1 per instance of `concurrency` |
//! | queue | 1 | 0.1 per consumer |
//! | stream | 1 | 1 per shard |
//! | store | 3 | 0.2 per connection of `connections` (no limit counts as 100) |
//! | gateway, cache, state machine | 2 | |
//! | topic, event bus, breaker, registry | 1 | |

use lab_sim::{ComponentSpec, Scenario};

/// What a store without a connection limit is priced as.
const UNLIMITED_CONNECTIONS: u32 = 100;

/// The cost units of one component.
pub fn component_cost(component: &ComponentSpec) -> f64 {
    let capacity = |base: f64, units: u32, price: f64| base + f64::from(units) * price;
    match component {
        ComponentSpec::Client(_) => 0.0,
        ComponentSpec::Function(function) => capacity(1.0, function.concurrency, 0.1),
        ComponentSpec::Queue(queue) => capacity(1.0, queue.consumers, 0.1),
        ComponentSpec::Stream(stream) => capacity(1.0, stream.shards, 1.0),
        ComponentSpec::Store(store) => capacity(3.0, store.connections.unwrap_or(UNLIMITED_CONNECTIONS), 0.2),
        ComponentSpec::Gateway(_) | ComponentSpec::Cache(_) | ComponentSpec::StateMachine(_) => 2.0,
        ComponentSpec::Topic(_) | ComponentSpec::EventBus(_) | ComponentSpec::Breaker(_) | ComponentSpec::Registry(_) => 1.0,
    }
}

/// The cost units of a whole design, to the hundredth (so 0.1 × 30 compares equal to 3).
pub fn cost(design: &Scenario) -> f64 {
    let total: f64 = design.components.iter().map(component_cost).sum();
    (total * 100.0).round() / 100.0
}

/// The components a budget counts: all but the clients.
pub fn counted_components(design: &Scenario) -> usize {
    design.components.iter().filter(|component| !matches!(component, ComponentSpec::Client(_))).count()
}
