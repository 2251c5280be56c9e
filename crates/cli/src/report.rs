//! Printing a run: human-readable metrics, the step list, or JSON.

use std::fmt::Write;

use lab_sim::{Percentiles, Run};
use serde_json::json;

fn pct(p: &Percentiles) -> String {
    if p.count == 0 {
        return "-".into();
    }
    format!(
        "p50 {:.1} ms  p95 {:.1} ms  p99 {:.1} ms  (n={})",
        p.p50, p.p95, p.p99, p.count
    )
}

/// One line per step with its narration.
pub fn steps_text(run: &Run) -> String {
    let mut out = String::new();
    for (i, s) in run.steps.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>7} {:>12.3} ms  {:<18} {}",
            i,
            s.time as f64 / 1000.0,
            format!("{:?}", s.kind),
            run.narration(i)
        );
    }
    out.push('\n');
    out
}

/// The metrics, human-readable.
pub fn metrics_text(run: &Run) -> String {
    let mut out = String::new();
    let m = &run.metrics;
    let _ = writeln!(
        out,
        "scenario {}  seed {}  digest {:016x}",
        run.scenario,
        run.seed,
        run.digest()
    );
    let _ = writeln!(
        out,
        "ended: {:?} at {:.1} ms after {} events, {} steps",
        run.end.reason,
        run.end.time as f64 / 1000.0,
        run.end.events,
        run.steps.len()
    );
    let _ = writeln!(
        out,
        "requests {}  answered ok {}  answered with error {}",
        m.requests, m.answered_ok, m.answered_error
    );
    let _ = writeln!(out, "caller latency   {}", pct(&m.caller_latency_ms));
    let _ = writeln!(out, "end to end       {}", pct(&m.end_to_end_ms));
    let _ = writeln!(
        out,
        "throughput {:.1} answers/s, {:.1} messages consumed/s",
        m.throughput_per_s, m.consumed_per_s
    );
    let _ = writeln!(
        out,
        "retries {}  dead-lettered {}  duplicate deliveries {}",
        m.retries, m.dead_lettered, m.duplicate_deliveries
    );
    let _ = writeln!(out, "billed {:.0} ms  cost ${:.8}", m.billed_ms, m.cost_usd);
    if !m.errors.is_empty() {
        let e: Vec<String> = m.errors.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let _ = writeln!(out, "errors: {}", e.join(", "));
    }
    let o = &m.outcomes;
    let _ = writeln!(out,
        "messages: {} created = {} consumed + {} dead-lettered + {} rejected + {} expired + {} dropped by fault + {} failed + {} in flight at end{}",
        o.created, o.consumed, o.dead_lettered, o.rejected, o.expired, o.dropped_by_fault, o.failed, o.in_flight_at_end,
        if o.holds() { "" } else { "  (DOES NOT BALANCE)" }
    );
    for q in &m.queues {
        let _ = writeln!(out,
            "queue {}: enqueued {} deleted {} redriven {} expired {} dead letters {}  max depth {}  mean wait {:.1} ms  mean depth {:.2}  duplicate deliveries {}  out of order {}",
            q.name, q.enqueued, q.deleted, q.redriven, q.expired, q.dead_letters, q.max_depth, q.mean_wait_ms, q.mean_depth,
            q.duplicate_deliveries, q.out_of_order_deliveries
        );
    }
    for r in &m.routes {
        let _ = writeln!(
            out,
            "route {} {}: count {}  4xx {}  5xx {}  cache hits {}",
            r.gateway, r.op, r.count, r.status_4xx, r.status_5xx, r.cache_hits
        );
        let _ = writeln!(out, "    latency             {}", pct(&r.latency_ms));
        let _ = writeln!(
            out,
            "    integration latency {}",
            pct(&r.integration_latency_ms)
        );
    }
    for f in &m.functions {
        let _ = writeln!(out,
            "function {}: invocations {}  errors {}  timeouts {}  throttles {}  declined {}  crashed {}  peak concurrency {}  billed {:.0} ms  cost ${:.8}",
            f.name, f.invocations, f.errors, f.timeouts, f.throttles, f.declined, f.crashed, f.peak_concurrency, f.billed_ms, f.cost_usd
        );
    }
    for st in &m.stores {
        let _ = writeln!(out, "store {}: writes {}  outbox rows relayed {}", st.name, st.writes, st.relayed);
    }
    out
}

pub fn json(run: &Run, steps: bool) -> String {
    let mut v = json!({
        "scenario": run.scenario,
        "seed": run.seed,
        "digest": format!("{:016x}", run.digest()),
        "end": run.end,
        "metrics": run.metrics,
    });
    if steps {
        let list: Vec<_> = run
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| json!({ "step": s, "summary": run.summary(i), "narration": run.narration(i) }))
            .collect();
        if let Some(fields) = v.as_object_mut() {
            fields.insert("steps".into(), json!(list));
        }
    }
    serde_json::to_string_pretty(&v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
