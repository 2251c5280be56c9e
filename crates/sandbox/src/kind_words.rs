//! The component kinds' words in the learner's language: each kind's name and what it does, and
//! its fields' names, explanations and choices, as lab-sim's kind tables write them in English
//! (the validator and `docs/scenario-format.md` are written from those tables, so they stay).
//! `messages/<language>/kinds.toml` holds each text with lab-sim's English word for word, and a
//! text is found by its English; a test checks that every text lab-sim shows has one.

use lab_i18n::{kinds as msg, Msg};

/// Every text of `kinds.toml` but the pattern [`msg::FIELD_PART`].
const TEXTS: [Msg; 206] = [
    msg::CLIENT,
    msg::CLIENT_DOES,
    msg::CLIENT_OP,
    msg::CLIENT_WORKLOAD,
    msg::CLIENT_TIMEOUT_MS,
    msg::CLIENT_RETRIES,
    msg::CLIENT_BACKOFF_BASE_MS,
    msg::CLIENT_BACKOFF_MAX_MS,
    msg::CLIENT_JITTER,
    msg::CLIENT_GROUPS,
    msg::CLIENT_POLL,
    msg::GATEWAY,
    msg::GATEWAY_DOES,
    msg::GATEWAY_ROUTES,
    msg::GATEWAY_RATE_PER_S,
    msg::GATEWAY_BURST,
    msg::GATEWAY_INTEGRATION_TIMEOUT_MS,
    msg::FUNCTION,
    msg::FUNCTION_DOES,
    msg::FUNCTION_CONCURRENCY,
    msg::FUNCTION_DURATION,
    msg::FUNCTION_ERROR_RATE,
    msg::FUNCTION_TIMEOUT_MS,
    msg::FUNCTION_MEMORY_MB,
    msg::FUNCTION_MAX_RETRIES,
    msg::FUNCTION_RETRY_DELAY_MS,
    msg::FUNCTION_MAX_EVENT_AGE_MS,
    msg::FUNCTION_ON_FAILURE,
    msg::FUNCTION_DECLINE_RATE,
    msg::FUNCTION_CRASH_RATE,
    msg::FUNCTION_CRASH_AFTER,
    msg::FUNCTION_PRICE_PER_GB_S,
    msg::FUNCTION_PRICE_PER_MILLION_REQUESTS,
    msg::QUEUE,
    msg::QUEUE_DOES,
    msg::QUEUE_FIFO,
    msg::QUEUE_CONSUMERS,
    msg::QUEUE_VISIBILITY_TIMEOUT_MS,
    msg::QUEUE_MAX_RECEIVE_COUNT,
    msg::QUEUE_DEAD_LETTER,
    msg::QUEUE_RETENTION_MS,
    msg::QUEUE_DELAY_MS,
    msg::QUEUE_BATCH_SIZE,
    msg::QUEUE_WAIT_TIME_MS,
    msg::QUEUE_DEDUP_WINDOW_MS,
    msg::QUEUE_DUPLICATE_RATE,
    msg::QUEUE_REORDER_RATE,
    msg::TOPIC,
    msg::TOPIC_DOES,
    msg::TOPIC_HTTP_RETRIES,
    msg::TOPIC_HTTP_RETRY_DELAY_MS,
    msg::TOPIC_HTTP_TIMEOUT_MS,
    msg::TOPIC_MESSAGE,
    msg::TOPIC_FILTER,
    msg::BREAKER,
    msg::BREAKER_DOES,
    msg::BREAKER_FAILURE_THRESHOLD,
    msg::BREAKER_WINDOW_MS,
    msg::BREAKER_OPEN_MS,
    msg::BREAKER_HALF_OPEN_TRIALS,
    msg::BREAKER_MAX_OUTSTANDING,
    msg::BREAKER_TIMEOUT_MS,
    msg::STORE,
    msg::STORE_DOES,
    msg::STORE_LATENCY,
    msg::STORE_CONNECTIONS,
    msg::STORE_ERROR_RATE,
    msg::STORE_OUTBOX,
    msg::STORE_RELAY_INTERVAL_MS,
    msg::CACHE,
    msg::CACHE_DOES,
    msg::CACHE_TTL_MS,
    msg::CACHE_TIMEOUT_MS,
    msg::EVENT_BUS,
    msg::EVENT_BUS_DOES,
    msg::EVENT_BUS_EVENTS,
    msg::EVENT_BUS_OP_EVENT,
    msg::EVENT_BUS_RULE,
    msg::STATE_MACHINE,
    msg::STATE_MACHINE_DOES,
    msg::STATE_MACHINE_DEFINITION,
    msg::STATE_MACHINE_INPUT,
    msg::STATE_MACHINE_TASK_TIMEOUT_MS,
    msg::STREAM,
    msg::STREAM_DOES,
    msg::STREAM_SHARDS,
    msg::STREAM_BATCH_SIZE,
    msg::STREAM_RETENTION_MS,
    msg::STREAM_MAX_RECORD_AGE_MS,
    msg::STREAM_MAX_RETRY_ATTEMPTS,
    msg::STREAM_RETRY_DELAY_MS,
    msg::STREAM_TIMEOUT_MS,
    msg::REGISTRY,
    msg::REGISTRY_DOES,
    msg::REGISTRY_INSTANCE,
    msg::REGISTRY_DISCOVERY,
    msg::REGISTRY_BALANCE,
    msg::REGISTRY_HEARTBEAT_MS,
    msg::REGISTRY_TTL_MS,
    msg::REGISTRY_CHECK_INTERVAL_MS,
    msg::REGISTRY_CLIENT_CACHE_MS,
    msg::REGISTRY_TIMEOUT_MS,
    msg::LABEL_OP,
    msg::LABEL_WORKLOAD,
    msg::LABEL_TIMEOUT_MS,
    msg::LABEL_RETRIES,
    msg::LABEL_BACKOFF_BASE_MS,
    msg::LABEL_BACKOFF_MAX_MS,
    msg::LABEL_JITTER,
    msg::LABEL_GROUPS,
    msg::LABEL_POLL,
    msg::LABEL_ROUTES,
    msg::LABEL_RATE_PER_S,
    msg::LABEL_BURST,
    msg::LABEL_INTEGRATION_TIMEOUT_MS,
    msg::LABEL_CONCURRENCY,
    msg::LABEL_DURATION,
    msg::LABEL_ERROR_RATE,
    msg::LABEL_MEMORY_MB,
    msg::LABEL_MAX_RETRIES,
    msg::LABEL_RETRY_DELAY_MS,
    msg::LABEL_MAX_EVENT_AGE_MS,
    msg::LABEL_ON_FAILURE,
    msg::LABEL_DECLINE_RATE,
    msg::LABEL_CRASH_RATE,
    msg::LABEL_CRASH_AFTER,
    msg::LABEL_PRICE_PER_GB_S,
    msg::LABEL_PRICE_PER_MILLION_REQUESTS,
    msg::LABEL_FIFO,
    msg::LABEL_CONSUMERS,
    msg::LABEL_VISIBILITY_TIMEOUT_MS,
    msg::LABEL_MAX_RECEIVE_COUNT,
    msg::LABEL_DEAD_LETTER,
    msg::LABEL_RETENTION_MS,
    msg::LABEL_DELAY_MS,
    msg::LABEL_BATCH_SIZE,
    msg::LABEL_WAIT_TIME_MS,
    msg::LABEL_DEDUP_WINDOW_MS,
    msg::LABEL_DUPLICATE_RATE,
    msg::LABEL_REORDER_RATE,
    msg::LABEL_HTTP_RETRIES,
    msg::LABEL_HTTP_RETRY_DELAY_MS,
    msg::LABEL_HTTP_TIMEOUT_MS,
    msg::LABEL_MESSAGE,
    msg::LABEL_FILTER,
    msg::LABEL_FAILURE_THRESHOLD,
    msg::LABEL_WINDOW_MS,
    msg::LABEL_OPEN_MS,
    msg::LABEL_HALF_OPEN_TRIALS,
    msg::LABEL_MAX_OUTSTANDING,
    msg::LABEL_LATENCY,
    msg::LABEL_CONNECTIONS,
    msg::LABEL_OUTBOX,
    msg::LABEL_RELAY_INTERVAL_MS,
    msg::LABEL_TTL_MS,
    msg::LABEL_EVENTS,
    msg::LABEL_OP_EVENT,
    msg::LABEL_RULE,
    msg::LABEL_DEFINITION,
    msg::LABEL_INPUT,
    msg::LABEL_TASK_TIMEOUT_MS,
    msg::LABEL_SHARDS,
    msg::LABEL_MAX_RECORD_AGE_MS,
    msg::LABEL_MAX_RETRY_ATTEMPTS,
    msg::LABEL_INSTANCE,
    msg::LABEL_DISCOVERY,
    msg::LABEL_BALANCE,
    msg::LABEL_HEARTBEAT_MS,
    msg::LABEL_CHECK_INTERVAL_MS,
    msg::LABEL_CLIENT_CACHE_MS,
    msg::CHOICE_FIXED,
    msg::CHOICE_UNIFORM,
    msg::CHOICE_EXPONENTIAL,
    msg::CHOICE_LOG_NORMAL,
    msg::CHOICE_CONSTANT,
    msg::CHOICE_POISSON,
    msg::CHOICE_LIST,
    msg::CHOICE_SERVER_SIDE,
    msg::CHOICE_CLIENT_SIDE,
    msg::CHOICE_ROUND_ROBIN,
    msg::CHOICE_RANDOM,
    msg::PART_MIN_MS,
    msg::PART_MAX_MS,
    msg::PART_MEAN_MS,
    msg::PART_MEDIAN_MS,
    msg::PART_SIGMA,
    msg::PART_COUNT,
    msg::PART_START_MS,
    msg::PART_SIZE,
    msg::PART_AT_MS,
    msg::PART_BURSTS,
    msg::PART_EVERY_MS,
    msg::SHORT_CLIENT,
    msg::SHORT_GATEWAY,
    msg::SHORT_FUNCTION,
    msg::SHORT_QUEUE,
    msg::SHORT_TOPIC,
    msg::SHORT_BREAKER,
    msg::SHORT_STORE,
    msg::SHORT_CACHE,
    msg::SHORT_EVENT_BUS,
    msg::SHORT_STATE_MACHINE,
    msg::SHORT_STREAM,
    msg::SHORT_REGISTRY,
    msg::UNIT_REQUESTS,
    msg::UNIT_PER_S,
];

