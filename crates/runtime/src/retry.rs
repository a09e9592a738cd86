//! [`RetryPolicy`]: when and how often a failed request is sent again.

use std::time::{Duration, SystemTime};

use backon::BackoffBuilder;
use reqwest::{Method, StatusCode};

/// When and how often a failed request is sent again.
///
/// Retried: connection failures, timeouts, and the statuses 408, 429, 502, 503 and 504, waiting
/// as long as a `Retry-After` header asks (up to the largest backoff) or else an exponential
/// backoff with jitter. Only idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) are
/// retried unless [`RetryPolicy::retry_non_idempotent`] says otherwise, and a request whose body
/// is a stream is never sent twice.
///
/// ```
/// use std::time::Duration;
/// let policy = specfleet_runtime::RetryPolicy::default()
///     .max_retries(5)
///     .backoff(Duration::from_millis(200), Duration::from_secs(5))
///     .deadline(Duration::from_secs(60));
/// # let _ = policy;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: usize,
    min_delay: Duration,
    max_delay: Duration,
    deadline: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// Three retries, backoff from 100 ms up to 10 s, no retry starting later than 30 s after
    /// the first attempt.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            min_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(10),
            deadline: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// How many times a request may be sent again after the first attempt.
    pub fn max_retries(mut self, retries: usize) -> Self {
        self.max_retries = retries;
        self
    }

    /// The first backoff delay and the largest one (also the cap on a `Retry-After` wait).
    pub fn backoff(mut self, min: Duration, max: Duration) -> Self {
        self.min_delay = min;
        self.max_delay = max.max(min);
        self
    }

    /// No retry starts if waiting for it would end later than this after the first attempt.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Also retry POST and PATCH. Only for operations you know to be safe to repeat.
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// Whether a request with `method` may be retried at all.
    pub(crate) fn allows(&self, method: &Method) -> bool {
        self.retry_non_idempotent
            || matches!(
                *method,
                Method::GET
                    | Method::HEAD
                    | Method::PUT
                    | Method::DELETE
                    | Method::OPTIONS
                    | Method::TRACE
            )
    }

    /// The backoff delays, at most `max_retries` of them.
    pub(crate) fn delays(&self) -> impl Iterator<Item = Duration> + use<> {
        backon::ExponentialBuilder::default()
            .with_min_delay(self.min_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.max_retries)
            .with_jitter()
            .build()
    }

    /// How long to wait before the next attempt: what the server asked for, within the
    /// largest backoff, else the backoff's next delay. `None` when the deadline would pass.
    pub(crate) fn wait(
        &self,
        backoff: Duration,
        asked: Option<Duration>,
        elapsed: Duration,
    ) -> Option<Duration> {
        let delay = asked.map_or(backoff, |asked| asked.min(self.max_delay));
        (elapsed + delay <= self.deadline).then_some(delay)
    }
}

/// `Retry-After` as seconds or as an HTTP date (RFC 9110 10.2.3), for 429 and 503.
pub(crate) fn retry_after(
    status: StatusCode,
    headers: &reqwest::header::HeaderMap,
) -> Option<Duration> {
    if !matches!(
        status,
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
    ) {
        return None;
    }
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_read_for_429_and_503_only() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::RETRY_AFTER,
            "7".parse().expect("a header value"),
        );
        assert_eq!(
            retry_after(StatusCode::TOO_MANY_REQUESTS, &headers),
            Some(Duration::from_secs(7))
        );
        assert_eq!(retry_after(StatusCode::BAD_GATEWAY, &headers), None);
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
        headers.insert(
            reqwest::header::RETRY_AFTER,
            later.parse().expect("a header value"),
        );
        let wait = retry_after(StatusCode::SERVICE_UNAVAILABLE, &headers).expect("a wait");
        assert!(
            wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
            "{wait:?}"
        );
    }

    #[test]
    fn waits_are_capped_and_stop_at_the_deadline() {
        let policy = RetryPolicy::default()
            .backoff(Duration::from_millis(10), Duration::from_secs(2))
            .deadline(Duration::from_secs(5));
        let backoff = Duration::from_millis(50);
        assert_eq!(policy.wait(backoff, None, Duration::ZERO), Some(backoff));
        assert_eq!(
            policy.wait(backoff, Some(Duration::from_secs(60)), Duration::ZERO),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            policy.wait(
                backoff,
                Some(Duration::from_secs(1)),
                Duration::from_millis(4500)
            ),
            None
        );
        assert!(policy.allows(&Method::PUT) && !policy.allows(&Method::POST));
        assert!(
            policy
                .clone()
                .retry_non_idempotent(true)
                .allows(&Method::POST)
        );
        assert_eq!(policy.max_retries(2).delays().count(), 2);
    }
}
