//! What each component kind is, in one file per kind: its scenario fields, its defaults, its
//! validation and its validated configuration. Each field is described once, in the kind's
//! table ([`FieldInfo`]): type, unit, default, allowed range, whether a learner may change
//! it, and a one-line explanation. The validator takes its ranges from these tables, the
//! scenario parameters ([`Scenario::set_parameter`](crate::Scenario::set_parameter)) may bind
//! only the fields they mark settable, and the per-kind tables of `docs/scenario-format.md`
//! are written from them (a test compares).
//!
//! Adding a kind: a file here (its spec, `INFO` with the field table, `named`, the `Spec`
//! implementation and its compiled configuration), a line in `every_kind!` below, a variant
//! of [`ComponentSpec`], and its runtime in `components/`.

pub(crate) mod breaker;
pub(crate) mod cache;
pub(crate) mod client;
pub(crate) mod event_bus;
pub(crate) mod function;
pub(crate) mod gateway;
pub(crate) mod queue;
pub(crate) mod registry;
pub(crate) mod state_machine;
pub(crate) mod store;
pub(crate) mod stream;
pub(crate) mod topic;

use lab_i18n::{scenario as msg, Msg};

use crate::scenario::compile::Site;
use crate::scenario::{ComponentSpec, Dist, ScenarioError, Workload};

pub(crate) const HOUR_MS: f64 = 3_600_000.0;
pub(crate) const DAY_MS: f64 = 24.0 * HOUR_MS;

/// One component kind, as the sandbox's palette and property panel show it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KindInfo {
    /// The `kind` word of a scenario file, e.g. `"state_machine"`.
    pub word: &'static str,
    /// What a learner calls it, e.g. "Step Functions-like state machine".
    pub title: &'static str,
    /// What it does, in one line.
    pub explanation: &'static str,
    /// Every field but `name` and `kind`, in the order the documentation lists them.
    pub fields: &'static [FieldInfo],
}

impl KindInfo {
    /// The row of `path`; for `duration.mean_ms` or `workload.count`, the row of the
    /// distribution or workload.
    pub fn field(&self, path: &str) -> Option<&'static FieldInfo> {
        let head = path.split_once('.').map_or(path, |(head, _)| head);
        self.fields.iter().find(|f| f.path == head)
    }
}

/// What a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// A number, in [`FieldInfo::unit`].
    Number,
    /// A whole number.
    Count,
    /// A number between 0 and 1.
    Probability,
    /// Milliseconds.
    Duration,
    Bool,
    Text,
    /// One of the words in [`FieldInfo::choices`].
    Choice,
    /// A [`Dist`]: its shape is `"fixed"`, `"uniform"`, `"exponential"` or `"log_normal"`,
    /// and its numbers are reached as `<path>.ms`, `<path>.mean_ms`, ...
    Distribution,
    /// A client's [`Workload`]: its shape is `"list"`, `"constant"`, `"poisson"` or
    /// `"burst"`, and its numbers are reached as `workload.rate_per_s`, ...
    Workload,
    /// A list of values or tables (routes, rules, instances, ...), edited as a whole.
    Table,
}

impl FieldType {
    /// The word the documentation uses.
    pub fn word(self) -> &'static str {
        match self {
            FieldType::Number => "number",
            FieldType::Count => "count",
            FieldType::Probability => "probability",
            FieldType::Duration => "duration",
            FieldType::Bool => "bool",
            FieldType::Text => "text",
            FieldType::Choice => "choice",
            FieldType::Distribution => "distribution",
            FieldType::Workload => "workload",
            FieldType::Table => "table",
        }
    }
}

/// A field's value when the scenario leaves it out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FieldDefault {
    /// The scenario must give it.
    Required,
    /// Absent unless given (absent means something: no throttling, no limit, ...).
    Absent,
    Number(f64),
    Bool(bool),
    /// Text or a choice's word.
    Text(&'static str),
    Dist(Dist),
    /// An empty list.
    Empty,
}