/// `english`, one of lab-sim's kind texts, in the learner's language (as it is when
/// `kinds.toml` lacks it).
pub fn translated(english: &str) -> String {
    TEXTS.iter().find(|text| text.english() == english).map_or_else(|| english.to_string(), |text| text.text().to_string())
}

/// A field's name as the property panel shows it: `visibility_timeout_ms` → "Visibility timeout".
pub fn field_name(key: &str) -> String {
    translated(&english_name(key))
}

/// The number `part` of a distribution or workload `field`, with its unit: "Duration Mean
/// (ms)"; a fixed duration's only number is the duration itself.
pub fn part_name(field: &str, part: &str) -> String {
    let name = if part == "ms" { field_name(field) } else { msg::FIELD_PART.with(&[("field", &field_name(field)), ("part", &field_name(part))]) };
    if part == "ms" || part.ends_with("_ms") { format!("{name} (ms)") } else { name }
}

/// Keys a reader spells otherwise than the rule below: acronyms, and units the panel already
/// shows in brackets after the name.
const SPELLED: [(&str, &str); 8] = [
    ("memory_mb", "Memory"),
    ("price_per_gb_s", "Price per GB-second"),
    ("fifo", "FIFO"),
    ("ttl_ms", "Time to live"),
    ("http_retries", "HTTP retries"),
    ("http_retry_delay_ms", "HTTP retry delay"),
    ("http_timeout_ms", "HTTP timeout"),
    ("half_open_trials", "Half-open trials"),
];

