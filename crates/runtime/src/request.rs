//! [`Request`]: one operation's request, as generated code describes it, and how it is sent:
//! credentials, retries, timeouts and one `tracing` span.

use std::borrow::Cow;
use std::fmt::Display;
use std::future::Future;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::{FutureExt, TryFutureExt};
use reqwest::header::{self, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use tracing::Instrument;

use crate::client::Held;
use crate::encoding::{cookie_pair, into_path_segment, path_segment_problem};
use crate::error::{ERROR_BODY_LIMIT, error_body, is_retryable_status};
use crate::service::{ApiKeyLocation, Credential, SchemeKind};
use crate::upload::Part;
use crate::{Client, Error, ErrorKind, OperationError, Response, RetryPolicy, Upload};

/// The media type most operations produce, and so most requests' `Accept`.
const JSON: &str = "application/json";

/// Options one call may set over its client's: a timeout and a retry policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallOptions {
    timeout: Option<Option<Duration>>,
    retry: Option<Option<RetryPolicy>>,
}

impl CallOptions {
    /// How long this call may take, body included; `None` for no limit.
    pub fn timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = Some(timeout);
    }

    /// The retry policy of this call; `None` for no retries.
    pub fn retry(&mut self, policy: Option<RetryPolicy>) {
        self.retry = Some(policy);
    }
}

/// One request, built by generated code: the route and its values, the query, headers,
/// cookies, body, accepted media types and security requirement. Nothing is checked or sent
/// until [`Request::send`]; a value that cannot be sent makes `send` fail with
/// [`ErrorKind::InvalidArgument`] before any connection is made.
///
/// ```no_run
/// # async fn run(client: specfleet_runtime::Client) -> Result<(), specfleet_runtime::Error> {
/// use reqwest::Method;
/// let image: serde_json::Value = client
///     .request(Method::GET, "/sourceimages/{organization}/{hash}")
///     .path("organization", "acme")
///     .path("hash", "0dcabb4")
///     .query_opt("deleted", Some(false))
///     .accept(&["application/json"])
///     .security(&[&["ApiKeyAuth"]])
///     .send::<serde_json::Value>()
///     .await?
///     .json()
///     .await?;
/// # let _ = image; Ok(()) }
/// ```
#[must_use = "a request does nothing until it is sent"]
pub struct Request<'a> {
    client: &'a Client,
    method: Method,
    route: &'static str,
    path: Vec<(&'static str, String)>,
    query: Vec<(Cow<'static, str>, String)>,
    headers: Vec<(HeaderName, HeaderValue)>,
    cookies: Vec<String>,
    accept: Option<HeaderValue>,
    body: Body,
    /// The schemes of the alternative of the security requirement this request uses.
    security: &'static [&'static str],
    /// The call's options; `None` for the default ones (most calls).
    options: Option<Box<CallOptions>>,
    /// The first argument that cannot be sent.
    invalid: Option<String>,
}

enum Body {
    None,
    Bytes {
        content_type: String,
        bytes: Bytes,
    },
    Form(Vec<(String, String)>),
    Multipart(Vec<Part>),
    /// Boxed: the largest variant, and the rarest.
    Upload(Box<(Option<String>, Upload)>),
}

