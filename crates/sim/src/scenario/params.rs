//! Parameters: named numbers bound to `component.field`, so the UI can build a parameter
//! panel and re-run the scenario when a slider moves.

use super::*;

/// A mutable number inside a component spec.
enum Num<'a> {
    F(&'a mut f64),
    U(&'a mut u32),
    OptF(&'a mut Option<f64>),
    OptU(&'a mut Option<u32>),
}

impl Num<'_> {
    fn get(&self) -> f64 {
        match self {
            Num::F(v) => **v,
            Num::U(v) => **v as f64,
            Num::OptF(v) => v.unwrap_or(0.0),
            Num::OptU(v) => v.map_or(0.0, |x| x as f64),
        }
    }
    fn set(self, x: f64) {
        // Counts are rounded; validation of the result happens when the scenario is compiled.
        let count = libm::round(x.clamp(0.0, u32::MAX as f64)) as u32;
        match self {
            Num::F(v) => *v = x,
            Num::U(v) => *v = count,
            Num::OptF(v) => *v = Some(x),
            Num::OptU(v) => *v = Some(count),
        }
    }
}

fn dist_field<'a>(d: &'a mut Dist, f: &str) -> Option<Num<'a>> {
    Some(match (d, f) {
        (Dist::Fixed { ms }, "ms") => Num::F(ms),
        (Dist::Uniform { min_ms, .. }, "min_ms") => Num::F(min_ms),
        (Dist::Uniform { max_ms, .. }, "max_ms") => Num::F(max_ms),
        (Dist::Exponential { mean_ms }, "mean_ms") => Num::F(mean_ms),
        (Dist::LogNormal { median_ms, .. }, "median_ms") => Num::F(median_ms),
        (Dist::LogNormal { sigma, .. }, "sigma") => Num::F(sigma),
        _ => return None,
    })
}

fn workload_field<'a>(w: &'a mut Workload, f: &str) -> Option<Num<'a>> {
    Some(match (w, f) {
        (
            Workload::Constant { rate_per_s, .. } | Workload::Poisson { rate_per_s, .. },
            "rate_per_s",
        ) => Num::F(rate_per_s),
        (Workload::Constant { count, .. } | Workload::Poisson { count, .. }, "count") => {
            Num::U(count)
        }
        (Workload::Burst { size, .. }, "size") => Num::U(size),
        (Workload::Burst { bursts, .. }, "bursts") => Num::U(bursts),
        (Workload::Burst { every_ms, .. }, "every_ms") => Num::F(every_ms),
        _ => return None,
    })
}

