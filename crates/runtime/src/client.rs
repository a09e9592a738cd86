//! [`Client`]: one service's base URL, credentials, connection pool, timeouts and retries.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures_util::FutureExt;
use futures_util::future::Either;
use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};

use crate::request::Request;
use crate::service::{Credential, SchemeKind, SecurityScheme, Service};
use crate::{Error, ErrorKind, RetryPolicy, Secret};

/// How long connecting may take, unless set.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a whole request may take, body included, unless set.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// A client of one service: the base URL, the credentials, one connection pool, timeouts and
/// retries. Cheap to clone: clones share everything. Every operation of a generated crate takes
/// one.
///
/// ```
/// # static SERVICE: specfleet_runtime::Service = specfleet_runtime::Service {
/// #     name: "example", user_agent: "specfleet-example/0.1.0",
/// #     base_url: "https://api.example.com", security_schemes: &[],
/// # };
/// use std::time::Duration;
/// use specfleet_runtime::{Client, RetryPolicy};
///
/// let client = Client::builder(&SERVICE)
///     .base_url("http://localhost:8080")
///     .timeout(Some(Duration::from_secs(30)))
///     .retry(RetryPolicy::default())
///     .build()?;
/// assert_eq!(client.base_url(), "http://localhost:8080");
/// # Ok::<(), specfleet_runtime::Error>(())
/// ```
#[derive(Clone)]
pub struct Client(Arc<Shared>);

/// Answers requests in place of the network: for tests, fuzzing and replays. It gets each
/// request as reqwest built it (headers, body and all) and returns the response.
pub type Transport = Arc<
    dyn Fn(reqwest::Request) -> Pin<Box<dyn Future<Output = reqwest::Response> + Send>>
        + Send
        + Sync,
>;

struct Shared {
    service: &'static Service,
    base_url: String,
    /// `base_url` parsed once: a request's URL is this with its path set.
    base: reqwest::Url,
    http: reqwest::Client,
    transport: Option<Transport>,
    /// Set on requests a transport answers: reqwest adds its default headers only to the
    /// requests it sends itself.
    user_agent: reqwest::header::HeaderValue,
    retry: Option<RetryPolicy>,
    /// One credential per security scheme that has one.
    credentials: Vec<Held>,
}

/// A credential the client holds, for one security scheme.
pub(crate) struct Held {
    pub(crate) scheme: &'static SecurityScheme,
    pub(crate) credential: Credential,
    /// The header an API key or a bearer token travels in (its value marked sensitive), built
    /// once with the client rather than per request; why it cannot be sent, if it cannot.
    pub(crate) header: Result<Option<(HeaderName, HeaderValue)>, String>,
}

impl Client {
    /// A builder for a client of `service` (each generated crate has its `SERVICE`).
    pub fn builder(service: &'static Service) -> ClientBuilder {
        ClientBuilder {
            service,
            base_url: None,
            connect_timeout: CONNECT_TIMEOUT,
            timeout: Some(REQUEST_TIMEOUT),
            user_agent: None,
            retry: None,
            http_client: None,
            transport: None,
            credentials: Vec::new(),
        }
    }

    /// The service this client talks to.
    pub fn service(&self) -> &'static Service {
        self.0.service
    }

    /// The base URL every route is appended to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.0.base_url
    }

    /// A request to `route` (a path template such as `/userfiles/{id}`).
    pub fn request(&self, method: Method, route: &'static str) -> Request<'_> {
        Request::new(self, method, route)
    }

    /// The request of an operation, as generated code starts it: the route, the media types
    /// the operation produces, its security requirement and the call's options.
    pub fn operation(
        &self,
        method: Method,
        route: &'static str,
        produces: &[&str],
        security: &'static [&'static [&'static str]],
        options: &crate::CallOptions,
    ) -> Request<'_> {
        Request::new(self, method, route)
            .accept(produces)
            .security(security)
            .options(options)
    }

    /// The base URL, parsed.
    pub(crate) fn base(&self) -> &reqwest::Url {
        &self.0.base
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.0.http
    }

    /// Sends one request: through the transport when one is set, else over the network. Not an
    /// `async fn`: reqwest's own future is returned as it is, without a state machine around it.
    pub(crate) fn execute(
        &self,
        mut request: reqwest::Request,
    ) -> impl Future<Output = reqwest::Result<reqwest::Response>> + Send + use<> {
        match &self.0.transport {
            Some(transport) => {
                let headers = request.headers_mut();
                headers
                    .entry(reqwest::header::USER_AGENT)
                    .or_insert_with(|| self.0.user_agent.clone());
                headers
                    .entry(reqwest::header::ACCEPT)
                    .or_insert_with(|| reqwest::header::HeaderValue::from_static("*/*"));
                Either::Left(transport(request).map(Ok))
            }
            None => Either::Right(self.0.http.execute(request)),
        }
    }

    pub(crate) fn retry_policy(&self) -> Option<&RetryPolicy> {
        self.0.retry.as_ref()
    }

    /// The credential for the scheme named `name`, if one is set.
    pub(crate) fn credential(&self, name: &str) -> Option<&Held> {
        self.0
            .credentials
            .iter()
            .find(|held| held.scheme.name == name)
    }

    /// Every secret this client holds, to redact what a server echoes back.
    pub(crate) fn secrets(&self) -> Vec<&str> {
        self.0
            .credentials
            .iter()
            .filter_map(|held| held.credential.secret())
            .collect()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let schemes: Vec<_> = self
            .0
            .credentials
            .iter()
            .map(|held| (held.scheme.name, &held.credential))
            .collect();
        f.debug_struct("Client")
            .field("service", &self.0.service.name)
            .field("base_url", &self.0.base_url)
            .field("credentials", &schemes)
            .field("retry", &self.0.retry)
            .finish()
    }
}