impl<'a> Request<'a> {
    pub(crate) fn new(client: &'a Client, method: Method, route: &'static str) -> Request<'a> {
        Request {
            client,
            method,
            route,
            path: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            accept: None,
            body: Body::None,
            security: &[],
            options: None,
            invalid: None,
        }
    }

    fn refuse(&mut self, message: String) {
        self.invalid.get_or_insert(message);
    }

    /// The value of the route's `{name}`, percent-encoded as one path segment. `""`, `.` and
    /// `..` are refused: they would change the route.
    pub fn path(mut self, name: &'static str, value: impl Display) -> Self {
        let value = value.to_string();
        match path_segment_problem(&value) {
            Some(problem) => {
                self.refuse(format!("the path parameter `{name}` ({value:?}) {problem}"))
            }
            None => self.path.push((name, into_path_segment(value))),
        }
        self
    }

    /// A query parameter.
    pub fn query(mut self, name: &'static str, value: impl Display) -> Self {
        self.query.push((Cow::Borrowed(name), value.to_string()));
        self
    }

    /// A query parameter when it has a value.
    pub fn query_opt(self, name: &'static str, value: Option<impl Display>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// Query pairs computed at run time (`deepObject` and exploded object parameters, see
    /// [`encoding`](crate::encoding)).
    pub fn query_pairs(mut self, pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        self.query.extend(
            pairs
                .into_iter()
                .map(|(name, value)| (Cow::Owned(name), value)),
        );
        self
    }

    /// A `deepObject` query parameter: `name[key]=value` for each property, nested objects and
    /// arrays flattened (`name[key][sub]`, `name[key][0]`).
    pub fn query_deep_object(mut self, name: &'static str, value: &impl serde::Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => self.query_pairs(crate::encoding::deep_object(name, &value)),
            Err(error) => {
                self.refuse(format!(
                    "the query parameter `{name}` cannot be written: {error}"
                ));
                self
            }
        }
    }

    /// An object query parameter in the `form` style with `explode`: `key=value` for each
    /// property.
    pub fn query_form_object(mut self, value: &impl serde::Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => self.query_pairs(crate::encoding::form_object(&value)),
            Err(error) => {
                self.refuse(format!(
                    "a query parameter object cannot be written: {error}"
                ));
                self
            }
        }
    }

    /// A query parameter whose value is sent as JSON text (a map).
    pub fn query_json(mut self, name: &'static str, value: &impl serde::Serialize) -> Self {
        match serde_json::to_string(value) {
            Ok(text) => self.query(name, text),
            Err(error) => {
                self.refuse(format!(
                    "the query parameter `{name}` cannot be written as JSON: {error}"
                ));
                self
            }
        }
    }

    /// An array query parameter as one pair per item (`ids=1&ids=2`, the `form` style with
    /// `explode`).
    pub fn query_each<T: Display>(
        mut self,
        name: &'static str,
        values: impl IntoIterator<Item = T>,
    ) -> Self {
        for value in values {
            self.query.push((Cow::Borrowed(name), value.to_string()));
        }
        self
    }

    /// A request header. A value with a line break or another control character is refused.
    pub fn header(mut self, name: &'static str, value: impl Display) -> Self {
        let text = value.to_string();
        match (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&text)) {
            (Ok(name), Ok(value)) => self.headers.push((name, value)),
            _ => self.refuse(format!(
                "the header `{name}` cannot be {text:?}: a header value cannot hold CR, LF or other control characters"
            )),
        }
        self
    }

    /// A request header when it has a value.
    pub fn header_opt(self, name: &'static str, value: Option<impl Display>) -> Self {
        match value {
            Some(value) => self.header(name, value),
            None => self,
        }
    }

    /// A cookie; its value is percent-encoded where RFC 6265 does not allow it as is.
    pub fn cookie(mut self, name: &'static str, value: impl Display) -> Self {
        self.cookies.push(cookie_pair(name, &value.to_string()));
        self
    }

    /// A cookie when it has a value.
    pub fn cookie_opt(self, name: &'static str, value: Option<impl Display>) -> Self {
        match value {
            Some(value) => self.cookie(name, value),
            None => self,
        }
    }

    /// The media types the operation produces; the `Accept` header asks for the JSON one when
    /// there is one, else for all of them.
    pub fn accept(mut self, produces: &[&str]) -> Self {
        if produces.is_empty() {
            return self;
        }
        // The JSON type alone is most operations' `Accept`: no need to join the list first.
        let accept = match crate::encoding::accept_json(produces) {
            Some(json) => Cow::Borrowed(json),
            None => Cow::Owned(crate::encoding::accept(produces)),
        };
        let value = if accept == JSON {
            Ok(HeaderValue::from_static(JSON))
        } else {
            HeaderValue::from_str(&accept)
        };
        match value {
            Ok(value) => self.accept = Some(value),
            Err(_) => self.refuse(format!(
                "the `Accept` header cannot be {accept:?}: a header value cannot hold CR, LF or other control characters"
            )),
        }
        self
    }

    /// The operation's security requirement: alternatives (any one is enough), each a list of
    /// scheme names that must all be satisfied. The first alternative whose schemes all have a
    /// credential on the client is used; an empty alternative allows an anonymous call.
    pub fn security(mut self, requirement: &'static [&'static [&'static str]]) -> Self {
        // Chosen here, once: a client's credentials never change.
        let client = self.client;
        self.security = requirement
            .iter()
            .find(|alternative| {
                alternative
                    .iter()
                    .all(|name| client.credential(name).is_some())
            })
            .copied()
            .unwrap_or_default();
        self
    }

    /// A JSON body.
    pub fn json(self, body: &impl serde::Serialize) -> Self {
        self.json_as("application/json", body)
    }

    /// A JSON body sent with another JSON media type (`application/merge-patch+json`).
    pub fn json_as(mut self, content_type: &str, body: &impl serde::Serialize) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.body = Body::Bytes {
                    content_type: content_type.to_owned(),
                    bytes: bytes.into(),
                }
            }
            Err(error) => self.refuse(format!("the body cannot be written as JSON: {error}")),
        }
        self
    }

    /// A body of bytes (or text) with its media type.
    pub fn bytes(mut self, content_type: &str, bytes: impl Into<Bytes>) -> Self {
        self.body = Body::Bytes {
            content_type: content_type.to_owned(),
            bytes: bytes.into(),
        };
        self
    }

    /// A file as the whole body, with the operation's media type (or the upload's own when the
    /// operation accepts any).
    pub fn upload(mut self, content_type: Option<&str>, upload: Upload) -> Self {
        self.body = Body::Upload(Box::new((content_type.map(str::to_owned), upload)));
        self
    }

    /// A field of an `application/x-www-form-urlencoded` body, when it has a value.
    pub fn form(mut self, name: &'static str, value: Option<impl Display>) -> Self {
        if let Some(value) = value {
            let field = (name.to_owned(), value.to_string());
            match &mut self.body {
                Body::Form(fields) => fields.push(field),
                body => *body = Body::Form(vec![field]),
            }
        }
        self
    }

    /// A text part of a `multipart/form-data` body, when it has a value.
    pub fn part(self, name: &'static str, value: Option<impl Display>) -> Self {
        match value {
            Some(value) => self.push_part(Part::Text {
                name: name.to_owned(),
                value: value.to_string(),
            }),
            None => self,
        }
    }

    /// An object part of a `multipart/form-data` body, as JSON, when it has a value.
    pub fn part_json(mut self, name: &'static str, value: Option<&impl serde::Serialize>) -> Self {
        let Some(value) = value else {
            return self;
        };
        match serde_json::to_vec(value) {
            Ok(value) => self.push_part(Part::Json {
                name: name.to_owned(),
                value,
            }),
            Err(error) => {
                self.refuse(format!(
                    "the part `{name}` cannot be written as JSON: {error}"
                ));
                self
            }
        }
    }

    /// A file part of a `multipart/form-data` body, when there is one.
    pub fn part_file(self, name: &'static str, upload: Option<Upload>) -> Self {
        match upload {
            Some(upload) => self.push_part(Part::File {
                name: name.to_owned(),
                upload,
            }),
            None => self,
        }
    }

    /// A `multipart/form-data` body even when no part has a value.
    pub fn multipart(mut self) -> Self {
        if !matches!(self.body, Body::Multipart(_)) {
            self.body = Body::Multipart(Vec::new());
        }
        self
    }

    fn push_part(mut self, part: Part) -> Self {
        match &mut self.body {
            Body::Multipart(parts) => parts.push(part),
            body => *body = Body::Multipart(vec![part]),
        }
        self
    }

    /// This call's timeout and retry policy over the client's.
    pub fn options(mut self, options: &CallOptions) -> Self {
        self.options = (*options != CallOptions::default()).then(|| Box::new(options.clone()));
        self
    }

    /// Sends the request, with the client's retry policy (or this call's), and returns the
    /// response once its status is 2xx. Any other status is an [`ErrorKind::Status`] error with
    /// the body typed as `E` where the spec documents it.
    pub fn send<E: OperationError>(
        self,
    ) -> impl Future<Output = Result<Response<E>, Error<E>>> + Send {
        let span = self.span();
        let outcome = span.clone();
        // Boxed here: the attempt's state (the request, an exchange in flight) is most of a
        // kilobyte, and every `.await` above this one would otherwise move all of it. A
        // combinator rather than an `async` block, which would keep a second copy of `self`.
        Box::pin(
            self.attempts()
                .inspect(move |result| record(&outcome, result))
                .instrument(span),
        )
    }

    /// Sends the request as [`send`](Self::send) does, then reads the response with `read`
    /// (`Response::json`, `Response::empty`, ...), in one future and one allocation: what
    /// generated operations return.
    pub fn send_then<E, T, F, Fut>(self, read: F) -> crate::BoxFuture<'a, Result<T, Error<E>>>
    where
        E: OperationError + Send + 'a,
        F: FnOnce(Response<E>) -> Fut + Send + 'a,
        Fut: Future<Output = Result<T, Error<E>>> + Send + 'a,
    {
        let span = self.span();
        let outcome = span.clone();
        Box::pin(
            self.attempts()
                .inspect(move |result| record(&outcome, result))
                .and_then(read)
                .instrument(span),
        )
    }

    /// The request's span, named for the method and the route template, never the values.
    fn span(&self) -> tracing::Span {
        tracing::info_span!(
            "specfleet.request",
            service = self.client.service().name,
            method = %self.method,
            route = self.route,
            status = tracing::field::Empty,
        )
    }

    /// The request sent, its outcome read. Not an `async fn`: one keeps its arguments twice
    /// in its state (as given, and moved into its body), and this request is most of it.
    #[allow(
        clippy::manual_async_fn,
        reason = "an `async fn` would store the request twice"
    )]
    fn attempts<E: OperationError>(
        mut self,
    ) -> impl Future<Output = Result<Response<E>, Error<E>>> + Send + use<'a, E> {
        async move {
            let response = match self.exchange().await {
                Ok(Ok(response)) => response,
                Ok(Err(error)) => {
                    return Err(self.error(ErrorKind::Transport(error.without_url())));
                }
                Err(unsent) => return Err(self.error(unsent.into())),
            };
            if response.status().is_success() {
                return Ok(Response::new(
                    response,
                    self.client.clone(),
                    self.method.clone(),
                    self.route,
                ));
            }
            // Boxed with the response in it: errors are rare, and their state is large.
            let error = Box::pin(self.status_error(response));
            Err(error.await)
        }
    }

    /// Sends the request, again as long as its retry policy allows, and returns the last
    /// attempt's outcome. Not generic over the operation's error, so compiled once rather than
    /// once per operation.
    async fn exchange(&mut self) -> Result<reqwest::Result<reqwest::Response>, Unsent> {
        if let Some(message) = self.invalid.take() {
            return Err(Unsent::InvalidArgument(message));
        }
        let url = self.url().map_err(Unsent::InvalidArgument)?;
        let policy = match self
            .options
            .as_ref()
            .and_then(|options| options.retry.as_ref())
        {
            Some(policy) => policy.clone(),
            None => self.client.retry_policy().cloned(),
        }
        .filter(|policy| policy.allows(&self.method) && self.body.replayable());
        match policy {
            None => {
                // One attempt: it takes the URL.
                let opened = self.open().await?;
                let request = self.assemble(url, false, opened)?;
                Ok(self.client.execute(request).await)
            }
            // Boxed: the retry loop's state would make every request's state larger.
            Some(policy) => Box::pin(self.retrying(url, policy)).await,
        }
    }

    /// An error of this request.
    fn error<E>(&self, kind: ErrorKind<E>) -> Error<E> {
        Error::new(self.method.clone(), self.route, kind)
    }

    /// Attempts until one succeeds, fails for good, or the policy gives up; the last outcome.
    async fn retrying(
        &mut self,
        url: reqwest::Url,
        policy: RetryPolicy,
    ) -> Result<reqwest::Result<reqwest::Response>, Unsent> {
        let (mut delays, started) = (policy.delays(), Instant::now());
        loop {
            let opened = self.open().await?;
            let request = self.assemble(url.clone(), true, opened)?;
            let outcome = self.client.execute(request).await;
            let asked = match &outcome {
                Ok(response) if response.status().is_success() => None,
                Ok(response) if is_retryable_status(response.status()) => Some(
                    crate::retry::retry_after(response.status(), response.headers()),
                ),
                Err(error) if error.is_connect() || error.is_timeout() || error.is_request() => {
                    Some(None)
                }
                _ => None,
            };
            let wait = asked.and_then(|asked| {
                let backoff = delays.next()?;
                policy.wait(backoff, asked, started.elapsed())
            });
            if let Some(wait) = wait {
                tracing::debug!(?wait, "retrying");
                tokio::time::sleep(wait).await;
                continue;
            }
            return Ok(outcome);
        }
    }

    /// The URL: the base URL, the route with its values, the query and any API key that goes
    /// in the query.
    fn url(&self) -> Result<reqwest::Url, String> {
        let base = self.client.base();
        let prefix = base.path().trim_end_matches('/');
        let mut path = String::with_capacity(prefix.len() + self.route.len() + 32);
        path.push_str(prefix);
        let mut rest = self.route;
        while let Some(open) = rest.find('{') {
            path.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + close];
            let value = self
                .path
                .iter()
                .find(|(parameter, _)| *parameter == name)
                .map(|(_, value)| value.as_str())
                .ok_or_else(|| format!("the path parameter `{name}` has no value"))?;
            path.push_str(value);
            rest = &rest[open + close + 1..];
        }
        path.push_str(rest);
        let mut url = if base.cannot_be_a_base() || self.route.contains(['?', '#']) {
            // The whole URL is parsed: a `?` written in the route starts the query.
            let text = format!("{}{}", self.client.base_url(), &path[prefix.len()..]);
            reqwest::Url::parse(&text).map_err(|error| {
                format!(
                    "{}{} is not a URL: {error}",
                    self.client.base_url(),
                    self.route
                )
            })?
        } else {
            // Only the path is parsed (as URL parsing would: the same encoding, `.` and `..`
            // segments resolved); the scheme and host were parsed once, with the client.
            let mut url = base.clone();
            url.set_path(&path);
            url
        };
        let api_keys: Vec<_> = self
            .credentials()
            .filter_map(|held| match (held.scheme.kind, &held.credential) {
                (
                    SchemeKind::ApiKey {
                        location: ApiKeyLocation::Query,
                        name,
                    },
                    Credential::ApiKey { key, prefix },
                ) => Some((name, with_prefix(prefix.as_deref(), key.expose()))),
                _ => None,
            })
            .collect();
        if !self.query.is_empty() || !api_keys.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &self.query {
                pairs.append_pair(name, value);
            }
            for (name, value) in &api_keys {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }

    /// The client's credentials for the schemes of the chosen alternative.
    fn credentials(&self) -> impl Iterator<Item = &'a Held> + use<'a> {
        let client = self.client;
        self.security
            .iter()
            .filter_map(move |name| client.credential(name))
    }

    /// The files of the body, opened, for each attempt: in a boxed future of their own, as
    /// most requests have none, and that state would make every request's state larger.
    async fn open(&mut self) -> Result<Option<Opened>, Unsent> {
        Ok(match &mut self.body {
            Body::Multipart(parts) => Some(Box::pin(multipart(parts)).await?),
            Body::Upload(upload) => {
                let (content_type, upload) = &mut **upload;
                Some(Box::pin(upload_body(content_type.as_deref(), upload)).await?)
            }
            _ => None,
        })
    }

    /// One attempt's request, built in place (reqwest's builder moves the whole request at
    /// every step, which shows in a small request's cost), with the body `opened` if it reads
    /// files. With `again`, another attempt may follow and needs the same values: they are
    /// cloned rather than taken.
    fn assemble(
        &mut self,
        url: reqwest::Url,
        again: bool,
        opened: Option<Opened>,
    ) -> Result<reqwest::Request, Unsent> {
        let transport = |error: reqwest::Error| Unsent::Transport(error.without_url());
        let mut request = if url.username().is_empty() && url.password().is_none() {
            reqwest::Request::new(self.method.clone(), url)
        } else {
            // reqwest's builder turns a user name and password in the URL into Basic auth.
            let builder = self.client.http().request(self.method.clone(), url);
            builder.build().map_err(transport)?
        };
        let headers = request.headers_mut();
        if let Some(accept) = take_or_clone(&mut self.accept, again) {
            headers.insert(header::ACCEPT, accept);
        }
        for (name, value) in take_or_clone(&mut self.headers, again) {
            headers.append(name, value);
        }
        let mut cookies = take_or_clone(&mut self.cookies, again);
        let mut basic = None;
        for held in self.credentials() {
            match (&held.header, held.scheme.kind, &held.credential) {
                (Err(message), _, _) => return Err(Unsent::InvalidArgument(message.clone())),
                (Ok(Some((name, value))), _, _) => {
                    headers.append(name.clone(), value.clone());
                }
                (
                    Ok(None),
                    SchemeKind::ApiKey {
                        location: ApiKeyLocation::Cookie,
                        name,
                    },
                    Credential::ApiKey { key, prefix },
                ) => {
                    cookies.insert(
                        0,
                        cookie_pair(name, &with_prefix(prefix.as_deref(), key.expose())),
                    );
                }
                (Ok(None), SchemeKind::Basic, Credential::Basic { username, password }) => {
                    basic = Some((username, password));
                }
                _ => {}
            }
        }
        if !cookies.is_empty() {
            let cookie = HeaderValue::from_str(&cookies.join("; ")).map_err(|_| {
                Unsent::InvalidArgument(
                    "a cookie cannot hold CR, LF or other control characters".to_owned(),
                )
            })?;
            headers.append(header::COOKIE, cookie);
        }
        match &mut self.body {
            Body::None => {
                // curl and the Python clients send a length for an empty POST, PUT or PATCH;
                // without one some proxies and servers answer 411 Length Required.
                if matches!(self.method, Method::POST | Method::PUT | Method::PATCH) {
                    headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
                }
            }
            Body::Bytes {
                content_type,
                bytes,
            } => {
                headers.insert(header::CONTENT_TYPE, media_type(content_type)?);
                *request.body_mut() = Some(take_or_clone(bytes, again).into());
            }
            Body::Form(fields) => {
                headers.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                );
                *request.body_mut() = Some(form_urlencoded(fields).into());
            }
            Body::Multipart(_) | Body::Upload(_) => match opened {
                Some(Opened::Form(form)) => {
                    // reqwest writes the boundary into the Content-Type and streams the parts.
                    request =
                        reqwest::RequestBuilder::from_parts(self.client.http().clone(), request)
                            .multipart(form)
                            .build()
                            .map_err(transport)?;
                }
                Some(Opened::Upload {
                    content_type,
                    body,
                    length,
                }) => {
                    headers.insert(header::CONTENT_TYPE, content_type);
                    if let Some(length) = length {
                        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
                    }
                    *request.body_mut() = Some(body);
                }
                None => {}
            },
        }
        if let Some((username, password)) = basic {
            // reqwest's builder owns the Basic encoding.
            request = reqwest::RequestBuilder::from_parts(self.client.http().clone(), request)
                .basic_auth(username, password.as_ref().map(crate::Secret::expose))
                .build()
                .map_err(transport)?;
        }
        if let Some(timeout) = self.options.as_ref().and_then(|options| options.timeout) {
            // `None` asks for no limit: a long one stands in, reqwest has no way to unset it.
            *request.timeout_mut() =
                Some(timeout.unwrap_or(Duration::from_secs(u64::from(u32::MAX))));
        }
        Ok(request)
    }

    /// The error for a non-2xx response: its body read up to [`ERROR_BODY_LIMIT`] bytes (the
    /// rest is never read), echoed credentials redacted, typed where `E` knows the status.
    async fn status_error<E: OperationError>(&self, mut response: reqwest::Response) -> Error<E> {
        let status = response.status();
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    let room = ERROR_BODY_LIMIT - body.len();
                    body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                    if body.len() == ERROR_BODY_LIMIT {
                        break;
                    }
                }
                Ok(None) => break,
                Err(error) => return self.error(ErrorKind::Transport(error.without_url())),
            }
        }
        let mut raw = String::from_utf8_lossy(&body).into_owned();
        crate::secret::redact(&mut raw, &self.client.secrets());
        let body = error_body::<E>(status, &raw);
        self.error(ErrorKind::Status { status, body, raw })
    }
}