/// The settable numeric fields of each kind; `docs/scenario-format.md` lists them.
fn field<'a>(c: &'a mut ComponentSpec, path: &str) -> Option<Num<'a>> {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    Some(match (c, head, rest) {
        (ComponentSpec::Client(c), "workload", Some(r)) => {
            return workload_field(&mut c.workload, r)
        }
        (ComponentSpec::Client(c), "timeout_ms", None) => Num::F(&mut c.timeout_ms),
        (ComponentSpec::Client(c), "retries", None) => Num::U(&mut c.retries),
        (ComponentSpec::Client(c), "backoff_base_ms", None) => Num::F(&mut c.backoff_base_ms),
        (ComponentSpec::Client(c), "backoff_max_ms", None) => Num::F(&mut c.backoff_max_ms),
        (ComponentSpec::Gateway(g), "rate_per_s", None) => Num::OptF(&mut g.rate_per_s),
        (ComponentSpec::Gateway(g), "burst", None) => Num::F(&mut g.burst),
        (ComponentSpec::Gateway(g), "integration_timeout_ms", None) => {
            Num::F(&mut g.integration_timeout_ms)
        }
        (ComponentSpec::Function(f), "duration", Some(r)) => return dist_field(&mut f.duration, r),
        (ComponentSpec::Function(f), "concurrency", None) => Num::U(&mut f.concurrency),
        (ComponentSpec::Function(f), "error_rate", None) => Num::F(&mut f.error_rate),
        (ComponentSpec::Function(f), "timeout_ms", None) => Num::F(&mut f.timeout_ms),
        (ComponentSpec::Function(f), "memory_mb", None) => Num::F(&mut f.memory_mb),
        (ComponentSpec::Function(f), "max_retries", None) => Num::U(&mut f.max_retries),
        (ComponentSpec::Function(f), "decline_rate", None) => Num::F(&mut f.decline_rate),
        (ComponentSpec::Function(f), "crash_rate", None) => Num::F(&mut f.crash_rate),
        (ComponentSpec::Queue(q), "visibility_timeout_ms", None) => {
            Num::F(&mut q.visibility_timeout_ms)
        }
        (ComponentSpec::Queue(q), "max_receive_count", None) => Num::OptU(&mut q.max_receive_count),
        (ComponentSpec::Queue(q), "retention_ms", None) => Num::F(&mut q.retention_ms),
        (ComponentSpec::Queue(q), "delay_ms", None) => Num::F(&mut q.delay_ms),
        (ComponentSpec::Queue(q), "batch_size", None) => Num::U(&mut q.batch_size),
        (ComponentSpec::Queue(q), "wait_time_ms", None) => Num::F(&mut q.wait_time_ms),
        (ComponentSpec::Queue(q), "consumers", None) => Num::U(&mut q.consumers),
        (ComponentSpec::Queue(q), "duplicate_rate", None) => Num::F(&mut q.duplicate_rate),
        (ComponentSpec::Queue(q), "reorder_rate", None) => Num::F(&mut q.reorder_rate),
        (ComponentSpec::Breaker(b), "failure_threshold", None) => Num::U(&mut b.failure_threshold),
        (ComponentSpec::Breaker(b), "window_ms", None) => Num::F(&mut b.window_ms),
        (ComponentSpec::Breaker(b), "open_ms", None) => Num::F(&mut b.open_ms),
        (ComponentSpec::Breaker(b), "half_open_trials", None) => Num::U(&mut b.half_open_trials),
        (ComponentSpec::Breaker(b), "max_outstanding", None) => Num::OptU(&mut b.max_outstanding),
        (ComponentSpec::Breaker(b), "timeout_ms", None) => Num::F(&mut b.timeout_ms),
        (ComponentSpec::Store(s), "latency", Some(r)) => return dist_field(&mut s.latency, r),
        (ComponentSpec::Store(s), "connections", None) => Num::OptU(&mut s.connections),
        (ComponentSpec::Store(s), "error_rate", None) => Num::F(&mut s.error_rate),
        (ComponentSpec::Store(s), "relay_interval_ms", None) => Num::F(&mut s.relay_interval_ms),
        (ComponentSpec::Cache(c), "ttl_ms", None) => Num::F(&mut c.ttl_ms),
        (ComponentSpec::StateMachine(m), "task_timeout_ms", None) => Num::F(&mut m.task_timeout_ms),
        (ComponentSpec::Stream(s), "shards", None) => Num::U(&mut s.shards),
        (ComponentSpec::Stream(s), "batch_size", None) => Num::U(&mut s.batch_size),
        (ComponentSpec::Stream(s), "retention_ms", None) => Num::F(&mut s.retention_ms),
        (ComponentSpec::Stream(s), "max_record_age_ms", None) => {
            Num::OptF(&mut s.max_record_age_ms)
        }
        (ComponentSpec::Stream(s), "max_retry_attempts", None) => {
            Num::OptU(&mut s.max_retry_attempts)
        }
        (ComponentSpec::Stream(s), "retry_delay_ms", None) => Num::F(&mut s.retry_delay_ms),
        (ComponentSpec::Registry(r), "heartbeat_ms", None) => Num::F(&mut r.heartbeat_ms),
        (ComponentSpec::Registry(r), "ttl_ms", None) => Num::F(&mut r.ttl_ms),
        (ComponentSpec::Registry(r), "check_interval_ms", None) => Num::F(&mut r.check_interval_ms),
        (ComponentSpec::Registry(r), "client_cache_ms", None) => Num::F(&mut r.client_cache_ms),
        (ComponentSpec::Registry(r), "timeout_ms", None) => Num::F(&mut r.timeout_ms),
        _ => return None,
    })
}

fn split_target(target: &str) -> Result<(&str, &str), String> {
    target
        .split_once('.')
        .ok_or_else(|| format!("target `{target}` must look like `component.field`"))
}

impl Scenario {
    /// The current value of `component.field` (see [`Parameter::target`]).
    pub fn parameter_value(&self, target: &str) -> Result<f64, String> {
        let (comp, path) = split_target(target)?;
        let mut c = self
            .components
            .iter()
            .find(|c| c.name() == comp)
            .ok_or_else(|| format!("target `{target}`: `{comp}` is not a component"))?
            .clone();
        let kind = c.kind();
        field(&mut c, path)
            .map(|n| n.get())
            .ok_or_else(|| format!("target `{target}`: a {kind} has no settable number `{path}`"))
    }

    /// Sets the parameter called `name` to `value` (clamped to its range) and re-validates.
    /// On error the scenario is left unchanged.
    pub fn set_parameter(&mut self, name: &str, value: f64) -> Result<(), ScenarioError> {
        let fail = |m: String| ScenarioError {
            place: Where::Scenario,
            message: m,
        };
        let p = self
            .parameters
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| fail(format!("there is no parameter `{name}`")))?;
        if !value.is_finite() {
            return Err(fail(format!("parameter `{name}`: {value} is not a number")));
        }
        // Not `clamp`: it panics when `min > max`, and this scenario is not validated yet.
        let value = value.max(p.min).min(p.max);
        let (comp, path) = split_target(&p.target).map_err(fail)?;
        let (comp, path) = (comp.to_string(), path.to_string());
        let mut next = self.clone();
        let c = next
            .components
            .iter_mut()
            .find(|c| c.name() == comp)
            .ok_or_else(|| fail(format!("parameter `{name}`: `{comp}` is not a component")))?;
        field(c, &path)
            .ok_or_else(|| fail(format!("parameter `{name}`: no settable number `{path}`")))?
            .set(value);
        next.validate()?;
        *self = next;
        Ok(())
    }
}