/// One field of a kind.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldInfo {
    /// Its key in the `[[component]]` table, e.g. `"visibility_timeout_ms"`.
    pub path: &'static str,
    pub ty: FieldType,
    /// `"ms"` for durations; for a number, what it counts (`"MB"`, `"per s"`, `"USD"`).
    pub unit: &'static str,
    pub default: FieldDefault,
    /// The smallest value allowed (numbers only).
    pub min: f64,
    /// Values must be above `min`, not equal to it.
    pub min_excluded: bool,
    /// The largest value allowed (numbers only; infinite when there is no limit).
    pub max: f64,
    /// The words a [`FieldType::Choice`] takes, the default first.
    pub choices: &'static [&'static str],
    /// A learner may change it: a scenario `[[parameter]]` may bind it.
    pub settable: bool,
    /// What it does, in one line.
    pub explanation: &'static str,
}

impl FieldInfo {
    const fn new(
        path: &'static str,
        ty: FieldType,
        default: FieldDefault,
        explanation: &'static str,
    ) -> Self {
        FieldInfo {
            path,
            ty,
            unit: "",
            default,
            min: 0.0,
            min_excluded: false,
            max: f64::INFINITY,
            choices: &[],
            settable: false,
            // The lesson player never shows a field's explanation: its module goes without
            // them (2.7 KB gzipped); the host and the sandbox (feature `descriptions`) have them.
            explanation: if cfg!(any(not(target_arch = "wasm32"), feature = "descriptions")) { explanation } else { "" },
        }
    }

    pub(crate) const fn duration(
        path: &'static str,
        default_ms: f64,
        max_ms: f64,
        explanation: &'static str,
    ) -> Self {
        let f = Self::new(path, FieldType::Duration, FieldDefault::Number(default_ms), explanation);
        FieldInfo { unit: "ms", max: max_ms, ..f }
    }

    pub(crate) const fn count(
        path: &'static str,
        default: u32,
        min: u32,
        max: u32,
        explanation: &'static str,
    ) -> Self {
        let f = Self::new(path, FieldType::Count, FieldDefault::Number(default as f64), explanation);
        FieldInfo { min: min as f64, max: max as f64, ..f }
    }

    /// A probability, 0 unless given.
    pub(crate) const fn probability(path: &'static str, explanation: &'static str) -> Self {
        let f = Self::new(path, FieldType::Probability, FieldDefault::Number(0.0), explanation);
        FieldInfo { max: 1.0, ..f }
    }

    /// A number of `unit`, 0 or more.
    pub(crate) const fn number(
        path: &'static str,
        unit: &'static str,
        default: f64,
        explanation: &'static str,
    ) -> Self {
        let f = Self::new(path, FieldType::Number, FieldDefault::Number(default), explanation);
        FieldInfo { unit, ..f }
    }

    pub(crate) const fn flag(path: &'static str, default: bool, explanation: &'static str) -> Self {
        Self::new(path, FieldType::Bool, FieldDefault::Bool(default), explanation)
    }

    pub(crate) const fn text(
        path: &'static str,
        default: FieldDefault,
        explanation: &'static str,
    ) -> Self {
        Self::new(path, FieldType::Text, default, explanation)
    }

    /// One of `choices`; the first is the default.
    pub(crate) const fn choice(
        path: &'static str,
        choices: &'static [&'static str],
        default: &'static str,
        explanation: &'static str,
    ) -> Self {
        let f = Self::new(path, FieldType::Choice, FieldDefault::Text(default), explanation);
        FieldInfo { choices, ..f }
    }

    pub(crate) const fn dist(path: &'static str, default: Dist, explanation: &'static str) -> Self {
        Self::new(path, FieldType::Distribution, FieldDefault::Dist(default), explanation)
    }

    pub(crate) const fn table(
        path: &'static str,
        default: FieldDefault,
        explanation: &'static str,
    ) -> Self {
        Self::new(path, FieldType::Table, default, explanation)
    }

    pub(crate) const fn workload(path: &'static str, explanation: &'static str) -> Self {
        Self::new(path, FieldType::Workload, FieldDefault::Required, explanation)
    }

    /// The default of a number field, which serde and `named` use; 0 for another field.
    pub(crate) const fn default_number(&self) -> f64 {
        match self.default {
            FieldDefault::Number(x) => x,
            _ => 0.0,
        }
    }

    pub(crate) const fn default_count(&self) -> u32 {
        self.default_number() as u32
    }

    pub(crate) const fn default_flag(&self) -> bool {
        matches!(self.default, FieldDefault::Bool(true))
    }

    /// The default of a distribution field; fixed 0 ms for another field.
    pub(crate) const fn default_dist(&self) -> Dist {
        match self.default {
            FieldDefault::Dist(d) => d,
            _ => Dist::Fixed { ms: 0.0 },
        }
    }

    pub(crate) const fn settable(self) -> Self {
        FieldInfo { settable: true, ..self }
    }

    /// Absent unless the scenario gives it.
    pub(crate) const fn optional(self) -> Self {
        FieldInfo { default: FieldDefault::Absent, ..self }
    }

    /// Values must be above `min`.
    pub(crate) const fn above(self, min: f64) -> Self {
        FieldInfo { min, min_excluded: true, ..self }
    }

    pub(crate) const fn at_least(self, min: f64) -> Self {
        FieldInfo { min, ..self }
    }
}

