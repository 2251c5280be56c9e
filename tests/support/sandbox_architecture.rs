//! The sandbox benchmark's architecture (issue 13), shared by the browser benchmark
//! (`examples/bench_browser.rs`) and the host's phase timing
//! (`crates/player/examples/sandbox_pipeline.rs`), which include this file.

/// Lanes of the architecture, six components each (client → gateway → function → queue →
/// function → store), plus a ledger store and an audit function that every lane uses: 50.
pub const LANES: usize = 8;
/// Requests each client sends: about 100,000 events in all (printed from a host run).
pub const REQUESTS_PER_CLIENT: u32 = 600;

/// The architecture's scenario: eight order lanes sharing a ledger and an audit function.
pub fn scenario() -> lab_sim::Scenario {
    let mut text = String::from("name = \"bench-sandbox\"\ndescription = \"Eight order lanes sharing a ledger and an audit function.\"\n");
    let mut links = String::new();
    for lane in 1..=LANES {
        text += &format!(
            r#"
[[component]]
name = "client-{lane}"
kind = "client"
op = "POST /orders"
workload = {{ kind = "poisson", rate_per_s = 100, count = {REQUESTS_PER_CLIENT} }}

[[component]]
name = "api-{lane}"
kind = "gateway"
routes = [ {{ op = "POST /orders", target = "orders-{lane}" }} ]

[[component]]
name = "orders-{lane}"
kind = "function"
concurrency = 20
duration = {{ dist = "exponential", mean_ms = 10 }}

[[component]]
name = "queue-{lane}"
kind = "queue"
consumers = 4

[[component]]
name = "worker-{lane}"
kind = "function"
concurrency = 10
duration = {{ dist = "exponential", mean_ms = 20 }}

[[component]]
name = "db-{lane}"
kind = "store"
"#
        );
        for (from, to, mode) in [
            (format!("client-{lane}"), format!("api-{lane}"), "sync"),
            (format!("api-{lane}"), format!("orders-{lane}"), "sync"),
            (format!("orders-{lane}"), "ledger".to_string(), "sync"),
            (format!("orders-{lane}"), format!("queue-{lane}"), "async"),
            (format!("queue-{lane}"), format!("worker-{lane}"), "sync"),
            (format!("worker-{lane}"), format!("db-{lane}"), "sync"),
            (format!("worker-{lane}"), "audit".to_string(), "async"),
        ] {
            links += &format!("\n[[link]]\nfrom = \"{from}\"\nto = \"{to}\"\nmode = \"{mode}\"\nlatency = {{ dist = \"fixed\", ms = 2 }}\n");
        }
    }
    text += "\n[[component]]\nname = \"ledger\"\nkind = \"store\"\n\n[[component]]\nname = \"audit\"\nkind = \"function\"\nconcurrency = 20\nduration = { dist = \"fixed\", ms = 5 }\n";
    links += "\n[[link]]\nfrom = \"audit\"\nto = \"ledger\"\n";
    text += &links;
    lab_sim::from_toml("bench-sandbox.toml", &text).unwrap_or_else(|e| panic!("{e}"))
}
