use crate::model::Question;

/// The order to show a question's options in: shuffled by `seed` unless the question keeps its
/// order. A new seed per attempt reshuffles; the same seed gives the same order after a reload.
pub fn shuffled_order(question: &Question, seed: u64) -> Vec<usize> {
    if question.shuffles() {
        permutation(question.choices.len(), seed)
    } else {
        (0..question.choices.len()).collect()
    }
}

/// `0..count` in an order that depends only on `seed` (Fisher-Yates).
pub fn permutation(count: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..count).collect();
    let mut state = seed ^ 0x9e37_79b9_7f4a_7c15;
    for i in (1..count).rev() {
        let j = (splitmix64(&mut state) % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// The order an ordering question's items start in: scrambled, never already solved.
pub fn scrambled_order(question: &Question, seed: u64) -> Vec<usize> {
    let count = question.choices.len();
    let mut order: Vec<usize> = (0..count).collect();
    let mut state = seed ^ 0xd1b5_4a32_d192_ed03;
    for i in (1..count).rev() {
        let j = (splitmix64(&mut state) % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    if count > 1 && order.iter().enumerate().all(|(position, item)| position == *item) {
        order.rotate_left(1);
    }
    order
}

/// SplitMix64: a small, well-mixed generator; the same seed gives the same sequence everywhere.
pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Choice, QuestionKind};

    fn question(kind: QuestionKind, pinned: bool) -> Question {
        Question {
            id: "q".into(),
            kind,
            prompt: "?".into(),
            explanation: "!".into(),
            select: None,
            pinned,
            teaches: None,
            scenario: None,
            vary: Vec::new(),
            measure: None,
            tolerance: None,
            bands: Vec::new(),
            pick: None,
            choices: (0..6).map(|i| Choice { text: i.to_string(), correct: i == 0, why: "w".into() }).collect(),
        }
    }

    #[test]
    fn shuffles_into_a_permutation_that_depends_on_the_seed() {
        let question = question(QuestionKind::Single, false);
        let orders: Vec<Vec<usize>> = (0..20).map(|seed| shuffled_order(&question, seed)).collect();
        for order in &orders {
            let mut sorted = order.clone();
            sorted.sort();
            assert_eq!(sorted, (0..6).collect::<Vec<_>>());
        }
        assert!(orders.iter().any(|order| order != &orders[0]), "different seeds give different orders");
        assert_eq!(shuffled_order(&question, 7), shuffled_order(&question, 7));
    }

    #[test]
    fn ordering_items_never_start_solved() {
        let question = question(QuestionKind::Ordering, false);
        for seed in 0..200 {
            let order = scrambled_order(&question, seed);
            assert_ne!(order, (0..6).collect::<Vec<_>>(), "seed {seed}");
            let mut sorted = order.clone();
            sorted.sort();
            assert_eq!(sorted, (0..6).collect::<Vec<_>>());
        }
    }

    #[test]
    fn pinned_ordering_and_true_false_keep_their_order() {
        for question in [question(QuestionKind::Single, true), question(QuestionKind::Ordering, false), question(QuestionKind::TrueFalse, false)] {
            assert_eq!(shuffled_order(&question, 99), (0..6).collect::<Vec<_>>());
        }
    }
}