impl Body {
    fn replayable(&self) -> bool {
        match self {
            Body::Upload(upload) => upload.1.replayable(),
            Body::Multipart(parts) => parts.iter().all(Part::replayable),
            _ => true,
        }
    }
}

/// Why a request could not be built: the failures that do not depend on the operation, so
/// that the code that builds requests is compiled once rather than once per operation.
enum Unsent {
    InvalidArgument(String),
    Transport(reqwest::Error),
    Io(std::io::Error),
}

impl<E> From<Unsent> for ErrorKind<E> {
    fn from(unsent: Unsent) -> ErrorKind<E> {
        match unsent {
            Unsent::InvalidArgument(message) => ErrorKind::InvalidArgument(message),
            Unsent::Transport(error) => ErrorKind::Transport(error),
            Unsent::Io(error) => ErrorKind::Io(error),
        }
    }
}

/// A body that reads files, with its files open.
enum Opened {
    Form(reqwest::multipart::Form),
    Upload {
        content_type: HeaderValue,
        body: reqwest::Body,
        length: Option<u64>,
    },
}

/// A `multipart/form-data` body of `parts`, file parts opened.
async fn multipart(parts: &mut [Part]) -> Result<Opened, Unsent> {
    let mut form = reqwest::multipart::Form::new();
    for part in parts {
        form = match part {
            Part::Text { name, value } => form.text(name.clone(), value.clone()),
            Part::Json { name, value } => form.part(
                name.clone(),
                reqwest::multipart::Part::bytes(value.clone())
                    .mime_str("application/json")
                    .map_err(|error| Unsent::Transport(error.without_url()))?,
            ),
            Part::File { name, upload } => {
                form.part(name.clone(), upload.part().await.map_err(Unsent::Io)?)
            }
        };
    }
    Ok(Opened::Form(form))
}

