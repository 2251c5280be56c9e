//! The two services share one pattern syntax but not the same operator set.

/// Which operators and shapes a parser accepts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dialect {
    /// `wildcard`, and `anything-but` with `wildcard`.
    pub wildcard: bool,
    /// `prefix`/`suffix` with `equals-ignore-case`, and `anything-but` with it.
    pub ignore_case_variants: bool,
    /// Largest magnitude of a number in `numeric` (SNS: one billion).
    pub numeric_limit: Option<f64>,
    /// Whether a field may hold a nested object (SNS attribute policies are flat).
    pub nested: bool,
}

pub const EVENTBRIDGE: Dialect = Dialect {
    wildcard: true,
    ignore_case_variants: true,
    numeric_limit: None,
    nested: true,
};

pub const SNS_MESSAGE_BODY: Dialect = Dialect {
    wildcard: false,
    ignore_case_variants: false,
    numeric_limit: Some(1e9),
    nested: true,
};

pub const SNS_MESSAGE_ATTRIBUTES: Dialect = Dialect {
    nested: false,
    ..SNS_MESSAGE_BODY
};