/// A field's value, as the sandbox reads and writes it.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    /// Numbers, counts, probabilities and durations (in their unit).
    Number(f64),
    Bool(bool),
    /// Text, a choice's word, or the shape of a distribution or workload.
    Text(String),
    /// An optional field left out.
    Absent,
}

/// A choice field's enum.
pub(crate) trait Choice {
    fn word(&self) -> &'static str;
    /// Takes the value named `word`; false if there is none.
    fn choose(&mut self, word: &str) -> bool;
}

/// A field of a spec, borrowed to read or write it.
pub(crate) enum Slot<'a> {
    Number(&'a mut f64),
    Count(&'a mut u32),
    MaybeNumber(&'a mut Option<f64>),
    MaybeCount(&'a mut Option<u32>),
    Bool(&'a mut bool),
    Text(&'a mut String),
    MaybeText(&'a mut Option<String>),
    Choice(&'a mut dyn Choice),
    Dist(&'a mut Dist),
    Workload(&'a mut Workload),
}

impl Slot<'_> {
    fn value(&self) -> Option<FieldValue> {
        Some(match self {
            Slot::Number(v) => FieldValue::Number(**v),
            Slot::Count(v) => FieldValue::Number(f64::from(**v)),
            Slot::MaybeNumber(v) => v.map_or(FieldValue::Absent, FieldValue::Number),
            Slot::MaybeCount(v) => v.map_or(FieldValue::Absent, |x| FieldValue::Number(f64::from(x))),
            Slot::Bool(v) => FieldValue::Bool(**v),
            Slot::Text(v) => FieldValue::Text(v.to_string()),
            Slot::MaybeText(v) => v.as_ref().map_or(FieldValue::Absent, |t| FieldValue::Text(t.clone())),
            Slot::Choice(v) => FieldValue::Text(v.word().into()),
            Slot::Dist(d) => FieldValue::Text(dist_word(d).into()),
            Slot::Workload(w) => FieldValue::Text(workload_word(w).into()),
        })
    }

    /// The number a parameter shows: an absent optional number reads as 0.
    fn number(&self) -> Option<f64> {
        match self.value()? {
            FieldValue::Number(x) => Some(x),
            FieldValue::Absent => Some(0.0),
            _ => None,
        }
    }

    /// Sets a number; false if this is not one. Counts are rounded into range; the
    /// validator checks the rest.
    fn set_number(self, x: f64) -> bool {
        let count = libm::round(x.clamp(0.0, u32::MAX as f64)) as u32;
        match self {
            Slot::Number(v) => *v = x,
            Slot::Count(v) => *v = count,
            Slot::MaybeNumber(v) => *v = Some(x),
            Slot::MaybeCount(v) => *v = Some(count),
            _ => return false,
        }
        true
    }

    /// The refusal's message for a value of the wrong type: what the field takes.
    fn expects(&self) -> Msg {
        match self {
            Slot::Number(_) | Slot::Count(_) => msg::TAKES_NUMBER,
            Slot::MaybeNumber(_) | Slot::MaybeCount(_) => msg::TAKES_NUMBER_OR_NOTHING,
            Slot::Bool(_) => msg::TAKES_TRUE_OR_FALSE,
            Slot::Text(_) => msg::TAKES_TEXT,
            Slot::MaybeText(_) => msg::TAKES_TEXT_OR_NOTHING,
            Slot::Choice(_) => msg::TAKES_CHOICE,
            Slot::Dist(_) => msg::TAKES_DIST,
            Slot::Workload(_) => msg::TAKES_WORKLOAD,
        }
    }

    fn set(self, value: FieldValue, path: &str) -> Result<(), String> {
        let expects = self.expects();
        let done = match (self, value) {
            (_, FieldValue::Number(x)) if !x.is_finite() => false,
            (slot, FieldValue::Number(x)) => slot.set_number(x),
            (Slot::MaybeNumber(v), FieldValue::Absent) => cleared(v),
            (Slot::MaybeCount(v), FieldValue::Absent) => cleared(v),
            (Slot::MaybeText(v), FieldValue::Absent) => cleared(v),
            (Slot::Bool(v), FieldValue::Bool(b)) => {
                *v = b;
                true
            }
            (Slot::Text(v), FieldValue::Text(t)) => {
                *v = t;
                true
            }
            (Slot::MaybeText(v), FieldValue::Text(t)) => {
                *v = Some(t);
                true
            }
            (Slot::Choice(c), FieldValue::Text(t)) => c.choose(&t),
            (Slot::Dist(d), FieldValue::Text(t)) => reshape_dist(d, &t).is_some(),
            (Slot::Workload(w), FieldValue::Text(t)) => reshape_workload(w, &t).is_some(),
            _ => false,
        };
        match done {
            true => Ok(()),
            false => Err(expects.with(&[("field", &path)])),
        }
    }
}

fn cleared<T>(v: &mut Option<T>) -> bool {
    *v = None;
    true
}

fn dist_word(d: &Dist) -> &'static str {
    match d {
        Dist::Fixed { .. } => "fixed",
        Dist::Uniform { .. } => "uniform",
        Dist::Exponential { .. } => "exponential",
        Dist::LogNormal { .. } => "log_normal",
    }
}

/// Changes the shape of `d` around its typical value; `None` for an unknown shape.
fn reshape_dist(d: &mut Dist, word: &str) -> Option<()> {
    let typical = match *d {
        Dist::Fixed { ms } => ms,
        Dist::Uniform { min_ms, max_ms } => (min_ms + max_ms) / 2.0,
        Dist::Exponential { mean_ms } => mean_ms,
        Dist::LogNormal { median_ms, .. } => median_ms,
    };
    *d = match word {
        "fixed" => Dist::Fixed { ms: typical },
        "uniform" => Dist::Uniform { min_ms: typical / 2.0, max_ms: typical * 1.5 },
        "exponential" => Dist::Exponential { mean_ms: typical },
        "log_normal" => Dist::LogNormal { median_ms: typical, sigma: 0.5 },
        _ => return None,
    };
    Some(())
}

fn dist_part<'a>(d: &'a mut Dist, part: &str) -> Option<Slot<'a>> {
    Some(Slot::Number(match (d, part) {
        (Dist::Fixed { ms }, "ms") => ms,
        (Dist::Uniform { min_ms, .. }, "min_ms") => min_ms,
        (Dist::Uniform { max_ms, .. }, "max_ms") => max_ms,
        (Dist::Exponential { mean_ms }, "mean_ms") => mean_ms,
        (Dist::LogNormal { median_ms, .. }, "median_ms") => median_ms,
        (Dist::LogNormal { sigma, .. }, "sigma") => sigma,
        _ => return None,
    }))
}

fn workload_word(w: &Workload) -> &'static str {
    match w {
        Workload::List { .. } => "list",
        Workload::Constant { .. } => "constant",
        Workload::Poisson { .. } => "poisson",
        Workload::Burst { .. } => "burst",
    }
}

/// Changes the shape of `w`, keeping its number of requests and its start.
fn reshape_workload(w: &mut Workload, word: &str) -> Option<()> {
    let (count, start_ms) = match w {
        Workload::List { at_ms } => (at_ms.len() as u32, at_ms.first().copied().unwrap_or(0.0)),
        Workload::Constant { count, start_ms, .. } | Workload::Poisson { count, start_ms, .. } => {
            (*count, *start_ms)
        }
        Workload::Burst { size, at_ms, bursts, .. } => (size.saturating_mul(*bursts), *at_ms),
    };
    let rate_per_s = match w {
        Workload::Constant { rate_per_s, .. } | Workload::Poisson { rate_per_s, .. } => *rate_per_s,
        _ => 10.0,
    };
    *w = match word {
        "list" => Workload::List { at_ms: vec![start_ms] },
        "constant" => Workload::Constant { rate_per_s, count, start_ms },
        "poisson" => Workload::Poisson { rate_per_s, count, start_ms },
        "burst" => Workload::Burst { size: count, at_ms: start_ms, bursts: 1, every_ms: 0.0 },
        _ => return None,
    };
    Some(())
}

fn workload_part<'a>(w: &'a mut Workload, part: &str) -> Option<Slot<'a>> {
    Some(match (w, part) {
        (
            Workload::Constant { rate_per_s, .. } | Workload::Poisson { rate_per_s, .. },
            "rate_per_s",
        ) => Slot::Number(rate_per_s),
        (Workload::Constant { count, .. } | Workload::Poisson { count, .. }, "count") => {
            Slot::Count(count)
        }
        (
            Workload::Constant { start_ms, .. } | Workload::Poisson { start_ms, .. },
            "start_ms",
        ) => Slot::Number(start_ms),
        (Workload::Burst { size, .. }, "size") => Slot::Count(size),
        (Workload::Burst { at_ms, .. }, "at_ms") => Slot::Number(at_ms),
        (Workload::Burst { bursts, .. }, "bursts") => Slot::Count(bursts),
        (Workload::Burst { every_ms, .. }, "every_ms") => Slot::Number(every_ms),
        _ => return None,
    })
}

/// What every kind's spec does; [`ComponentSpec`] hands each call to its variant's spec.
pub(crate) trait Spec {
    /// The top-level field `key` (a row of the kind's table), borrowed; `None` for a
    /// table field (edited as a whole) or an unknown key.
    fn slot(&mut self, key: &str) -> Option<Slot<'_>>;
    /// Validates the component and builds its engine configuration.
    fn compile(&self, site: &mut Site) -> Result<Kind, ScenarioError>;
}

macro_rules! every_kind {
    ($($variant:ident: $module:ident::$spec:ident => $config:ident,)*) => {
        /// A component's validated configuration, in engine units (microseconds).
        #[derive(Clone, Debug)]
        pub(crate) enum Kind {
            $($variant($module::$config),)*
        }

        static KINDS: &[KindInfo] = &[$($module::INFO,)*];

        impl ComponentSpec {
            fn spec(&self) -> &dyn Spec {
                match self {
                    $(ComponentSpec::$variant(s) => s,)*
                }
            }

            fn spec_mut(&mut self) -> &mut dyn Spec {
                match self {
                    $(ComponentSpec::$variant(s) => s,)*
                }
            }

            pub fn name(&self) -> &str {
                match self {
                    $(ComponentSpec::$variant(s) => &s.name,)*
                }
            }

            /// The description of this component's kind.
            pub fn info(&self) -> &'static KindInfo {
                match self {
                    $(ComponentSpec::$variant(_) => &$module::INFO,)*
                }
            }

            /// Gives the component another name (links and faults naming it are the
            /// scenario's to follow).
            pub fn rename(&mut self, name: &str) {
                match self {
                    $(ComponentSpec::$variant(s) => s.name = name.to_string(),)*
                }
            }

            /// A component of kind `kind` (its `kind` word) called `name`, with every field
            /// at its default and each required field at a starting value a learner edits;
            /// `None` for an unknown kind.
            pub fn with_defaults(kind: &str, name: &str) -> Option<ComponentSpec> {
                $(if kind == $module::INFO.word {
                    return Some(ComponentSpec::$variant($module::$spec::named(name)));
                })*
                None
            }
        }
    };
}

every_kind! {
    Client: client::ClientSpec => ClientC,
    Gateway: gateway::GatewaySpec => GatewayC,
    Function: function::FunctionSpec => FunctionC,
    Queue: queue::QueueSpec => QueueC,
    Topic: topic::TopicSpec => TopicC,
    Breaker: breaker::BreakerSpec => BreakerC,
    Store: store::StoreSpec => StoreC,
    Cache: cache::CacheSpec => CacheC,
    EventBus: event_bus::EventBusSpec => EventBusC,
    StateMachine: state_machine::StateMachineSpec => StateMachineC,
    Stream: stream::StreamSpec => StreamC,
    Registry: registry::RegistrySpec => RegistryC,
}

/// Every component kind, in the order the documentation presents them: what a palette lists
/// and a property panel shows. Read and write a component's fields with
/// [`ComponentSpec::field`] and [`ComponentSpec::set_field`] by the paths the tables give.
///
/// ```
/// use lab_sim::{ComponentSpec, FieldValue};
///
/// let mut worker = ComponentSpec::with_defaults("function", "worker").unwrap();
/// assert_eq!(worker.field("concurrency"), Some(FieldValue::Number(10.0)));
/// worker.set_field("duration", FieldValue::Text("exponential".into())).unwrap();
/// worker.set_field("duration.mean_ms", FieldValue::Number(250.0)).unwrap();
/// assert!(worker.set_field("concurrency", FieldValue::Bool(true)).is_err());
/// let fields = lab_sim::kind_info("function").unwrap().fields;
/// assert!(fields.iter().any(|f| f.path == "error_rate" && f.settable));
/// assert_eq!(lab_sim::kinds().len(), 12);
/// ```
pub fn kinds() -> &'static [KindInfo] {
    KINDS
}