/// A file as the whole body, opened, with the operation's media type or else the file's.
async fn upload_body(content_type: Option<&str>, upload: &mut Upload) -> Result<Opened, Unsent> {
    let content_type = match content_type {
        Some(content_type) => media_type(content_type)?,
        None => media_type(&upload.content_type())?,
    };
    let (body, length) = upload.body().await.map_err(Unsent::Io)?;
    Ok(Opened::Upload {
        content_type,
        body,
        length,
    })
}

/// `value` itself when nothing needs it again, else a copy.
fn take_or_clone<T: Clone + Default>(value: &mut T, again: bool) -> T {
    if again {
        value.clone()
    } else {
        std::mem::take(value)
    }
}

/// The header a credential travels in, when it travels in one (an API key in a header, a
/// bearer token), its value marked sensitive: HTTP/2 never indexes it and `Debug` shows
/// `Sensitive`. The error names the header, never the value.
pub(crate) fn credential_header(
    kind: SchemeKind,
    credential: &Credential,
) -> Result<Option<(HeaderName, HeaderValue)>, String> {
    let (name, text) = match (kind, credential) {
        (
            SchemeKind::ApiKey {
                location: ApiKeyLocation::Header,
                name,
            },
            Credential::ApiKey { key, prefix },
        ) => {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("the API key header name `{name}` is not a header name"))?;
            (name, with_prefix(prefix.as_deref(), key.expose()))
        }
        (SchemeKind::Bearer, Credential::Token(token)) => {
            (header::AUTHORIZATION, format!("Bearer {}", token.expose()))
        }
        _ => return Ok(None),
    };
    let mut value = HeaderValue::from_str(&text).map_err(|_| {
        format!(
            "the credential for the `{name}` header cannot be sent: a header value cannot hold CR, LF or other control characters"
        )
    })?;
    value.set_sensitive(true);
    Ok(Some((name, value)))
}