/// A key as English words, as lab-sim's tables name fields: `rate_per_s` → "Rate per second".
fn english_name(key: &str) -> String {
    if let Some((_, spelled)) = SPELLED.iter().find(|(k, _)| *k == key) {
        return spelled.to_string();
    }
    let words = key.strip_suffix("_ms").unwrap_or(key).replace("_per_s", " per second").replace('_', " ");
    let mut chars = words.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// Every text the sandbox shows of a kind, in English.
    fn shown() -> Vec<String> {
        let mut shown = Vec::new();
        for info in lab_sim::kinds() {
            shown.extend([info.title.to_string(), info.explanation.to_string(), info.word.replace('_', " ")]);
            for field in info.fields {
                shown.extend([field.explanation.to_string(), english_name(field.path)]);
                shown.extend(field.choices.iter().map(|choice| english_name(choice)));
                shown.extend([field.unit].into_iter().filter(|unit| !unit.is_empty() && *unit != "ms" && *unit != "MB" && *unit != "USD").map(str::to_string));
            }
        }
        let shapes = crate::views::properties::DIST_PARTS.iter().chain(&crate::views::properties::WORKLOAD_PARTS);
        for (shape, parts) in shapes {
            shown.push(english_name(shape));
            shown.extend(parts.iter().filter(|part| **part != "ms").map(|part| english_name(part)));
        }
        shown
    }

    #[test]
    fn every_kind_text_the_sandbox_shows_has_a_message_and_every_message_is_shown() {
        let shown = shown();
        for text in &shown {
            assert!(TEXTS.iter().any(|message| message.english() == text), "kinds.toml has no message for {text:?}");
        }
        for message in TEXTS {
            assert!(shown.iter().any(|text| text == message.english()), "kinds.toml's {:?} is not shown", message.english());
        }
        let mut english: Vec<&str> = TEXTS.iter().map(|message| message.english()).collect();
        english.sort_unstable();
        english.dedup();
        assert_eq!(english.len(), TEXTS.len(), "a text is there twice");
    }

    #[test]
    fn texts_are_found_by_their_english_in_the_learners_language() {
        lab_i18n::reset();
        assert_eq!(field_name("visibility_timeout_ms"), "Visibility timeout");
        assert_eq!(part_name("duration", "median_ms"), "Duration Median (ms)");
        assert_eq!(part_name("duration", "ms"), "Duration (ms)");
        assert_eq!(field_name("memory_mb"), "Memory");
        crate::views::tests::install_vietnamese();
        assert_eq!(field_name("visibility_timeout_ms"), "Thời gian ẩn");
        assert_eq!(part_name("duration", "median_ms"), "Thời gian xử lý – trung vị (ms)");
        assert_eq!(translated("not a kind's text"), "not a kind's text");
        lab_i18n::reset();
    }
}
