//! [`Request`]: one operation's request, as generated code describes it, and how it is sent:
//! credentials, retries, timeouts and one `tracing` span.

use std::borrow::Cow;
use std::fmt::Display;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{self, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use tracing::Instrument;

use crate::encoding::{cookie_pair, path_segment, path_segment_problem};
use crate::error::{ERROR_BODY_LIMIT, error_body, is_retryable_status};
use crate::service::{ApiKeyLocation, Credential, SchemeKind};
use crate::upload::Part;
use crate::{Client, Error, ErrorKind, OperationError, Response, RetryPolicy, Upload};

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
    accept: Option<String>,
    body: Body,
    security: &'static [&'static [&'static str]],
    options: CallOptions,
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
    Upload {
        content_type: Option<String>,
        upload: Upload,
    },
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
            options: CallOptions::default(),
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
            None => self.path.push((name, path_segment(&value))),
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
        if !produces.is_empty() {
            self.accept = Some(crate::encoding::accept(produces));
        }
        self
    }

    /// The operation's security requirement: alternatives (any one is enough), each a list of
    /// scheme names that must all be satisfied. The first alternative whose schemes all have a
    /// credential on the client is used; an empty alternative allows an anonymous call.
    pub fn security(mut self, requirement: &'static [&'static [&'static str]]) -> Self {
        self.security = requirement;
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
        self.body = Body::Upload {
            content_type: content_type.map(str::to_owned),
            upload,
        };
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
        self.options = options.clone();
        self
    }

    /// Sends the request, with the client's retry policy (or this call's), and returns the
    /// response once its status is 2xx. Any other status is an [`ErrorKind::Status`] error with
    /// the body typed as `E` where the spec documents it.
    pub async fn send<E: OperationError>(self) -> Result<Response<E>, Error<E>> {
        let method = self.method.clone();
        let route = self.route;
        let span = tracing::info_span!(
            "specfleet.request",
            service = self.client.service().name,
            method = %method,
            route,
            status = tracing::field::Empty,
        );
        let result = self.attempts().instrument(span.clone()).await;
        match &result {
            Ok(response) => {
                span.record("status", response.status().as_u16());
            }
            Err(error) => {
                if let Some(status) = error.status() {
                    span.record("status", status.as_u16());
                }
                tracing::debug!(parent: &span, failure = failure_class(error.kind()), "request failed");
            }
        }
        result
    }

    async fn attempts<E: OperationError>(mut self) -> Result<Response<E>, Error<E>> {
        let (method, route) = (self.method.clone(), self.route);
        let fail = |kind| Error::new(method.clone(), route, kind);
        if let Some(message) = self.invalid.take() {
            return Err(fail(ErrorKind::InvalidArgument(message)));
        }
        let url = self
            .url()
            .map_err(|message| fail(ErrorKind::InvalidArgument(message)))?;
        let policy = match &self.options.retry {
            Some(policy) => policy.clone(),
            None => self.client.retry_policy().cloned(),
        }
        .filter(|policy| policy.allows(&self.method));
        let mut delays = policy.as_ref().map(RetryPolicy::delays);
        let started = Instant::now();
        loop {
            let request = self.build(&url).await.map_err(fail)?;
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
            let wait = match (asked, &policy, delays.as_mut()) {
                (Some(asked), Some(policy), Some(delays)) if self.body.replayable() => delays
                    .next()
                    .and_then(|backoff| policy.wait(backoff, asked, started.elapsed())),
                _ => None,
            };
            if let Some(wait) = wait {
                tracing::debug!(?wait, "retrying");
                tokio::time::sleep(wait).await;
                continue;
            }
            return match outcome {
                Ok(response) if response.status().is_success() => Ok(Response::new(
                    response,
                    self.client.clone(),
                    method.clone(),
                    route,
                )),
                Ok(response) => Err(self.status_error(response).await),
                Err(error) => Err(fail(ErrorKind::Transport(error.without_url()))),
            };
        }
    }

    /// The URL: the base URL, the route with its values, the query and any API key that goes
    /// in the query.
    fn url(&self) -> Result<reqwest::Url, String> {
        let mut path = String::with_capacity(self.route.len() + 32);
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
        let base = self.client.base_url();
        let mut url = reqwest::Url::parse(&format!("{base}{path}"))
            .map_err(|error| format!("{base}{} is not a URL: {error}", self.route))?;
        let mut api_keys = Vec::new();
        for (scheme, credential) in self.credentials() {
            if let (
                SchemeKind::ApiKey {
                    location: ApiKeyLocation::Query,
                    name,
                },
                Credential::ApiKey { key, prefix },
            ) = (scheme, credential)
            {
                api_keys.push((name, with_prefix(prefix.as_deref(), key.expose())));
            }
        }
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

    /// The schemes of the first alternative of the security requirement that the client has
    /// every credential for, with those credentials.
    fn credentials(&self) -> Vec<(SchemeKind, &'a Credential)> {
        let client = self.client;
        for alternative in self.security {
            let found: Vec<_> = alternative
                .iter()
                .filter_map(|name| client.credential(name))
                .map(|(scheme, credential)| (scheme.kind, credential))
                .collect();
            if found.len() == alternative.len() {
                return found;
            }
        }
        Vec::new()
    }

    /// One attempt's request.
    async fn build<E>(&mut self, url: &reqwest::Url) -> Result<reqwest::Request, ErrorKind<E>> {
        let mut builder = self.client.http().request(self.method.clone(), url.clone());
        if let Some(accept) = &self.accept {
            builder = builder.header(header::ACCEPT, accept);
        }
        for (name, value) in &self.headers {
            builder = builder.header(name.clone(), value.clone());
        }
        let mut cookies = self.cookies.clone();
        for (scheme, credential) in self.credentials() {
            match (scheme, credential) {
                (
                    SchemeKind::ApiKey {
                        location: ApiKeyLocation::Header,
                        name,
                    },
                    Credential::ApiKey { key, prefix },
                ) => {
                    builder = builder.header(name, with_prefix(prefix.as_deref(), key.expose()));
                }
                (
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
                (SchemeKind::Bearer, Credential::Token(token)) => {
                    builder = builder.bearer_auth(token.expose())
                }
                (SchemeKind::Basic, Credential::Basic { username, password }) => {
                    builder =
                        builder.basic_auth(username, password.as_ref().map(crate::Secret::expose));
                }
                _ => {}
            }
        }
        if !cookies.is_empty() {
            builder = builder.header(header::COOKIE, cookies.join("; "));
        }
        builder = match &mut self.body {
            Body::None => {
                // curl and the Python clients send a length for an empty POST, PUT or PATCH;
                // without one some proxies and servers answer 411 Length Required.
                if matches!(self.method, Method::POST | Method::PUT | Method::PATCH) {
                    builder.header(header::CONTENT_LENGTH, "0")
                } else {
                    builder
                }
            }
            Body::Bytes {
                content_type,
                bytes,
            } => builder
                .header(header::CONTENT_TYPE, content_type.as_str())
                .body(bytes.clone()),
            Body::Form(fields) => {
                let encoded = form_urlencoded(fields);
                builder
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(encoded)
            }
            Body::Multipart(parts) => {
                let mut form = reqwest::multipart::Form::new();
                for part in parts.iter_mut() {
                    form = match part {
                        Part::Text { name, value } => form.text(name.clone(), value.clone()),
                        Part::Json { name, value } => form.part(
                            name.clone(),
                            reqwest::multipart::Part::bytes(value.clone())
                                .mime_str("application/json")
                                .map_err(|error| ErrorKind::Transport(error.without_url()))?,
                        ),
                        Part::File { name, upload } => {
                            form.part(name.clone(), upload.part().await.map_err(ErrorKind::Io)?)
                        }
                    };
                }
                builder.multipart(form)
            }
            Body::Upload {
                content_type,
                upload,
            } => {
                let content_type = content_type
                    .clone()
                    .unwrap_or_else(|| upload.content_type());
                let (body, length) = upload.body().await.map_err(ErrorKind::Io)?;
                let builder = builder
                    .header(header::CONTENT_TYPE, content_type)
                    .body(body);
                match length {
                    Some(length) => builder.header(header::CONTENT_LENGTH, length),
                    None => builder,
                }
            }
        };
        if let Some(timeout) = self.options.timeout {
            // `None` asks for no limit: a long one stands in, reqwest has no way to unset it.
            builder = builder.timeout(timeout.unwrap_or(Duration::from_secs(u64::from(u32::MAX))));
        }
        builder
            .build()
            .map_err(|error| ErrorKind::Transport(error.without_url()))
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
                Err(error) => {
                    return Error::new(
                        self.method.clone(),
                        self.route,
                        ErrorKind::Transport(error.without_url()),
                    );
                }
            }
        }
        let mut raw = String::from_utf8_lossy(&body).into_owned();
        crate::secret::redact(&mut raw, &self.client.secrets());
        let body = error_body::<E>(status, &raw);
        Error::new(
            self.method.clone(),
            self.route,
            ErrorKind::Status { status, body, raw },
        )
    }
}

impl Body {
    fn replayable(&self) -> bool {
        match self {
            Body::Upload { upload, .. } => upload.replayable(),
            Body::Multipart(parts) => parts.iter().all(Part::replayable),
            _ => true,
        }
    }
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