/// A `Content-Type` value.
fn media_type(text: &str) -> Result<HeaderValue, Unsent> {
    HeaderValue::from_str(text).map_err(|_| {
        Unsent::InvalidArgument(format!("the media type {text:?} is not a header value"))
    })
}

fn with_prefix(prefix: Option<&str>, key: &str) -> String {
    match prefix {
        Some(prefix) => format!("{prefix} {key}"),
        None => key.to_owned(),
    }
}

/// `application/x-www-form-urlencoded` as browsers and reqwest write it (a space is `+`).
fn form_urlencoded(fields: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}

/// The outcome of a request on its span: the status, and the kind of failure.
fn record<E>(span: &tracing::Span, result: &Result<Response<E>, Error<E>>) {
    match result {
        // Without a subscriber that wants the span, recording would still look the field up.
        Ok(_) if span.is_disabled() => {}
        Ok(response) => {
            span.record("status", response.status().as_u16());
        }
        Err(error) => {
            if let Some(status) = error.status() {
                span.record("status", status.as_u16());
            }
            tracing::debug!(parent: span, failure = failure_class(error.kind()), "request failed");
        }
    }
}

/// What kind of failure an error is, for traces, which must not carry the error's text.
fn failure_class<E>(kind: &ErrorKind<E>) -> &'static str {
    match kind {
        ErrorKind::InvalidArgument(_) => "invalid-argument",
        ErrorKind::Transport(error) if error.is_timeout() => "timeout",
        ErrorKind::Transport(error) if error.is_connect() => "connect",
        ErrorKind::Transport(_) => "transport",
        ErrorKind::Status { status, .. } if *status == StatusCode::TOO_MANY_REQUESTS => "throttled",
        ErrorKind::Status { .. } => "status",
        ErrorKind::Decode { .. } => "decode",
        ErrorKind::Io(_) => "io",
    }
}

