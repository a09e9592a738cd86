//! What every service client shares: HTTP settings, the connection pool, retries with backoff,
//! a tracing span per request, and secrets that never print.

use std::fmt;
use std::time::{Duration, Instant};

use backon::BackoffBuilder;
use reqwest::{Method, Request, Response, StatusCode};
use reqwest_middleware::{ClientWithMiddleware, Middleware, Next};
use tracing::Instrument;

use crate::error::is_retryable_status;

/// A credential. `Debug` and `Display` never show it, so it cannot reach logs or error messages
/// by accident.
///
/// ```
/// let key = specfleet::Secret::new("top-secret");
/// assert_eq!(format!("{key:?}"), "Secret([redacted])");
/// assert_eq!(key.expose(), "top-secret");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The credential itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(value.to_owned())
    }
}

/// When and how often a failed request is sent again.
///
/// Retried: connection failures, timeouts, and the statuses 408, 429, 502, 503 and 504, waiting
/// as long as a `Retry-After` header asks (within the limits) or else an exponential backoff with
/// jitter. Only idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) are retried unless
/// [`RetryPolicy::retry_non_idempotent`] says otherwise, and a request whose body is a stream is
/// never sent twice.
///
/// ```
/// use std::time::Duration;
/// let policy = specfleet::RetryPolicy::default()
///     .max_retries(5)
///     .backoff(Duration::from_millis(200), Duration::from_secs(5))
///     .deadline(Duration::from_secs(60));
/// # let _ = policy;
/// ```
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    max_retries: usize,
    min_delay: Duration,
    max_delay: Duration,
    deadline: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// Three retries, backoff from 100 ms up to 10 s, all within 30 s.
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
}

/// HTTP settings shared by every service client; each client builder exposes them as methods.
#[derive(Debug, Clone)]
pub(crate) struct HttpOptions {
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Option<Duration>,
    pub(crate) user_agent: String,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) http_client: Option<reqwest::Client>,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            connect_timeout: Duration::from_secs(10),
            timeout: Some(Duration::from_secs(60)),
            user_agent: concat!("specfleet/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: None,
            http_client: None,
        }
    }
}

impl HttpOptions {
    /// The client every call of one service client goes through: one connection pool, then
    /// tracing outermost (one span per call, retries inside it), then retries.
    ///
    /// A user agent that cannot be a header value is refused here, before any request.
    pub(crate) fn build(
        &self,
        service: &'static str,
    ) -> Result<ClientWithMiddleware, crate::Error> {
        check_header_value("User-Agent", &self.user_agent)
            .map_err(|kind| crate::Error::new(Method::GET, "", kind))?;
        let client = match &self.http_client {
            Some(client) => client.clone(),
            None => {
                let mut builder = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .redirect(same_origin_redirects())
                    .user_agent(self.user_agent.as_str());
                if let Some(timeout) = self.timeout {
                    builder = builder.timeout(timeout);
                }
                builder.build().map_err(|error| {
                    crate::Error::new(Method::GET, "", crate::error::transport(error))
                })?
            }
        };
        let mut builder = reqwest_middleware::ClientBuilder::new(client).with(Trace { service });
        if let Some(policy) = &self.retry {
            builder = builder.with(Retry {
                policy: policy.clone(),
            });
        }
        Ok(builder.build())
    }
}

/// Refuses a header value that cannot be sent (CR, LF or another control character): it would
/// otherwise split the header or fail deep inside the HTTP client. Nothing is sent.
pub(crate) fn check_header_value(name: &str, value: &str) -> Result<(), crate::ErrorKind> {
    if http::HeaderValue::from_str(value).is_ok() {
        return Ok(());
    }
    Err(crate::ErrorKind::InvalidArgument(format!(
        "the `{name}` header cannot be {value:?}: a header value cannot hold CR, LF or other \
         control characters"
    )))
}

/// Follows at most 10 redirects, and only within the origin (scheme, host and port) of the
/// request: reqwest strips `Authorization` on a cross-origin redirect but not the API-key
/// headers (`api-key`, `X-SFTPGO-API-KEY`), so following one would hand the key to another
/// host. The redirect answer is returned instead, and becomes a status error.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .last()
            .is_none_or(|previous| previous.origin() == attempt.url().origin());
        if !same_origin {
            attempt.stop()
        } else if attempt.previous().len() > 10 {
            attempt.error("more than 10 redirects")
        } else {
            attempt.follow()
        }
    })
}