/// Settings for a [`Client`].
pub struct ClientBuilder {
    service: &'static Service,
    base_url: Option<String>,
    connect_timeout: Duration,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    retry: Option<RetryPolicy>,
    http_client: Option<reqwest::Client>,
    transport: Option<Transport>,
    /// Credentials by scheme name, or for every scheme of a kind (`None`).
    credentials: Vec<(Option<String>, Credential)>,
}

impl ClientBuilder {
    /// The base URL (default: the spec's first server). A trailing slash is dropped.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// How long connecting may take (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long a whole request may take, body included (default 60 s); `None` for no limit.
    /// Each call can override it.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header (default `specfleet-<service>/<version>`), set once for every
    /// request.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Retries for failed requests; off unless set. Each call can override it.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Use this `reqwest::Client` and its connection pool, for example one shared by several
    /// services. Its own timeouts, redirect policy and default headers then apply; the
    /// builder's are not used. Without one, redirects are followed only within the origin of
    /// the request, so that no credential reaches another host.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Answer every request with `transport` instead of sending it: for tests and fuzzing
    /// without sockets. Everything else (encoding, credentials, retries, decoding) runs as it
    /// would.
    pub fn transport(mut self, transport: Transport) -> Self {
        self.transport = Some(transport);
        self
    }

    /// The credential for the security scheme named `scheme` in the spec.
    pub fn credential(mut self, scheme: impl Into<String>, credential: Credential) -> Self {
        self.credentials.push((Some(scheme.into()), credential));
        self
    }

    /// An API key, for every API-key scheme of the service.
    pub fn api_key(mut self, key: impl Into<Secret>) -> Self {
        self.credentials.push((None, Credential::api_key(key)));
        self
    }

    /// A bearer or OAuth2 access token, for every bearer, OAuth2 and OpenID Connect scheme.
    pub fn bearer_token(mut self, token: impl Into<Secret>) -> Self {
        self.credentials.push((None, Credential::token(token)));
        self
    }

    /// HTTP basic credentials, for every basic scheme.
    pub fn basic_auth(mut self, username: impl Into<String>, password: Option<Secret>) -> Self {
        self.credentials
            .push((None, Credential::basic(username, password)));
        self
    }

    /// The client. Fails, before anything is sent, on a base URL that is not a URL, a user
    /// agent or header credential that cannot be a header value, a scheme the service does not
    /// have, or a credential of the wrong kind for its scheme.
    pub fn build(self) -> Result<Client, Error> {
        let invalid =
            |message: String| Error::new(Method::GET, "", ErrorKind::InvalidArgument(message));
        let service = self.service;
        let base_url = self
            .base_url
            .as_deref()
            .unwrap_or(service.base_url)
            .trim_end_matches('/')
            .to_owned();
        let base = reqwest::Url::parse(&base_url)
            .map_err(|error| invalid(format!("the base URL {base_url:?} is not a URL: {error}")))?;
        let user_agent = self.user_agent.as_deref().unwrap_or(service.user_agent);
        let user_agent = reqwest::header::HeaderValue::from_str(user_agent).map_err(|_| {
            invalid(format!(
                "the `User-Agent` header cannot be {user_agent:?}: a header value cannot hold CR, LF or other control characters"
            ))
        })?;

        let mut credentials: Vec<Held> = Vec::new();
        for (name, credential) in self.credentials {
            let schemes: Vec<&'static SecurityScheme> = match &name {
                Some(name) => {
                    let scheme = service
                        .security_schemes
                        .iter()
                        .find(|scheme| scheme.name == name)
                        .ok_or_else(|| {
                            let known: Vec<_> = service
                                .security_schemes
                                .iter()
                                .map(|scheme| scheme.name)
                                .collect();
                            invalid(format!(
                                "{} has no security scheme `{name}`; its schemes are: {}",
                                service.name,
                                if known.is_empty() {
                                    "none".to_owned()
                                } else {
                                    known.join(", ")
                                }
                            ))
                        })?;
                    if !credential.fits(scheme.kind) {
                        return Err(invalid(format!(
                            "the credential for `{name}` is not of its kind ({:?})",
                            scheme.kind
                        )));
                    }
                    vec![scheme]
                }
                None => service
                    .security_schemes
                    .iter()
                    .filter(|scheme| credential.fits(scheme.kind))
                    .collect(),
            };
            for scheme in schemes {
                check_credential(scheme, &credential).map_err(invalid)?;
                credentials.retain(|held| held.scheme.name != scheme.name);
                credentials.push(Held {
                    scheme,
                    credential: credential.clone(),
                    header: crate::request::credential_header(scheme.kind, &credential),
                });
            }
        }