#[cfg(test)]
mod tests {
    use reqwest::Method;

    use crate::{Client, Service};

    static SERVICE: Service = Service {
        name: "test",
        user_agent: "specfleet-test/0",
        base_url: "http://localhost",
        security_schemes: &[],
    };

    fn client(base_url: &str) -> Client {
        Client::builder(&SERVICE)
            .base_url(base_url)
            .build()
            .expect("a valid client")
    }

    /// Setting only the path gives the URL that parsing the whole text gave.
    #[test]
    fn a_url_is_the_base_url_with_the_route_as_its_path() {
        let values = ["plain", "a b", "50%", "é~", "a/b?c#d", "x:y@z;w=v", "...."];
        for base_url in [
            "http://example.com",
            "http://example.com:8080/api/v2",
            "https://h/v0/",
        ] {
            let client = client(base_url);
            for value in values {
                let request = client
                    .request(Method::GET, "/items/{id}/tags")
                    .path("id", value);
                let url = request.url().expect("a URL");
                let whole = format!(
                    "{}/items/{}/tags",
                    base_url.trim_end_matches('/'),
                    crate::encoding::path_segment(value)
                );
                assert_eq!(
                    url,
                    reqwest::Url::parse(&whole).expect("a URL"),
                    "{base_url} {value}"
                );
            }
        }
    }

