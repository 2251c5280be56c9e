//! Numeric matching: `["=", 5]`, `[">", 0, "<=", 5]` and the like.

use serde_json::Value;

/// A closed, open or half-open interval, or one exact value.
#[derive(Debug, Clone, PartialEq)]
pub struct NumericRange {
    lower: Option<Bound>,
    upper: Option<Bound>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Bound {
    value: f64,
    inclusive: bool,
}

impl NumericRange {
    /// Parses the operand array of `numeric`. At most one lower and one upper
    /// bound, or `=` on its own; the lower bound must be below the upper one.
    /// `limit` is the largest magnitude the dialect accepts, if it has one.
    pub fn parse(operands: &Value, limit: Option<f64>) -> Result<NumericRange, String> {
        let items = operands
            .as_array()
            .ok_or("\"numeric\" expects an array such as [\">\", 0, \"<=\", 5]")?;
        if items.is_empty() || items.len() % 2 != 0 || items.len() > 4 {
            return Err("\"numeric\" expects one or two operator and number pairs".into());
        }
        let mut range = NumericRange {
            lower: None,
            upper: None,
        };
        for pair in items.chunks(2) {
            let (operator, number) = match pair {
                [operator, number] => (operator, number),
                _ => return Err("\"numeric\" expects operator and number pairs".into()),
            };
            let value = operand_number(number, limit)?;
            range.add(operator, value, items.len())?;
        }
        range.check_order()?;
        Ok(range)
    }

    fn add(&mut self, operator: &Value, value: f64, operand_count: usize) -> Result<(), String> {
        let op = operator
            .as_str()
            .ok_or("a numeric operator must be a string")?;
        let (slot, inclusive) = match op {
            "=" if operand_count == 2 => {
                self.lower = Some(Bound {
                    value,
                    inclusive: true,
                });
                self.upper = Some(Bound {
                    value,
                    inclusive: true,
                });
                return Ok(());
            }
            "=" => return Err("\"=\" cannot be combined with another numeric operator".into()),
            ">" => (&mut self.lower, false),
            ">=" => (&mut self.lower, true),
            "<" => (&mut self.upper, false),
            "<=" => (&mut self.upper, true),
            other => return Err(format!("unrecognized numeric operator \"{other}\"")),
        };
        if slot.is_some() {
            return Err("a numeric range has at most one lower and one upper bound".into());
        }
        *slot = Some(Bound { value, inclusive });
        Ok(())
    }

    fn check_order(&self) -> Result<(), String> {
        match (self.lower, self.upper) {
            (Some(low), Some(high)) if low.value > high.value => {
                Err("the lower bound of a numeric range must not exceed the upper bound".into())
            }
            _ => Ok(()),
        }
    }

    pub fn contains(&self, x: f64) -> bool {
        let above = match self.lower {
            Some(b) if b.inclusive => x >= b.value,
            Some(b) => x > b.value,
            None => true,
        };
        let below = match self.upper {
            Some(b) if b.inclusive => x <= b.value,
            Some(b) => x < b.value,
            None => true,
        };
        above && below
    }
}

fn operand_number(number: &Value, limit: Option<f64>) -> Result<f64, String> {
    let value = number
        .as_f64()
        .ok_or("a numeric operand must be a number")?;
    match limit {
        Some(max) if value.abs() > max => Err(format!(
            "numeric value {value} is outside the range -{max} to {max}"
        )),
        _ => Ok(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn range(v: Value) -> Result<NumericRange, String> {
        NumericRange::parse(&v, None)
    }

    #[test]
    fn bounds() {
        let r = range(json!([">", 0, "<=", 5])).expect("valid");
        assert!(!r.contains(0.0) && r.contains(0.1) && r.contains(5.0) && !r.contains(5.1));
        let eq = range(json!(["=", 301.8])).expect("valid");
        assert!(eq.contains(301.8) && !eq.contains(301.9));
    }

    #[test]
    fn rejections() {
        assert!(range(json!([">", 0, ">", 0])).is_err());
        assert!(range(json!([">", 0, "<"])).is_err());
        assert!(range(json!(10)).is_err());
        assert!(range(json!(["=", 1, "<", 4])).is_err());
        assert!(range(json!([">", 5, "<", 1])).is_err());
        assert!(range(json!(["!", 5])).is_err());
        assert!(NumericRange::parse(&json!(["<", 2e9]), Some(1e9)).is_err());
    }
}