        let http = match self.http_client {
            Some(client) => client,
            None => {
                let mut headers = reqwest::header::HeaderMap::new();
                headers.insert(reqwest::header::USER_AGENT, user_agent.clone());
                let mut builder = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .redirect(same_origin_redirects())
                    .default_headers(headers);
                if let Some(timeout) = self.timeout {
                    builder = builder.timeout(timeout);
                }
                builder.build().map_err(|error| {
                    Error::new(Method::GET, "", ErrorKind::Transport(error.without_url()))
                })?
            }
        };
        Ok(Client(Arc::new(Shared {
            service,
            base_url,
            base,
            http,
            transport: self.transport,
            user_agent,
            retry: self.retry,
            credentials,
        })))
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("service", &self.service.name)
            .field("base_url", &self.base_url)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("transport", &self.transport.is_some())
            .field("credentials", &self.credentials)
            .finish()
    }
}

/// A credential that travels in a header or cookie must make a valid header value, and a
/// basic user name must not hold a `:`; checked once here, so no request fails on it later.
fn check_credential(scheme: &SecurityScheme, credential: &Credential) -> Result<(), String> {
    let value = match credential {
        Credential::ApiKey { key, prefix } => match (scheme.kind, prefix) {
            (SchemeKind::ApiKey { .. }, Some(prefix)) => format!("{prefix} {}", key.expose()),
            _ => key.expose().to_owned(),
        },
        Credential::Token(token) => token.expose().to_owned(),
        Credential::Basic { username, password } => {
            if username.contains(':') {
                return Err(format!(
                    "the user name for `{}` cannot hold a `:`",
                    scheme.name
                ));
            }
            format!(
                "{username}{}",
                password.as_ref().map(Secret::expose).unwrap_or_default()
            )
        }
    };
    if value.bytes().any(|byte| byte.is_ascii_control()) {
        // The value itself is never shown.
        return Err(format!(
            "the credential for `{}` holds a control character (CR, LF, ...) and cannot be sent",
            scheme.name
        ));
    }
    Ok(())
}

/// Follows at most 10 redirects, and only within the origin (scheme, host and port) of the
/// request: reqwest strips `Authorization` on a cross-origin redirect but not API-key headers,
/// so following one would hand the key to another host. The redirect answer is returned
/// instead, and becomes a status error.
pub fn same_origin_redirects() -> reqwest::redirect::Policy {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::ApiKeyLocation;

    static SERVICE: Service = Service {
        name: "example",
        user_agent: "specfleet-example/0.1.0",
        base_url: "https://api.example.com/v1/",
        security_schemes: &[
            SecurityScheme {
                name: "key",
                kind: SchemeKind::ApiKey {
                    location: ApiKeyLocation::Header,
                    name: "X-Key",
                },
            },
            SecurityScheme {
                name: "token",
                kind: SchemeKind::Bearer,
            },
        ],
    };

    #[test]
    fn credentials_go_to_their_schemes_and_never_print() {
        let client = Client::builder(&SERVICE)
            .api_key("k-123")
            .bearer_token("t-456")
            .build()
            .expect("a client");
        assert_eq!(client.base_url(), "https://api.example.com/v1");
        assert!(client.credential("key").is_some() && client.credential("token").is_some());
        let shown = format!("{client:?}");
        assert!(
            !shown.contains("k-123") && !shown.contains("t-456"),
            "{shown}"
        );
        assert_eq!(client.secrets().len(), 2);
    }

    #[test]
    fn wrong_settings_are_refused_before_anything_is_sent() {
        let refused = |builder: ClientBuilder| builder.build().expect_err("refused").to_string();
        assert!(refused(Client::builder(&SERVICE).base_url("not a url")).contains("is not a URL"));
        assert!(refused(Client::builder(&SERVICE).user_agent("a\r\nb")).contains("User-Agent"));
        assert!(
            refused(Client::builder(&SERVICE).credential("nope", Credential::api_key("k")))
                .contains("its schemes are: key, token")
        );
        assert!(
            refused(Client::builder(&SERVICE).credential("key", Credential::token("t")))
                .contains("not of its kind")
        );
        let message = refused(Client::builder(&SERVICE).api_key("secret\r\nInjected: yes"));
        assert!(
            message.contains("control character") && !message.contains("secret"),
            "{message}"
        );
    }
}