    /// A route written with a query keeps it, before the query parameters.
    #[test]
    fn a_query_in_the_route_stays_a_query() {
        let client = client("http://example.com/api");
        let request = client
            .request(Method::GET, "/search?kind=all")
            .query("q", "a b");
        let url = request.url().expect("a URL");
        assert_eq!(url.as_str(), "http://example.com/api/search?kind=all&q=a+b");
    }

    static KEYED: Service = Service {
        name: "keyed",
        user_agent: "specfleet-test/0",
        base_url: "http://localhost",
        security_schemes: &[
            crate::SecurityScheme {
                name: "query_key",
                kind: crate::SchemeKind::ApiKey {
                    location: crate::ApiKeyLocation::Query,
                    name: "api_key",
                },
            },
            crate::SecurityScheme {
                name: "header_key",
                kind: crate::SchemeKind::ApiKey {
                    location: crate::ApiKeyLocation::Header,
                    name: "X-Key",
                },
            },
            crate::SecurityScheme {
                name: "bad_header",
                kind: crate::SchemeKind::ApiKey {
                    location: crate::ApiKeyLocation::Header,
                    name: "X Key",
                },
            },
        ],
    };

    fn keyed(scheme: &str) -> Client {
        Client::builder(&KEYED)
            .credential(scheme, crate::Credential::api_key("k-123"))
            .build()
            .expect("a valid client")
    }