/// Adds the shared HTTP setters to a service client builder that has an `http: HttpOptions` field.
macro_rules! http_setters {
    () => {
        /// How long connecting may take (default 10 s).
        pub fn connect_timeout(mut self, timeout: std::time::Duration) -> Self {
            self.http.connect_timeout = timeout;
            self
        }

        /// How long a whole request may take, body included (default 60 s); `None` for no limit,
        /// for example for large downloads.
        pub fn timeout(mut self, timeout: Option<std::time::Duration>) -> Self {
            self.http.timeout = timeout;
            self
        }

        /// The `User-Agent` header (default `specfleet/<version>`). One that cannot be a header
        /// value (CR, LF or another control character) makes `build` fail with an
        /// [`InvalidArgument`](crate::ErrorKind::InvalidArgument) error.
        pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
            self.http.user_agent = user_agent.into();
            self
        }

        /// Retries for failed requests; off unless set. See [`RetryPolicy`](crate::RetryPolicy).
        pub fn retry(mut self, policy: crate::RetryPolicy) -> Self {
            self.http.retry = Some(policy);
            self
        }

        /// Use this `reqwest::Client` (and its connection pool, for example one shared by several
        /// service clients); timeouts and the redirect policy then come from it. Without it,
        /// redirects are followed only within the origin of the request, so that no API key
        /// header reaches another host.
        pub fn http_client(mut self, client: reqwest::Client) -> Self {
            self.http.http_client = Some(client);
            self
        }
    };
}
pub(crate) use http_setters;

/// A generated crate's `Configuration` as every service client starts it: `client` (the one every
/// call goes through), the builder's user agent and, when set, its base URL without a trailing
/// slash. The service then adds its credentials.
macro_rules! base_configuration {
    ($configuration:ident, client: $client:expr, http: $http:expr, base_url: $base_url:expr $(,)?) => {{
        let mut configuration = $configuration {
            client: $client,
            user_agent: Some($http.user_agent.clone()),
            ..$configuration::default()
        };
        if let Some(base_url) = $base_url {
            configuration.base_path = base_url.trim_end_matches('/').to_owned();
        }
        configuration
    }};
}
pub(crate) use base_configuration;

/// One `tracing` span per call, with the method and path but never the query (CBRAIN puts its
/// token there) nor any header.
struct Trace {
    service: &'static str,
}

#[async_trait::async_trait]
impl Middleware for Trace {
    async fn handle(
        &self,
        request: Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<Response> {
        let span = tracing::info_span!(
            "specfleet.request",
            service = self.service,
            method = %request.method(),
            path = request.url().path(),
            status = tracing::field::Empty,
        );
        let result = next.run(request, extensions).instrument(span.clone()).await;
        match &result {
            Ok(response) => {
                span.record("status", response.status().as_u16());
            }
            Err(error) => {
                let failure = crate::error::failure_class(error);
                tracing::debug!(parent: &span, failure, "request failed");
            }
        }
        result
    }
}

/// Retries per [`RetryPolicy`].
struct Retry {
    policy: RetryPolicy,
}

#[async_trait::async_trait]
impl Middleware for Retry {
    async fn handle(
        &self,
        request: Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<Response> {
        let policy = &self.policy;
        let idempotent = matches!(
            *request.method(),
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        );
        if !idempotent && !policy.retry_non_idempotent {
            return next.run(request, extensions).await;
        }
        let started = Instant::now();
        let mut delays = backon::ExponentialBuilder::default()
            .with_min_delay(policy.min_delay)
            .with_max_delay(policy.max_delay)
            .with_max_times(policy.max_retries)
            .with_jitter()
            .build();
        let mut request = request;
        loop {
            // A streamed body cannot be replayed: such a request gets one attempt.
            let Some(spare) = request.try_clone() else {
                return next.run(request, extensions).await;
            };
            let result = next.clone().run(request, extensions).await;
            let Some(retry_after) = wants_retry(&result) else {
                return result;
            };
            let Some(backoff) = delays.next() else {
                return result;
            };
            let delay = retry_after.map_or(backoff, |asked| asked.min(policy.max_delay));
            if started.elapsed() + delay > policy.deadline {
                return result;
            }
            tracing::debug!(?delay, "retrying");
            tokio::time::sleep(delay).await;
            request = spare;
        }
    }
}

/// `None` when the result is final; `Some(wait)` when it is worth retrying, with the wait the
/// server asked for in `Retry-After`, if any.
fn wants_retry(result: &reqwest_middleware::Result<Response>) -> Option<Option<Duration>> {
    match result {
        Ok(response) if is_retryable_status(response.status()) => Some(retry_after(response)),
        Ok(_) => None,
        Err(reqwest_middleware::Error::Reqwest(error))
            if error.is_connect() || error.is_timeout() || error.is_request() =>
        {
            Some(None)
        }
        Err(_) => None,
    }
}

/// `Retry-After` as seconds or as an HTTP date, for 429 and 503 (RFC 9110 10.2.3).
fn retry_after(response: &Response) -> Option<Duration> {
    if !matches!(
        response.status(),
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
    ) {
        return None;
    }
    let value = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}
