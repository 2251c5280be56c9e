//! Design challenges: a brief, a starting architecture that falls short, objectives read off
//! the run's metrics over several seeds, a budget with a simple cost model, hints, up to three
//! stars and a worked solution. Grading is a pure function of the challenge and the learner's
//! scenario, so the browser and the command line give the same verdict.
//!
//! Like lab-quiz it has no parser: `lab-content` reads the challenge files at build time.

mod cost;
mod grade;
mod model;
mod problems;

pub use cost::{component_cost, cost, counted_components};
pub use grade::{grade, Grade, ObjectiveGrade, SeedFigure};
pub use model::{figure, Bound, Budget, Challenge, ChallengeSpec, Objective, Stretch};
pub use problems::{spec_problems, verdict_problems, Place};