/// The kind whose `kind` word is `word`.
pub fn kind_info(word: &str) -> Option<&'static KindInfo> {
    KINDS.iter().find(|k| k.word == word)
}

impl ComponentSpec {
    /// The `kind` word as written in a scenario file.
    pub fn kind(&self) -> &'static str {
        self.info().word
    }

    /// The field at `path` (a row of the kind's table, or `<distribution>.<number>`,
    /// `workload.<number>`); `None` for an unknown path or a table field.
    pub fn field(&self, path: &str) -> Option<FieldValue> {
        self.clone().slot(path)?.value()
    }

    /// Sets the field at `path`. The value must have the field's type (a number for a
    /// count, a choice's word, a distribution's shape such as `"exponential"`, or
    /// [`FieldValue::Absent`] to clear an optional field); its range is checked with the
    /// rest of the scenario by [`Scenario::validate`](crate::Scenario::validate).
    pub fn set_field(&mut self, path: &str, value: FieldValue) -> Result<(), String> {
        let kind = self.kind();
        match self.slot(path) {
            Some(slot) => slot.set(value, path),
            None => Err(msg::NO_SETTABLE_FIELD.with(&[("kind", &kind), ("field", &path)])),
        }
    }

    /// The number at `path` if the kind's table lets a learner change it.
    pub(crate) fn settable_number(&self, path: &str) -> Option<f64> {
        self.info().field(path).filter(|f| f.settable)?;
        self.clone().slot(path)?.number()
    }

    /// Sets the settable number at `path`; false if there is none.
    pub(crate) fn set_settable_number(&mut self, path: &str, x: f64) -> bool {
        let settable = self.info().field(path).is_some_and(|f| f.settable);
        settable && self.slot(path).is_some_and(|slot| slot.set_number(x))
    }

    pub(crate) fn compile(&self, site: &mut Site) -> Result<Kind, ScenarioError> {
        self.spec().compile(site)
    }

    fn slot(&mut self, path: &str) -> Option<Slot<'_>> {
        let (key, part) = match path.split_once('.') {
            Some((key, part)) => (key, Some(part)),
            None => (path, None),
        };
        match (self.spec_mut().slot(key)?, part) {
            (slot, None) => Some(slot),
            (Slot::Dist(d), Some(part)) => dist_part(d, part),
            (Slot::Workload(w), Some(part)) => workload_part(w, part),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
