//! What every service module shares: its `Client` (a [`specfleet_runtime::Client`] for that
//! service, with the operations grouped as the API is) and its `ClientBuilder`. One macro writes
//! both, so a service module holds only what is its own: credentials, environment variables and
//! the grouping.

/// Declares `Client` and `ClientBuilder` for the service of the generated crate `$generated`.
#[cfg_attr(
    not(any(
        feature = "sftpgo",
        feature = "osparc-storage",
        feature = "qi-compute",
        feature = "rokka",
        feature = "cbrain"
    )),
    allow(
        unused_macros,
        reason = "with no service feature on, no module declares a client"
    )
)]
macro_rules! service_client {
    ($generated:ident, $service:literal) => {
        #[doc = concat!("A client of ", $service, ". Cheap to clone: clones share the connection pool.")]
        ///
        /// It derefs to [`specfleet_runtime::Client`], so it goes wherever an operation of the
        /// generated crate wants a client.
        #[derive(Debug, Clone)]
        pub struct Client(specfleet_runtime::Client);

        impl std::ops::Deref for Client {
            type Target = specfleet_runtime::Client;

            fn deref(&self) -> &specfleet_runtime::Client {
                &self.0
            }
        }

        impl Client {
            /// A builder that starts from the service's defaults: the spec's first server, the
            /// crate's user agent, 10 s to connect, 60 s per request, no retries.
            pub fn builder() -> ClientBuilder {
                ClientBuilder($generated::client())
            }
        }

        #[doc = concat!("Builds a [`Client`] of ", $service, "; see [`Client::builder`].")]
        #[derive(Debug)]
        #[must_use = "a builder does nothing until it is built"]
        pub struct ClientBuilder(specfleet_runtime::ClientBuilder);

        impl ClientBuilder {
            /// The base URL (default: the spec's first server); a trailing slash is dropped.
            pub fn base_url(self, url: impl Into<String>) -> Self {
                Self(self.0.base_url(url))
            }

            /// How long connecting may take (default 10 s).
            pub fn connect_timeout(self, timeout: std::time::Duration) -> Self {
                Self(self.0.connect_timeout(timeout))
            }

            /// How long a whole request may take, body included (default 60 s); `None` for no
            /// limit, for example for large transfers. Each call can override it.
            pub fn timeout(self, timeout: Option<std::time::Duration>) -> Self {
                Self(self.0.timeout(timeout))
            }

            /// The `User-Agent` header, set once for every request.
            pub fn user_agent(self, user_agent: impl Into<String>) -> Self {
                Self(self.0.user_agent(user_agent))
            }

            /// Retries for failed requests; off unless set. See [`RetryPolicy`](crate::RetryPolicy).
            pub fn retry(self, policy: crate::RetryPolicy) -> Self {
                Self(self.0.retry(policy))
            }

            /// Use this `reqwest::Client` and its connection pool, for example one shared by
            /// several services; its own timeouts and redirect policy then apply.
            pub fn http_client(self, client: specfleet_runtime::reqwest::Client) -> Self {
                Self(self.0.http_client(client))
            }

            /// Answer every request with `transport` instead of the network (tests).
            pub fn transport(self, transport: specfleet_runtime::Transport) -> Self {
                Self(self.0.transport(transport))
            }

            /// The client. Fails, before anything is sent, on a base URL that is not a URL, a
            /// user agent or credential that cannot be sent in a header, or a TLS backend that
            /// cannot start.
            pub fn build(self) -> crate::Result<Client> {
                self.0.build().map(Client)
            }
        }
    };
}
#[cfg_attr(
    not(any(
        feature = "sftpgo",
        feature = "osparc-storage",
        feature = "qi-compute",
        feature = "rokka",
        feature = "cbrain"
    )),
    allow(
        unused_imports,
        reason = "with no service feature on, no module declares a client"
    )
)]
pub(crate) use service_client;

/// An environment variable and the builder setter its value goes to.
pub(crate) type Variable<'a, B> = (&'a str, fn(B, String) -> B);

/// Reads a client's settings through `lookup` (the environment, or any other source): the base
/// URL from `url`, then the first credential of `credentials` whose variable is set.
#[cfg_attr(
    not(any(
        feature = "sftpgo",
        feature = "osparc-storage",
        feature = "qi-compute",
        feature = "rokka",
        feature = "cbrain"
    )),
    allow(
        dead_code,
        reason = "with no service feature on, no module reads variables"
    )
)]
pub(crate) fn from_vars<B>(
    mut builder: B,
    lookup: impl Fn(&str) -> Option<String>,
    url: Variable<'_, B>,
    credentials: &[Variable<'_, B>],
) -> B {
    if let Some(value) = lookup(url.0) {
        builder = (url.1)(builder, value);
    }
    if let Some((value, set)) = credentials
        .iter()
        .find_map(|(name, set)| lookup(name).map(|value| (value, set)))
    {
        builder = set(builder, value);
    }
    builder
}
