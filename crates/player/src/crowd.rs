//! Many messages at once, drawn as one SVG path per look. Moving 500 separate elements a frame
//! costs Chromium more restyling than a frame allows; rewriting six paths costs almost nothing.
//! Below the threshold each message stays an element of its own, to be clicked or focused; in a
//! crowd, a message's card opens from its row in the event log.

use std::fmt::Write as _;

use super::model::{Look, Transit};

/// Above this many messages in transit, they are drawn as a crowd.
pub const CROWD: usize = 100;

/// Every look, in the order the crowd's paths are drawn.
pub const LOOKS: [Look; 6] = [Look::Request, Look::Success, Look::Failure, Look::Batch, Look::DeadLetter, Look::Dropped];

/// The `d` attribute of each look's path (in `LOOKS` order), each message at the point `at`
/// gives it, with the same outline its own element would have.
pub fn paths(list: &[Transit], at: impl Fn(&Transit) -> (f64, f64)) -> [String; 6] {
    let mut paths: [String; 6] = Default::default();
    for m in list {
        let index = LOOKS.iter().position(|look| *look == m.look).unwrap_or(0);
        let (x, y) = at(m);
        if let Some(path) = paths.get_mut(index) {
            outline(m.look, x, y, path);
        }
    }
    paths
}

fn outline(look: Look, x: f64, y: f64, d: &mut String) {
    let _ = match look {
        Look::Request => write!(d, "M{:.1} {y:.1}a5 5 0 1 0 10 0a5 5 0 1 0 -10 0", x - 5.0),
        Look::Success => write!(d, "M{:.1} {:.1}h9v9h-9z", x - 4.5, y - 4.5),
        Look::Failure => write!(d, "M{:.1} {:.1}l10 10m0 -10l-10 10", x - 5.0, y - 5.0),
        Look::Batch => write!(d, "M{x:.1} {:.1}l6 6l-6 6l-6 -6z", y - 6.0),
        Look::DeadLetter => write!(d, "M{x:.1} {:.1}l6 11h-12z", y - 6.0),
        Look::Dropped => write!(d, "M{:.1} {y:.1}a5 5 0 1 0 10 0a5 5 0 1 0 -10 0m0 5l10 -10", x - 5.0),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use lab_sim::NodeId;

    fn transit(look: Look, sent_step: usize) -> Transit {
        Transit { from: NodeId(0), to: NodeId(1), sent: 0, arrived: 10, sent_step, look }
    }

    #[test]
    fn each_message_lands_in_its_looks_path_at_its_place() {
        let list = [transit(Look::Request, 1), transit(Look::Success, 2), transit(Look::Request, 3)];
        let paths = paths(&list, |m| (m.sent_step as f64 * 10.0, 20.0));
        assert_eq!(paths[0], "M5.0 20.0a5 5 0 1 0 10 0a5 5 0 1 0 -10 0M25.0 20.0a5 5 0 1 0 10 0a5 5 0 1 0 -10 0");
        assert_eq!(paths[1], "M15.5 15.5h9v9h-9z");
        assert!(paths[2..].iter().all(String::is_empty));
    }
}