    /// The credentials' headers are built with the client; each request gets its own copy,
    /// still marked sensitive, and a key for the query goes in the query only.
    #[test]
    fn credentials_go_where_their_scheme_says() {
        const SECURITY: &[&[&str]] = &[&["query_key"], &["header_key"]];
        let client = keyed("header_key");
        for _ in 0..2 {
            let mut request = client.request(Method::GET, "/items").security(SECURITY);
            let url = request.url().expect("a URL");
            assert_eq!(url.as_str(), "http://localhost/items");
            let built = request.assemble(url, false, None).ok().expect("a request");
            let key = built.headers().get("x-key").expect("the key header");
            assert_eq!(key, "k-123");
            assert!(key.is_sensitive());
        }
        let client = keyed("query_key");
        let mut request = client.request(Method::GET, "/items").security(SECURITY);
        let url = request.url().expect("a URL");
        assert_eq!(url.as_str(), "http://localhost/items?api_key=k-123");
        let built = request.assemble(url, false, None).ok().expect("a request");
        assert!(built.headers().get("x-key").is_none());
    }

    /// A scheme whose header name cannot be one fails the requests that use it, naming the
    /// header and not the key.
    #[test]
    fn a_key_header_that_cannot_be_sent_is_refused() {
        let client = keyed("bad_header");
        let mut request = client
            .request(Method::GET, "/items")
            .security(&[&["bad_header"]]);
        let url = request.url().expect("a URL");
        match request.assemble(url, false, None) {
            Err(super::Unsent::InvalidArgument(message)) => {
                assert!(message.contains("`X Key`"), "{message}");
                assert!(!message.contains("k-123"), "{message}");
            }
            _ => panic!("the request was not refused"),
        }
    }

    /// An operation's future (what generated code boxes per call) stays small: an `async fn`
    /// that takes the request by value keeps it twice, and a future over 1,032 bytes leaves
    /// glibc's per-thread cache for its slower allocator (measured in `bench/FINDINGS.md`).
    #[test]
    fn an_operations_future_stays_small() {
        let client = client("http://localhost");
        let future = client
            .request(Method::GET, "/items/{id}")
            .path("id", 1)
            .accept(&["application/json"])
            .send_then(crate::Response::<serde_json::Value>::json::<serde_json::Value>);
        let size = std::mem::size_of_val(&*future);
        assert!(size <= 640, "an operation's future is {size} bytes");
    }
}
